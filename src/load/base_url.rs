//! The address a site is published at, checked the same way wherever it comes from: `base_url`
//! in site.toml or `build --base-url`. Every link, feed and sitemap entry starts with it, so a
//! value that is not a plain web address would break (or script) every page.

/// Why a base URL cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    /// Not `http://` or `https://` followed by a host.
    #[error("not an address starting with https://")]
    NotWeb,
    /// A `?` or `#`: every path would be appended after it.
    #[error("an address with `?` or `#`")]
    QueryOrFragment,
    /// Spaces, quotes, angle brackets or control characters.
    #[error("an address with spaces or special characters")]
    Unsafe,
}

impl BaseUrlError {
    /// What a base URL must be, in plain English (translated with the other phrases).
    pub fn expected(self) -> &'static str {
        match self {
            BaseUrlError::NotWeb => "an address starting with https://",
            BaseUrlError::QueryOrFragment => {
                "an address without `?` or `#`, like https://vinhdanh.example.vn/portal"
            }
            BaseUrlError::Unsafe => {
                "an address without spaces, quotes, `<`, `>` or control characters"
            }
        }
    }
}

/// `text` as a base URL without its trailing slashes, or why it cannot be one.
pub fn parse_base_url(text: &str) -> Result<String, BaseUrlError> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or(BaseUrlError::NotWeb)?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(BaseUrlError::NotWeb);
    }
    if text.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
    }) {
        return Err(BaseUrlError::Unsafe);
    }
    if text.contains(['?', '#']) {
        return Err(BaseUrlError::QueryOrFragment);
    }
    Ok(text.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_are_base_urls_without_their_trailing_slash() {
        let ok = |text: &str| parse_base_url(text).expect(text);
        assert_eq!(
            ok("https://vinhdanh.example.vn/"),
            "https://vinhdanh.example.vn"
        );
        assert_eq!(
            ok("http://127.0.0.1:8080/portal/"),
            "http://127.0.0.1:8080/portal"
        );
        assert_eq!(ok("https://x.vn/học-tập"), "https://x.vn/học-tập");
    }

    #[test]
    fn anything_else_is_refused_with_its_reason() {
        let refused = |text: &str| parse_base_url(text).expect_err(text);
        for text in [
            "javascript:alert(1)",
            "ftp://x.vn",
            "//x.vn",
            "https://",
            "https:///x",
            "x.vn",
        ] {
            assert_eq!(refused(text), BaseUrlError::NotWeb, "{text}");
        }
        for text in ["https://x.vn/?a=1", "https://x.vn/#top", "https://x.vn?"] {
            assert_eq!(refused(text), BaseUrlError::QueryOrFragment, "{text}");
        }
        for text in [
            "https://x.vn/\"><script>",
            "https://x .vn",
            "https://x.vn/\n",
        ] {
            assert_eq!(refused(text), BaseUrlError::Unsafe, "{text}");
        }
    }
}
