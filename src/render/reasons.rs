//! The plain sentences a record page gives for each result ("Không đạt vì chỉ 1 trong 4 gia
//! đình đạt Gia đình học tập, cần ít nhất 50%."), worded from the reasons the model took from
//! the rules' verdicts, in the site's language.

use crate::base::inputs::Year;
use crate::base::lang::{Lang, both};
use crate::model::{Lack, NextAward, RecordRound, RoundWhy, ShareShortfall, Shortfall};

use crate::base::format::{self, format_percent, format_points};

/// The site's language for sentences, from its code (`vi` unless `en`).
pub fn sentence_lang(code: &str) -> Lang {
    Lang::parse(code).unwrap_or(Lang::Vi)
}

fn number_lang(lang: Lang) -> format::Lang {
    format::Lang::parse(lang.code())
}

fn points(value: f64, lang: Lang) -> String {
    format_points(value, number_lang(lang))
}

/// One sentence saying why `round` ended as it did.
pub fn round_sentence(round: &RecordRound, lang: Lang) -> String {
    let title = round.title_name.as_str();
    match &round.why {
        RoundWhy::Held { streak } if *streak > 1 => {
            let from = round.round - i64::from(streak - 1);
            let to = round.round;
            both!(
                lang,
                format!("Đạt danh hiệu {title}, giữ liên tục {streak} đợt ({from}–{to})."),
                format!("Earned {title}, held {streak} rounds in a row ({from}–{to}).")
            )
        }
        RoundWhy::Held { .. } => both!(
            lang,
            format!("Đạt danh hiệu {title} ở đợt {}.", round.round),
            format!("Earned {title} in round {}.", round.round)
        ),
        RoundWhy::Revoked => both!(
            lang,
            "Đạt các tiêu chí, nhưng danh hiệu đã bị thu hồi.".to_string(),
            "The criteria were met, but the title was withdrawn.".to_string()
        ),
        RoundWhy::Failed { shortfall } => failed_sentence(shortfall, lang),
    }
}

fn failed_sentence(shortfall: &Shortfall, lang: Lang) -> String {
    let parts = shortfall_parts(shortfall, lang);
    if parts.is_empty() {
        return both!(lang, "Không đạt.", "Not earned.").to_string();
    }
    let parts = parts.join("; ");
    both!(
        lang,
        format!("Không đạt vì {parts}."),
        format!("Not earned: {parts}.")
    )
}

fn shortfall_parts(shortfall: &Shortfall, lang: Lang) -> Vec<String> {
    let mut parts: Vec<String> = shortfall
        .shares
        .iter()
        .map(|share| share_part(share, lang))
        .collect();
    parts.extend(shortfall.required.iter().map(|label| {
        both!(
            lang,
            format!("chưa đạt tiêu chí bắt buộc “{label}”"),
            format!("the required criterion “{label}” was not met")
        )
    }));
    if let Some((score, pass)) = shortfall.points {
        let (got, gap, pass) = (
            points(score, lang),
            points(pass - score, lang),
            points(pass, lang),
        );
        parts.push(both!(
            lang,
            format!("được {got} điểm, thiếu {gap} điểm so với mức đạt {pass}"),
            format!("scored {got}, {gap} points short of the pass mark {pass}")
        ));
    }
    if let Some((met, needed)) = shortfall.met {
        parts.push(both!(
            lang,
            format!("đạt {met} tiêu chí, cần ít nhất {needed}"),
            format!("{met} criteria met, at least {needed} needed")
        ));
    }
    parts
}

/// "chỉ 1 trong 4 gia đình đạt Gia đình học tập, cần ít nhất 50%".
fn share_part(share: &ShareShortfall, lang: Lang) -> String {
    let ShareShortfall {
        holding,
        linked,
        counted,
        least,
        title_name,
        ..
    } = share;
    let least = format_percent(least * 100.0, number_lang(lang));
    if !counted {
        return both!(
            lang,
            format!("chưa đủ tỷ lệ gia đình đạt {title_name}, cần ít nhất {least}"),
            format!("too few families held {title_name}, at least {least} needed")
        );
    }
    both!(
        lang,
        format!("chỉ {holding} trong {linked} gia đình đạt {title_name}, cần ít nhất {least}"),
        format!("only {holding} of {linked} families held {title_name}, at least {least} needed")
    )
}

/// What the next award still lacks, as the end of a sentence that starts with its name.
pub fn lacks_sentence(next: &NextAward, lang: Lang) -> String {
    let words = |lacks: &[Lack]| -> String {
        let parts: Vec<String> = lacks
            .iter()
            .map(|lack| lack_part(lack, next.round, lang))
            .collect();
        parts.join("; ")
    };
    let mut sentence = words(&next.lacks);
    if !next.also.is_empty() {
        let also = words(&next.also);
        sentence.push_str(&both!(
            lang,
            format!(". Khen thưởng này cũng đòi hỏi: {also}"),
            format!(". The award also requires: {also}")
        ));
    }
    sentence
}

fn lack_part(lack: &Lack, round: Year, lang: Lang) -> String {
    match lack {
        Lack::Streak {
            title_name,
            streak: 0,
            needed,
        } => both!(
            lang,
            format!(
                "giữ danh hiệu {title_name} {needed} đợt liên tiếp (đợt {round} chưa đạt danh hiệu)"
            ),
            format!("to hold {title_name} {needed} rounds in a row (not held in round {round})")
        ),
        Lack::Streak {
            title_name,
            streak,
            needed,
        } => both!(
            lang,
            format!(
                "giữ danh hiệu {title_name} {needed} đợt liên tiếp (đến đợt {round} mới giữ {streak} đợt)"
            ),
            format!("to hold {title_name} {needed} rounds in a row (by round {round}: {streak})")
        ),
        Lack::PriorAward { award_name } => both!(
            lang,
            format!("đã được nhận {award_name} ở một đợt trước"),
            format!("to have received {award_name} in an earlier round")
        ),
        Lack::ReviewRound => both!(
            lang,
            "một đợt sơ kết hoặc tổng kết (khen thưởng này chỉ xét ở các đợt đó)".to_string(),
            "a review round (this award is given only then)".to_string()
        ),
        Lack::MinPoints { needed } => {
            let needed = points(*needed, lang);
            both!(
                lang,
                format!("đạt ít nhất {needed} điểm"),
                format!("a score of at least {needed}")
            )
        }
        Lack::Criterion { label, at_least } => {
            let least = points(*at_least, lang);
            both!(
                lang,
                format!("tiêu chí “{label}” đạt ít nhất {least}"),
                format!("“{label}” at least {least}")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::name::Name;

    fn round(why: RoundWhy) -> RecordRound {
        RecordRound {
            round: 2025,
            title_id: Name::new("dong-ho-hoc-tap"),
            title_name: Name::new("Dòng họ học tập"),
            holds: matches!(why, RoundWhy::Held { .. }),
            score: 100.0,
            max_points: 100.0,
            grade: None,
            revoked: None,
            why,
        }
    }

    fn failed(shortfall: Shortfall) -> RecordRound {
        round(RoundWhy::Failed {
            shortfall: Box::new(shortfall),
        })
    }

    #[test]
    fn a_failed_computed_criterion_gives_the_share_and_the_rule() {
        let share = ShareShortfall {
            label: Name::new("Ít nhất 50% gia đình"),
            holding: 1,
            linked: 4,
            counted: true,
            least: 0.5,
            title_name: Name::new("Gia đình học tập"),
        };
        let round = failed(Shortfall {
            shares: vec![share],
            ..Shortfall::default()
        });
        assert_eq!(
            round_sentence(&round, Lang::Vi),
            "Không đạt vì chỉ 1 trong 4 gia đình đạt Gia đình học tập, cần ít nhất 50%."
        );
        assert_eq!(
            round_sentence(&round, Lang::En),
            "Not earned: only 1 of 4 families held Gia đình học tập, at least 50% needed."
        );
    }

    #[test]
    fn a_share_over_a_record_that_is_not_public_gives_no_counts() {
        let share = ShareShortfall {
            label: Name::new("Ít nhất 50% gia đình"),
            holding: 1,
            linked: 4,
            counted: false,
            least: 0.5,
            title_name: Name::new("Gia đình học tập"),
        };
        let round = failed(Shortfall {
            shares: vec![share],
            ..Shortfall::default()
        });
        assert_eq!(
            round_sentence(&round, Lang::Vi),
            "Không đạt vì chưa đủ tỷ lệ gia đình đạt Gia đình học tập, cần ít nhất 50%."
        );
    }

    #[test]
    fn a_failed_required_criterion_and_missing_points_are_both_said() {
        let round = failed(Shortfall {
            required: vec![Name::new("Trẻ em đều được đến trường")],
            points: Some((62.5, 80.0)),
            met: Some((5, 6)),
            ..Shortfall::default()
        });
        assert_eq!(
            round_sentence(&round, Lang::Vi),
            "Không đạt vì chưa đạt tiêu chí bắt buộc “Trẻ em đều được đến trường”; \
             được 62,5 điểm, thiếu 17,5 điểm so với mức đạt 80; đạt 5 tiêu chí, cần ít nhất 6."
        );
    }

    #[test]
    fn a_held_title_says_how_many_rounds_in_a_row() {
        assert_eq!(
            round_sentence(&round(RoundWhy::Held { streak: 3 }), Lang::Vi),
            "Đạt danh hiệu Dòng họ học tập, giữ liên tục 3 đợt (2023–2025)."
        );
        assert_eq!(
            round_sentence(&round(RoundWhy::Held { streak: 1 }), Lang::En),
            "Earned Dòng họ học tập in round 2025."
        );
        assert_eq!(
            round_sentence(&round(RoundWhy::Revoked), Lang::Vi),
            "Đạt các tiêu chí, nhưng danh hiệu đã bị thu hồi."
        );
    }

    #[test]
    fn the_next_award_names_what_it_lacks_and_keeps_criteria_apart() {
        let next = NextAward {
            award_id: Name::new("bk"),
            award_name: Name::new("Bằng khen"),
            round: 2025,
            lacks: vec![
                Lack::Streak {
                    title_name: Name::new("Gia đình học tập"),
                    streak: 2,
                    needed: 3,
                },
                Lack::PriorAward {
                    award_name: Name::new("Giấy khen"),
                },
            ],
            also: vec![Lack::Criterion {
                label: Name::new("Số chuyên đề"),
                at_least: 3.0,
            }],
        };
        assert_eq!(
            lacks_sentence(&next, Lang::Vi),
            "giữ danh hiệu Gia đình học tập 3 đợt liên tiếp (đến đợt 2025 mới giữ 2 đợt); \
             đã được nhận Giấy khen ở một đợt trước. Khen thưởng này cũng đòi hỏi: \
             tiêu chí “Số chuyên đề” đạt ít nhất 3"
        );
    }
}
