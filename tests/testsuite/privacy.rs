//! Private values in the forms staff and themes write them: each written form of a private
//! phone number, birth date and hidden name is refused by `check` at its place and by the
//! build's gate; a common name shared with a public record and a common word of a private
//! table are not refused.

use std::fs;

use crate::support::{check, found, hostile_site, stderr, tree, vinhdanh};

const STORY: &str = "content/cau-chuyen/lien-he.md";

/// The forms on the lines of the story that say "Dạng thứ …: <form> là một cách viết.".
fn form_lines(text: &str) -> Vec<(usize, usize, usize, &str)> {
    text.lines()
        .enumerate()
        .filter_map(|(k, line)| {
            let (before, rest) = line.split_once(": ")?;
            let form = rest.strip_suffix(" là một cách viết.")?;
            let from = before.chars().count() + 3;
            Some((k + 1, from, from + form.chars().count(), form))
        })
        .collect()
}

#[test]
fn check_finds_each_written_form_of_a_private_value_at_its_place() {
    let site = hostile_site("privacy-written-forms");
    let text = fs::read_to_string(site.path().join(STORY)).expect("story");
    let forms = form_lines(&text);
    assert_eq!(forms.len(), 19);
    let found = found(&check(site.path()));
    for (line, from, to, form) in &forms {
        let here: Vec<_> = found
            .iter()
            .filter(|f| f.code == "E035" && f.file == STORY && f.line == *line)
            .collect();
        assert_eq!(here.len(), 1, "{form:?} on line {line}: {found:?}");
        let column = here[0].column;
        assert!(
            (*from..*to).contains(&column),
            "{form:?} reported at column {column}, not within {from}..{to}"
        );
    }
    let other = found.iter().filter(|f| f.line > forms[forms.len() - 1].0);
    assert_eq!(
        other.count(),
        0,
        "another number or name refused: {found:?}"
    );
    assert_eq!(found.len(), forms.len(), "{found:?}");
}

#[test]
fn check_names_the_record_and_field_of_each_form() {
    let site = hostile_site("privacy-written-forms");
    let output = vinhdanh(site.path(), &["--lang", "en", "check"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    for expected in [
        "private.phone of record \"cd-tran-thi-bich\"",
        "private.ngay_sinh of record \"cd-tran-thi-bich\"",
        "name (the record is not public) of record \"cd-pham-minh-khoi\"",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
}

/// The same forms written by a theme, which `check` cannot see: the gate refuses each, naming
/// the page, the template, the record and the field.
#[test]
fn the_gate_refuses_each_written_form_a_theme_writes() {
    let site = hostile_site("privacy-written-forms");
    fs::remove_file(site.path().join(STORY)).expect("story removed");
    let template = site.path().join("themes/default/templates/record.html");
    let original = fs::read_to_string(&template).expect("record template");
    let end = "{% endblock content %}";
    assert!(original.contains(end));
    let phone = "private.phone của hồ sơ \"cd-tran-thi-bich\"";
    let birth = "private.ngay_sinh của hồ sơ \"cd-tran-thi-bich\"";
    let name = "tên (hồ sơ không công khai) của hồ sơ \"cd-pham-minh-khoi\"";
    let cases = [
        ("0900000001", phone),
        ("0900.000.001", phone),
        ("0900&nbsp;000&nbsp;001", phone),
        ("0900 <em>000</em> 001", phone),
        ("0900\u{200b}000\u{200b}001", phone),
        ("𝟎𝟗𝟎𝟎 𝟎𝟎𝟎 𝟎𝟎𝟏", phone),
        ("０９００ ０００ ００１", phone),
        ("<a href=\"tel:0900%20000%20001\">gọi</a>", phone),
        (
            "<a href=\"tel:%30%39%30%30%30%30%30%30%30%31\">gọi</a>",
            phone,
        ),
        ("&#48;900 000 00&#x31;", phone),
        ("+84 900 000 001", phone),
        ("<strong>0900</strong> 000 001", phone),
        ("12/3/1985", birth),
        ("12.03.1985", birth),
        ("PHẠM MINH KHÔI", name),
        ("Pham Minh Khoi", name),
        ("PHAM&nbsp;MINH <b>KHOI</b>", name),
        ("<span title=\"phạm minh khôi\">x</span>", name),
    ];
    for (form, expected) in cases {
        let leaked = original.replace(end, &format!("<p>{form}</p>\n{end}"));
        fs::write(&template, leaked).expect("template written");
        let output = vinhdanh(site.path(), &["build"]);
        assert_eq!(output.status.code(), Some(1), "{form:?} was published");
        let text = stderr(&output);
        assert!(
            text.contains(expected),
            "{form:?}: {expected:?} not in {text}"
        );
        assert!(text.contains("(do mẫu record.html tạo)"), "{text}");
    }
    for other in [
        "09000000012",
        "0900 000 0012",
        "Phạm Minh Khôa",
        "Phạm Minh",
    ] {
        let kept = original.replace(end, &format!("<p>{other}</p>\n{end}"));
        fs::write(&template, kept).expect("template written");
        let output = vinhdanh(site.path(), &["build"]);
        assert!(output.status.success(), "{other:?}: {}", stderr(&output));
    }
}

/// A citizen who is not public and is named like the head of a public family does not stop
/// the family's page nor a story about it; the hidden citizen's page is still not published.
#[test]
fn a_hidden_name_that_is_also_a_public_name_is_not_refused() {
    let site = hostile_site("privacy-homonym");
    assert!(found(&check(site.path())).is_empty());
    let output = vinhdanh(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let files = tree(&site.path().join("public"));
    let story = String::from_utf8_lossy(&files["cau-chuyen/ba-the-he/index.html"]).into_owned();
    assert!(
        story.contains("NGUYỄN VĂN AN"),
        "the story is published whole"
    );
    assert!(files.contains_key("ho-so/gd-nguyen-van-an/index.html"));
    assert!(
        !files
            .keys()
            .any(|path| path.contains("cd-nguyen-van-an-khac"))
    );
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("0900 222 333"), "the phone is in {path}");
    }
}

/// A common word in a private table ("giáo viên", "con gái") is not an identifier: a story
/// that says it is published.
#[test]
fn a_common_word_of_a_private_table_is_not_refused() {
    let site = hostile_site("privacy-common-word");
    assert!(found(&check(site.path())).is_empty());
    let output = vinhdanh(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let files = tree(&site.path().join("public"));
    let story = String::from_utf8_lossy(&files["cau-chuyen/lop-hoc/index.html"]).into_owned();
    assert!(story.contains("hai giáo viên"));
}

/// A rebuild trusts what the last build found clean only while the same values are guarded:
/// a page published before, unchanged, is refused once a value it holds becomes private. The
/// gate's memory is kept beside the output, never in it.
#[test]
fn a_page_published_before_is_refused_once_a_value_on_it_is_guarded() {
    let site = hostile_site("privacy-written-forms");
    fs::remove_file(site.path().join(STORY)).expect("story removed");
    let template = site.path().join("themes/default/templates/record.html");
    let end = "{% endblock content %}";
    let original = fs::read_to_string(&template).expect("record template");
    let with_phone = original.replace(end, &format!("<p>Gọi 0911 222 333</p>\n{end}"));
    fs::write(&template, with_phone).expect("template written");
    for _ in 0..2 {
        let output = vinhdanh(site.path(), &["build"]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let memory = site.path().join(".public.gate");
    assert!(memory.is_file(), "the memory is beside the output");
    let published = tree(&site.path().join("public"));
    assert!(published.keys().all(|path| !path.contains("gate")));
    let page = "ho-so/cd-tran-thi-bich/index.html";
    assert!(String::from_utf8_lossy(&published[page]).contains("0911 222 333"));

    let records = site.path().join("data/records/rieng-tu.toml");
    let text = fs::read_to_string(&records).expect("records");
    let guarded = text.replace("0900 000 001", "0911.222.333");
    assert_ne!(text, guarded);
    fs::write(&records, guarded).expect("records written");
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the page was published again"
    );
    let message = stderr(&output);
    assert!(
        message.contains("private.phone của hồ sơ \"cd-tran-thi-bich\""),
        "{message}"
    );
    assert_eq!(tree(&site.path().join("public")), published, "nothing lost");
}
