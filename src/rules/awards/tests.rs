use crate::base::inputs::{Eligibility, Kind, Record, Rules, Year};
use crate::rules::testkit::*;
use crate::rules::{AwardCheck, Condition, Honours, evaluate_in_full as evaluate};

fn rules_with(eligible: Eligibility) -> Rules {
    let mut rules = family_rules();
    rules.awards = vec![
        award("bk", 2, &[Kind::Family], eligible),
        award("gk", 1, &[Kind::Family], Eligibility::default()),
    ];
    rules
}

fn check(honours: &Honours, round: Year) -> &AwardCheck {
    honours
        .award_check("gd-an", round, "bk")
        .expect("award checked")
}

fn passing(rounds: &[Year]) -> Record {
    rounds
        .iter()
        .fold(family("gd-an"), |r, &round| r.assessed(round, &PASS))
}

#[test]
fn a_streak_long_enough_is_eligible_and_says_so() {
    let honours = evaluate(
        &rules_with(streak_of(Some("gd"), 3)),
        &[passing(&[2023, 2024, 2025])],
    );
    let check = check(&honours, 2025);
    assert!(check.eligible);
    assert_eq!(
        check.conditions[0].explanation,
        "holds Name gd 3 consecutive rounds (2023-2025), needs 3"
    );
    assert!(!self::check(&honours, 2024).eligible);
}

#[test]
fn a_missing_round_breaks_the_streak() {
    let honours = evaluate(
        &rules_with(streak_of(None, 3)),
        &[passing(&[2022, 2023, 2025])],
    );
    let check = check(&honours, 2025);
    assert!(!check.eligible);
    assert_eq!(
        check.conditions[0].condition,
        Condition::HoldsTitle {
            title: None,
            needed: 3,
            streak: 1
        }
    );
    assert_eq!(
        check.failed_reasons(),
        ["holds Name gd 1 consecutive round (2025), needs 3; 2024: not assessed"]
    );
}

#[test]
fn a_failed_round_breaks_the_streak() {
    let an = family("gd-an")
        .assessed(2023, &PASS)
        .assessed(2024, &FAIL)
        .assessed(2025, &PASS);
    let honours = evaluate(&rules_with(streak_of(None, 2)), &[an]);
    let reasons = check(&honours, 2025).failed_reasons();
    assert_eq!(
        reasons,
        ["holds Name gd 1 consecutive round (2025), needs 2; 2024: not earned"]
    );
}

#[test]
fn a_revoked_title_breaks_the_streak() {
    let an = passing(&[2022, 2023, 2024, 2025]).title_revoked("gd", 2025);
    let honours = evaluate(&rules_with(streak_of(Some("gd"), 2)), &[an]);
    assert!(check(&honours, 2024).eligible);
    let check = check(&honours, 2025);
    assert!(!check.eligible);
    assert_eq!(
        check.failed_reasons(),
        ["does not hold Name gd in 2025 (title revoked), needs 2 consecutive rounds"]
    );
}

#[test]
fn a_prior_award_must_be_received_in_an_earlier_round() {
    let rules = rules_with(prior(&["gk"]));
    let before = passing(&[2024, 2025]).received("gk", 2024);
    let honours = evaluate(&rules, &[before]);
    assert!(!check(&honours, 2024).eligible);
    let check_2025 = check(&honours, 2025);
    assert!(check_2025.eligible);
    assert_eq!(
        check_2025.conditions[0].explanation,
        "received Award gk before (round 2024)"
    );
    let never = evaluate(&rules, &[passing(&[2025])]);
    assert_eq!(
        check(&never, 2025).failed_reasons(),
        ["has not received Award gk before round 2025"]
    );
    let same_round = evaluate(&rules, &[passing(&[2025]).received("gk", 2025)]);
    assert_eq!(
        check(&same_round, 2025).failed_reasons(),
        ["received Award gk only in round 2025 itself; it must be an earlier round"]
    );
}

#[test]
fn a_revoked_award_no_longer_counts_as_prior() {
    let an = passing(&[2023, 2024, 2025])
        .received("gk", 2023)
        .award_revoked("gk", 2025);
    let honours = evaluate(&rules_with(prior(&["gk"])), &[an]);
    assert!(check(&honours, 2024).eligible);
    let check = check(&honours, 2025);
    assert!(!check.eligible);
    assert_eq!(
        check.conditions[0].condition,
        Condition::PriorAward {
            award: "gk".into(),
            received_in: None
        }
    );
    assert_eq!(
        check.failed_reasons(),
        [
            "received Award gk in round 2023, but it was revoked from round 2025 by decision \
          30/QĐ-UBND: Kê khai không đúng"
        ]
    );
}

#[test]
fn a_review_round_award_is_given_only_in_review_rounds() {
    let only_reviews = Eligibility {
        review_rounds_only: true,
        ..Eligibility::default()
    };
    let honours = evaluate(&rules_with(only_reviews), &[passing(&[2024, 2025])]);
    let check_2024 = check(&honours, 2024);
    assert!(!check_2024.eligible);
    assert_eq!(
        check_2024.failed_reasons(),
        ["only in review rounds; 2024 is not one"]
    );
    let check_2025 = check(&honours, 2025);
    assert!(check_2025.eligible);
    assert_eq!(
        check_2025.conditions[0].explanation,
        "2025 is a review round (Sơ kết 2025)"
    );
}

#[test]
fn min_points_needs_the_round_score() {
    let high_score = Eligibility {
        min_points: Some(20.0),
        ..Eligibility::default()
    };
    let an = family("gd-an")
        .assessed(2024, &[("a", yes())])
        .assessed(2025, &PASS)
        .received("gk", 2023);
    let honours = evaluate(&rules_with(high_score), &[an]);
    assert_eq!(
        check(&honours, 2024).failed_reasons(),
        ["score 10 for Name gd in 2024, needs at least 20"]
    );
    assert!(check(&honours, 2025).eligible);
    assert_eq!(
        check(&honours, 2023).failed_reasons(),
        ["no score for Name gd in 2023 (not assessed), needs at least 20"]
    );
}

#[test]
fn a_criterion_condition_needs_the_value_of_the_round() {
    let mut rules = rules_with(Eligibility {
        criteria: vec![criterion_condition("dong-gop", 2.0)],
        ..Eligibility::default()
    });
    rules.titles[0]
        .criteria
        .push(at_least(criterion("dong-gop", 0.0), 1.0));
    let an = family("gd-an")
        .assessed(2023, &[("a", yes()), ("dong-gop", num(3.0))])
        .assessed(2024, &[("a", yes()), ("dong-gop", num(1.0))])
        .assessed(2025, &[("a", yes())]);
    let honours = evaluate(&rules, &[an]);
    assert!(check(&honours, 2023).eligible);
    assert_eq!(
        check(&honours, 2024).failed_reasons(),
        ["Label dong-gop = 1, needs at least 2"]
    );
    assert_eq!(
        check(&honours, 2025).failed_reasons(),
        ["Label dong-gop not reported in 2025, needs at least 2"]
    );
}

#[test]
fn every_condition_must_hold() {
    let all = Eligibility {
        title: Some(text("gd")),
        consecutive_rounds: Some(2),
        prior_awards: vec![text("gk")],
        review_rounds_only: true,
        min_points: Some(20.0),
        criteria: Vec::new(),
    };
    let rules = rules_with(all);
    let eligible = passing(&[2024, 2025]).received("gk", 2024);
    let honours = evaluate(&rules, &[eligible]);
    let check_2025 = check(&honours, 2025);
    assert_eq!(check_2025.conditions.len(), 4);
    assert!(check_2025.eligible);
    let no_prior = evaluate(&rules, &[passing(&[2024, 2025])]);
    assert!(!check(&no_prior, 2025).eligible);
}

#[test]
fn awards_are_checked_in_received_rounds_and_only_for_their_kinds() {
    let mut rules = rules_with(Eligibility::default());
    rules
        .awards
        .push(award("co", 3, &[Kind::Clan], Eligibility::default()));
    let an = passing(&[2024]).received("gk", 2022);
    let honours = evaluate(&rules, &[an]);
    let ids = |round| -> Vec<String> {
        let checks = honours.award_checks("gd-an", round);
        checks.iter().map(|c| c.award_id.to_string()).collect()
    };
    assert_eq!(ids(2022), ["bk", "gk"]);
    assert_eq!(ids(2024), ["bk", "gk"]);
    assert!(ids(2023).is_empty());
}
