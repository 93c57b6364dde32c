//! The stages `build` and `serve` both run, each taking what the one before returned: a
//! checked site with no error, the site model beside its privacy gate, the theme, and the
//! folders whose files are published as they are.

use std::path::{Path, PathBuf};

use crate::base::inputs::{Inputs, SiteConfig};
use crate::base::layout::SourceKind;
use crate::check::Checked;
use crate::model::{Site, Urls, build_site, site_base_url};
use crate::privacy::{Guards, PrivacyGate};
use crate::render::{Theme, ThemeError};
use crate::rules::Honours;

/// A site that passed `check`, with the verdicts of its records.
#[derive(Debug)]
pub struct Valid {
    pub checked: Checked,
    pub honours: Honours,
}

/// The site as checked, if it has no error; otherwise the site and its diagnostics back.
pub fn valid(mut checked: Checked) -> Result<Valid, Box<Checked>> {
    match checked.honours.take() {
        Some(honours) if !checked.has_errors() => Ok(Valid { checked, honours }),
        _ => Err(Box::new(checked)),
    }
}

/// The site model and the privacy gate of its guarded values (`guards`), made side by side
/// from the same inputs; `base_url` replaces the one of site.toml.
pub fn model_and_gate(
    inputs: &Inputs,
    honours: &Honours,
    guards: &Guards,
    base_url: Option<&str>,
) -> (Site, PrivacyGate) {
    rayon::join(
        || build_site(inputs, honours, base_url),
        || gate(inputs, guards, base_url),
    )
}

/// The privacy gate of the pages of the site of `inputs`, whose guarded values are `guards`;
/// `base_url` replaces the one of site.toml.
pub fn gate(inputs: &Inputs, guards: &Guards, base_url: Option<&str>) -> PrivacyGate {
    let base_url = site_base_url(inputs, base_url);
    PrivacyGate::new(guards, Urls::new(&base_url).base_path())
}

/// The theme site.toml names, with its texts in the site's language.
pub fn theme(root: &Path, config: &SiteConfig) -> Result<Theme, ThemeError> {
    Theme::load(root, &config.theme, &config.language)
}

/// The folders whose files are published as they are: the theme's, then the site's, whose
/// file wins where both have one.
pub fn static_dirs(root: &Path, theme: &Theme) -> [PathBuf; 2] {
    [
        theme.static_dir.clone(),
        SourceKind::SiteStatic.in_site(root),
    ]
}
