//! `vinhdanh serve` end to end: the real binary on a free loopback port, a real HTTP client
//! (plain TCP, so that traversal attempts reach the server as written), files edited on disk,
//! the reload and error events read from the event stream, and the preview folder compared
//! with a fresh `build` of the same input.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{
    copy_tree, demo_copy, invalid_site, repo_root, sites_dir, stderr, tree, vinhdanh,
};
use vinhdanh::render::COMMUNE_PAGE_SIZE;

/// How long to wait for an event or a page. Generous: test machines are slow; nothing is
/// asserted about timing.
const WAIT: Duration = Duration::from_secs(30);
const SCRIPT_TAG: &str = "<script src=\"/__vinhdanh/reload.js\"></script>";

/// A copy of the valid fixture site with the repository's themes, and a `static/` folder.
fn valid_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&sites_dir().join("valid"), dir.path());
    copy_tree(&repo_root().join("themes"), &dir.path().join("themes"));
    fs::create_dir_all(dir.path().join("static")).expect("static folder");
    fs::write(dir.path().join("static/ghi-chu.txt"), "một\n").expect("static file");
    dir
}

/// A running `vinhdanh serve`, killed when dropped (also when a test panics).
struct Server {
    child: Child,
    addr: String,
    out: PathBuf,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts the server on port 0 with its output in `out`, and reads the address it prints.
    fn start(root: &Path, out: &Path) -> Server {
        Server::start_with(root, out, &[])
    }

    /// [`Server::start`] with more arguments for `serve` (`--drafts`).
    fn start_with(root: &Path, out: &Path, more: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vinhdanh"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0", "--stop-after", "600", "--output"])
            .arg(out)
            .args(more)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start vinhdanh serve");
        let log = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&log);
        thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                sink.lock().expect("log").push_str(&format!("{line}\n"));
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        let mut second = String::new();
        stdout.read_line(&mut first).expect("first line");
        stdout.read_line(&mut second).expect("second line");
        thread::spawn(move || for _ in stdout.lines() {});
        let mut server = Server {
            child,
            addr: String::new(),
            out: PathBuf::new(),
            log,
        };
        let url = first
            .trim()
            .strip_prefix("Serving http://")
            .unwrap_or_else(|| panic!("first line {first:?}; log:\n{}", server.log()));
        server.addr = url.trim_end_matches('/').to_string();
        server.out = PathBuf::from(second.trim().strip_prefix("Output ").expect("output line"));
        assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
        assert_eq!(
            server.out.canonicalize().expect("output exists"),
            out.canonicalize().expect("output exists")
        );
        server
    }

    fn log(&self) -> String {
        self.log.lock().expect("log").clone()
    }

    fn get(&self, target: &str) -> Response {
        request(&self.addr, &format!("GET {target} HTTP/1.1"))
    }
}

/// A response as read off the wire.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }
}

/// Sends one request line as it is (no normalisation) and reads the whole response.
fn request(addr: &str, line: &str) -> Response {
    request_as(addr, addr, line)
}

/// [`request`] with `host` as its `Host` header.
fn request_as(addr: &str, host: &str, line: &str) -> Response {
    send_raw(
        addr,
        &format!("{line}\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `head` as it is and reads the whole response.
fn send_raw(addr: &str, head: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    stream.write_all(head.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status_line = lines.next().expect("status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect();
    let body = raw[split + 4..].to_vec();
    Response {
        status,
        headers,
        body,
    }
}

/// The event stream, read in a thread: each event as (name, data).
struct Events {
    received: Receiver<(String, String)>,
}

impl Events {
    /// Opens the stream and returns once the server has registered it.
    fn open(addr: &str) -> Events {
        Events::open_as(addr, addr)
    }

    /// [`Events::open`] with `host` as the `Host` header.
    fn open_as(addr: &str, host: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        let request = format!(
            "GET /__vinhdanh/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).expect("send");
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).expect("status line");
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        let mut saw_type = false;
        loop {
            line.clear();
            reader.read_line(&mut line).expect("header");
            saw_type |= line.eq_ignore_ascii_case("content-type: text/event-stream\r\n");
            if line == "\r\n" {
                break;
            }
        }
        assert!(saw_type, "the stream is text/event-stream");
        line.clear();
        reader.read_line(&mut line).expect("retry line");
        assert!(line.starts_with("retry:"), "{line}");
        let (sender, received) = channel();
        thread::spawn(move || {
            let (mut name, mut data) = (String::new(), Vec::new());
            for line in reader.lines().map_while(Result::ok) {
                if let Some(value) = line.strip_prefix("event: ") {
                    name = value.to_string();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push(value.strip_prefix(' ').unwrap_or(value).to_string());
                } else if line.is_empty() && !name.is_empty() {
                    if sender.send((name.clone(), data.join("\n"))).is_err() {
                        return;
                    }
                    name.clear();
                    data.clear();
                }
            }
        });
        Events { received }
    }

    /// Waits for the next event named `name` (others are skipped) and returns its data.
    fn next(&self, name: &str, server: &Server) -> String {
        let started = Instant::now();
        while let Some(left) = WAIT.checked_sub(started.elapsed()) {
            match self.received.recv_timeout(left) {
                Ok((event, data)) if event == name => return data,
                Ok(_) => continue,
                Err(_) => break,
            }
        }
        panic!("no {name} event in time; log:\n{}", server.log());
    }
}

/// Replaces `from` by `to` in a file of the site (which must contain it).
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).expect("read site file");
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write site file");
}

/// The preview folder holds exactly what `vinhdanh build` makes of the same site now.
fn assert_same_as_fresh_build(root: &Path, out: &Path) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let fresh = dir.path().join("fresh");
    let output = vinhdanh(root, &["build", "-o", fresh.to_str().expect("utf-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (served, built) = (tree(out), tree(&fresh));
    let served_paths: Vec<&String> = served.keys().collect();
    let built_paths: Vec<&String> = built.keys().collect();
    assert_eq!(served_paths, built_paths, "the same files");
    for (path, bytes) in &built {
        assert!(served[path] == *bytes, "{path} differs from a fresh build");
    }
}

#[test]
fn edits_show_up_after_a_reload_and_match_a_fresh_build() {
    let site = valid_site();
    let root = site.path();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(root, &out_dir.path().join("xem-truoc"));
    let story = "/cau-chuyen/ba-the-he/";
    let page = server.get(story);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert!(page.text().contains("Ba thế hệ cùng đến lớp"));
    assert!(page.text().contains(SCRIPT_TAG), "the script is injected");
    let written = fs::read_to_string(server.out.join("cau-chuyen/ba-the-he/index.html"))
        .expect("page on disk");
    assert!(!written.contains("__vinhdanh"), "never in the files");
    let events = Events::open(&server.addr);

    // A story: its page, and the overview that lists it.
    edit(
        root,
        "content/cau-chuyen/ba-the-he.md",
        "Ba thế hệ cùng đến lớp",
        "Bốn thế hệ cùng đến lớp",
    );
    events.next("reload", &server);
    assert!(server.get(story).text().contains("Bốn thế hệ cùng đến lớp"));
    assert!(server.get("/").text().contains("Bốn thế hệ cùng đến lớp"));

    // A record's name: its page, and the story that shows it.
    edit(
        root,
        "data/records/ho-gia-dinh.toml",
        "Gia đình ông Nguyễn Văn An",
        "Gia đình ông Nguyễn Văn Ân",
    );
    events.next("reload", &server);
    assert!(
        server
            .get("/ho-so/gd-nguyen-van-an/")
            .text()
            .contains("Nguyễn Văn Ân")
    );
    assert!(server.get(story).text().contains("Nguyễn Văn Ân"));

    // A province's name: on every page (the navigation lists provinces).
    edit(root, "data/provinces/bac-ninh.toml", "Bắc Ninh", "Kinh Bắc");
    events.next("reload", &server);
    assert!(server.get("/tinh/bac-ninh/").text().contains("Kinh Bắc"));
    assert!(
        server
            .get("/ho-so/gd-nguyen-van-an/")
            .text()
            .contains("Kinh Bắc")
    );

    // A commune renamed: its page moves, and the page of a record naming it by code links
    // the new one.
    edit(
        root,
        "data/provinces/bac-ninh.toml",
        "Xã Tiên Du",
        "Xã Tiên Sơn",
    );
    events.next("reload", &server);
    assert_eq!(server.get("/tinh/bac-ninh/xa-tien-son/").status, 200);
    assert_eq!(server.get("/tinh/bac-ninh/xa-tien-du/").status, 404);
    assert!(
        server
            .get("/ho-so/gd-tran-thi-hoa/")
            .text()
            .contains("href=/tinh/bac-ninh/xa-tien-son/>")
    );
    assert_same_as_fresh_build(root, &server.out);

    // A commune grows past one page, then shrinks back: its second page comes and goes.
    let second_page = "/tinh/bac-ninh/xa-tien-son/trang/2/";
    assert_eq!(server.get(second_page).status, 404);
    let families: String = (0..COMMUNE_PAGE_SIZE + 5)
        .map(|i| {
            format!(
                "[[family]]\nid = \"gd-them-{i:03}\"\nname = \"Gia đình ông Lê Văn Bình\"\n\
                 province = \"bac-ninh\"\ncommune = \"09190\"\n\n[[family.assessment]]\n\
                 round = 2024\ncriteria = {{ tre-em-den-truong = true, so-chuyen-de = 3, \
                 tu-sach = true }}\n\n"
            )
        })
        .collect();
    // Written aside, then moved in at once: a busy machine may see a slow write in two parts.
    fs::write(root.join("data/records/them.toml.tmp"), families).expect("records");
    fs::rename(
        root.join("data/records/them.toml.tmp"),
        root.join("data/records/them.toml"),
    )
    .expect("move the records in");
    events.next("reload", &server);
    assert_eq!(server.get(second_page).status, 200);
    assert_same_as_fresh_build(root, &server.out);
    fs::remove_file(root.join("data/records/them.toml")).expect("remove records");
    events.next("reload", &server);
    assert_eq!(server.get(second_page).status, 404);
    assert_same_as_fresh_build(root, &server.out);

    // The rules: a stricter pass mark changes verdicts on every kind of page.
    edit(
        root,
        "data/rules.toml",
        "min_points = 20",
        "min_points = 30",
    );
    events.next("reload", &server);
    assert_same_as_fresh_build(root, &server.out);

    // A template: the pages made with it.
    edit(
        root,
        "themes/default/templates/story.html",
        "</article>",
        "<p>dấu-mẫu-thử</p></article>",
    );
    events.next("reload", &server);
    assert!(server.get(story).text().contains("dấu-mẫu-thử"));

    // A static file.
    fs::write(root.join("static/ghi-chu.txt"), "hai\n").expect("static file");
    events.next("reload", &server);
    let note = server.get("/ghi-chu.txt");
    assert_eq!(note.header("content-type"), "text/plain; charset=utf-8");
    assert_eq!(note.text(), "hai\n");

    assert_same_as_fresh_build(root, &server.out);

    // A new story, then the story removed again.
    let new_story = "+++\ntitle = \"Lớp học buổi tối\"\ndate = 2025-01-05\nsummary = \"Một lớp học mới.\"\nrecords = [\"gd-nguyen-van-an\"]\nprovince = \"bac-ninh\"\n+++\n\nNội dung.\n";
    fs::write(
        root.join("content/cau-chuyen/lop-hoc-buoi-toi.md"),
        new_story,
    )
    .expect("story");
    events.next("reload", &server);
    assert_eq!(server.get("/cau-chuyen/lop-hoc-buoi-toi/").status, 200);
    assert!(
        server
            .get("/ho-so/gd-nguyen-van-an/")
            .text()
            .contains("Lớp học buổi tối")
    );
    assert_same_as_fresh_build(root, &server.out);
    fs::remove_file(root.join("content/cau-chuyen/lop-hoc-buoi-toi.md")).expect("remove story");
    events.next("reload", &server);
    assert_eq!(server.get("/cau-chuyen/lop-hoc-buoi-toi/").status, 404);

    assert_same_as_fresh_build(root, &server.out);
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_until_it_is_fixed() {
    let site = valid_site();
    let root = site.path();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let mut server = Server::start(root, &out_dir.path().join("xem-truoc"));
    let events = Events::open(&server.addr);
    let record = "/ho-so/gd-nguyen-van-an/";
    let before = server.get(record).text();

    // Bad TOML: an error event with the place, the last good page still served.
    let file = "data/records/ho-gia-dinh.toml";
    let good_text = fs::read_to_string(root.join(file)).expect("records");
    fs::write(root.join(file), format!("{good_text}\n[[family]\nid = ")).expect("break");
    let error = events.next("error", &server);
    assert!(error.contains("ho-gia-dinh.toml"), "{error}");
    assert_eq!(server.get(record).text(), before);
    let log = server.log();
    assert!(
        log.contains("lỗi[E"),
        "the terminal shows the error:\n{log}"
    );

    // A page opened now gets the error at once.
    let late = Events::open(&server.addr);
    assert!(late.next("error", &server).contains("ho-gia-dinh.toml"));

    // Fixed, with a change: the site comes back and shows it.
    fs::write(
        root.join(file),
        good_text.replacen(
            "Gia đình ông Nguyễn Văn An",
            "Gia đình ông Nguyễn Văn Ấn",
            1,
        ),
    )
    .expect("fix");
    events.next("reload", &server);
    assert!(server.get(record).text().contains("Nguyễn Văn Ấn"));

    // An unknown record id in a story: refused, then fixed.
    let story = "content/cau-chuyen/ba-the-he.md";
    edit(
        root,
        story,
        "records = [\"gd-nguyen-van-an\"]",
        "records = [\"khong-co-ho-nay\"]",
    );
    let error = events.next("error", &server);
    assert!(error.contains("khong-co-ho-nay"), "{error}");
    assert!(
        server
            .get("/cau-chuyen/ba-the-he/")
            .text()
            .contains("Nguyễn Văn Ấn")
    );
    edit(
        root,
        story,
        "records = [\"khong-co-ho-nay\"]",
        "records = [\"gd-nguyen-van-an\"]",
    );
    events.next("reload", &server);

    assert_same_as_fresh_build(root, &server.out);
    assert!(
        server.child.try_wait().expect("status").is_none(),
        "still running"
    );
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let site = invalid_site("missing-field");
    let root = site.path();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(root, &out_dir.path().join("xem-truoc"));
    let home = server.get("/");
    assert_eq!(home.status, 404);
    assert!(
        home.text().contains(SCRIPT_TAG),
        "the error overlay can show"
    );
    let events = Events::open(&server.addr);
    let error = events.next("error", &server);
    for vietnamese in ["lỗi[E", "1 lỗi: bản xem trước giữ phiên bản tốt gần nhất"]
    {
        assert!(error.contains(vietnamese), "{vietnamese:?} not in {error}");
    }
    assert!(!error.contains("error"), "English in {error}");
    copy_tree(&sites_dir().join("valid"), root);
    let reload = events.next("reload", &server);
    assert!(reload.starts_with("Đã dựng lại trong "), "{reload}");
    assert!(server.log().contains("Thay đổi: "), "{}", server.log());
    assert_eq!(server.get("/").status, 200);
    assert_same_as_fresh_build(root, &server.out);
}

#[test]
fn only_files_of_the_output_are_served() {
    let site = valid_site();
    let root = site.path();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    fs::write(out_dir.path().join("secret.txt"), "bí mật").expect("secret");
    let server = Server::start(root, &out_dir.path().join("xem-truoc"));
    let get = |target: &str| request(&server.addr, &format!("GET {target} HTTP/1.1"));
    for target in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/cau-chuyen/%2e%2e/%2e%2e/secret.txt",
        "/..%2f..%2fetc%2fpasswd",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/index.html%00.txt",
        "/C:/Windows/win.ini",
    ] {
        let response = get(target);
        assert_eq!(response.status, 400, "{target}");
        assert!(!response.text().contains("bí mật"), "{target}");
    }
    assert_eq!(get("http://127.0.0.1/site.toml").status, 400);
    assert_eq!(get(&format!("/{}", "a/".repeat(1100))).status, 414);
    assert_eq!(request(&server.addr, "POST / HTTP/1.1").status, 405);
    assert_eq!(
        request(&server.addr, "DELETE /index.html HTTP/1.1").status,
        405
    );

    // Not a file of the output: 404 with the site's own page.
    for target in [
        "/site.toml",
        "/data/rules.toml",
        "/khong-co/",
        "/%252e%252e/secret.txt",
    ] {
        let response = get(target);
        assert_eq!(response.status, 404, "{target}");
        assert!(response.text().contains("404"), "{target}");
    }

    // Folders, heads, types.
    let moved = get("/cau-chuyen/ba-the-he");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), "/cau-chuyen/ba-the-he/");
    let head = request(&server.addr, "HEAD / HTTP/1.1");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert!(
        head.header("content-length")
            .parse::<usize>()
            .expect("length")
            > 0
    );
    for (target, content_type) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/atom.xml", "application/atom+xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__vinhdanh/reload.js", "text/javascript; charset=utf-8"),
    ] {
        let response = get(target);
        assert_eq!(response.status, 200, "{target}");
        assert_eq!(response.header("content-type"), content_type, "{target}");
    }
}

/// The fast path for Markdown edits (only the changed files read, the stories relinked into the
/// old site) makes the same site as loading and building everything again.
#[test]
fn relinking_stories_equals_building_the_site_again() {
    use vinhdanh::check::check_site;
    use vinhdanh::model::{build_site, relink_content};

    let site = valid_site();
    let root = site.path();
    let before = check_site(root);
    let honours = before.honours.as_ref().expect("valid site");
    let old_site = build_site(&before.inputs, honours, None);

    edit(
        root,
        "content/cau-chuyen/ba-the-he.md",
        "date = 2024-03-12",
        "date = 2023-01-02",
    );
    let newer = "+++\ntitle = \"Mới\"\ndate = 2025-02-01\nsummary = \"Mới.\"\nrecords = [\"gd-nguyen-van-an\"]\nprovince = \"bac-ninh\"\nslug = \"ba-the-he-moi\"\n+++\nMới.\n";
    fs::write(root.join("content/cau-chuyen/moi.md"), newer).expect("story");
    edit(root, "content/gioi-thieu.md", "+++\n", "+++\n");
    let after = check_site(root);
    assert!(!after.has_errors());
    let fresh = build_site(&after.inputs, after.honours.as_ref().expect("valid"), None);

    let mut relinked = old_site.clone();
    relink_content(&mut relinked, &after.inputs);
    assert_eq!(
        serde_json::to_string(&relinked).expect("json"),
        serde_json::to_string(&fresh).expect("json")
    );
}

/// A decision's date and a story's `updated` are dates the sitemap gives (`lastmod`) though no
/// URL changes: editing them makes the sitemap again, as a fresh build writes it.
#[test]
fn date_edits_date_the_sitemap_as_a_fresh_build_does() {
    let site = demo_copy();
    let root = site.path();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(root, &out_dir.path().join("xem-truoc"));
    let events = Events::open(&server.addr);
    let fresh = out_dir.path().join("fresh");
    let cases = [
        (
            "/dot/2024/",
            "data/records/hung-yen/gia-dinh.toml",
            "decision = \"229/QĐ-UBND\"\ndate = 2024-12-25",
            "decision = \"229/QĐ-UBND\"\ndate = 2024-12-28",
            ("2024-12-25", "2024-12-28"),
        ),
        // A story's `updated`: the date of its page, of its province's and of the story list.
        (
            "/cau-chuyen/tu-sach-thon-xuan-quan/",
            "content/cau-chuyen/tu-sach-thon-xuan-quan.md",
            "date = 2025-12-19\n",
            "date = 2025-12-19\nupdated = 2025-12-30\n",
            ("2025-12-19", "2025-12-30"),
        ),
    ];
    for (page, file, from, to, (before, after)) in cases {
        let lastmod = |date: &str| format!("{page}</loc><lastmod>{date}<");
        let served = server.get("/sitemap.xml").text();
        assert!(served.contains(&lastmod(before)), "{served}");
        edit(root, file, from, to);
        events.next("reload", &server);
        let served = server.get("/sitemap.xml").text();
        assert!(served.contains(&lastmod(after)), "{served}");
        assert_eq!(served, built_sitemap(root, &fresh));
    }
}

/// The `sitemap.xml` that `vinhdanh build` makes of `root` now, built into `out`.
fn built_sitemap(root: &Path, out: &Path) -> String {
    let output = vinhdanh(root, &["build", "-o", out.to_str().expect("utf-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    fs::read_to_string(out.join("sitemap.xml")).expect("built sitemap")
}

/// A story file for the site of [`valid_site`], dated day `day` of January 2024.
fn numbered_story(n: usize, day: usize, alias: bool) -> String {
    let aliases = if alias {
        format!("aliases = [\"/tin-cu/so-{n}\"]\n")
    } else {
        String::new()
    };
    format!(
        "+++\ntitle = \"Câu chuyện số {n}\"\ndate = 2024-01-{day:02}\nsummary = \"Số {n}.\"\nrecords = [\"gd-nguyen-van-an\"]\nprovince = \"bac-ninh\"\n{aliases}+++\n\nNội dung số {n}.\n"
    )
}

/// Markdown edits reuse the listings and the job keys of the last build: a batch of stories that
/// adds story-list pages and redirects, a date that reorders the list, stories removed, a free
/// page's title (on every page), then a record, each leaves what a fresh build makes.
#[test]
fn markdown_edits_that_move_the_story_list_match_a_fresh_build() {
    let site = valid_site();
    let root = site.path();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(root, &out_dir.path().join("xem-truoc"));
    let events = Events::open(&server.addr);

    // Written aside, then moved in at once: one change of a folder.
    let batch = tempfile::tempdir_in(root).expect("temporary folder");
    for n in 1..=25 {
        let text = numbered_story(n, n, n % 5 == 0);
        fs::write(batch.path().join(format!("so-{n}.md")), text).expect("story");
    }
    let folder = root.join("content/cau-chuyen/loat");
    fs::rename(batch.path(), &folder).expect("move the stories in");
    events.next("reload", &server);
    assert_eq!(server.get("/cau-chuyen/trang/2/").status, 200);
    assert_eq!(server.get("/tin-cu/so-5/").status, 200);
    assert_same_as_fresh_build(root, &server.out);

    fs::write(folder.join("so-3.md"), numbered_story(3, 28, true)).expect("story");
    events.next("reload", &server);
    assert_same_as_fresh_build(root, &server.out);

    for n in [5, 10, 11, 12, 13, 14, 15] {
        fs::remove_file(folder.join(format!("so-{n}.md"))).expect("remove story");
        events.next("reload", &server);
    }
    assert_eq!(server.get("/tin-cu/so-5/").status, 404);
    assert_same_as_fresh_build(root, &server.out);

    edit(root, "content/gioi-thieu.md", "title = \"", "title = \"Về ");
    events.next("reload", &server);
    assert_same_as_fresh_build(root, &server.out);

    edit(
        root,
        "data/records/ho-gia-dinh.toml",
        "Gia đình ông Nguyễn Văn An",
        "Gia đình ông Nguyễn Văn Ân",
    );
    events.next("reload", &server);
    fs::write(folder.join("so-1.md"), numbered_story(1, 2, false)).expect("story");
    events.next("reload", &server);
    assert_same_as_fresh_build(root, &server.out);
}

/// The Markdown pages found without a pass over the records are those of every job, in order.
#[test]
fn markdown_pages_are_found_in_job_order() {
    use vinhdanh::check::check_site;
    use vinhdanh::model::build_site;
    use vinhdanh::render::{Job, Renderer, Theme, content_page_jobs, is_content_page};

    let site = valid_site();
    let root = site.path();
    for n in 1..=25 {
        let text = numbered_story(n, n, n % 4 == 0);
        fs::write(root.join(format!("content/cau-chuyen/so-{n}.md")), text).expect("story");
    }
    let checked = check_site(root);
    let honours = checked.honours.as_ref().expect("valid site");
    let built = build_site(&checked.inputs, honours, None);
    let config = &checked.inputs.config;
    let theme = Theme::load(root, &config.theme, &config.language).expect("theme");
    let renderer = Renderer::new(&built, &theme);
    let from_all: Vec<String> = renderer
        .jobs()
        .into_iter()
        .filter_map(|job| match job {
            Job::Page(page) if is_content_page(page) => Some(format!("{page:?}")),
            _ => None,
        })
        .collect();
    let direct: Vec<String> = content_page_jobs(&built)
        .into_iter()
        .map(|page| format!("{page:?}"))
        .collect();
    assert!(from_all.len() > 26, "stories, two list pages, redirects");
    assert_eq!(direct, from_all);
}

/// A private phone number pasted into a story, then written into a public record, while the
/// preview runs: each is reported at its place, in the terminal and over the page, and the page
/// keeps its last good version. The record edit leaves the guarded values as they were, so the
/// gate is kept and only the changed record is looked through again: it is still refused.
#[test]
fn a_private_value_written_while_previewing_is_reported_at_its_place() {
    let site = valid_site();
    let root = site.path();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(root, &out_dir.path().join("xem-truoc"));
    let events = Events::open(&server.addr);
    let cases = [
        (
            "/cau-chuyen/ba-the-he/",
            "content/cau-chuyen/ba-the-he.md",
            "Ông An vẫn đọc sách mỗi tối cùng các cháu.",
            "Gọi ông An: 0912 345 678.",
            ["lỗi[E035]", "ba-the-he.md:9:13"],
        ),
        (
            "/ho-so/dh-nguyen-dinh/",
            "data/records/dong-ho.toml",
            "\"Dòng họ Nguyễn Đình\"",
            "\"Dòng họ Nguyễn Đình 0912.345.678\"",
            ["lỗi[E036]", "dong-ho.toml:2:"],
        ),
    ];
    for (page, file, good, leaking, reported) in cases {
        let before = server.get(page).text();
        edit(root, file, good, leaking);
        let error = events.next("error", &server);
        for part in reported {
            assert!(error.contains(part), "{part} not in {error}");
        }
        assert_eq!(server.get(page).text(), before);
        let on_disk = server
            .out
            .join(page.trim_start_matches('/'))
            .join("index.html");
        let on_disk = fs::read_to_string(on_disk).expect("page on disk");
        assert!(!on_disk.contains("345 678") && !on_disk.contains("345.678"));
        edit(root, file, leaking, good);
        events.next("reload", &server);
    }
    assert_same_as_fresh_build(root, &server.out);
}

/// 130 slow clients hold connections (more than the heads the server keeps): a page and an
/// event stream are still served to others, and the server lets go of each slow client (408,
/// or dropped to make room) instead of waiting for it.
#[test]
fn slow_clients_keep_neither_pages_nor_event_streams_from_others() {
    let site = valid_site();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(site.path(), &out_dir.path().join("xem-truoc"));
    let head = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Cham: {}\r\n\r\n",
        server.addr,
        "a".repeat(200)
    );
    // Each sends its head a byte a second, and never finishes it.
    let slow: Vec<TcpStream> = (0..130)
        .map(|_| TcpStream::connect(&server.addr).expect("connect"))
        .collect();
    let writers: Vec<TcpStream> = slow
        .iter()
        .map(|client| client.try_clone().expect("clone"))
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let dribbling = {
        let stop = Arc::clone(&stop);
        let bytes = head.into_bytes();
        thread::spawn(move || {
            for byte in bytes.iter().take_while(|_| !stop.load(Ordering::SeqCst)) {
                for mut writer in &writers {
                    let _ = writer.write_all(&[*byte]);
                }
                thread::sleep(Duration::from_secs(1));
            }
        })
    };

    let page = server.get("/cau-chuyen/ba-the-he/");
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.text().contains("Ba thế hệ cùng đến lớp"));
    let events = Events::open(&server.addr);
    edit(
        site.path(),
        "content/cau-chuyen/ba-the-he.md",
        "Ba thế hệ cùng đến lớp",
        "Bốn thế hệ cùng đến lớp",
    );
    events.next("reload", &server);
    assert!(
        server
            .get("/cau-chuyen/ba-the-he/")
            .text()
            .contains("Bốn thế hệ cùng đến lớp")
    );

    stop.store(true, Ordering::SeqCst);
    dribbling.join().expect("slow clients");
    let mut timed_out = 0;
    for mut client in slow {
        client.set_read_timeout(Some(WAIT)).expect("timeout");
        let mut raw = Vec::new();
        match client.read_to_end(&mut raw) {
            Ok(_) => {}
            Err(error) => assert_eq!(
                error.kind(),
                std::io::ErrorKind::ConnectionReset,
                "the server lets go of a slow client"
            ),
        }
        let answer = String::from_utf8_lossy(&raw);
        assert!(
            raw.is_empty() || answer.starts_with("HTTP/1.1 408 "),
            "{answer}"
        );
        timed_out += usize::from(!raw.is_empty());
    }
    assert!(timed_out > 0, "the head deadline ends slow clients");
}

/// A page of another site that had its name point at 127.0.0.1 (DNS rebinding) sends its own
/// name as `Host`: pages, the script, the event stream and the errors it carries are refused;
/// the preview's own names are answered.
#[test]
fn other_hosts_get_neither_pages_nor_events_nor_errors() {
    let site = valid_site();
    let root = site.path();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(root, &out_dir.path().join("xem-truoc"));
    let port = server.addr.rsplit(':').next().expect("port");
    let local = format!("localhost:{port}");
    let events = Events::open_as(&server.addr, &local);
    let file = "data/records/ho-gia-dinh.toml";
    let good_text = fs::read_to_string(root.join(file)).expect("records");
    fs::write(root.join(file), format!("{good_text}\n[[family]\nid = ")).expect("break");
    assert!(events.next("error", &server).contains("ho-gia-dinh.toml"));

    let foreign = format!("evil.example:{port}");
    let port_number: u16 = port.parse().expect("port number");
    let other_port = format!("localhost:{}", port_number.wrapping_add(1));
    for host in [foreign.as_str(), &other_port, "127.0.0.1", "evil.example"] {
        for line in [
            "GET / HTTP/1.1",
            "GET /cau-chuyen/ba-the-he/ HTTP/1.1",
            "HEAD / HTTP/1.1",
            "GET /khong-co/ HTTP/1.1",
            "GET /__vinhdanh/reload.js HTTP/1.1",
            "GET /__vinhdanh/events HTTP/1.1",
        ] {
            let response = request_as(&server.addr, host, line);
            assert_eq!(response.status, 421, "{host} {line}");
            let text = response.text();
            assert!(!text.contains("ho-gia-dinh"), "{host} {line}: {text}");
            assert!(!text.contains("Gia đình"), "{host} {line}: {text}");
            if line.starts_with("HEAD") {
                assert!(response.body.is_empty(), "{host} {line}: {text}");
            } else {
                assert!(
                    text.contains("Bản xem trước chỉ trả lời"),
                    "{host} {line}: {text}"
                );
            }
        }
    }

    for host in [
        local.as_str(),
        &server.addr,
        &format!("[::1]:{port}"),
        &format!("LOCALHOST:{port}"),
    ] {
        let response = request_as(&server.addr, host, "GET /cau-chuyen/ba-the-he/ HTTP/1.1");
        assert_eq!(response.status, 200, "{host}");
        assert!(response.text().contains("Ba thế hệ cùng đến lớp"), "{host}");
    }
    let late = Events::open(&server.addr);
    assert!(late.next("error", &server).contains("ho-gia-dinh.toml"));
}

/// The head is read whole or refused with the status that says why.
#[test]
fn oversize_and_malformed_heads_get_their_status() {
    let site = valid_site();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(site.path(), &out_dir.path().join("xem-truoc"));
    let addr = &server.addr;

    let big_header = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Lon: {}\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    let response = send_raw(addr, &big_header);
    assert_eq!(response.status, 431);
    assert!(response.text().contains("quá lớn"), "{}", response.text());
    let big_target = format!(
        "GET /{} HTTP/1.1\r\nHost: {addr}\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    assert_eq!(send_raw(addr, &big_target).status, 414);
    assert_eq!(
        request(addr, &format!("GET /{} HTTP/1.1", "a".repeat(3000))).status,
        414
    );
    assert_eq!(send_raw(addr, "GET / HTTP/1.1\r\n\r\n").status, 400);
    assert_eq!(
        send_raw(
            addr,
            &format!("GET / HTTP/1.1\r\nHost: {addr}\r\nHost: {addr}\r\n\r\n")
        )
        .status,
        400
    );
    assert_eq!(
        send_raw(addr, &format!("GET / HTTP/1.1\r\nHost {addr}\r\n\r\n")).status,
        400
    );
    let post = request(addr, "POST / HTTP/1.1");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), "GET, HEAD");

    // What must still pass: a head just under the limit, and HTTP/1.0 without a Host.
    let near_limit = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Lon: {}\r\n\r\n",
        "a".repeat(15 * 1024)
    );
    assert_eq!(send_raw(addr, &near_limit).status, 200);
    let old = send_raw(addr, "GET /robots.txt HTTP/1.0\r\n\r\n");
    assert_eq!(old.status, 200);
    assert_eq!(old.header("content-type"), "text/plain; charset=utf-8");
}

/// Puts `bytes` at `file` of the site in one step (written beside, then renamed), so that the
/// watcher never sees half a file.
fn put(root: &Path, file: &str, bytes: &[u8]) {
    let staging = tempfile::NamedTempFile::new_in(root).expect("temporary file");
    fs::write(staging.path(), bytes).expect("write");
    let target = root.join(file);
    fs::create_dir_all(target.parent().expect("folder")).expect("folder");
    staging.persist(&target).expect("rename");
}

/// A phone photo dropped into `static/` while serving is served without its metadata, as
/// `build` publishes it; one cut short is refused with the file named, the last good site
/// still served.
#[test]
fn a_photo_added_while_serving_is_served_without_its_metadata() {
    let site = valid_site();
    let root = site.path();
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(root, &out_dir.path().join("xem-truoc"));
    let events = Events::open(&server.addr);
    let photo = fs::read(sites_dir().join("hostile/photo-metadata/static/anh/dien-thoai.jpg"))
        .expect("fixture photo");
    let latitude = b"\0\0\0\x15\0\0\0\x01";
    assert!(photo.windows(8).any(|w| w == latitude));

    put(root, "static/anh/dien-thoai.jpg", &photo);
    events.next("reload", &server);
    let served = server.get("/anh/dien-thoai.jpg");
    assert_eq!(served.status, 200);
    let cleaned = vinhdanh::images::clean("dien-thoai.jpg", photo.clone()).expect("clean");
    assert_eq!(served.body, cleaned);
    assert!(!served.body.windows(8).any(|w| w == latitude));

    put(root, "static/anh/chep-do.jpg", &photo[..photo.len() - 100]);
    let error = events.next("error", &server);
    assert!(
        error.contains("chep-do.jpg") && error.contains("E045"),
        "{error}"
    );
    assert_eq!(server.get("/anh/dien-thoai.jpg").body, cleaned);
    assert_eq!(server.get("/anh/chep-do.jpg").status, 404);

    fs::remove_file(root.join("static/anh/chep-do.jpg")).expect("remove");
    events.next("reload", &server);
    assert_same_as_fresh_build(root, &server.out);
}

/// A draft of the valid site, about its public family.
const DRAFT: &str = "+++\ntitle = \"Nháp: lớp học buổi tối\"\ndate = 2024-05-02\nsummary = \"Bài chưa đăng về lớp học buổi tối.\"\nrecords = [\"gd-nguyen-van-an\"]\nprovince = \"bac-ninh\"\ndraft = true\n+++\n\nLớp học buổi tối của thôn.\n";

#[test]
fn serve_with_drafts_shows_a_draft_marked_and_nowhere_else() {
    let site = valid_site();
    fs::write(site.path().join("content/cau-chuyen/lop-hoc-toi.md"), DRAFT).expect("draft");
    let out = tempfile::tempdir().expect("temporary folder");
    let server = Server::start_with(site.path(), &out.path().join("xem"), &["--drafts"]);
    let draft = server.get("/cau-chuyen/lop-hoc-toi/");
    assert_eq!(draft.status, 200, "{}", server.log());
    let html = draft.text();
    assert!(
        html.contains("<strong class=ban-nhap__nhan>Bản nháp</strong>"),
        "{html}"
    );
    assert_eq!(
        crate::support::meta(&html, "meta[name=robots]").as_deref(),
        Some("noindex")
    );
    assert!(!html.contains("NewsArticle"), "a draft claims no article");
    assert!(html.contains("Lớp học buổi tối của thôn."));
    // Out of every list, feed, sitemap and search index: only its own page names it.
    for target in [
        "/",
        "/cau-chuyen/",
        "/atom.xml",
        "/sitemap.xml",
        "/tinh/bac-ninh/",
        "/tinh/bac-ninh/atom.xml",
        "/ho-so/gd-nguyen-van-an/",
    ] {
        let response = server.get(target);
        assert_eq!(response.status, 200, "{target}");
        assert!(
            !response.text().contains("lop-hoc-toi"),
            "{target} names the draft"
        );
    }
    for (path, bytes) in tree(&server.out) {
        if path != "cau-chuyen/lop-hoc-toi/index.html" {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("lop-hoc-toi"), "{path} names the draft");
            assert!(!text.contains("Nháp: lớp học"), "{path} names the draft");
        }
    }
    // The published story is still marked as published.
    let story = server.get("/cau-chuyen/ba-the-he/");
    assert_eq!(story.status, 200);
    assert!(!story.text().contains("ban-nhap__nhan"));
}

#[test]
fn serve_without_drafts_shows_no_draft() {
    let site = valid_site();
    fs::write(site.path().join("content/cau-chuyen/lop-hoc-toi.md"), DRAFT).expect("draft");
    let out = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(site.path(), &out.path().join("xem"));
    assert_eq!(
        server.get("/cau-chuyen/lop-hoc-toi/").status,
        404,
        "{}",
        server.log()
    );
}

#[test]
fn a_draft_with_a_private_value_is_refused_like_any_story() {
    let site = valid_site();
    let leaking = DRAFT.replace("của thôn.", "của thôn. Gọi 0912 345 678.");
    fs::write(
        site.path().join("content/cau-chuyen/lop-hoc-toi.md"),
        leaking,
    )
    .expect("draft");
    let found = crate::support::found(&crate::support::check(site.path()));
    assert!(
        found
            .iter()
            .any(|f| f.code == "E035" && f.file.ends_with("lop-hoc-toi.md")),
        "{found:?}"
    );
}

/// Staff preview a draft, edit a record it shows, then publish it: the draft stays previewed
/// through the record edit, showing the record as edited; once published the mark goes, the
/// lists take it in, and the preview holds what a fresh build of the published site holds,
/// besides nothing.
#[test]
fn a_draft_published_while_previewing_leaves_its_mark_behind() {
    let site = valid_site();
    let root = site.path();
    fs::write(root.join("content/cau-chuyen/lop-hoc-toi.md"), DRAFT).expect("draft");
    let out = tempfile::tempdir().expect("temporary folder");
    let server = Server::start_with(root, &out.path().join("xem"), &["--drafts"]);
    let draft = "/cau-chuyen/lop-hoc-toi/";
    assert!(server.get(draft).text().contains("ban-nhap__nhan"));
    let events = Events::open(&server.addr);
    let (name, renamed) = ("Gia đình ông Nguyễn Văn An", "Gia đình ông Nguyễn Văn Ân");
    edit(root, "data/records/ho-gia-dinh.toml", name, renamed);
    events.next("reload", &server);
    let page = server.get(draft);
    assert_eq!(page.status, 200, "{}", server.log());
    assert!(page.text().contains("ban-nhap__nhan"));
    assert!(
        page.text().contains("Nguyễn Văn Ân"),
        "the record as edited"
    );
    edit(
        root,
        "content/cau-chuyen/lop-hoc-toi.md",
        "draft = true",
        "draft = false",
    );
    events.next("reload", &server);
    let page = server.get("/cau-chuyen/lop-hoc-toi/");
    assert_eq!(page.status, 200, "{}", server.log());
    assert!(!page.text().contains("ban-nhap__nhan"), "still marked");
    assert!(server.get("/cau-chuyen/").text().contains("lop-hoc-toi"));
    assert!(server.get("/sitemap.xml").text().contains("lop-hoc-toi"));
    assert_same_as_fresh_build(root, &server.out);
    // Back to a draft: out of the lists again, still previewed.
    edit(
        root,
        "content/cau-chuyen/lop-hoc-toi.md",
        "draft = false",
        "draft = true",
    );
    events.next("reload", &server);
    assert!(
        server
            .get("/cau-chuyen/lop-hoc-toi/")
            .text()
            .contains("ban-nhap__nhan")
    );
    assert!(!server.get("/cau-chuyen/").text().contains("lop-hoc-toi"));
    assert!(!server.get("/sitemap.xml").text().contains("lop-hoc-toi"));
}

/// `count` families of commune 09190 of the valid site, each holding the family title in 2024,
/// named so that they sort by their number.
fn many_families(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!(
                "[[family]]\nid = \"gd-them-{i:03}\"\nname = \"Gia đình ông Lê Văn Bình {i:03}\"\n\
                 province = \"bac-ninh\"\ncommune = \"09190\"\n\n[[family.assessment]]\n\
                 round = 2024\ncriteria = {{ tre-em-den-truong = true, so-chuyen-de = 3, \
                 tu-sach = true }}\n\n"
            )
        })
        .collect()
}

/// The address of each HTML page of an output folder whose bytes differ between two trees.
fn changed_pages(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> std::collections::BTreeSet<String> {
    after
        .iter()
        .filter(|(path, bytes)| path.ends_with("index.html") && before.get(*path) != Some(*bytes))
        .map(|(path, _)| format!("/{}", path.trim_end_matches("index.html")))
        .collect()
}

/// A record edit renders the pages that show the record and, of the title and round listings,
/// only the pages whose lines changed: one page of a three-page listing. Every page whose bytes
/// changed is among those rendered, and the output equals a fresh build.
#[test]
fn a_record_edit_renders_the_pages_that_show_it_and_no_other_listing_page() {
    use vinhdanh::commands::serve::{Builder, Change, Plan};

    let site = valid_site();
    let root = site.path();
    fs::write(root.join("data/records/them.toml"), many_families(130)).expect("records");
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("xem-truoc");
    let mut builder = Builder::new(root.to_path_buf(), out.clone());
    builder
        .rebuild(&Plan::full())
        .expect("first build")
        .expect("built");
    let before = tree(&out);

    // A name sorts by its last word: the family keeps its place in every list.
    edit(
        root,
        "data/records/them.toml",
        "Gia đình ông Lê Văn Bình 070",
        "Gia đình ông Lê Văn Bính 070",
    );
    let mut plan = Plan::default();
    plan.add(Change::Records("data/records/them.toml".into()));
    let rebuilt = builder.rebuild(&plan).expect("rebuild").expect("rebuilt");
    let after = tree(&out);
    let rendered: std::collections::BTreeSet<String> = rebuilt.pages.iter().cloned().collect();
    let changed = changed_pages(&before, &after);
    let missed: Vec<&String> = changed.difference(&rendered).collect();
    assert!(missed.is_empty(), "changed but not rendered: {missed:?}");

    let listing = |url: &&String| url.starts_with("/danh-hieu/gia-dinh-hoc-tap/");
    let listing_pages = after
        .keys()
        .filter(|p| p.starts_with("danh-hieu/gia-dinh-hoc-tap/") && p.ends_with("index.html"))
        .count();
    assert!(listing_pages >= 3, "{listing_pages} listing pages");
    let rendered_listing: Vec<&String> = rendered.iter().filter(listing).collect();
    let changed_listing: Vec<&String> = changed.iter().filter(listing).collect();
    assert_eq!(rendered_listing, changed_listing);
    assert_eq!(rendered_listing.len(), 1, "{rendered_listing:?}");
    let record_pages: Vec<&String> = rendered
        .iter()
        .filter(|u| u.starts_with("/ho-so/"))
        .collect();
    assert_eq!(record_pages, ["/ho-so/gd-them-070/"]);
    let rounds: Vec<&String> = rendered.iter().filter(|u| u.starts_with("/dot/")).collect();
    let changed_rounds: Vec<&String> = changed.iter().filter(|u| u.starts_with("/dot/")).collect();
    assert_eq!(rounds, changed_rounds);
    assert_same_as_fresh_build(root, &out);
}
