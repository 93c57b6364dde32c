//! Evaluating any rules over any records never panics or loops: the input is a rules file and
//! a records file separated by a NUL byte.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vinhdanh::load::{records_from_text, rules_from_text};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (rules_text, records_text) = text.split_once('\0').unwrap_or((text, ""));
    let (rules, _) = rules_from_text(Path::new("data/rules.toml"), rules_text);
    let (records, _) = records_from_text(Path::new("data/records/fuzz.toml"), records_text);
    let honours = vinhdanh::rules::evaluate(&rules, &records);
    for record in &records {
        for assessment in &record.assessments {
            let _ = honours.holds(&record.id.value, assessment.round.value);
        }
    }
    let _ = vinhdanh::rules::progress(&rules, &[]);
});
