//! Live reload: open pages listen on a server-sent-events stream; after a good rebuild they
//! are told to reload, after a bad one they are sent the errors to show over the page. The
//! script is injected into HTML responses by the server only; built files never contain it.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, PoisonError};

/// URL of the event stream.
pub const EVENTS_URL: &str = "/__vinhdanh/events";
/// URL of the script injected into pages.
pub const SCRIPT_URL: &str = "/__vinhdanh/reload.js";

/// The tag inserted before `</body>` of every HTML response.
pub const SCRIPT_TAG: &str = "<script src=\"/__vinhdanh/reload.js\"></script>";

/// One message to open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The site was rebuilt: reload. The text says what changed.
    Reload(String),
    /// The last change broke the site: show the errors.
    Error(String),
}

impl Event {
    /// The event in the server-sent-events wire format.
    pub fn to_wire(&self) -> String {
        let (name, data) = match self {
            Event::Reload(data) => ("reload", data),
            Event::Error(data) => ("error", data),
        };
        let mut out = format!("event: {name}\n");
        for line in data.lines() {
            out.push_str("data: ");
            out.push_str(line);
            out.push('\n');
        }
        if data.is_empty() {
            out.push_str("data:\n");
        }
        out.push('\n');
        out
    }
}

/// The open event streams, and the error pages should show while the site is broken.
#[derive(Debug, Default)]
pub struct Hub {
    subscribers: Mutex<Vec<Sender<Event>>>,
    current_error: Mutex<Option<String>>,
}

impl Hub {
    /// A new stream. While the site is broken its first event is the error.
    pub fn subscribe(&self) -> Receiver<Event> {
        let (sender, receiver) = channel();
        if let Some(error) = self.current_error() {
            let _ = sender.send(Event::Error(error));
        }
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(sender);
        receiver
    }

    /// Sends `event` to every open stream and forgets the closed ones.
    pub fn broadcast(&self, event: &Event) {
        *self
            .current_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = match event {
            Event::Error(text) => Some(text.clone()),
            Event::Reload(_) => None,
        };
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|subscriber| subscriber.send(event.clone()).is_ok());
    }

    pub fn current_error(&self) -> Option<String> {
        self.current_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Inserts the reload script before the last `</body>`, or at the end when there is none.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = SCRIPT_TAG.as_bytes();
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag);
    out.extend_from_slice(&html[at..]);
    out
}

/// The script: reload on `reload`; on `error`, an overlay with the errors (as text, so nothing in
/// them is taken for markup) and a button to close it.
pub const SCRIPT: &str = r#"(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var overlay = null;
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(text) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "vinhdanh-error";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Lỗi khi dựng trang / Build error");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.94);color:#fff;padding:1.5rem;font:14px/1.5 monospace";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Đóng / Close";
    close.style.cssText = "float:right;font:inherit;padding:.3rem .8rem";
    close.addEventListener("click", hide);
    var heading = document.createElement("p");
    heading.textContent = "Trang chưa được dựng lại: sửa lỗi dưới đây rồi lưu tệp. " +
      "The site was not rebuilt: fix the errors below and save.";
    heading.style.cssText = "font-weight:bold;color:#ff8a80";
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.cssText = "white-space:pre-wrap";
    overlay.append(close, heading, pre);
    document.body.appendChild(overlay);
    close.focus();
  }
  var source = new EventSource("/__vinhdanh/events");
  source.addEventListener("reload", function () { window.location.reload(); });
  source.addEventListener("error", function (event) {
    if (typeof event.data === "string") { show(event.data); }
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>a</p></body></html>";
        let out = String::from_utf8(inject(html)).unwrap();
        assert_eq!(
            out,
            format!("<html><body><p>a</p>{SCRIPT_TAG}</body></html>")
        );
        let bare = String::from_utf8(inject(b"<p>x</p>")).unwrap();
        assert_eq!(bare, format!("<p>x</p>{SCRIPT_TAG}"));
    }

    #[test]
    fn events_use_the_sse_format() {
        assert_eq!(
            Event::Reload("3 files".into()).to_wire(),
            "event: reload\ndata: 3 files\n\n"
        );
        assert_eq!(
            Event::Error("a\nb".into()).to_wire(),
            "event: error\ndata: a\ndata: b\n\n"
        );
        assert_eq!(
            Event::Reload(String::new()).to_wire(),
            "event: reload\ndata:\n\n"
        );
    }

    #[test]
    fn new_streams_get_the_current_error_first() {
        let hub = Hub::default();
        hub.broadcast(&Event::Error("bad".into()));
        let stream = hub.subscribe();
        assert_eq!(stream.try_recv(), Ok(Event::Error("bad".into())));
        hub.broadcast(&Event::Reload(String::new()));
        assert_eq!(stream.try_recv(), Ok(Event::Reload(String::new())));
        assert!(hub.subscribe().try_recv().is_err());
    }
}
