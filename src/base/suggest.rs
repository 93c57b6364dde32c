//! "Did you mean": the closest known name to one that is not known, matched as staff type on a
//! keyboard without Vietnamese input: case and diacritics do not count ("Xa Vu Thu" finds
//! "Xã Vũ Thư"), and a small typo is forgiven.

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::Inputs;
use crate::base::messages::Problem;
use crate::base::text::slugify;

/// Adds to every unknown commune, province, record, criterion, title and award the closest
/// known one, when one is close enough.
pub fn for_unknown_names(inputs: &Inputs, diags: &mut Diagnostics) {
    // A site with thousands of unknown ids needs its first ones fixed, not a search of every
    // record for each.
    for diagnostic in diags.iter_mut().take(MAX_SEARCHES) {
        diagnostic.suggestion = suggestion(inputs, &diagnostic.problem).map(str::to_string);
    }
}

/// How many problems get a suggestion at most.
const MAX_SEARCHES: usize = 200;

fn suggestion<'a>(inputs: &'a Inputs, problem: &Problem) -> Option<&'a str> {
    let rules = &inputs.rules;
    match problem {
        Problem::UnknownCommune { commune, province } => {
            let province = inputs.provinces.iter().find(|p| &p.slug == province)?;
            closest(commune, province.communes.iter().map(|c| c.name.as_str()))
        }
        Problem::UnknownProvince { slug } => {
            closest(slug, inputs.provinces.iter().map(|p| p.slug.as_str()))
        }
        Problem::UnknownRecord { id } => {
            closest(id, inputs.records.iter().map(|r| r.id.value.as_str()))
        }
        Problem::UnknownTitle { id } => {
            closest(id, rules.titles.iter().map(|t| t.id.value.as_ref()))
        }
        Problem::UnknownAward { id } => {
            closest(id, rules.awards.iter().map(|a| a.id.value.as_ref()))
        }
        Problem::UnknownCriterion { id, title } => {
            let title = rules
                .titles
                .iter()
                .find(|t| t.id.value.as_ref() == title.as_str())?;
            closest(id, title.criteria.iter().map(|c| c.id.value.as_ref()))
        }
        _ => None,
    }
}

/// How alike two folded names must be (Jaro-Winkler, 0 to 1) to be worth suggesting.
const ALIKE: f64 = 0.85;

/// The known name closest to `wanted`, when one is close enough; the first of equals wins.
pub fn closest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = fold(wanted);
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let score = strsim::jaro_winkler(&wanted, &fold(candidate));
        if score >= ALIKE && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, name)| name)
}

/// Lower case, without diacritics (`đ` as `d`), words joined by `-`.
fn fold(name: &str) -> String {
    slugify(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_and_case_do_not_count() {
        let communes = ["Xã Vũ Tiến", "Xã Vũ Thư", "Phường Kinh Bắc"];
        assert_eq!(closest("Xa Vu Thu", communes), Some("Xã Vũ Thư"));
        assert_eq!(
            closest("phuong kinh bac", communes),
            Some("Phường Kinh Bắc")
        );
        assert_eq!(
            closest("Đồng Nai", ["dong-nai", "ha-tinh"]),
            Some("dong-nai")
        );
    }

    #[test]
    fn a_small_typo_is_forgiven_and_nothing_alike_is_not_suggested() {
        let ids = ["gd-nguyen-van-an", "gd-tran-thi-binh"];
        assert_eq!(closest("gd-nguyen-van-ann", ids), Some("gd-nguyen-van-an"));
        assert_eq!(closest("bang-khen-bo", ids), None);
        assert_eq!(closest("x", Vec::<&str>::new()), None);
    }
}
