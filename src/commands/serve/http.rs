//! A small HTTP/1.1 server for the preview: GET and HEAD of files under the output folder, the
//! live-reload event stream and script, nothing else. Plain `std::net`, one thread per
//! connection, `Connection: close` except on the event stream.
//!
//! It stays available and local: the request head must arrive within a deadline from the accept
//! (`request.rs`); heads still arriving, pages and event streams are counted apart, each capped
//! (`slots.rs`); a request must name the preview itself as its `Host` (`host.rs`), so that a page
//! of another site cannot read the preview through DNS rebinding.
//!
//! Request paths are checked before they touch the disk: decoded once, then refused when they
//! hold `..` or `.` segments, backslashes, NUL or other control characters, empty segments (a
//! doubled `/` that would make an absolute path) or drive letters, or are longer than
//! [`MAX_TARGET`] bytes; the file found must still lie inside the output folder once symbolic
//! links are resolved.

use std::fs;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, PoisonError, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use super::host::Hosts;
use super::reload::{EVENTS_URL, Hub, SCRIPT, SCRIPT_URL, inject};
use super::request::{HEAD_DEADLINE, MAX_TARGET, Method, Request, Unread, parse_head, read_head};
use super::slots::{HeadSlot, Slots};
use super::status::Status;
use crate::base::lang::Lang;

/// How long one write may wait for the client to take bytes.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole response (not an event stream) may take to be sent.
const RESPONSE_DEADLINE: Duration = Duration::from_secs(60);
/// How long the rest of an oversize head is read and dropped after the refusal, so that the
/// client gets the refusal rather than a reset connection.
const LINGER: Duration = Duration::from_secs(2);
/// How often an idle event stream gets a comment, so that proxies and browsers keep it.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The pause after a failed accept (too many open files...), so that the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// What the server threads share with the rebuild loop.
#[derive(Debug)]
pub struct Shared {
    /// The output folder, canonical.
    pub out_dir: PathBuf,
    /// The base path of the site's URLs (`` or `/portal`), which can change with `site.toml`.
    pub base_path: RwLock<String>,
    pub hub: Hub,
    /// The `Host` headers answered.
    hosts: Hosts,
    /// The language of the refusals' texts.
    lang: Lang,
    slots: Slots,
}

impl Shared {
    pub fn new(out_dir: PathBuf, base_path: String, hosts: Hosts, lang: Lang) -> Self {
        Shared {
            out_dir,
            base_path: RwLock::new(base_path),
            hub: Hub::default(),
            hosts,
            lang,
            slots: Slots::default(),
        }
    }

    fn base_path(&self) -> String {
        self.base_path
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Accepts connections on `listener` in a thread of its own, for the life of the process.
pub fn spawn(listener: TcpListener, shared: Arc<Shared>) -> io::Result<()> {
    thread::Builder::new()
        .name("http-accept".into())
        .spawn(move || accept_loop(&listener, &shared))?;
    Ok(())
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            thread::sleep(ACCEPT_BACKOFF);
            continue;
        };
        let accepted = Instant::now();
        let stream = Arc::new(stream);
        let arriving = shared.slots.arriving.admit(&stream);
        let shared = Arc::clone(shared);
        // When no thread can be made, the closure is dropped, and the connection closed.
        let _ = thread::Builder::new()
            .name("http".into())
            .spawn(move || handle(&stream, arriving, accepted, &shared));
    }
}

/// A response before it is written.
#[derive(Debug)]
struct Response {
    status: Status,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Response {
    /// A refusal: the status with its short text.
    fn refusal(status: Status, lang: Lang) -> Self {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{}\n", status.text(lang)).into_bytes(),
            location: None,
        }
    }
}

/// Reads the head, checks it, and answers: a file, the script, or the event stream. The head
/// counts among the arriving ones until the request has a place among the pages or the streams.
fn handle(stream: &TcpStream, arriving: HeadSlot, accepted: Instant, shared: &Shared) {
    let lang = shared.lang;
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let request = match read_head(stream, accepted + HEAD_DEADLINE) {
        Ok(head) => parse_head(&head),
        Err(Unread::Closed) => return,
        Err(Unread::TimedOut) => Err(Status::RequestTimeout),
        Err(Unread::TooLarge(status)) => {
            refuse(stream, status, lang);
            drain(stream);
            return;
        }
    };
    let request = match request {
        Ok(request) => request,
        Err(status) => return refuse(stream, status, lang),
    };
    let head_only = request.method == Method::Head;
    if !is_addressed_here(&request, &shared.hosts) {
        let response = Response::refusal(Status::MisdirectedRequest, lang);
        let _ = respond(stream, &response, head_only);
        return;
    }
    let target_path = request.target.split(['?', '#']).next().unwrap_or_default();
    if target_path == EVENTS_URL && !head_only {
        let Some(_place) = shared.slots.streams.take() else {
            return refuse(stream, Status::ServiceUnavailable, lang);
        };
        drop(arriving);
        return stream_events(stream, &shared.hub);
    }
    let Some(_place) = shared.slots.pages.take() else {
        return refuse(stream, Status::ServiceUnavailable, lang);
    };
    drop(arriving);
    let response = if target_path == SCRIPT_URL {
        Response {
            status: Status::Ok,
            content_type: "text/javascript; charset=utf-8",
            body: SCRIPT.as_bytes().to_vec(),
            location: None,
        }
    } else {
        file_response(&request.target, shared)
    };
    let _ = respond(stream, &response, head_only);
}

/// Whether the request's `Host` names the preview (HTTP/1.0 may leave it out).
fn is_addressed_here(request: &Request, hosts: &Hosts) -> bool {
    request.host.as_ref().is_none_or(|host| hosts.allows(host))
}

fn refuse(stream: &TcpStream, status: Status, lang: Lang) {
    let _ = respond(stream, &Response::refusal(status, lang), false);
}

/// Reads and drops what the client still sends, for a short while, after the refusal of a head
/// that was not read to its end: closing with unread bytes would reset the connection and the
/// client could lose the refusal.
fn drain(mut stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut sink = [0u8; 4096];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

fn file_response(target: &str, shared: &Shared) -> Response {
    let path = match safe_path(target) {
        Ok(path) => path,
        Err(Refusal::TooLong) => return Response::refusal(Status::UriTooLong, shared.lang),
        Err(_) => return Response::refusal(Status::BadRequest, shared.lang),
    };
    match resolve(&shared.out_dir, &path, &shared.base_path()) {
        Resolved::File(file) => match fs::read(&file) {
            Ok(bytes) => {
                let content_type = content_type(&file);
                let body = if content_type.starts_with("text/html") {
                    inject(&bytes)
                } else {
                    bytes
                };
                Response {
                    status: Status::Ok,
                    content_type,
                    body,
                    location: None,
                }
            }
            Err(_) => not_found(&shared.out_dir),
        },
        Resolved::Redirect(location) => Response {
            status: Status::MovedPermanently,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
            location: Some(location),
        },
        Resolved::NotFound => not_found(&shared.out_dir),
    }
}

/// 404 with the site's own 404 page (and the reload script, so that a page opened while the
/// site is broken shows the errors and comes back when they are fixed).
fn not_found(out_dir: &Path) -> Response {
    let body = fs::read(out_dir.join("404.html")).unwrap_or_else(|_| {
        b"<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>404</title><body><h1>404</h1></body></html>".to_vec()
    });
    Response {
        status: Status::NotFound,
        content_type: "text/html; charset=utf-8",
        body: inject(&body),
        location: None,
    }
}

/// Writes the response, all of it within [`RESPONSE_DEADLINE`], so that a client that reads
/// slowly cannot hold a page's place for long.
fn respond(stream: &TcpStream, response: &Response, head_only: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        response.status.code(),
        response.status.reason(),
        response.content_type,
        response.body.len()
    );
    match response.status {
        Status::MethodNotAllowed => head.push_str("Allow: GET, HEAD\r\n"),
        Status::ServiceUnavailable => head.push_str("Retry-After: 1\r\n"),
        _ => {}
    }
    if let Some(location) = &response.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    let deadline = Instant::now() + RESPONSE_DEADLINE;
    write_before(stream, head.as_bytes(), deadline)?;
    if !head_only {
        write_before(stream, &response.body, deadline)?;
    }
    Ok(())
}

/// Writes `bytes` in pieces, each waiting at most until `deadline`.
fn write_before(mut stream: &TcpStream, bytes: &[u8], deadline: Instant) -> io::Result<()> {
    for piece in bytes.chunks(64 * 1024) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left.min(WRITE_TIMEOUT)))?;
        stream.write_all(piece)?;
    }
    stream.flush()
}

/// Holds the connection open and writes each event, with a comment when idle; ends when the
/// page goes away.
fn stream_events(mut stream: &TcpStream, hub: &Hub) {
    // Subscribed before the first byte goes out: a client that has read the head gets every
    // later event.
    let events = hub.subscribe();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n";
    if stream.write_all(head.as_bytes()).is_err() || stream.flush().is_err() {
        return;
    }
    loop {
        let text = match events.recv_timeout(KEEP_ALIVE) {
            Ok(event) => event.to_wire(),
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if stream.write_all(text.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
    }
}

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooLong,
    /// Not a path (`*`, `http://...`), a bad `%` escape, or not UTF-8 once decoded.
    Malformed,
    /// A path that could leave the output folder or name something else than a file in it.
    Unsafe,
}

/// The request target as a path: query and fragment dropped, percent-decoded once, and checked
/// (see the module comment). The result starts with `/`.
pub fn safe_path(target: &str) -> Result<String, Refusal> {
    if target.len() > MAX_TARGET {
        return Err(Refusal::TooLong);
    }
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    let Some(rest) = raw.strip_prefix('/') else {
        return Err(Refusal::Malformed);
    };
    let decoded = percent_decode(rest).ok_or(Refusal::Malformed)?;
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return Err(Refusal::Unsafe);
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || *segment == "." || *segment == ".." || segment.contains(':') {
            return Err(Refusal::Unsafe);
        }
    }
    Ok(format!("/{decoded}"))
}

/// Decodes `%XX` escapes once; `None` for a bad escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Where a safe path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked without its final `/`, or the base path without it.
    Redirect(String),
    NotFound,
}

/// Finds the file a safe path names under `out_dir` (canonical): `/a/b/` is `a/b/index.html`,
/// `/a/b` is the file `a/b` or a redirect to `/a/b/` when it is a folder. Paths outside the
/// site's base path, and files that resolve outside `out_dir`, are not found.
pub fn resolve(out_dir: &Path, path: &str, base_path: &str) -> Resolved {
    let inside = if base_path.is_empty() {
        path
    } else if path == base_path {
        return Resolved::Redirect(format!("{}/", encode_path(base_path)));
    } else {
        match path.strip_prefix(base_path) {
            Some(rest) if rest.starts_with('/') => rest,
            _ => return Resolved::NotFound,
        }
    };
    let relative = inside.trim_start_matches('/');
    let file = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    };
    let Ok(found) = out_dir.join(&file).canonicalize() else {
        return Resolved::NotFound;
    };
    if !found.starts_with(out_dir) {
        return Resolved::NotFound;
    }
    if found.is_dir() {
        return Resolved::Redirect(format!("{}/", encode_path(path)));
    }
    if found.is_file() {
        Resolved::File(found)
    } else {
        Resolved::NotFound
    }
}

/// Percent-encodes what is not plainly safe in a `Location` header.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `Content-Type` of a file of the output, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if name.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_decoded_once() {
        assert_eq!(safe_path("/"), Ok("/".into()));
        assert_eq!(safe_path("/ho-so/a/?x=1#top"), Ok("/ho-so/a/".into()));
        assert_eq!(safe_path("/anh/a%20b.jpg"), Ok("/anh/a b.jpg".into()));
        assert_eq!(safe_path("/t%C3%ACm"), Ok("/tìm".into()));
        // Decoded once only: `%252e%252e` is the literal name `%2e%2e`, not `..`.
        assert_eq!(safe_path("/%252e%252e/x"), Ok("/%2e%2e/x".into()));
    }

    #[test]
    fn traversal_forms_are_refused() {
        for target in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/a/..",
            "/./a",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/a/%2e%2e%2f%2e%2e/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/..%5cetc%5cpasswd",
            "/a\\..\\b",
            "/%5c%5cserver%5cshare",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/a//b",
            "/a%00.html",
            "/c:/windows/win.ini",
            "/C%3a%5cwindows",
            "/a%0d%0aSet-Cookie:x",
        ] {
            assert_eq!(safe_path(target), Err(Refusal::Unsafe), "{target}");
        }
    }

    #[test]
    fn malformed_and_long_targets_are_refused() {
        for target in [
            "*",
            "http://evil.example/",
            "ho-so/",
            "/%zz",
            "/%c3",
            "/%",
            "/%a",
        ] {
            assert_eq!(safe_path(target), Err(Refusal::Malformed), "{target}");
        }
        let long = format!("/{}", "a".repeat(MAX_TARGET));
        assert_eq!(safe_path(&long), Err(Refusal::TooLong));
        let just_fits = format!("/{}", "a".repeat(MAX_TARGET - 1));
        assert!(safe_path(&just_fits).is_ok());
    }

    #[test]
    fn paths_resolve_inside_the_output_only() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir_all(out.join("ho-so/a")).unwrap();
        fs::write(out.join("index.html"), "home").unwrap();
        fs::write(out.join("ho-so/a/index.html"), "a").unwrap();
        fs::write(out.join("style.css"), "x").unwrap();
        fs::write(dir.path().join("secret.txt"), "no").unwrap();
        let out = out.canonicalize().unwrap();
        assert_eq!(
            resolve(&out, "/", ""),
            Resolved::File(out.join("index.html"))
        );
        assert_eq!(
            resolve(&out, "/ho-so/a/", ""),
            Resolved::File(out.join("ho-so/a/index.html"))
        );
        assert_eq!(
            resolve(&out, "/ho-so/a", ""),
            Resolved::Redirect("/ho-so/a/".into())
        );
        assert_eq!(resolve(&out, "/nothing/", ""), Resolved::NotFound);
        assert_eq!(resolve(&out, "/style.css/", ""), Resolved::NotFound);
        assert_eq!(
            resolve(&out, "/portal/style.css", "/portal"),
            Resolved::File(out.join("style.css"))
        );
        assert_eq!(
            resolve(&out, "/portal", "/portal"),
            Resolved::Redirect("/portal/".into())
        );
        assert_eq!(resolve(&out, "/style.css", "/portal"), Resolved::NotFound);
        assert_eq!(
            resolve(&out, "/portalx/style.css", "/portal"),
            Resolved::NotFound
        );
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_output_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir_all(&out).unwrap();
        fs::write(dir.path().join("secret.txt"), "no").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("leak.txt")).unwrap();
        let out = out.canonicalize().unwrap();
        assert_eq!(resolve(&out, "/leak.txt", ""), Resolved::NotFound);
    }

    #[test]
    fn content_types_follow_extensions() {
        for (name, expected) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("tim-kiem.js", "text/javascript; charset=utf-8"),
            ("du-lieu/danh-hieu.json", "application/json"),
            ("atom.xml", "application/atom+xml"),
            ("sitemap.xml", "application/xml"),
            ("du-lieu/danh-hieu.csv", "text/csv; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("bieu-do.svg", "image/svg+xml"),
            ("anh/a.png", "image/png"),
            ("anh/a.JPG", "image/jpeg"),
            ("favicon.ico", "image/x-icon"),
            ("font.woff2", "font/woff2"),
            ("tim-kiem/chi-muc/x", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }
}
