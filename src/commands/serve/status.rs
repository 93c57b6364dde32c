//! The HTTP statuses the preview answers with: the code and reason phrase on the wire, and the
//! short text a person sees in the browser, in the preview's language.

use crate::base::lang::{Lang, both};

/// A status of a response of the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    MovedPermanently,
    BadRequest,
    NotFound,
    MethodNotAllowed,
    RequestTimeout,
    UriTooLong,
    /// The request names another host than the preview (`Host`): refused, against DNS
    /// rebinding.
    MisdirectedRequest,
    HeaderFieldsTooLarge,
    ServiceUnavailable,
}

impl Status {
    pub fn code(self) -> u16 {
        match self {
            Status::Ok => 200,
            Status::MovedPermanently => 301,
            Status::BadRequest => 400,
            Status::NotFound => 404,
            Status::MethodNotAllowed => 405,
            Status::RequestTimeout => 408,
            Status::UriTooLong => 414,
            Status::MisdirectedRequest => 421,
            Status::HeaderFieldsTooLarge => 431,
            Status::ServiceUnavailable => 503,
        }
    }

    /// The reason phrase of the status line (protocol text, always English).
    pub fn reason(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::MovedPermanently => "Moved Permanently",
            Status::BadRequest => "Bad Request",
            Status::NotFound => "Not Found",
            Status::MethodNotAllowed => "Method Not Allowed",
            Status::RequestTimeout => "Request Timeout",
            Status::UriTooLong => "URI Too Long",
            Status::MisdirectedRequest => "Misdirected Request",
            Status::HeaderFieldsTooLarge => "Request Header Fields Too Large",
            Status::ServiceUnavailable => "Service Unavailable",
        }
    }

    /// What the body of a refusal says to the person who reads it.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Status::Ok | Status::MovedPermanently => "",
            Status::BadRequest => both!(lang, "Yêu cầu không hợp lệ.", "Bad request."),
            Status::NotFound => both!(lang, "Không tìm thấy trang.", "Page not found."),
            Status::MethodNotAllowed => both!(
                lang,
                "Bản xem trước chỉ nhận yêu cầu GET và HEAD.",
                "The preview accepts only GET and HEAD requests."
            ),
            Status::RequestTimeout => both!(
                lang,
                "Yêu cầu gửi đến quá chậm; xin vui lòng gửi lại.",
                "The request took too long to arrive; please send it again."
            ),
            Status::UriTooLong => both!(
                lang,
                "Địa chỉ được yêu cầu quá dài.",
                "The requested address is too long."
            ),
            Status::MisdirectedRequest => both!(
                lang,
                "Bản xem trước chỉ trả lời yêu cầu gửi đúng địa chỉ của nó: 127.0.0.1, localhost \
                 hoặc địa chỉ đã chọn bằng --bind, kèm số cổng.",
                "The preview answers only requests sent to its own address: 127.0.0.1, localhost \
                 or the address given with --bind, with the port."
            ),
            Status::HeaderFieldsTooLarge => both!(
                lang,
                "Phần đầu của yêu cầu quá lớn.",
                "The request's header fields are too large."
            ),
            Status::ServiceUnavailable => both!(
                lang,
                "Bản xem trước đang bận; xin vui lòng thử lại sau giây lát.",
                "The preview is busy; please try again in a moment."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_a_text_in_both_languages() {
        for status in [
            Status::BadRequest,
            Status::NotFound,
            Status::MethodNotAllowed,
            Status::RequestTimeout,
            Status::UriTooLong,
            Status::MisdirectedRequest,
            Status::HeaderFieldsTooLarge,
            Status::ServiceUnavailable,
        ] {
            let (vi, en) = (status.text(Lang::Vi), status.text(Lang::En));
            assert!(!vi.is_empty() && !en.is_empty(), "{status:?}");
            assert_ne!(vi, en, "{status:?}");
            assert!(status.code() >= 400, "{status:?}");
        }
        assert_eq!(Status::HeaderFieldsTooLarge.code(), 431);
        assert_eq!(Status::MisdirectedRequest.code(), 421);
    }
}
