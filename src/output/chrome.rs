//! Puts each page's header and footer in place of their markers (see `render::chrome`). A
//! header or footer shared by thousands of pages is minified and searched for links once; each
//! page then pays only for its own part. The privacy gate reads each page as it is published,
//! and leaves out of its reading the stretches of a shared header or footer it found clean on
//! an earlier page.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::links_in;
use super::minified::{Digest, Input, Minified};
use super::minify::{minify_page, minify_part};
use crate::privacy::{Leak, PrivacyGate};
use crate::render::OutputFile;
use crate::render::chrome::{Chrome, Slots};

/// The headers and footers made ready so far, for the pages of one run, and what the last run's
/// pages were minified into (for every page, with or without a header and footer).
#[derive(Debug, Default)]
pub struct ReadyChromes {
    /// By the address of the chrome, which the entry keeps alive so that no other chrome can
    /// take the address while the entry exists.
    ready: Mutex<HashMap<usize, Arc<Ready>>>,
    /// What the last build minified its pages into ([`Minified`]).
    minified: Minified,
}

/// A header and footer minified, checked by the gate, and their links.
#[derive(Debug)]
struct Ready {
    _chrome: Arc<Chrome>,
    header: Vec<u8>,
    footer: Vec<u8>,
    /// The BLAKE3 digests of the header and footer as rendered, for the pages' inputs.
    header_input: Digest,
    footer_input: Digest,
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
    /// Takes the pages of the last build that come out the same from `minified` instead of
    /// minifying them again.
    pub fn remembering(minified: Minified) -> Self {
        ReadyChromes {
            ready: Mutex::default(),
            minified,
        }
    }

    /// What this run's pages were minified into, for the next run of a preview.
    pub fn minified(&self) -> &Minified {
        &self.minified
    }

    /// Keeps what this run minified its pages into at `memo`, for the next build.
    pub fn save_minified(&self, memo: &std::path::Path) -> std::io::Result<()> {
        self.minified.save(memo)
    }

    /// A page without header and footer markers, minified.
    pub fn minify_whole(&self, file: &OutputFile) -> Vec<u8> {
        self.minified
            .page(&file.path, Input::whole(&file.bytes), || {
                minify_page(&file.bytes)
            })
    }

    /// `file` (a page holding markers for `chrome`) minified, with its header and footer in
    /// place; `Err` when a guarded value is in the page as published.
    pub fn fill(
        &self,
        file: &OutputFile,
        chrome: &Arc<Chrome>,
        gate: &PrivacyGate,
    ) -> Result<Filled, Leak> {
        let ready = self.ready(file, chrome, gate)?;
        let slots = chrome.slots(&file.bytes);
        let bytes = self
            .minified
            .page(&file.path, input(file, &slots, &ready), || {
                minify_around(file, chrome, &slots, &ready)
            });
        gate.check_part(&bytes, &file.path, &file.origin)?;
        let shared_links = slots
            .iter()
            .map(|(_, part)| Arc::clone(part.pick(&ready.header_links, &ready.footer_links)))
            .collect();
        Ok(Filled {
            bytes,
            links: links_in(&file.bytes),
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
        let header = minify_part(chrome.header.as_bytes());
        let footer = minify_part(chrome.footer.as_bytes());
        gate.check_part(&header, &file.path, &file.origin)?;
        gate.check_part(&footer, &file.path, &file.origin)?;
        let made = Arc::new(Ready {
            _chrome: Arc::clone(chrome),
            header,
            footer,
            header_input: *blake3::hash(chrome.header.as_bytes()).as_bytes(),
            footer_input: *blake3::hash(chrome.footer.as_bytes()).as_bytes(),
            header_links: links_in(chrome.header.as_bytes()).into(),
            footer_links: links_in(chrome.footer.as_bytes()).into(),
        });
        Ok(Arc::clone(lock().entry(key).or_insert(made)))
    }
}

/// What goes into minifying `file`: its own parts, and its header and footer as rendered (not
/// their markers, which are drawn again for each build).
fn input(file: &OutputFile, slots: &Slots, ready: &Ready) -> Input {
    let mut input = Input::in_parts();
    let mut start = 0;
    for (range, part) in slots {
        input.add(&file.bytes[start..range.start]);
        input.add(part.pick(&ready.header_input, &ready.footer_input));
        start = range.end;
    }
    input.add(&file.bytes[start..]);
    input
}

/// `file` minified around its markers, with its minified header and footer put in their place.
fn minify_around(file: &OutputFile, chrome: &Chrome, slots: &Slots, ready: &Ready) -> Vec<u8> {
    let own = minify_page(&file.bytes);
    let own_slots = chrome.slots(&own);
    if same_parts(&own_slots, slots) {
        Chrome::splice(&own, &own_slots, &ready.header, &ready.footer)
    } else {
        // The minifier took a marker out or changed it (one in a comment, say): the page is
        // made whole first, then minified.
        minify_page(&chrome.fill(&file.bytes))
    }
}

/// Whether two pages hold the same markers, in the same order.
fn same_parts(a: &Slots, b: &Slots) -> bool {
    a.iter()
        .map(|(_, part)| *part)
        .eq(b.iter().map(|(_, part)| *part))
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

    /// The document a page parses into, its texts with whitespace collapsed and trimmed.
    fn document(html: &[u8]) -> Vec<String> {
        let html = String::from_utf8_lossy(html);
        let document = scraper::Html::parse_document(&html);
        let words = |text: &str| {
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            (!words.is_empty()).then_some(words)
        };
        crate::base::outline::outline(document.root_element(), &words)
    }

    #[test]
    fn parts_are_minified_once_and_put_in_place_with_their_links() {
        let chrome = chrome(
            "<header>\n   <a href=\"/a/\">A</a>\n</header>\n",
            "<footer>  <p><a href=\"/b/\">B</a></p></footer>\n\n",
        );
        let file = page(
            &chrome,
            "<!DOCTYPE html><html><head><title>t</title></head><body>\n",
            "\n<main>  <a href=\"/c/\">C</a></main>\n",
            "\n</body></html>",
        );
        let gate = PrivacyGate::for_values(&[PHONE]);
        let ready = ReadyChromes::default();
        let filled = ready.fill(&file, &chrome, &gate).expect("no leak");
        let published = String::from_utf8(filled.bytes.clone()).expect("UTF-8");
        assert!(
            published.contains("<header><a href=/a/>A</a></header>")
                && published.contains("<footer><p><a href=/b/>B</a></p></footer>"),
            "{published}"
        );
        assert!(
            published.len() < chrome.fill(&file.bytes).len(),
            "{published}"
        );
        assert_eq!(document(&filled.bytes), document(&chrome.fill(&file.bytes)));
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
    fn a_marker_the_minifier_takes_out_is_filled_in_before_minifying() {
        let chrome = chrome("<header>h</header>", "<footer>f</footer>");
        // A theme that wrote its footer marker in a comment.
        let file = page(&chrome, "<body>", "<main>m</main><!-- ", " --></body>");
        let gate = PrivacyGate::for_values(&[PHONE]);
        let filled = ReadyChromes::default()
            .fill(&file, &chrome, &gate)
            .expect("no leak");
        let published = String::from_utf8(filled.bytes).expect("UTF-8");
        assert_eq!(published, "<body><header>h</header><main>m</main>");
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
