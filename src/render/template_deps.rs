//! Which templates a template uses (the one it extends, those whose macros it imports, those it
//! includes), read from the templates as Tera parsed them, not from their text.

use std::collections::BTreeSet;

use tera::ast::{Block, Node};
use tera::{Template, Tera};

/// The names of the templates of `tera` that use `name`.
pub fn users_of<'t>(tera: &'t Tera, name: &str) -> BTreeSet<&'t str> {
    tera.templates
        .iter()
        .filter(|(other, template)| other.as_str() != name && uses(template).contains(name))
        .map(|(other, _)| other.as_str())
        .collect()
}

/// The templates `template` uses.
pub fn uses(template: &Template) -> BTreeSet<&str> {
    let mut used: BTreeSet<&str> = BTreeSet::new();
    used.extend(template.parent.as_deref());
    used.extend(
        template
            .imported_macro_files
            .iter()
            .map(|(file, _)| file.as_str()),
    );
    let macro_bodies = template.macros.values().map(|m| m.body.as_slice());
    for nodes in std::iter::once(template.ast.as_slice()).chain(macro_bodies) {
        included(nodes, &mut used);
    }
    used
}

/// Adds to `used` the templates that `nodes` include, at any depth.
fn included<'a>(nodes: &'a [Node], used: &mut BTreeSet<&'a str>) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => used.extend(names.iter().map(String::as_str)),
            Node::Block(_, Block { body, .. }, _) => included(body, used),
            Node::MacroDefinition(_, definition, _) => included(&definition.body, used),
            Node::FilterSection(_, section, _) => included(&section.body, used),
            Node::Forloop(_, forloop, _) => {
                included(&forloop.body, used);
                if let Some(empty) = &forloop.empty_body {
                    included(empty, used);
                }
            }
            Node::If(branches, _) => {
                for (_, _, body) in &branches.conditions {
                    included(body, used);
                }
                if let Some((_, body)) = &branches.otherwise {
                    included(body, used);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec())
            .expect("templates that parse");
        tera
    }

    #[test]
    fn extends_imports_and_includes_at_any_depth_are_uses() {
        let tera = tera(&[
            (
                "base.html",
                "<main>{% block content %}{% endblock content %}</main>",
            ),
            (
                "macros.html",
                "{% macro m() %}{% include \"deep.html\" %}{% endmacro m %}",
            ),
            ("deep.html", "x"),
            ("card.html", "c"),
            ("list.html", "l"),
            ("empty.html", "e"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import \"macros.html\" as m %}\
                 {% block content %}{% if a %}{% for i in b %}{% include \"card.html\" %}\
                 {% else %}{% include \"empty.html\" %}{% endfor %}\
                 {% else %}{% filter upper %}{% include [\"list.html\", \"missing.html\"] ignore missing %}{% endfilter %}\
                 {% endif %}{% endblock content %}",
            ),
            ("page-about.html", "{% extends \"base.html\" %}"),
        ]);
        let page = &tera.templates["page.html"];
        let used: Vec<&str> = uses(page).into_iter().collect();
        assert_eq!(
            used,
            [
                "base.html",
                "card.html",
                "empty.html",
                "list.html",
                "macros.html",
                "missing.html"
            ]
        );
        let of_base: Vec<&str> = users_of(&tera, "base.html").into_iter().collect();
        assert_eq!(of_base, ["page-about.html", "page.html"]);
        let of_deep: Vec<&str> = users_of(&tera, "deep.html").into_iter().collect();
        assert_eq!(of_deep, ["macros.html"]);
        assert!(users_of(&tera, "page.html").is_empty());
        assert!(users_of(&tera, "page-about.html").is_empty());
    }
}
