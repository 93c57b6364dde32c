//! The folders of `src/` show the architecture only while every arrow between them points one
//! way (README, "Architecture"). These tests read the paths every file under `src/` names
//! (`crate::…`, `super::…`, `self::…`, grouped or not) and fail on an import circle between
//! the children of any folder: the stage folders at the crate root, and the modules inside
//! each of them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::Path;

use crate::support::repo_root;

#[test]
fn no_import_circle_between_the_folders_of_the_crate() {
    let circles = import_circles(&repo_root().join("src"));
    let shown: Vec<String> = circles.iter().map(Circle::to_string).collect();
    assert!(
        circles.is_empty(),
        "import circles; move the item an arrow reaches for to the module it belongs to:\n{}",
        shown.join("\n")
    );
}

/// The checker itself, on a small crate written for it: a circle is found whether its arrows
/// are grouped uses, `super::` paths or paths in a test module, and a path in a comment or a
/// string is no arrow.
#[test]
fn a_circle_is_found_wherever_its_arrows_are_written() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let src = dir.path();
    write(src, "lib.rs", "pub mod early;\npub mod late;\n");
    write(src, "early/mod.rs", "mod a;\nmod b;\n");
    let a = "#[cfg(test)]\nmod tests {\n    use super::super::b::B;\n}\n";
    write(src, "early/a.rs", a);
    let b = "// crate::late::l\nconst S: &str = \"crate::late::l\";\npub struct B;\n";
    write(src, "early/b.rs", b);
    write(src, "late/mod.rs", "pub fn l() {}\nuse crate::early;\n");
    assert_eq!(import_circles(src), Vec::new());

    let b = "use crate::{\n    late::{self, l},\n};\nuse super::a;\npub struct B;\n";
    write(src, "early/b.rs", b);
    let circles = import_circles(src);
    let found: Vec<(&str, Vec<&str>)> = circles
        .iter()
        .map(|c| {
            (
                c.folder.as_str(),
                c.members.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("crate", vec!["early", "late"]), ("early", vec!["a", "b"])]
    );
    let shown = circles[0].to_string();
    assert!(shown.contains("early -> late  (early/b.rs:2)"), "{shown}");
    assert!(shown.contains("late -> early  (late/mod.rs:2)"), "{shown}");
}

fn write(src: &Path, relative: &str, text: &str) {
    let path = src.join(relative);
    fs::create_dir_all(path.parent().expect("a folder")).expect("create folder");
    fs::write(path, text).expect("write");
}

/// A module's place from the crate root: `["render", "pages"]`.
type ModPath = Vec<String>;

/// Children of one folder that reach each other in a circle, with every arrow between them.
#[derive(Debug, PartialEq)]
struct Circle {
    /// The folder, `crate` for the crate root.
    folder: String,
    members: Vec<String>,
    /// From, to, and the first place (file:line) the arrow is made.
    arrows: Vec<(String, String, String)>,
}

impl fmt::Display for Circle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "in {}: {}", self.folder, self.members.join(", "))?;
        for (from, to, place) in &self.arrows {
            writeln!(f, "    {from} -> {to}  ({place})")?;
        }
        Ok(())
    }
}

/// The arrows between the children of each folder: folder, from, to, first place.
type Arrows = BTreeMap<ModPath, BTreeMap<String, BTreeMap<String, String>>>;

/// Every import circle of the crate whose sources are in `src`.
fn import_circles(src: &Path) -> Vec<Circle> {
    let files = source_files(src);
    let modules: BTreeSet<ModPath> = files
        .iter()
        .flat_map(|(module, _)| (0..=module.len()).map(|n| module[..n].to_vec()))
        .collect();
    let mut arrows = Arrows::new();
    for (module, relative) in &files {
        let text = fs::read_to_string(src.join(relative)).expect("read source");
        for (target, line) in named_paths(module, &without_comments_and_strings(&text)) {
            let target = longest_module(&modules, &target);
            add_arrow(&mut arrows, module, &target, format!("{relative}:{line}"));
        }
    }
    arrows
        .iter()
        .flat_map(|(folder, between)| circles_in(folder, between))
        .collect()
}

/// The crate's files but its roots, each with its module path and its path under `src`.
fn source_files(src: &Path) -> Vec<(ModPath, String)> {
    let mut files: Vec<(ModPath, String)> = walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .filter_map(|e| {
            let relative = e.path().strip_prefix(src).ok()?.to_string_lossy();
            let relative = relative.replace('\\', "/");
            let mut module: ModPath = relative[..relative.len() - 3]
                .split('/')
                .map(str::to_string)
                .collect();
            if module.last().is_some_and(|last| last == "mod") {
                module.pop();
            }
            (module != ["lib"] && module != ["main"]).then_some((module, relative))
        })
        .collect();
    files.sort();
    files
}

/// `path` cut to the longest module it starts with (an item of a module is the module).
fn longest_module(modules: &BTreeSet<ModPath>, path: &[String]) -> ModPath {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
        .unwrap_or_default()
}

/// Records the arrow `from` -> `to` between the children of their closest common folder;
/// a module and its own folder or submodules make no arrow.
fn add_arrow(arrows: &mut Arrows, from: &[String], to: &[String], place: String) {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common < from.len() && common < to.len() {
        arrows
            .entry(from[..common].to_vec())
            .or_default()
            .entry(from[common].clone())
            .or_default()
            .entry(to[common].clone())
            .or_insert(place);
    }
}

/// The circles among the children of `folder`: each group of children that reach each other
/// (a strongly connected component of more than one).
fn circles_in(
    folder: &[String],
    between: &BTreeMap<String, BTreeMap<String, String>>,
) -> Vec<Circle> {
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(next) = todo.pop() {
            for to in between.get(&next).into_iter().flat_map(BTreeMap::keys) {
                if seen.insert(to.clone()) {
                    todo.push(to.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> =
        between.keys().map(|from| (from, reach(from))).collect();
    let mut circles = Vec::new();
    let mut placed = BTreeSet::new();
    for (from, reaches) in &reached {
        if placed.contains(*from) || !reaches.contains(*from) {
            continue;
        }
        let members: Vec<String> = reaches
            .iter()
            .filter(|other| reached.get(other).is_some_and(|back| back.contains(*from)))
            .cloned()
            .collect();
        placed.extend(members.iter().cloned());
        let arrows = members
            .iter()
            .flat_map(|a| between[a].iter().map(move |(b, place)| (a, b, place)))
            .filter(|(_, b, _)| members.contains(b))
            .map(|(a, b, place)| (a.clone(), b.clone(), place.clone()))
            .collect();
        let folder = if folder.is_empty() {
            "crate".into()
        } else {
            folder.join("/")
        };
        circles.push(Circle {
            folder,
            members,
            arrows,
        });
    }
    circles
}

/// The source with comments, strings and character literals blanked out (newlines kept, so
/// that lines still count), leaving only code to look for paths in.
fn without_comments_and_strings(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let skipped = match (chars[i], chars.get(i + 1).copied()) {
            ('/', Some('/')) => line_comment_end(&chars, i),
            ('/', Some('*')) => block_comment_end(&chars, i),
            ('"', _) => string_end(&chars, i + 1),
            ('r', Some('"' | '#')) if starts_token(&chars, i) => raw_string_end(&chars, i + 1),
            ('b', Some('"')) if starts_token(&chars, i) => string_end(&chars, i + 2),
            ('b', Some('r')) if starts_token(&chars, i) => raw_string_end(&chars, i + 2),
            ('\'', _) => char_literal_end(&chars, i),
            _ => None,
        };
        match skipped {
            Some(end) => {
                out.extend(
                    chars[i..end]
                        .iter()
                        .map(|&c| if c == '\n' { '\n' } else { ' ' }),
                );
                i = end;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

fn starts_token(chars: &[char], i: usize) -> bool {
    i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

fn line_comment_end(chars: &[char], start: usize) -> Option<usize> {
    Some(
        (start..chars.len())
            .find(|&i| chars[i] == '\n')
            .unwrap_or(chars.len()),
    )
}

/// Block comments nest in Rust.
fn block_comment_end(chars: &[char], start: usize) -> Option<usize> {
    let (mut depth, mut i) = (0, start);
    while i + 1 < chars.len() {
        match (chars[i], chars[i + 1]) {
            ('/', '*') => (depth, i) = (depth + 1, i + 2),
            ('*', '/') => {
                (depth, i) = (depth - 1, i + 2);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    Some(chars.len())
}

/// The end of a string whose text starts at `from`, escapes skipped.
fn string_end(chars: &[char], from: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    Some(chars.len())
}

/// `r"…"`, `r#"…"#`: `from` is just after the `r`.
fn raw_string_end(chars: &[char], from: usize) -> Option<usize> {
    let hashes = chars[from..].iter().take_while(|&&c| c == '#').count();
    if chars.get(from + hashes) != Some(&'"') {
        return None;
    }
    let closing: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    let body = from + hashes + 1;
    (body..chars.len())
        .find(|&i| chars[i..].starts_with(&closing))
        .map(|i| i + closing.len())
        .or(Some(chars.len()))
}

/// `'x'`, `'\n'`, `'\u{1F600}'`; a lifetime (`'a`) is not a literal.
fn char_literal_end(chars: &[char], start: usize) -> Option<usize> {
    match chars.get(start + 1)? {
        '\\' => (start + 2..chars.len())
            .find(|&i| chars[i] == '\'')
            .map(|i| i + 1),
        _ if chars.get(start + 2) == Some(&'\'') => Some(start + 3),
        _ => None,
    }
}

/// A word or one punctuation mark of the code, with its line.
#[derive(Debug, Clone, PartialEq)]
struct Token {
    text: String,
    line: usize,
}

fn tokens(code: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let mut word = c.to_string();
            while let Some(&next) = chars.peek().filter(|n| n.is_alphanumeric() || **n == '_') {
                word.push(next);
                chars.next();
            }
            tokens.push(Token { text: word, line });
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            tokens.push(Token {
                text: "::".into(),
                line,
            });
        } else if !c.is_whitespace() {
            tokens.push(Token {
                text: c.to_string(),
                line,
            });
        }
    }
    tokens
}

/// Every module path the code of the module `module` names, made absolute, with its line.
/// Paths inside an inline module (`mod tests { … }`) start from that module.
fn named_paths(module: &[String], code: &str) -> Vec<(ModPath, usize)> {
    let tokens = tokens(code);
    let mut found = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        let word = tokens[i].text.as_str();
        let next = tokens.get(i + 1).map(|t| t.text.as_str());
        let after_path = i > 0 && tokens[i - 1].text == "::";
        match word {
            "{" => depth += 1,
            "}" => {
                if inline.last().is_some_and(|(_, at)| *at == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            "mod" if tokens.get(i + 2).is_some_and(|t| t.text == "{") => {
                inline.push((tokens[i + 1].text.clone(), depth + 1));
            }
            "crate" | "$crate" | "super" | "self" if next == Some("::") && !after_path => {
                let mut here: ModPath = module.to_vec();
                here.extend(inline.iter().map(|(name, _)| name.clone()));
                let (leaves, end) = path_tree(&tokens, i, Vec::new());
                for (leaf, line) in leaves {
                    if let Some(path) = absolute(&here, module.len(), &leaf) {
                        found.push((path, line));
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// A path as its words, with the line of its last word.
type Leaf = (Vec<String>, usize);

/// The paths of the path (or `use` tree) starting at token `i`, and the index of the first
/// token after it.
fn path_tree(tokens: &[Token], mut i: usize, mut prefix: Vec<String>) -> (Vec<Leaf>, usize) {
    loop {
        let word = tokens[i].text.as_str();
        if word == "{" {
            return group(tokens, i + 1, prefix);
        }
        if word != "*" {
            prefix.push(word.to_string());
        }
        let continues = tokens.get(i + 1).is_some_and(|t| t.text == "::")
            && tokens
                .get(i + 2)
                .is_some_and(|t| is_word(&t.text) || t.text == "{" || t.text == "*");
        if !continues {
            return (vec![(prefix, tokens[i].line)], i + 1);
        }
        i += 2;
    }
}

/// The items of `{ a::b, c }` after `prefix::`, from the token after the brace.
fn group(tokens: &[Token], mut i: usize, prefix: Vec<String>) -> (Vec<Leaf>, usize) {
    let mut leaves = Vec::new();
    while i < tokens.len() && tokens[i].text != "}" {
        if tokens[i].text == "," {
            i += 1;
            continue;
        }
        if !(is_word(&tokens[i].text) || tokens[i].text == "{" || tokens[i].text == "*") {
            i += 1;
            continue;
        }
        let (inner, end) = path_tree(tokens, i, prefix.clone());
        leaves.extend(inner);
        i = end;
        // `as name` and anything else up to the next item.
        while i < tokens.len() && tokens[i].text != "," && tokens[i].text != "}" {
            i += 1;
        }
    }
    (leaves, i + 1)
}

fn is_word(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// `words` (`crate::a::b`, `super::x`, `self::y`) as a path from the crate root, seen from
/// `here` (the file's module `file_depth` deep, then its inline modules). `None` for a path
/// that stays inside the file's own inline modules.
fn absolute(here: &[String], file_depth: usize, words: &[String]) -> Option<ModPath> {
    let mut path: ModPath = here.to_vec();
    let mut rest = words;
    match rest.first().map(String::as_str) {
        Some("crate" | "$crate") => {
            path.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        _ => {}
    }
    while rest.first().is_some_and(|w| w == "super") {
        path.pop();
        rest = &rest[1..];
    }
    if path.len() > file_depth && path.starts_with(&here[..file_depth]) {
        return None;
    }
    path.extend(rest.iter().filter(|w| *w != "self").cloned());
    Some(path)
}
