//! A theme: its Tera templates, its UI strings in the site's language, and its static files.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Template, Tera, Value};

use crate::base::format::{Lang, format_date, format_integer, format_percent, format_points};
use crate::base::lang::{Lang as Say, both};
use crate::base::layout::{self, SourceKind};

/// Why a theme could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("{}", self.in_lang(Say::En))]
    Missing(PathBuf),
    /// Tera's own words, in English.
    #[error("{}", self.in_lang(Say::En))]
    Templates(String),
    #[error("{}", self.in_lang(Say::En))]
    Strings { path: PathBuf, message: String },
}

impl ThemeError {
    /// The message in `lang`; what Tera or the TOML reader said stays as they wrote it.
    pub fn in_lang(&self, lang: Say) -> String {
        match self {
            ThemeError::Missing(dir) => {
                let dir = dir.display();
                both!(
                    lang,
                    format!("không có thư mục giao diện {dir}"),
                    format!("theme folder {dir} does not exist")
                )
            }
            ThemeError::Templates(message) => both!(
                lang,
                format!("mẫu giao diện: {message}"),
                format!("theme templates: {message}")
            ),
            ThemeError::Strings { path, message } => {
                let path = path.display();
                both!(
                    lang,
                    format!("chuỗi giao diện {path}: {message}"),
                    format!("UI strings {path}: {message}")
                )
            }
        }
    }
}

/// A loaded theme, ready to render pages.
#[derive(Debug)]
pub struct Theme {
    pub tera: Tera,
    /// The theme's `templates/` folder.
    pub templates_dir: PathBuf,
    /// The theme's `static/` folder.
    pub static_dir: PathBuf,
    pub lang: Lang,
    strings: Arc<BTreeMap<String, String>>,
}

impl Theme {
    /// Loads `themes/<name>/` under the site root for `language` ("vi" or "en").
    pub fn load(root: &Path, name: &str, language: &str) -> Result<Theme, ThemeError> {
        let dir = root.join(layout::theme_folder(name));
        if !dir.is_dir() {
            return Err(ThemeError::Missing(dir));
        }
        let lang = Lang::parse(language);
        let strings = Arc::new(load_strings(&layout::theme_text_file(
            root,
            name,
            lang.code(),
        ))?);
        let templates_dir = SourceKind::Template.path(root, name);
        let templates = read_templates(&templates_dir)?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        register_helpers(&mut tera, lang, Arc::clone(&strings));
        add_templates(&mut tera, templates, &strings)
            .map_err(|e| ThemeError::Templates(error_chain(&e)))?;
        Ok(Theme {
            tera,
            templates_dir,
            static_dir: SourceKind::ThemeStatic.path(root, name),
            lang,
            strings,
        })
    }

    /// The UI string `key` for text made outside templates (page titles, chart labels, feeds).
    /// A missing key gives the key itself, so the gap shows; a test checks none is missing.
    pub fn label(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Whether the theme's strings have `key`.
    pub fn has_label(&self, key: &str) -> bool {
        self.strings.contains_key(key)
    }
}

/// Every `.html` file under `dir`, named by its path from `dir` with `/` between folders.
fn read_templates(dir: &Path) -> Result<Vec<(String, String)>, ThemeError> {
    let mut templates = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| ThemeError::Templates(e.to_string()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| ThemeError::Templates(format!("{}: {e}", path.display())))?;
        let name = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        templates.push((name, text));
    }
    Ok(templates)
}

/// The template with each `{{ t(key="…") }}` of a literal key replaced by its UI string,
/// escaped as the template would escape it: the same page, without a function call per label
/// per page (a record page has thirty). Left as they are: keys the strings lack (so that
/// rendering still names them), strings with braces or line breaks (which would read as
/// template syntax or move the template's line numbers), and templates with `raw` blocks.
fn resolve_literal_labels(template: &str, strings: &BTreeMap<String, String>) -> String {
    const OPEN: &str = "{{ t(key=\"";
    const CLOSE: &str = "\") }}";
    if template.contains("{% raw") || template.contains("{%- raw") {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let key_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
            .unwrap_or(after.len());
        let label = strings
            .get(&after[..key_len])
            .filter(|_| after[key_len..].starts_with(CLOSE))
            .filter(|label| !label.contains(['{', '}', '\n', '\r']));
        match label {
            Some(label) => {
                out.push_str(&rest[..at]);
                out.push_str(&escape_html(label));
                rest = &after[key_len + CLOSE.len()..];
            }
            None => {
                out.push_str(&rest[..at + OPEN.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The full message of a Tera error with its causes (the cause names the template line).
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn load_strings(path: &Path) -> Result<BTreeMap<String, String>, ThemeError> {
    let text = std::fs::read_to_string(path).map_err(|e| ThemeError::Strings {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| ThemeError::Strings {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut strings = BTreeMap::new();
    flatten("", &table, &mut strings);
    Ok(strings)
}

/// `[nav] home = "..."` and `"nav.home" = "..."` both give the key `nav.home`.
fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (key, value) in table {
        let key = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&key, inner, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Integer(n) => {
                out.insert(key, n.to_string());
            }
            _ => {}
        }
    }
}

/// Adds `templates` (name and text) to `tera`, as [`Tera::add_raw_templates`] does, but
/// parsed side by side: parsing is most of the time a theme takes to load.
fn add_templates(
    tera: &mut Tera,
    templates: Vec<(String, String)>,
    strings: &BTreeMap<String, String>,
) -> tera::Result<()> {
    let parsed: Vec<(String, Template)> = templates
        .into_par_iter()
        .map(|(name, text)| {
            let text = resolve_literal_labels(&text, strings);
            let template = Template::new(&name, None, &text)
                .map_err(|e| tera::Error::chain(format!("Failed to parse '{name}'"), e))?;
            Ok((name, template))
        })
        .collect::<tera::Result<_>>()?;
    tera.templates.extend(parsed);
    tera.build_inheritance_chains()?;
    tera.check_macro_files()
}

fn register_helpers(tera: &mut Tera, lang: Lang, strings: Arc<BTreeMap<String, String>>) {
    tera.register_function("t", move |args: &HashMap<String, Value>| {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs key=\"...\""))?;
        strings
            .get(key)
            .map(|s| Value::String(s.clone()))
            .ok_or_else(|| {
                tera::Error::msg(format!("no UI string \"{key}\" in the theme's i18n file"))
            })
    });
    tera.register_filter(
        "percent",
        move |value: &Value, _: &HashMap<String, Value>| {
            Ok(number(value).map_or(Value::String("–".into()), |n| {
                Value::String(format_percent(n, lang))
            }))
        },
    );
    tera.register_filter(
        "points",
        move |value: &Value, _: &HashMap<String, Value>| {
            Ok(number(value).map_or(Value::String("–".into()), |n| {
                Value::String(format_points(n, lang))
            }))
        },
    );
    tera.register_filter(
        "number",
        move |value: &Value, _: &HashMap<String, Value>| {
            Ok(value.as_u64().map_or(Value::String("–".into()), |n| {
                Value::String(format_integer(n, lang))
            }))
        },
    );
    tera.register_filter("date", move |value: &Value, _: &HashMap<String, Value>| {
        let text = value.as_str().unwrap_or_default();
        Ok(Value::String(format_date(text, lang)))
    });
}

/// Escapes the five characters that matter in HTML text and quoted attributes. (Tera's own
/// escaper also turns `/` into `&#x2F;`, which is valid but makes every URL unreadable.)
pub fn escape_html(text: &str) -> String {
    crate::base::text::escape_markup(text)
}

fn number(value: &Value) -> Option<f64> {
    value.as_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> BTreeMap<String, String> {
        [
            ("nav.home", "Trang chủ"),
            ("a.b", "Hồ sơ <mới> & \"cũ\""),
            ("brace", "{{ x }}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn literal_labels_are_resolved_and_escaped() {
        let text = r#"<a>{{ t(key="nav.home") }}</a> <b>{{ t(key="a.b") }}</b>"#;
        assert_eq!(
            resolve_literal_labels(text, &strings()),
            "<a>Trang chủ</a> <b>Hồ sơ &lt;mới&gt; &amp; &quot;cũ&quot;</b>"
        );
    }

    #[test]
    fn other_label_calls_stay() {
        for text in [
            r#"{{ t(key="kind." ~ k) }}"#,
            r#"{{ t(key="missing.key") }}"#,
            r#"{{ t(key="brace") }}"#,
            r#"{{ t(key="nav.home") | upper }}"#,
            r#"{{- t(key="nav.home") }}"#,
            r#"{% raw %}{{ t(key="nav.home") }}{% endraw %}"#,
            r#"{{ t(key="nav.home""#,
        ] {
            assert_eq!(resolve_literal_labels(text, &strings()), text);
        }
    }

    #[test]
    fn resolved_templates_render_as_the_function_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = Theme::load(root, "default", "vi").expect("theme");
        let mut tera = theme.tera.clone();
        tera.add_raw_template("probe.html", r#"[{{ t(key="nav.home") }}]"#)
            .expect("template");
        let rendered = tera
            .render("probe.html", &tera::Context::new())
            .expect("renders");
        assert_eq!(
            rendered,
            format!("[{}]", escape_html(&theme.label("nav.home")))
        );
    }
}
