//! The default theme: both languages have the same strings, every string the Rust side asks
//! for exists, and the site builds in English too.

use std::collections::BTreeSet;
use std::fs;

use vinhdanh::base::inputs::Kind;
use vinhdanh::render::{LABEL_KEYS, Theme};

use crate::support::{repo_root, stderr, vinhdanh};

fn keys(language: &str) -> BTreeSet<String> {
    let path = repo_root().join(format!("themes/default/i18n/{language}.toml"));
    let text = fs::read_to_string(path).expect("i18n file");
    let table: toml::Table = toml::from_str(&text).expect("i18n TOML");
    table.keys().cloned().collect()
}

#[test]
fn vietnamese_and_english_have_the_same_keys() {
    let vi = keys("vi");
    let en = keys("en");
    assert!(vi.len() > 100, "{} keys", vi.len());
    let only_vi: Vec<_> = vi.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&vi).collect();
    assert!(
        only_vi.is_empty() && only_en.is_empty(),
        "vi only: {only_vi:?}; en only: {only_en:?}"
    );
}

#[test]
fn every_string_the_code_uses_exists_in_both_languages() {
    for language in ["vi", "en"] {
        let theme = Theme::load(&repo_root(), "default", language).expect("theme");
        for key in LABEL_KEYS {
            assert!(theme.has_label(key), "{language} lacks {key}");
        }
        for kind in Kind::ALL {
            assert!(
                theme.has_label(&format!("kind.{}", kind.as_str())),
                "{language} lacks kind.{kind}"
            );
        }
    }
}

#[test]
fn the_demo_builds_in_english() {
    let site = crate::support::demo_copy();
    let config = site.path().join("site.toml");
    let text = fs::read_to_string(&config).expect("site.toml");
    fs::write(
        &config,
        text.replace("language = \"vi\"", "language = \"en\""),
    )
    .expect("write");
    let output = vinhdanh(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let home = fs::read_to_string(site.path().join("public/index.html")).expect("home");
    assert!(home.contains("<html lang=en>"), "not an English page");
    assert!(home.contains("Search"), "no English UI string");
}
