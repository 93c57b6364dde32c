//! A small HTTP/1.1 server for the preview: GET and HEAD of files under the output folder, the
//! live-reload event stream and script, nothing else. Plain `std::net`, one thread per
//! connection (capped), `Connection: close` except on the event stream.
//!
//! Request paths are checked before they touch the disk: decoded once, then refused when they
//! hold `..` or `.` segments, backslashes, NUL or other control characters, empty segments (a
//! doubled `/` that would make an absolute path) or drive letters, or are longer than
//! [`MAX_TARGET`] bytes; the file found must still lie inside the output folder once symbolic
//! links are resolved.

use std::fs;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, PoisonError, RwLock};
use std::thread;
use std::time::Duration;

use super::reload::{EVENTS_URL, Hub, SCRIPT, SCRIPT_URL, inject};

/// Longest request target accepted, in bytes.
pub const MAX_TARGET: usize = 2048;
/// Longest request head (request line and headers) accepted, in bytes.
const MAX_HEAD: usize = 16 * 1024;
/// Connections served at once; more get 503.
const MAX_CONNECTIONS: usize = 128;
/// How long a client may take to send its request, or to take a response.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an idle event stream gets a comment, so that proxies and browsers keep it.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the server threads share with the rebuild loop.
#[derive(Debug)]
pub struct Shared {
    /// The output folder, canonical.
    pub out_dir: PathBuf,
    /// The base path of the site's URLs (`` or `/portal`), which can change with `site.toml`.
    pub base_path: RwLock<String>,
    pub hub: Hub,
}

impl Shared {
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
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            continue;
        };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = respond(&mut stream, &Response::text(503, "busy, try again"), false);
            continue;
        }
        let shared = Arc::clone(shared);
        let slot = Slot(Arc::clone(&active));
        let spawned = thread::Builder::new().name("http".into()).spawn(move || {
            let _slot = slot;
            handle(stream, &shared);
        });
        if spawned.is_err() {
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Frees a connection slot when the connection's thread ends, however it ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response before it is written.
#[derive(Debug)]
struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Response {
    fn text(status: u16, text: &str) -> Self {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{text}\n").into_bytes(),
            location: None,
        }
    }
}

fn handle(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let request = match read_request(&mut stream) {
        Ok(request) => request,
        Err(status) => {
            let _ = respond(&mut stream, &Response::text(status, reason(status)), false);
            return;
        }
    };
    let head_only = request.method == "HEAD";
    let target_path = request.target.split(['?', '#']).next().unwrap_or_default();
    if target_path == EVENTS_URL && !head_only {
        stream_events(stream, &shared.hub);
        return;
    }
    let response = if target_path == SCRIPT_URL {
        Response {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: SCRIPT.as_bytes().to_vec(),
            location: None,
        }
    } else {
        file_response(&request.target, shared)
    };
    let _ = respond(&mut stream, &response, head_only);
}

/// The parts of a request the server uses.
#[derive(Debug, PartialEq, Eq)]
struct Request {
    method: String,
    target: String,
}

/// Reads the request head; the error is the status to answer with.
fn read_request(stream: &mut TcpStream) -> Result<Request, u16> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            let line_done = head.windows(2).any(|w| w == b"\r\n");
            return Err(if line_done { 431 } else { 414 });
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(400),
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    let text = String::from_utf8_lossy(&head);
    parse_request_line(text.lines().next().unwrap_or_default())
}

fn parse_request_line(line: &str) -> Result<Request, u16> {
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(400);
    }
    if method != "GET" && method != "HEAD" {
        return Err(405);
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
    })
}

fn file_response(target: &str, shared: &Shared) -> Response {
    let path = match safe_path(target) {
        Ok(path) => path,
        Err(Refusal::TooLong) => return Response::text(414, reason(414)),
        Err(_) => return Response::text(400, reason(400)),
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
                    status: 200,
                    content_type,
                    body,
                    location: None,
                }
            }
            Err(_) => not_found(&shared.out_dir),
        },
        Resolved::Redirect(location) => Response {
            status: 301,
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
        status: 404,
        content_type: "text/html; charset=utf-8",
        body: inject(&body),
        location: None,
    }
}

fn respond(stream: &mut TcpStream, response: &Response, head_only: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    if response.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    if let Some(location) = &response.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// Holds the connection open and writes each event, with a comment when idle; ends when the
/// page goes away.
fn stream_events(mut stream: TcpStream, hub: &Hub) {
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
    fn request_lines_need_get_or_head() {
        assert_eq!(
            parse_request_line("GET /a HTTP/1.1"),
            Ok(Request {
                method: "GET".into(),
                target: "/a".into()
            })
        );
        assert_eq!(parse_request_line("POST /a HTTP/1.1"), Err(405));
        assert_eq!(parse_request_line("GET /a b HTTP/1.1"), Err(400));
        assert_eq!(parse_request_line("GET /a SPDY/3"), Err(400));
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
