//! Texts a site repeats millions of times (ids, names and labels of the rules, criterion ids
//! of the assessments, place names of the records), stored once for the whole run: copying a
//! [`Name`] copies a pointer.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;
use std::ops::Deref;
use std::sync::{Mutex, OnceLock};
use std::thread::LocalKey;

use serde::{Serialize, Serializer};

/// A text stored once per process. Each distinct text is kept until the process ends: the rules
/// hold a few hundred, and a `serve` session adds only the texts its edits introduce.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(&'static str);

impl Name {
    /// The stored copy of `text`, storing it on first use.
    pub fn new(text: &str) -> Self {
        thread_local! {
            static MET: RefCell<HashSet<&'static str>> = RefCell::default();
        }
        static STORED: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
        Name(stored(&MET, &STORED, text, |text| {
            Box::leak(text.to_owned().into_boxed_str())
        }))
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }

    /// Whether `other` is the same name. Every name is stored once, so the same text is the
    /// same address: no text is compared.
    pub fn is(self, other: Name) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

/// A list of names stored once per process, like a [`Name`]: the criterion ids of an
/// assessment, which the assessments of one title share (a national site has millions of
/// assessments and a few dozen such lists; a `serve` session adds only those its edits make).
pub fn stored_list(names: &[Name]) -> &'static [Name] {
    thread_local! {
        static MET: RefCell<HashSet<&'static [Name]>> = RefCell::default();
    }
    static STORED: OnceLock<Mutex<HashSet<&'static [Name]>>> = OnceLock::new();
    stored(&MET, &STORED, names, |names| {
        Box::leak(names.to_vec().into_boxed_slice())
    })
}

/// The process-wide copy of `value` in `all`, made with `keep` on first use. Each thread
/// remembers in `met` what it has found, so that the loaders, which ask millions of times,
/// seldom take the process-wide lock.
fn stored<T: ?Sized + Eq + Hash + 'static>(
    met: &'static LocalKey<RefCell<HashSet<&'static T>>>,
    all: &'static OnceLock<Mutex<HashSet<&'static T>>>,
    value: &T,
    keep: impl FnOnce(&T) -> &'static T,
) -> &'static T {
    met.with(|met| {
        if let Some(&known) = met.borrow().get(value) {
            return known;
        }
        let mut all = all
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let found = match all.get(value) {
            Some(&found) => found,
            None => {
                let kept = keep(value);
                all.insert(kept);
                kept
            }
        };
        met.borrow_mut().insert(found);
        found
    })
}

impl Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Self {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Self {
        Name::new(&text)
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Self {
        Name::new(text)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> Self {
        name.0.to_owned()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.0 == other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.0
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self == other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_lists_share_one_copy_across_threads() {
        let ids = [Name::new("a"), Name::new("b")];
        let here = stored_list(&ids);
        let there = std::thread::spawn(move || stored_list(&ids).as_ptr() as usize)
            .join()
            .expect("thread");
        assert_eq!(here, ids);
        assert_eq!(here.as_ptr() as usize, there);
        assert_ne!(stored_list(&ids[..1]).as_ptr(), here.as_ptr());
    }

    #[test]
    fn equal_texts_share_one_copy() {
        let first = Name::new("Gia đình học tập");
        let second = Name::from(String::from("Gia đình học tập"));
        assert_eq!(first, second);
        assert!(std::ptr::eq(first.as_str(), second.as_str()));
        assert_ne!(first, Name::new("Dòng họ học tập"));
    }

    #[test]
    fn the_same_text_is_the_same_name_and_no_other_is() {
        let made_apart = Name::new(&format!("{}-{}", "tre-em", "den-truong"));
        assert!(Name::new("tre-em-den-truong").is(made_apart));
        assert!(!Name::new("tre-em-den-truong").is(Name::new("tre-em-den-truon")));
    }

    #[test]
    fn a_name_compares_and_serializes_as_its_text() {
        let name = Name::new("so-chuyen-de");
        assert_eq!(name, "so-chuyen-de");
        assert_eq!(name.to_string(), "so-chuyen-de");
        assert_eq!(serde_json::to_string(&name).unwrap(), "\"so-chuyen-de\"");
        assert!(Name::new("a") < Name::new("b"));
    }
}
