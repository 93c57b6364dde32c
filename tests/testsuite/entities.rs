//! The vendored table of HTML character references (`vendor/minify-html-common`) matches as the
//! published one did: every named reference, every prefix of one, the numeric ones, any text.

use minify_html_common::r#gen::entities::{ENTITY, EntityType};
use minify_html_common::pattern::TrieNodeMatch;
use proptest::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

/// What a reference stands for, as the reference matcher below gives it.
#[derive(Debug, PartialEq)]
enum Meaning {
    Named(Vec<u8>),
    Decimal,
    Hexadecimal,
}

/// The references of the WHATWG list the table is generated from, by their text (`&amp;`).
fn named_references() -> BTreeMap<Vec<u8>, Vec<u8>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vendor/minify-html-common/entities.json"
    );
    let list: BTreeMap<String, serde_json::Value> =
        serde_json::from_slice(&std::fs::read(path).expect("entities.json is read"))
            .expect("entities.json is JSON");
    list.into_iter()
        .map(|(name, entity)| {
            let characters = entity["characters"]
                .as_str()
                .expect("a reference has its characters")
                .as_bytes()
                .to_vec();
            (name.into_bytes(), characters)
        })
        .collect()
}

/// The longest match written out plainly: the longest reference the text starts with, or how
/// far the text follows some reference when it starts with none.
struct Reference {
    named: BTreeMap<Vec<u8>, Vec<u8>>,
    prefixes: HashSet<Vec<u8>>,
}

impl Reference {
    fn get() -> &'static Reference {
        static REFERENCE: OnceLock<Reference> = OnceLock::new();
        REFERENCE.get_or_init(Reference::new)
    }

    fn new() -> Reference {
        let named = named_references();
        let mut prefixes: HashSet<Vec<u8>> = HashSet::new();
        for name in named.keys() {
            for end in 1..=name.len() {
                prefixes.insert(name[..end].to_vec());
            }
        }
        prefixes.extend([b"&".to_vec(), b"&#".to_vec(), b"&#x".to_vec()]);
        Reference { named, prefixes }
    }

    fn meaning(&self, candidate: &[u8]) -> Option<Meaning> {
        match candidate {
            [b'&', b'#', d] if d.is_ascii_digit() => Some(Meaning::Decimal),
            [b'&', b'#', b'x', h] if h.is_ascii_hexdigit() => Some(Meaning::Hexadecimal),
            _ => self.named.get(candidate).map(|c| Meaning::Named(c.clone())),
        }
    }

    fn follows(&self, candidate: &[u8]) -> bool {
        self.prefixes.contains(candidate) || self.meaning(candidate).is_some()
    }

    fn longest_match(&self, text: &[u8]) -> Result<(usize, Meaning), usize> {
        let reached = (1..=text.len())
            .take_while(|&end| self.follows(&text[..end]))
            .last()
            .unwrap_or(0);
        (1..=reached)
            .rev()
            .find_map(|end| self.meaning(&text[..end]).map(|m| (end, m)))
            .ok_or(reached)
    }
}

fn table_match(text: &[u8]) -> Result<(usize, Meaning), usize> {
    match ENTITY.longest_matching_prefix(text) {
        TrieNodeMatch::Found { len, value } => Ok((
            len,
            match value {
                EntityType::Named(characters) => Meaning::Named(characters.to_vec()),
                EntityType::Dec => Meaning::Decimal,
                EntityType::Hex => Meaning::Hexadecimal,
            },
        )),
        TrieNodeMatch::NotFound { reached } => Err(reached),
    }
}

#[test]
fn every_named_reference_and_each_of_its_prefixes_match_as_the_list_says() {
    let reference = Reference::get();
    assert_eq!(reference.named.len(), 2231, "the WHATWG list");
    for (name, characters) in &reference.named {
        let found = table_match(name);
        assert_eq!(found, Ok((name.len(), Meaning::Named(characters.clone()))));
        for end in 0..name.len() {
            assert_eq!(
                table_match(&name[..end]),
                reference.longest_match(&name[..end])
            );
        }
        let mut followed = name.clone();
        followed.extend_from_slice(b"x;");
        assert_eq!(table_match(&followed), reference.longest_match(&followed));
    }
}

#[test]
fn numeric_references_match_their_first_digit() {
    assert_eq!(table_match(b"&#233;"), Ok((3, Meaning::Decimal)));
    assert_eq!(table_match(b"&#xE9;"), Ok((4, Meaning::Hexadecimal)));
    assert_eq!(table_match(b"&#x;"), Err(3));
    assert_eq!(table_match(b"&#;"), Err(2));
    assert_eq!(
        table_match(b"&zzz"),
        Err(2),
        "&zeta; and others start with &z"
    );
    assert_eq!(table_match(b"&_"), Err(1));
    assert_eq!(table_match(b"amp;"), Err(0));
}

proptest! {
    #[test]
    fn any_text_matches_as_the_plain_reference(
        text in "&[#xa-zA-Z0-9;é\\x00 ]{0,12}|[a-z&;#]{0,8}"
    ) {
        let reference = Reference::get();
        prop_assert_eq!(table_match(text.as_bytes()), reference.longest_match(text.as_bytes()));
    }
}
