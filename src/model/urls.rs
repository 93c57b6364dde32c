//! The site's stable URLs (SPEC §8). Press offices link them: they never change.

use crate::base::inputs::Year;

/// Makes URLs under the site's base path (`/` or `/portal/`).
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
}

impl Urls {
    /// `base_url` without its trailing slash.
    pub fn new(base_url: &str) -> Self {
        let after_scheme = base_url
            .split_once("://")
            .map_or(base_url, |(_, rest)| rest);
        let base_path = after_scheme
            .find('/')
            .map_or("", |i| &after_scheme[i..])
            .trim_end_matches('/')
            .to_string();
        Urls { base_path }
    }

    /// The path part of the base URL without a trailing slash (empty at the domain root).
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    pub fn home(&self) -> String {
        self.at("/")
    }

    pub fn province(&self, slug: &str) -> String {
        self.at(&format!("/tinh/{slug}/"))
    }

    /// `/tinh/<province>/<commune>/`: one commune's honoured records.
    pub fn commune(&self, province: &str, commune: &str) -> String {
        self.at(&format!("/tinh/{province}/{commune}/"))
    }

    pub fn province_feed(&self, slug: &str) -> String {
        self.at(&format!("/tinh/{slug}/atom.xml"))
    }

    pub fn record(&self, id: &str) -> String {
        self.at(&format!("/ho-so/{id}/"))
    }

    pub fn story(&self, slug: &str) -> String {
        self.at(&format!("/cau-chuyen/{slug}/"))
    }

    pub fn stories(&self) -> String {
        self.at("/cau-chuyen/")
    }

    pub fn title(&self, id: &str) -> String {
        self.at(&format!("/danh-hieu/{id}/"))
    }

    pub fn titles(&self) -> String {
        self.at("/danh-hieu/")
    }

    pub fn award(&self, id: &str) -> String {
        self.at(&format!("/khen-thuong/{id}/"))
    }

    pub fn awards(&self) -> String {
        self.at("/khen-thuong/")
    }

    pub fn round(&self, year: Year) -> String {
        self.at(&format!("/dot/{year}/"))
    }

    pub fn search(&self) -> String {
        self.at("/tim-kiem/")
    }

    pub fn open_data(&self) -> String {
        self.at("/du-lieu/")
    }

    pub fn page(&self, url_path: &str) -> String {
        self.at(&format!("/{url_path}/"))
    }

    /// Page `n` (from 1) of a paginated listing whose first page is `first`.
    pub fn paginated(&self, first: &str, n: usize) -> String {
        if n <= 1 {
            first.to_string()
        } else {
            format!("{first}trang/{n}/")
        }
    }

    /// A site asset given as a path from the site root (`/anh/x.jpg`); external URLs as they are.
    pub fn asset(&self, path: &str) -> String {
        if path.starts_with('/') {
            self.at(path)
        } else {
            path.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_the_base_path() {
        let root = Urls::new("https://vinhdanh.example.vn");
        assert_eq!(root.record("gd-an"), "/ho-so/gd-an/");
        let sub = Urls::new("https://example.vn/portal");
        assert_eq!(sub.record("gd-an"), "/portal/ho-so/gd-an/");
        assert_eq!(
            sub.paginated(&sub.title("t"), 2),
            "/portal/danh-hieu/t/trang/2/"
        );
        assert_eq!(sub.paginated(&sub.title("t"), 1), "/portal/danh-hieu/t/");
    }
}
