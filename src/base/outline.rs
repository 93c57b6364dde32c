//! For unit tests: the document a piece of HTML parses into, as lines that two documents can be
//! compared by.

/// Each element of the tree under `root` as a line with its depth, name and sorted attributes,
/// and each text as `text` shows it (`None` leaves it out).
pub fn outline(
    root: scraper::ElementRef<'_>,
    text: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut lines = Vec::new();
    walk(root, 0, text, &mut lines);
    lines
}

fn walk(
    element: scraper::ElementRef<'_>,
    depth: usize,
    text: &dyn Fn(&str) -> Option<String>,
    lines: &mut Vec<String>,
) {
    let value = element.value();
    let mut attrs: Vec<_> = value.attrs().collect();
    attrs.sort_unstable();
    lines.push(format!("{depth} <{}> {attrs:?}", value.name()));
    for child in element.children() {
        if let Some(child) = scraper::ElementRef::wrap(child) {
            walk(child, depth + 1, text, lines);
        } else if let Some(shown) = child.value().as_text().and_then(|t| text(t)) {
            lines.push(format!("{} {shown:?}", depth + 1));
        }
    }
}
