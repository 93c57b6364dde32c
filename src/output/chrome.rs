//! Puts each page's header and footer in place of their markers (see `render::chrome`). A
//! header or footer shared by thousands of pages is checked by the privacy gate, compacted and
//! searched for links once; each page then pays only for its own part and the seams.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::compact::compact_html;
use super::links_in;
use crate::privacy::{Leak, PrivacyGate};
use crate::render::OutputFile;
use crate::render::chrome::{Chrome, Slots};

/// The headers and footers made ready so far, for the pages of one run.
#[derive(Debug, Default)]
pub struct ReadyChromes {
    /// By the address of the chrome, which the entry keeps alive so that no other chrome can
    /// take the address while the entry exists.
    ready: Mutex<HashMap<usize, Arc<Ready>>>,
}

/// A header and footer checked by the gate, compacted, and their links.
#[derive(Debug)]
struct Ready {
    _chrome: Arc<Chrome>,
    header: Vec<u8>,
    footer: Vec<u8>,
    header_links: Arc<[String]>,
    footer_links: Arc<[String]>,
}

/// A page with its header and footer in place.
#[derive(Debug)]
pub struct Filled {
    pub bytes: Vec<u8>,
    /// The links of the page's own part.
    pub links: Vec<String>,
    /// The links of the header and footer the page holds, shared with other pages.
    pub shared_links: Vec<Arc<[String]>>,
}

impl ReadyChromes {
    /// `file` (a page holding markers for `chrome`) compacted, with its header and footer in
    /// place; `Err` when a guarded value is in the page, its header or footer, or across a seam.
    pub fn fill(
        &self,
        file: &OutputFile,
        chrome: &Arc<Chrome>,
        gate: &PrivacyGate,
    ) -> Result<Filled, Leak> {
        let ready = self.ready(file, chrome, gate)?;
        let slots = chrome.slots(&file.bytes);
        check_whole_page(file, chrome, &slots, gate)?;
        let links = links_in(&file.bytes);
        let own = compact_html(&file.bytes);
        let bytes = Chrome::splice(&own, &chrome.slots(&own), &ready.header, &ready.footer);
        let shared_links = slots
            .iter()
            .map(|(_, part)| Arc::clone(part.pick(&ready.header_links, &ready.footer_links)))
            .collect();
        Ok(Filled {
            bytes,
            links,
            shared_links,
        })
    }

    fn ready(
        &self,
        file: &OutputFile,
        chrome: &Arc<Chrome>,
        gate: &PrivacyGate,
    ) -> Result<Arc<Ready>, Leak> {
        let key = Arc::as_ptr(chrome) as usize;
        let lock = || self.ready.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ready) = lock().get(&key) {
            return Ok(Arc::clone(ready));
        }
        gate.check_part(chrome.header.as_bytes(), &file.path, &file.origin)?;
        gate.check_part(chrome.footer.as_bytes(), &file.path, &file.origin)?;
        let made = Arc::new(Ready {
            _chrome: Arc::clone(chrome),
            header: compact_part(&chrome.header),
            footer: compact_part(&chrome.footer),
            header_links: links_in(chrome.header.as_bytes()).into(),
            footer_links: links_in(chrome.footer.as_bytes()).into(),
        });
        Ok(Arc::clone(lock().entry(key).or_insert(made)))
    }
}

/// A header or footer compacted, without the whitespace at its end: the page's own whitespace
/// around the marker stays, so the seam has no more of it than the page asked for.
fn compact_part(html: &str) -> Vec<u8> {
    let mut bytes = compact_html(html.as_bytes());
    while bytes.last().is_some_and(u8::is_ascii_whitespace) {
        bytes.pop();
    }
    bytes
}

/// Looks for guarded values in the page as it will be published, its header and footer in
/// place: the gate leaves out of its reading the stretches of a shared header or footer it
/// found clean on an earlier page, so that each page costs little more than its own part.
fn check_whole_page(
    file: &OutputFile,
    chrome: &Chrome,
    slots: &Slots,
    gate: &PrivacyGate,
) -> Result<(), Leak> {
    if slots.is_empty() {
        return gate.check(file);
    }
    let page = Chrome::splice(
        &file.bytes,
        slots,
        chrome.header.as_bytes(),
        chrome.footer.as_bytes(),
    );
    gate.check_part(&page, &file.path, &file.origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::chrome::Marks;

    const PHONE: &str = "0974 374 714";

    fn chrome(header: &str, footer: &str) -> Arc<Chrome> {
        Arc::new(Chrome {
            header: header.into(),
            footer: footer.into(),
            marks: Marks {
                header: "\u{E000}h-1\u{E000}".into(),
                footer: "\u{E000}f-1\u{E000}".into(),
            },
        })
    }

    fn page(chrome: &Chrome, own_start: &str, own_middle: &str, own_end: &str) -> OutputFile {
        let text = format!(
            "{own_start}{}{own_middle}{}{own_end}",
            chrome.marks.header, chrome.marks.footer
        );
        let mut file = OutputFile::new("a/index.html", text);
        file.chrome = Some(Arc::new((*chrome).clone()));
        file
    }

    #[test]
    fn parts_are_compacted_once_and_put_in_place_with_their_links() {
        let chrome = chrome(
            "<header>\n   <a href=\"/a/\">A</a>\n</header>\n",
            "<footer>  <a href=\"/b/\">B</a></footer>\n\n",
        );
        let file = page(
            &chrome,
            "<body>\n",
            "\n<main>  <a href=\"/c/\">C</a></main>\n",
            "\n</body>",
        );
        let gate = PrivacyGate::for_values(&[PHONE]);
        let ready = ReadyChromes::default();
        let filled = ready.fill(&file, &chrome, &gate).expect("no leak");
        let whole = compact_html(&chrome.fill(&file.bytes));
        assert_eq!(
            String::from_utf8(filled.bytes).unwrap(),
            String::from_utf8(whole).unwrap()
        );
        assert_eq!(filled.links, vec!["/c/".to_string()]);
        let shared: Vec<Vec<String>> = filled.shared_links.iter().map(|l| l.to_vec()).collect();
        assert_eq!(
            shared,
            vec![vec!["/a/".to_string()], vec!["/b/".to_string()]]
        );
        // The second page with the same chrome shares the same lists.
        let again = ready.fill(&file, &chrome, &gate).expect("no leak");
        assert!(Arc::ptr_eq(&again.shared_links[0], &filled.shared_links[0]));
    }

    #[test]
    fn a_guarded_value_is_found_in_every_part_and_across_every_seam() {
        let gate = PrivacyGate::for_values(&[PHONE]);
        let plain = chrome("<header>x</header>", "<footer>y</footer>");
        let cases = [
            // In the page's own part.
            (plain.clone(), page(&plain, "<p>0974 374 714</p>", "", "")),
            // In the header.
            {
                let c = chrome("<header>0974 374 714</header>", "<footer></footer>");
                let p = page(&c, "", "", "");
                (c, p)
            },
            // Across the seam before the header, and after the footer (a short last part).
            {
                let c = chrome("374 714</header>", "<footer>0974");
                let p = page(&c, "<p>0974 ", "", " 374 714");
                (c, p)
            },
            // Across the seam after the header.
            {
                let c = chrome("<header>0974 37", "<footer></footer>");
                let p = page(&c, "", "4 714", "");
                (c, p)
            },
        ];
        for (chrome, file) in cases {
            let leak = ReadyChromes::default().fill(&file, &chrome, &gate);
            assert!(
                leak.is_err(),
                "not found in {:?}",
                String::from_utf8_lossy(&chrome.fill(&file.bytes))
            );
        }
    }
}
