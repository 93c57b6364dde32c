//! Vietnamese for the plain-English phrases that loading, validation and the rules engine put
//! inside messages: what a field expected, the value found, why an award was not earned, how
//! counts differ. Those stages build their phrases as data for every caller; this table words
//! them for the staff.
//!
//! A pattern is matched against the whole phrase. `{}` captures text kept as it is (a name, a
//! number, a year); `{t}` captures text that is itself translated. The Vietnamese side takes
//! the captures in order. A phrase made of parts joined by `; ` is translated part by part. A
//! phrase that no pattern matches is printed as it is, in English, rather than lost.

use super::Lang;

/// (English pattern, Vietnamese pattern). More specific patterns come first.
const PHRASES: &[(&str, &str)] = &[
    // What a field should hold (loading).
    (
        "a text value in quotes",
        "một văn bản đặt trong dấu ngoặc kép",
    ),
    (
        "a non-empty text in quotes",
        "một văn bản không rỗng, đặt trong dấu ngoặc kép",
    ),
    ("a non-empty text", "một văn bản không rỗng"),
    ("true or false", "true (có) hoặc false (không)"),
    ("true, false or a number", "true, false hoặc một số"),
    (
        "a number (it has `at_least`)",
        "một số (tiêu chí có `at_least`)",
    ),
    ("a whole number from {} to {}", "một số nguyên từ {} đến {}"),
    ("a number zero or more", "một số từ 0 trở lên"),
    ("a number", "một số"),
    (
        "a date without quotes, like 2024-12-20",
        "một ngày viết không có dấu ngoặc kép, như 2024-12-20",
    ),
    (
        "a list of texts, like [\"a\", \"b\"]",
        "một danh sách văn bản, như [\"a\", \"b\"]",
    ),
    ("a table", "một bảng"),
    ("tables written [[{}]]", "các bảng viết [[{}]]"),
    (
        "an address starting with https://",
        "một địa chỉ bắt đầu bằng https://",
    ),
    (
        "the name of a folder in themes/: lower-case letters a-z, digits, `-` and `_`",
        "tên một thư mục trong themes/: chữ thường không dấu a-z, chữ số, `-` và `_`",
    ),
    (
        "an address without `?` or `#`, like https://vinhdanh.example.vn/portal",
        "một địa chỉ không có `?` hay `#`, như https://vinhdanh.example.vn/portal",
    ),
    (
        "an address without spaces, quotes, `<`, `>` or control characters",
        "một địa chỉ không có dấu cách, dấu ngoặc kép, `<`, `>` hay ký tự điều khiển",
    ),
    ("\"vi\" or \"en\"", "\"vi\" hoặc \"en\""),
    (
        "a day of the year written MM-DD, like \"12-15\"",
        "một ngày có trong năm, viết dạng tháng-ngày MM-DD, như \"12-15\"",
    ),
    (
        "a text describing the image for people who cannot see it",
        "một câu tả bức ảnh cho người không nhìn thấy được",
    ),
    (
        "a path on this site starting with /, like \"/tin-tuc/cu/\"",
        "một đường dẫn trong trang bắt đầu bằng /, như \"/tin-tuc/cu/\"",
    ),
    (
        "a path on this site starting with /, like \"/anh/chia-se.png\"",
        "một đường dẫn trong trang bắt đầu bằng /, như \"/anh/chia-se.png\"",
    ),
    (
        "a path on this site starting with /, or an https:// address",
        "một đường dẫn trong trang bắt đầu bằng /, hoặc một địa chỉ https://",
    ),
    (
        "an http(s):// address of the licence's text",
        "một địa chỉ http(s):// tới văn bản của giấy phép",
    ),
    (
        "a date on or after the story's date ({})",
        "một ngày từ ngày đăng của câu chuyện ({}) trở về sau",
    ),
    (
        "counts like { total = 1000, registered = 900, recognised = 800 }",
        "các số liệu như { total = 1000, registered = 900, recognised = 800 }",
    ),
    ("at most `{}` ({})", "không quá `{}` ({})"),
    (
        "the criteria values, like { tre-em-den-truong = true }",
        "giá trị các tiêu chí, như { tre-em-den-truong = true }",
    ),
    (
        "one revocation per title or award",
        "mỗi lần thu hồi chỉ một danh hiệu hoặc một khen thưởng",
    ),
    (
        "`title = \"...\"` or `award = \"...\"`: what is withdrawn",
        "`title = \"...\"` hoặc `award = \"...\"`: cái bị thu hồi",
    ),
    (
        "a list of kinds the award is for, each {t}",
        "danh sách các loại được xét khen thưởng, mỗi loại là {t}",
    ),
    (
        "one of family, clan, community, unit, citizen",
        "một trong family, clan, community, unit, citizen",
    ),
    (
        "a year not before `{}` ({})",
        "một năm không trước `{}` ({})",
    ),
    (
        "at least one [[title.criterion]]",
        "ít nhất một [[title.criterion]]",
    ),
    (
        "the rounds the title is valid in, like { from = 2023, to = 2030 }",
        "các đợt danh hiệu có hiệu lực, như { from = 2023, to = 2030 }",
    ),
    (
        "`points = N` or `required = true` (or both)",
        "`points = N` hoặc `required = true` (hoặc cả hai)",
    ),
    (
        "the share a computed criterion needs, from 0 to 1, like 0.5",
        "tỷ lệ tiêu chí tính tự động cần đạt, từ 0 đến 1, như 0.5",
    ),
    (
        "\"families\" (a clan's member families)",
        "\"families\" (các gia đình trong dòng họ)",
    ),
    (
        "the least score of this grade",
        "số điểm thấp nhất của mức xếp loại này",
    ),
    (
        "\"state\" or \"association\" (Hội Khuyến học)",
        "\"state\" (Nhà nước) hoặc \"association\" (Hội Khuyến học)",
    ),
    (
        "the least value of the criterion, like 1",
        "giá trị thấp nhất của tiêu chí, như 1",
    ),
    (
        "a percentage from 0 to 100, or a range like { min = 70, stretch = 75 }",
        "một tỷ lệ phần trăm từ 0 đến 100, hoặc một khoảng như { min = 70, stretch = 75 }",
    ),
    (
        "the phase's years, like { first = 2023, last = 2025 }",
        "các năm của giai đoạn, như { first = 2023, last = 2025 }",
    ),
    (
        "a stretch value not below `min` ({})",
        "mức phấn đấu không thấp hơn `min` ({})",
    ),
    (
        "a percentage from 0 to 100",
        "một tỷ lệ phần trăm từ 0 đến 100",
    ),
    // Values found (loading).
    ("the text \"{}\"", "văn bản \"{}\""),
    ("the number {}", "số {}"),
    ("the date {}", "ngày {}"),
    ("a list", "một danh sách"),
    ("\"\" (empty)", "\"\" (rỗng)"),
    ("both `title` and `award`", "cả `title` lẫn `award`"),
    ("{} (the file name)", "{} (tên tệp)"),
    ("the file does not exist", "tệp không tồn tại"),
    // What was used twice, and where.
    ("record id", "mã hồ sơ"),
    ("title id", "mã danh hiệu"),
    ("award id", "mã khen thưởng"),
    ("period id", "mã giai đoạn"),
    ("criterion id", "mã tiêu chí"),
    ("commune code", "mã xã"),
    ("province code", "mã tỉnh"),
    ("commune name", "tên xã"),
    ("assessment round", "đợt đánh giá"),
    ("story slug", "đường dẫn (slug) của câu chuyện"),
    ("first used here", "dùng lần đầu ở đây"),
    ("first assessed here", "đánh giá lần đầu ở đây"),
    ("first reported here", "khai lần đầu ở đây"),
    // Counts that disagree.
    (
        "total reported {}, records {}",
        "tổng số báo cáo {}, theo hồ sơ {}",
    ),
    (
        "registered reported {}, assessed records {}",
        "số đăng ký báo cáo {}, số hồ sơ được đánh giá {}",
    ),
    (
        "recognised reported {}, records holding the title {}",
        "số được công nhận báo cáo {}, số hồ sơ đạt danh hiệu {}",
    ),
    // Why a title was not earned, or was withdrawn (rules).
    (
        "required criterion {} not met",
        "tiêu chí bắt buộc {} không đạt",
    ),
    (
        "score {} below the pass mark {}",
        "điểm {} thấp hơn mức đạt {}",
    ),
    ("{} criteria met, needs {}", "đạt {} tiêu chí, cần {}"),
    (
        "revoked from round {} by decision {}: {}",
        "bị thu hồi từ đợt {} theo quyết định {}: {}",
    ),
    (
        "revoked from round {} by decision {}",
        "bị thu hồi từ đợt {} theo quyết định {}",
    ),
    ("revoked from round {}: {}", "bị thu hồi từ đợt {}: {}"),
    ("revoked from round {}", "bị thu hồi từ đợt {}"),
    // Award conditions (rules).
    (
        "holds {} {} consecutive rounds ({}), needs {}",
        "đạt {} {} đợt liên tiếp ({}), cần {}",
    ),
    (
        "holds {} {} consecutive round ({}), needs {}",
        "đạt {} {} đợt liên tiếp ({}), cần {}",
    ),
    (
        "does not hold {} in {} ({t}), needs {} consecutive rounds",
        "không đạt {} năm {} ({t}), cần {} đợt liên tiếp",
    ),
    ("does not hold {} in {} ({t})", "không đạt {} năm {} ({t})"),
    ("holds {} in {}", "đạt {} năm {}"),
    ("not assessed", "không được đánh giá"),
    ("not earned", "không đạt"),
    ("title revoked", "danh hiệu bị thu hồi"),
    ("no earlier round", "không có đợt trước"),
    ("the {} title", "danh hiệu của loại {}"),
    (
        "received {} before (round {})",
        "đã nhận {} trước đây (đợt {})",
    ),
    (
        "received {} in round {}, but it was {t}",
        "đã nhận {} ở đợt {}, nhưng đã {t}",
    ),
    (
        "received {} only in round {} itself",
        "chỉ nhận {} ngay trong đợt {}",
    ),
    ("it must be an earlier round", "phải là một đợt trước đó"),
    (
        "has not received {} before round {}",
        "chưa nhận {} trước đợt {}",
    ),
    (
        "{} is a review round ({})",
        "{} là đợt sơ kết, tổng kết ({})",
    ),
    ("only in review rounds", "chỉ xét ở đợt sơ kết, tổng kết"),
    ("{} is not one", "{} không phải đợt sơ kết, tổng kết"),
    (
        "score {} for {} in {}, needs at least {}",
        "điểm {} cho {} năm {}, cần ít nhất {}",
    ),
    (
        "no score for {} in {} (not assessed), needs at least {}",
        "không có điểm {} năm {} (không được đánh giá), cần ít nhất {}",
    ),
    (
        "{} not reported in {}, needs at least {}",
        "{} không được khai năm {}, cần ít nhất {}",
    ),
    ("{} = {}, needs at least {}", "{} = {}, cần ít nhất {}"),
    // A year and a reason: "2024: not assessed".
    ("{}: {t}", "{}: {t}"),
];

/// What joins several reasons into one phrase; a capture never spans it.
const SEPARATOR: &str = "; ";

/// `text` in `lang`: English as it is; Vietnamese through the table, part by part.
pub fn translate(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Vi => to_vietnamese(text, Decimals::Comma),
    }
}

/// `text` in `lang`, its numbers kept with the decimal point for files read by programs (CSV).
pub fn translate_for_data(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Vi => to_vietnamese(text, Decimals::Point),
    }
}

/// How captured decimal numbers are written: with a comma for people, a point for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decimals {
    Comma,
    Point,
}

fn to_vietnamese(text: &str, decimals: Decimals) -> String {
    if let Some(whole) = by_pattern(text, decimals) {
        return whole;
    }
    if text.contains(SEPARATOR) {
        let parts: Vec<String> = text
            .split(SEPARATOR)
            .map(|part| to_vietnamese(part, decimals))
            .collect();
        return parts.join(SEPARATOR);
    }
    text.to_string()
}

fn by_pattern(text: &str, decimals: Decimals) -> Option<String> {
    PHRASES.iter().find_map(|(english, vietnamese)| {
        let captures = captures(english, text, decimals)?;
        Some(fill(vietnamese, &captures, decimals))
    })
}

/// One piece of a pattern: literal text, or a hole that captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'p> {
    Literal(&'p str),
    Keep,
    Translate,
}

fn pieces(pattern: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut literal_start = 0;
    let mut at = 0;
    while at < pattern.len() {
        let rest = &pattern[at..];
        let hole = if rest.starts_with("{}") {
            Some((Piece::Keep, 2))
        } else if rest.starts_with("{t}") {
            Some((Piece::Translate, 3))
        } else {
            None
        };
        match hole {
            Some((hole, width)) => {
                if literal_start < at {
                    pieces.push(Piece::Literal(&pattern[literal_start..at]));
                }
                pieces.push(hole);
                at += width;
                literal_start = at;
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    if literal_start < pattern.len() {
        pieces.push(Piece::Literal(&pattern[literal_start..]));
    }
    pieces
}

/// The captures of `pattern` in the whole of `text`, each translated when the hole says so.
fn captures(pattern: &str, text: &str, decimals: Decimals) -> Option<Vec<String>> {
    let pieces = pieces(pattern);
    let mut found = Vec::new();
    matches(&pieces, text, decimals, &mut found).then_some(found)
}

fn matches(pieces: &[Piece<'_>], text: &str, decimals: Decimals, found: &mut Vec<String>) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    match first {
        Piece::Literal(literal) => text
            .strip_prefix(literal)
            .is_some_and(|after| matches(rest, after, decimals, found)),
        Piece::Keep | Piece::Translate => {
            let keep = |captured: &str| match first {
                Piece::Translate => to_vietnamese(captured, decimals),
                _ => captured.to_string(),
            };
            let Some((Piece::Literal(next), after_next)) = rest.split_first() else {
                // A hole at the end takes the rest (two holes side by side never occur).
                if rest.is_empty() && !text.is_empty() && !text.contains(SEPARATOR) {
                    found.push(keep(text));
                    return true;
                }
                return false;
            };
            // Names come first in the phrases and short values last: try the last place first.
            let candidates: Vec<usize> = text
                .match_indices(next)
                .map(|(at, _)| at)
                .filter(|at| *at > 0 && !text[..*at].contains(SEPARATOR))
                .collect();
            for at in candidates.into_iter().rev() {
                let depth = found.len();
                found.push(keep(&text[..at]));
                if matches(after_next, &text[at + next.len()..], decimals, found) {
                    return true;
                }
                found.truncate(depth);
            }
            false
        }
    }
}

/// The Vietnamese pattern with its holes filled by the captures, in order.
fn fill(pattern: &str, captures: &[String], decimals: Decimals) -> String {
    let mut out = String::new();
    let mut next = captures.iter();
    for piece in pieces(pattern) {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::Keep | Piece::Translate => {
                let capture = next.next().map_or("", String::as_str);
                match decimals {
                    Decimals::Comma => out.push_str(&decimal_comma(capture)),
                    Decimals::Point => out.push_str(capture),
                }
            }
        }
    }
    out
}

/// A captured decimal number ("0.25", "82.95%") with the Vietnamese decimal comma, as the
/// site writes it; any other capture as it is.
fn decimal_comma(capture: &str) -> String {
    let number = capture.strip_suffix('%').unwrap_or(capture);
    let is_decimal = number.contains('.')
        && number.parse::<f64>().is_ok()
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    if is_decimal {
        capture.replacen('.', ",", 1)
    } else {
        capture.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vi(text: &str) -> String {
        translate(Lang::Vi, text)
    }

    #[test]
    fn english_is_left_as_it_is() {
        assert_eq!(translate(Lang::En, "a table"), "a table");
    }

    #[test]
    fn captured_decimals_take_the_decimal_comma() {
        assert_eq!(
            vi("Tỉ lệ = 0.25, needs at least 0.5"),
            "Tỉ lệ = 0,25, cần ít nhất 0,5"
        );
        assert_eq!(
            vi("Số hộ = 12, needs at least 3"),
            "Số hộ = 12, cần ít nhất 3"
        );
        assert_eq!(
            translate_for_data(Lang::Vi, "Tỉ lệ = 0.25, needs at least 0.5"),
            "Tỉ lệ = 0.25, cần ít nhất 0.5"
        );
        assert_eq!(decimal_comma("82.95%"), "82,95%");
        assert_eq!(decimal_comma("v1.2.3"), "v1.2.3");
        assert_eq!(decimal_comma("ha-noi.toml"), "ha-noi.toml");
    }

    #[test]
    fn fixed_and_patterned_phrases_are_translated() {
        assert_eq!(vi("a table"), "một bảng");
        assert_eq!(
            vi("a whole number from 0 to 10000000"),
            "một số nguyên từ 0 đến 10000000"
        );
        assert_eq!(vi("the text \"2024-03-12\""), "văn bản \"2024-03-12\"");
        assert_eq!(
            vi("the rounds the title is valid in, like { from = 2023, to = 2030 }"),
            "các đợt danh hiệu có hiệu lực, như { from = 2023, to = 2030 }"
        );
    }

    #[test]
    fn joined_reasons_are_translated_part_by_part() {
        assert_eq!(
            vi("holds Gia đình học tập 1 consecutive round (2025), needs 2; 2024: not assessed"),
            "đạt Gia đình học tập 1 đợt liên tiếp (2025), cần 2; 2024: không được đánh giá"
        );
        assert_eq!(
            vi("required criterion a not met; score 20 below the pass mark 60"),
            "tiêu chí bắt buộc a không đạt; điểm 20 thấp hơn mức đạt 60"
        );
        assert_eq!(
            vi("received Giấy khen only in round 2025 itself; it must be an earlier round"),
            "chỉ nhận Giấy khen ngay trong đợt 2025; phải là một đợt trước đó"
        );
    }

    #[test]
    fn a_capture_never_swallows_the_next_reason() {
        assert_eq!(
            vi(
                "holds X 2 consecutive rounds (2023-2024), needs 3; 2022: not assessed; has not received Y before round 2024"
            ),
            "đạt X 2 đợt liên tiếp (2023-2024), cần 3; 2022: không được đánh giá; chưa nhận Y trước đợt 2024"
        );
    }

    #[test]
    fn nested_captures_are_translated_too() {
        assert_eq!(
            vi("does not hold Gia đình học tập in 2024 (not earned), needs 2 consecutive rounds"),
            "không đạt Gia đình học tập năm 2024 (không đạt), cần 2 đợt liên tiếp"
        );
        assert_eq!(
            vi(
                "received Giấy khen in round 2024, but it was revoked from round 2025 by decision 30/QĐ: Sai"
            ),
            "đã nhận Giấy khen ở đợt 2024, nhưng đã bị thu hồi từ đợt 2025 theo quyết định 30/QĐ: Sai"
        );
    }

    #[test]
    fn a_name_holding_a_literal_of_the_pattern_is_captured_whole() {
        assert_eq!(
            vi("score 90 for Học in năm in 2025, needs at least 80"),
            "điểm 90 cho Học in năm năm 2025, cần ít nhất 80"
        );
    }

    #[test]
    fn an_unknown_phrase_stays_in_english() {
        assert_eq!(vi("something new"), "something new");
    }

    #[test]
    fn every_pattern_has_as_many_holes_on_both_sides() {
        for (english, vietnamese) in PHRASES {
            let holes = |p: &str| {
                pieces(p)
                    .iter()
                    .filter(|piece| !matches!(piece, Piece::Literal(_)))
                    .count()
            };
            assert_eq!(holes(english), holes(vietnamese), "{english}");
        }
    }
}
