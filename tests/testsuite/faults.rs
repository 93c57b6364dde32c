//! Faults: a build killed at any moment, two builds at once, a full or read-only output
//! location, and the privacy gate. Each leaves the published output whole.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{assert_old_output_kept, demo_copy, place_old_output, stderr, tree, vinhdanh};

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_whole() {
    let site = demo_copy();
    let out = site.path().join("public");
    let first = vinhdanh(site.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let reference = tree(&out);
    // Kill builds of the same input after different delays: the output must always be the
    // complete site, never a half-written one.
    for delay_ms in [5, 40, 120, 300, 700, 1500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vinhdanh"))
            .arg("--root")
            .arg(site.path())
            .arg("build")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start build");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            tree(&out) == reference,
            "output changed after a kill at {delay_ms} ms"
        );
    }
    let after = vinhdanh(site.path(), &["build"]);
    assert!(
        after.status.success(),
        "a build after the kills fails: {}",
        stderr(&after)
    );
    assert!(tree(&out) == reference);
}

#[test]
fn a_second_build_into_the_same_folder_is_refused_with_a_clear_message() {
    let site = demo_copy();
    let lock_path = site.path().join(".public.lock");
    let holder = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .expect("lock file");
    holder
        .lock()
        .expect("hold the lock as a running build would");
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("một lần dựng khác đang ghi vào"), "{text}");
    let english = stderr(&vinhdanh(site.path(), &["--lang", "en", "build"]));
    assert!(english.contains("another build is writing"), "{english}");
    drop(holder);
    let output = vinhdanh(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Tmpfs {
        let dir = tempfile::tempdir().expect("mount point");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "this test mounts a small tmpfs and needs root"
        );
        Tmpfs { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .expect("run mount");
        assert!(status.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn build_to(site: &Path, out: &Path) -> std::process::Output {
    vinhdanh(site, &["build", "-o", out.to_str().expect("utf-8 path")])
}

#[test]
fn a_full_output_location_fails_clearly_and_keeps_the_old_output() {
    let site = demo_copy();
    // Room for one copy of the site but not for the new copy beside the old one.
    let disk = Tmpfs::mount("8m");
    let out = disk.path().join("public");
    let first = build_to(site.path(), &out);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&out);
    // Unchanged files are kept, not copied: the same site rebuilds in the room left.
    let same = build_to(site.path(), &out);
    assert!(same.status.success(), "{}", stderr(&same));
    assert!(
        tree(&out) == before,
        "a rebuild of the same site changed the output"
    );
    // A new title changes every page: the new copy needs the room of a whole site.
    let config = site.path().join("site.toml");
    let text = fs::read_to_string(&config).expect("read site.toml");
    let retitled = text.replacen("title = \"", "title = \"Trang mới: ", 1);
    fs::write(&config, retitled).expect("write site.toml");
    let second = build_to(site.path(), &out);
    assert_eq!(second.status.code(), Some(1));
    let text = stderr(&second);
    assert!(text.contains("No space left on device"), "{text}");
    assert!(text.contains("Không có gì thay đổi"), "{text}");
    assert!(tree(&out) == before, "old output damaged");
}

#[test]
fn a_read_only_output_location_fails_clearly_and_keeps_the_old_output() {
    let site = demo_copy();
    let disk = Tmpfs::mount("32m");
    let out = disk.path().join("public");
    let first = build_to(site.path(), &out);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&out);
    disk.remount_read_only();
    let second = build_to(site.path(), &out);
    assert_eq!(second.status.code(), Some(1));
    let text = stderr(&second);
    assert!(text.contains("Read-only file system"), "{text}");
    assert!(tree(&out) == before, "old output damaged");
}

/// A revocation's reason is published on the record's page: a citizen's phone number pasted
/// into it is found by `check`, at the record, with the field named, and nothing is built.
#[test]
fn a_private_value_in_a_records_published_text_is_found_by_check() {
    let site = demo_copy();
    let records = site.path().join("data/records/ha-tinh/gia-dinh.toml");
    let text = fs::read_to_string(&records).expect("demo records");
    let reason = "Kê khai không đúng: một cháu trong độ tuổi đã nghỉ học từ học kỳ II";
    assert!(text.contains(reason), "the demo's revocation");
    let leaked = text.replace(reason, "Thu hồi; hỏi thêm bà Huệ qua số 0900 000 002");
    fs::write(&records, leaked).expect("records written");
    let checked = vinhdanh(site.path(), &["check"]);
    assert_eq!(checked.status.code(), Some(1));
    let text = stderr(&checked);
    for expected in [
        "lỗi[E036]: trường `revoked.reason` của hồ sơ này",
        "private.phone của hồ sơ \"cdht-ngo-thi-hue-luong-tai\"",
        "--> data/records/ha-tinh/gia-dinh.toml:",
        "trường `family.revoked.reason`",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    let out = place_old_output(site.path());
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("E036"), "{}", stderr(&output));
    assert_old_output_kept(&out);
}

/// What `check` cannot see, the gate still stops: a theme whose record template writes a
/// citizen's private phone number as fixed text. The build names the page, the template and
/// the record, and publishes nothing.
#[test]
fn the_privacy_gate_refuses_a_private_value_a_theme_writes_and_names_it() {
    let site = demo_copy();
    let template = site.path().join("themes/default/templates/record.html");
    let text = fs::read_to_string(&template).expect("demo template");
    let end = "{% endblock content %}";
    assert!(text.contains(end), "the record template's end");
    let leaked = text.replace(end, &format!("<p>Hỏi thêm: 0900 000 002</p>\n{end}"));
    fs::write(&template, leaked).expect("template written");
    let checked = vinhdanh(site.path(), &["check"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    let out = place_old_output(site.path());
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("private.phone"), "{text}");
    assert!(text.contains("cdht-ngo-thi-hue-luong-tai"), "{text}");
    for vietnamese in ["(do mẫu record.html tạo) chứa", "không có gì được ghi"] {
        assert!(text.contains(vietnamese), "{vietnamese:?} not in {text}");
    }
    let english = stderr(&vinhdanh(site.path(), &["--lang", "en", "build"]));
    assert!(
        english.contains("(made by template record.html) contains the private.phone"),
        "{english}"
    );
    assert_old_output_kept(&out);
}

/// A hidden family whose name is the start of a public family's name does not stop the build:
/// the gate counts a value only where it stands whole. The hidden family's page is still not
/// published, and a private phone number written against a word is still found.
#[test]
fn a_hidden_name_inside_a_longer_public_name_is_not_a_leak() {
    let site = demo_copy();
    let records = site.path().join("data/records/ha-tinh/gia-dinh.toml");
    let mut text = fs::read_to_string(&records).expect("demo records");
    for (id, name, public) in [
        ("gd-tran-van-an-thach-ha", "Gia đình ông Trần Văn An", false),
        (
            "gd-tran-van-anh-thach-ha",
            "Gia đình ông Trần Văn Anh",
            true,
        ),
    ] {
        text.push_str(&format!(
            "\n[[family]]\nid = \"{id}\"\nname = \"{name}\"\nprovince = \"ha-tinh\"\n\
             commune = \"Phường Trần Phú\"\nmembers = 4\npublic = {public}\n\n\
             [family.private]\nphone = \"0900 111 222\"\n"
        ));
    }
    fs::write(&records, &text).expect("records written");
    let output = vinhdanh(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = site.path().join("public/ho-so");
    assert!(out.join("gd-tran-van-anh-thach-ha/index.html").is_file());
    assert!(!out.join("gd-tran-van-an-thach-ha").exists());

    let story = site.path().join("content/cau-chuyen/so-dien-thoai.md");
    let front = "+++\ntitle = \"Liên hệ\"\ndate = 2025-01-01\nsummary = \"Số liên hệ.\"\nrecords = [\"gd-tran-van-anh-thach-ha\"]\n+++\n";
    fs::write(&story, format!("{front}\nSĐT0900 111 222.\n")).expect("story written");
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("private.phone"),
        "{}",
        stderr(&output)
    );
}

/// An output folder that is a mount point cannot be renamed: the final swap fails (as it did
/// for `-o /` before the output guard). The build fails clearly, the folder keeps what it
/// held, and no staging folder is left beside it.
#[test]
fn a_failed_final_swap_leaves_no_staging_folder() {
    let site = demo_copy();
    let disk = Tmpfs::mount("32m");
    let output = build_to(site.path(), disk.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Không có gì thay đổi"),
        "{}",
        stderr(&output)
    );
    let parent = disk.path().parent().expect("parent");
    let name = disk
        .path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        !parent.join(format!(".{name}.tmp")).exists(),
        "staging folder left behind"
    );
    assert!(!parent.join(format!(".{name}.old")).exists());
    assert!(
        !parent.join(format!(".{name}.vinhdanh")).exists(),
        "marked as written though nothing was"
    );
    assert!(tree(disk.path()).is_empty(), "the mount point changed");
}
