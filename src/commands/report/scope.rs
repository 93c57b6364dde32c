//! A report of one province: with `--province`, the findings and the progress of that
//! province only, in all three formats.

use super::Review;

impl Review {
    /// The findings and the progress of the province `slug` (named `name`) only.
    pub fn for_province(mut self, slug: &str, name: &str) -> Review {
        self.province = Some(name.to_string());
        self.newly_recognised.retain(|r| r.record.province == slug);
        self.lost.retain(|l| l.record.province == slug);
        for group in &mut self.eligible_not_received {
            group.records.retain(|r| r.province == slug);
        }
        self.eligible_not_received.retain(|g| !g.records.is_empty());
        self.received_not_eligible
            .retain(|n| n.record.province == slug);
        self.progress.retain(|p| p.row.province == slug);
        self
    }
}
