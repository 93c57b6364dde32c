//! The request head, read within a deadline counted from the accept whatever the pace of its
//! bytes (a client sending a byte a second cannot hold a connection longer), and at most
//! [`MAX_HEAD`] bytes; then the request line and the one header the server uses, `Host`.

use std::io::{self, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::status::Status;

/// Longest request target accepted, in bytes.
pub const MAX_TARGET: usize = 2048;
/// Longest request head (request line and headers) accepted, in bytes.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client has, from the accept, to send its whole request head.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);

/// Why no head could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// The client went away (or its connection was dropped to make room): nothing to answer.
    Closed,
    /// The deadline passed first.
    TimedOut,
    /// More than [`MAX_HEAD`] bytes: 414 while still in the request line, 431 after it. The
    /// rest of what the client sent has not been read.
    TooLarge(Status),
}

/// Reads up to the blank line that ends the head, before `deadline`. Bytes after it are left.
pub fn read_head(mut stream: &TcpStream, deadline: Instant) -> Result<Vec<u8>, Unread> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let mut searched = 0;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Unread::TimedOut);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| Unread::Closed)?;
        let read = match stream.read(&mut chunk) {
            Ok(0) => return Err(Unread::Closed),
            Ok(read) => read,
            Err(error) if is_timeout(&error) => return Err(Unread::TimedOut),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(Unread::Closed),
        };
        head.extend_from_slice(&chunk[..read]);
        if let Some(end) = find(&head[searched..], b"\r\n\r\n") {
            head.truncate(searched + end + 4);
            return if head.len() > MAX_HEAD {
                Err(too_large(&head))
            } else {
                Ok(head)
            };
        }
        if head.len() > MAX_HEAD {
            return Err(too_large(&head));
        }
        searched = head.len().saturating_sub(3);
    }
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

fn too_large(head: &[u8]) -> Unread {
    let line_ended = find(&head[..head.len().min(MAX_HEAD)], b"\r\n").is_some();
    Unread::TooLarge(if line_ended {
        Status::HeaderFieldsTooLarge
    } else {
        Status::UriTooLong
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The methods the preview answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

/// The parts of a request the server uses.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub target: String,
    /// The `Host` header; only HTTP/1.0 may leave it out.
    pub host: Option<String>,
}

/// Parses a head read by [`read_head`]; the error is the status to answer with.
pub fn parse_head(head: &[u8]) -> Result<Request, Status> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let (method, target, http_1_0) = parse_request_line(lines.next().unwrap_or_default())?;
    let mut host = None;
    for line in lines.take_while(|line| !line.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(Status::BadRequest)?;
        if name.is_empty() || name.contains(|c: char| c.is_ascii_whitespace()) {
            return Err(Status::BadRequest);
        }
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(Status::BadRequest);
            }
            host = Some(value.trim().to_string());
        }
    }
    if host.is_none() && !http_1_0 {
        return Err(Status::BadRequest);
    }
    Ok(Request {
        method,
        target,
        host,
    })
}

/// Method, target, and whether the version is HTTP/1.0.
fn parse_request_line(line: &str) -> Result<(Method, String, bool), Status> {
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Status::BadRequest);
    };
    let minor = version.strip_prefix("HTTP/1.").ok_or(Status::BadRequest)?;
    if minor.len() != 1 || !minor.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Status::BadRequest);
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => return Err(Status::MethodNotAllowed),
    };
    if target.len() > MAX_TARGET {
        return Err(Status::UriTooLong);
    }
    Ok((method, target.to_string(), minor == "0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Request, Status> {
        parse_head(text.as_bytes())
    }

    #[test]
    fn a_plain_request_gives_method_target_and_host() {
        assert_eq!(
            parse("GET /a HTTP/1.1\r\nhost: localhost:1111\r\nAccept: */*\r\n\r\n"),
            Ok(Request {
                method: Method::Get,
                target: "/a".into(),
                host: Some("localhost:1111".into()),
            })
        );
        let head = parse("HEAD / HTTP/1.1\r\nHOST:  127.0.0.1:1111 \r\n\r\n").unwrap();
        assert_eq!(head.method, Method::Head);
        assert_eq!(head.host.as_deref(), Some("127.0.0.1:1111"));
    }

    #[test]
    fn host_is_required_from_http_1_1_and_only_once() {
        assert_eq!(parse("GET / HTTP/1.1\r\n\r\n"), Err(Status::BadRequest));
        assert_eq!(
            parse("GET / HTTP/1.1\r\nHost: a:1\r\nHost: b:1\r\n\r\n"),
            Err(Status::BadRequest)
        );
        assert_eq!(parse("GET / HTTP/1.0\r\n\r\n").unwrap().host, None);
    }

    #[test]
    fn malformed_heads_are_refused() {
        for head in [
            "GET /a b HTTP/1.1\r\nHost: a:1\r\n\r\n",
            "GET /a SPDY/3\r\nHost: a:1\r\n\r\n",
            "GET /a HTTP/2.0\r\nHost: a:1\r\n\r\n",
            "GET /a HTTP/1.10\r\nHost: a:1\r\n\r\n",
            "GET /a HTTP/1.1\r\nHost a:1\r\n\r\n",
            "GET /a HTTP/1.1\r\nHost : a:1\r\n\r\n",
            "GET /a HTTP/1.1\r\n: a:1\r\n\r\n",
            "\r\n\r\n",
        ] {
            assert_eq!(parse(head), Err(Status::BadRequest), "{head:?}");
        }
    }

    #[test]
    fn only_get_and_head_within_the_target_length() {
        assert_eq!(
            parse("POST /a HTTP/1.1\r\nHost: a:1\r\n\r\n"),
            Err(Status::MethodNotAllowed)
        );
        let long = format!(
            "GET /{} HTTP/1.1\r\nHost: a:1\r\n\r\n",
            "a".repeat(MAX_TARGET)
        );
        assert_eq!(parse(&long), Err(Status::UriTooLong));
        let fits = format!(
            "GET /{} HTTP/1.1\r\nHost: a:1\r\n\r\n",
            "a".repeat(MAX_TARGET - 1)
        );
        assert!(parse(&fits).is_ok());
    }

    #[test]
    fn oversize_heads_are_told_apart_by_where_they_stop() {
        let in_line = format!("GET /{}", "a".repeat(MAX_HEAD + 10));
        assert_eq!(
            too_large(in_line.as_bytes()),
            Unread::TooLarge(Status::UriTooLong)
        );
        let in_headers = format!("GET / HTTP/1.1\r\nX-A: {}", "a".repeat(MAX_HEAD + 10));
        assert_eq!(
            too_large(in_headers.as_bytes()),
            Unread::TooLarge(Status::HeaderFieldsTooLarge)
        );
    }
}
