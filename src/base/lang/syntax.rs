//! The TOML parser's syntax errors in Vietnamese. The parser words each error as a
//! description, then ", expected " and what would have been valid (`string values must be
//! quoted, expected literal string`); both parts are translated here, phrase by phrase, with
//! the punctuation it expected kept as written. A description this table does not know is
//! kept in English rather than lost.

/// (parser's description, Vietnamese).
const DESCRIPTIONS: &[(&str, &str)] = &[
    (
        "string values must be quoted",
        "văn bản phải đặt trong dấu ngoặc kép",
    ),
    (
        "invalid basic string",
        "văn bản trong dấu ngoặc kép chưa đúng (thiếu dấu đóng?)",
    ),
    (
        "invalid literal string",
        "văn bản trong dấu nháy đơn chưa đúng (thiếu dấu đóng?)",
    ),
    (
        "invalid multi-line basic string",
        "văn bản nhiều dòng chưa đúng (thiếu `\"\"\"` đóng?)",
    ),
    (
        "invalid multi-line literal string",
        "văn bản nhiều dòng chưa đúng (thiếu `'''` đóng?)",
    ),
    ("invalid string", "văn bản chưa đúng"),
    ("invalid date-time", "ngày giờ không hợp lệ"),
    ("invalid integer number", "số nguyên không hợp lệ"),
    (
        "invalid float",
        "số thập phân không hợp lệ (TOML dùng dấu chấm: 67.5)",
    ),
    ("invalid fraction", "phần thập phân không hợp lệ"),
    ("invalid exponent", "số mũ không hợp lệ"),
    ("invalid mantissa", "số không hợp lệ"),
    (
        "invalid boolean",
        "giá trị đúng/sai không hợp lệ (chỉ viết true hoặc false)",
    ),
    ("invalid binary number", "số nhị phân không hợp lệ"),
    ("invalid octal number", "số bát phân không hợp lệ"),
    (
        "invalid hexadecimal number",
        "số thập lục phân không hợp lệ",
    ),
    ("invalid key", "tên trường không hợp lệ"),
    (
        "invalid unquoted key",
        "tên trường không hợp lệ (tên có dấu cách hay dấu tiếng Việt phải đặt trong ngoặc kép)",
    ),
    ("invalid key-value pair", "dòng `tên = giá trị` chưa đúng"),
    (
        "invalid inline table element",
        "phần tử của bảng `{ … }` chưa đúng",
    ),
    ("invalid table", "bảng chưa đúng"),
    ("invalid value", "giá trị không hợp lệ"),
    (
        "invalid comment character",
        "ký tự không dùng được trong ghi chú",
    ),
    (
        "duplicate key",
        "trường này đã có ở trên (trùng tên trường)",
    ),
    ("key with no value", "trường chưa có giá trị"),
    ("missing value", "thiếu giá trị"),
    ("missing value for key", "trường chưa có giá trị"),
    (
        "missing assignment between key-value pairs",
        "thiếu dấu `=` giữa tên trường và giá trị",
    ),
    (
        "missing comma between array elements",
        "thiếu dấu phẩy giữa các phần tử của danh sách",
    ),
    (
        "missing comma between key-value pairs",
        "thiếu dấu phẩy giữa các cặp `tên = giá trị`",
    ),
    ("missing opening quote", "thiếu dấu ngoặc kép mở"),
    ("missing array opening", "thiếu dấu `[` mở danh sách"),
    ("missing inline table opening", "thiếu dấu `{` mở bảng"),
    (
        "missing key for inline table element",
        "phần tử của bảng `{ … }` thiếu tên trường",
    ),
    ("missing table open", "thiếu dấu `[` mở tên bảng"),
    ("missing escaped value", "thiếu ký tự sau dấu `\\`"),
    ("missing comment start", "thiếu dấu `#` mở ghi chú"),
    ("unclosed array", "danh sách chưa được đóng bằng `]`"),
    (
        "unclosed array table",
        "tên bảng `[[…]]` chưa được đóng bằng `]]`",
    ),
    (
        "unclosed inline table",
        "bảng `{ … }` chưa được đóng bằng `}`",
    ),
    ("unclosed table", "tên bảng `[…]` chưa được đóng bằng `]`"),
    ("unexpected content", "có nội dung thừa"),
    (
        "unexpected content between comment and newline",
        "có nội dung thừa sau ghi chú",
    ),
    ("unexpected key or value", "có tên trường hoặc giá trị thừa"),
    (
        "unexpected `=` in array",
        "dấu `=` không đặt được trong danh sách",
    ),
    (
        "unexpected leading zero",
        "số không được bắt đầu bằng chữ số 0",
    ),
    ("unexpected sign", "dấu + hoặc - đặt sai chỗ"),
    ("extra `=`", "thừa dấu `=`"),
    ("extra assignment between key-value pairs", "thừa dấu `=`"),
    ("extra comma in array", "thừa dấu phẩy trong danh sách"),
    (
        "extra comma in inline table",
        "thừa dấu phẩy trong bảng `{ … }`",
    ),
    (
        "unquoted keys cannot be empty",
        "tên trường không được để trống",
    ),
    (
        "keys cannot be multi-line basic strings",
        "tên trường không được viết nhiều dòng",
    ),
    (
        "keys cannot be multi-line literal strings",
        "tên trường không được viết nhiều dòng",
    ),
    (
        "carriage return must be followed by newline",
        "ký tự xuống dòng không đúng",
    ),
    (
        "`_` may only go between digits",
        "dấu `_` chỉ được đặt giữa hai chữ số",
    ),
    ("redundant numeric sign", "thừa dấu + hoặc -"),
    ("redundant integer number prefix", "thừa tiền tố của số"),
    (
        "integers with a radix cannot be signed",
        "số viết theo cơ số khác 10 không được có dấu",
    ),
    (
        "radix must be lowercase",
        "tiền tố cơ số phải viết chữ thường",
    ),
    (
        "too few unicode value digits",
        "thiếu chữ số trong mã Unicode",
    ),
    (
        "cannot recurse further; max recursion depth met",
        "lồng quá nhiều tầng",
    ),
];

/// (what the parser expected, Vietnamese).
const EXPECTED: &[(&str, &str)] = &[
    ("basic string", "văn bản trong dấu ngoặc kép"),
    ("literal string", "văn bản trong dấu nháy đơn"),
    ("multi-line basic string", "văn bản nhiều dòng"),
    ("characters", "ký tự"),
    ("printable characters", "ký tự in được"),
    (
        "non-double-quote visible characters",
        "ký tự không phải dấu ngoặc kép",
    ),
    (
        "non-single-quote characters",
        "ký tự không phải dấu nháy đơn",
    ),
    (
        "non-single-quote visible characters",
        "ký tự không phải dấu nháy đơn",
    ),
    ("digits", "chữ số"),
    ("numbers", "số"),
    ("letters", "chữ cái"),
    ("key", "tên trường"),
    ("value", "giá trị"),
    ("unicode hexadecimal value", "mã Unicode"),
    ("nothing", "không gì nữa"),
    ("newline", "xuống dòng"),
];

/// The parser's English message in Vietnamese.
pub fn vietnamese(message: &str) -> String {
    let (description, expected) = match message.split_once(", expected ") {
        Some((description, expected)) => (description, Some(expected)),
        None => (message, None),
    };
    let mut text = lookup(DESCRIPTIONS, description)
        .unwrap_or(description)
        .to_string();
    // Says it all: the parser's "expected literal string" would only mislead.
    let expected = expected.filter(|_| description != "string values must be quoted");
    if let Some(expected) = expected {
        let items: Vec<String> = expected
            .split(", ")
            .map(|item| lookup(EXPECTED, item).unwrap_or(item).to_string())
            .collect();
        text.push_str(&format!(", cần {}", items.join(" hoặc ")));
    }
    text
}

fn lookup(table: &[(&str, &'static str)], english: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(en, _)| *en == english)
        .map(|(_, vi)| *vi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_and_expected_are_both_translated() {
        assert_eq!(
            vietnamese("string values must be quoted, expected literal string"),
            "văn bản phải đặt trong dấu ngoặc kép"
        );
        assert_eq!(
            vietnamese("invalid basic string, expected `\"`"),
            "văn bản trong dấu ngoặc kép chưa đúng (thiếu dấu đóng?), cần `\"`"
        );
        assert_eq!(
            vietnamese("duplicate key"),
            "trường này đã có ở trên (trùng tên trường)"
        );
    }

    #[test]
    fn an_unknown_description_is_kept_rather_than_lost() {
        assert_eq!(vietnamese("something new"), "something new");
    }
}
