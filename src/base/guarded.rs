//! Which of a record's values the privacy gate guards, as its findings name them: the gate
//! (`privacy`) finds them, the messages of `check` and `build` report them.

use crate::base::lang::{Lang, both};

/// Which of a record's values is guarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guarded {
    /// A field of its `private` table (`phone`).
    Private(String),
    /// The name of a record that is not public.
    HiddenName,
    /// The page address of a record that is not public.
    HiddenPage,
}

impl Guarded {
    /// `private.phone`, or what the value is, in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        match self {
            Guarded::Private(field) => format!("private.{field}"),
            Guarded::HiddenName => both!(
                lang,
                "tên (hồ sơ không công khai)",
                "name (the record is not public)"
            )
            .into(),
            Guarded::HiddenPage => both!(
                lang,
                "địa chỉ trang (hồ sơ không công khai)",
                "page (the record is not public)"
            )
            .into(),
        }
    }
}
