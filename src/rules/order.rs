//! The order titles are evaluated in: a title whose computed criteria count holders of another
//! title (a clan counting its families) comes after that title.

use crate::base::inputs::Title;

/// The titles, each after the titles its computed criteria depend on; otherwise in rules order.
/// Titles in a dependency cycle (an error `validate` reports) keep their rules order.
pub fn titles_by_dependency(titles: &[Title]) -> Vec<&Title> {
    let mut placed: Vec<&Title> = Vec::with_capacity(titles.len());
    let mut waiting: Vec<&Title> = titles.iter().collect();
    while !waiting.is_empty() {
        let ready = waiting
            .iter()
            .position(|t| dependencies(t).all(|dep| is_settled(dep, t, &placed, &waiting)))
            .unwrap_or(0);
        placed.push(waiting.remove(ready));
    }
    placed
}

/// The ids of the titles a title's computed criteria count.
fn dependencies(title: &Title) -> impl Iterator<Item = &str> {
    title
        .criteria
        .iter()
        .filter_map(|c| c.computed.as_ref())
        .map(|c| c.title.as_str())
}

/// Whether a dependency no longer blocks `title`: it is itself, already placed, or unknown.
fn is_settled(dep: &str, title: &Title, placed: &[&Title], waiting: &[&Title]) -> bool {
    dep == title.id.value
        || placed.iter().any(|t| t.id.value == dep)
        || !waiting.iter().any(|t| t.id.value == dep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::inputs::Kind;
    use crate::rules::testkit::*;

    fn ids(titles: &[&Title]) -> Vec<String> {
        titles.iter().map(|t| t.id.value.to_string()).collect()
    }

    #[test]
    fn a_title_comes_after_the_title_it_counts() {
        let clan = title(
            "dh",
            Kind::Clan,
            0.0,
            vec![share_of_families("ty-le", 0.5, "gd")],
        );
        let family = title("gd", Kind::Family, 0.0, vec![criterion("a", 1.0)]);
        let titles = vec![clan, family];
        assert_eq!(ids(&titles_by_dependency(&titles)), ["gd", "dh"]);
    }

    #[test]
    fn titles_in_a_cycle_keep_their_order_and_unknown_titles_do_not_block() {
        let one = title(
            "one",
            Kind::Clan,
            0.0,
            vec![share_of_families("x", 0.5, "two")],
        );
        let two = title(
            "two",
            Kind::Family,
            0.0,
            vec![share_of_families("y", 0.5, "one")],
        );
        let three = title(
            "three",
            Kind::Unit,
            0.0,
            vec![share_of_families("z", 0.5, "nope")],
        );
        let titles = vec![one, two, three];
        assert_eq!(ids(&titles_by_dependency(&titles)), ["three", "one", "two"]);
    }
}
