//! The Vietnamese words of the command line: what each command does, what each argument means
//! and what its value is called. The English words are the doc comments of [`super::Cli`];
//! a test walks the whole command tree so that nothing is left in English.

/// The Vietnamese text of an argument: its help and the name of its value.
#[derive(Clone, Copy, Debug)]
pub struct ArgWords {
    pub help: &'static str,
    pub value: &'static str,
}

/// What the command `name` (a subcommand's own name, "vinhdanh" for the top) does.
pub fn about(name: &str) -> Option<&'static str> {
    Some(match name {
        "vinhdanh" => {
            "Dựng cổng thông tin vinh danh phong trào xây dựng xã hội học tập từ hồ sơ TOML và câu chuyện Markdown."
        }
        "build" => "Dựng trang vào một thư mục (mặc định: public/ trong thư mục gốc của trang).",
        "check" => "Kiểm tra toàn bộ trang và in bản tóm tắt; không ghi tệp nào.",
        "serve" => {
            "Xem trước trang: dựng trang, mở trên máy này, dựng lại và tải lại các trang đang mở mỗi khi có thay đổi."
        }
        "explain" => {
            "Cho biết quy định đã đánh giá một hồ sơ thế nào: tiêu chí, điểm, danh hiệu và khen thưởng."
        }
        "report" => {
            "Báo cáo một đợt bình xét: mới được công nhận, mất danh hiệu, điều kiện khen thưởng, tiến độ so với chỉ tiêu."
        }
        "new" => "Bắt đầu một câu chuyện mới về một hồ sơ, hoặc một trang mới.",
        "story" => "Viết tệp content/cau-chuyen/<tên>.md về một hồ sơ, phần đầu đã điền sẵn.",
        "site" => "Tạo một trang chạy được trong một thư mục mới hoặc còn trống.",
        "import" => {
            "Chuyển một bảng tính (.csv hoặc .xlsx) gồm các hồ sơ và các cột tiêu chí thành tệp hồ sơ TOML."
        }
        "help" => "In trợ giúp này, hoặc trợ giúp của lệnh được nêu.",
        _ => return None,
    })
}

/// The argument `id` of the command `name`.
pub fn arg(name: &str, id: &str) -> Option<ArgWords> {
    let (help, value) = match (name, id) {
        (_, "help") => ("In trợ giúp.", ""),
        (_, "version") => ("In số phiên bản.", ""),
        (_, "root") => ("Thư mục gốc của trang (thư mục chứa site.toml).", "THƯ_MỤC"),
        (_, "lang") => (
            "Ngôn ngữ của thông báo, bản tóm tắt và báo cáo: vi (tiếng Việt) hoặc en (tiếng Anh); mặc định theo `language` trong site.toml, nếu không có thì vi.",
            "NGÔN_NGỮ",
        ),
        ("build", "output") => ("Thư mục đầu ra.", "THƯ_MỤC"),
        ("build", "base_url") => (
            "Dùng địa chỉ gốc này thay cho địa chỉ trong site.toml (để xem trước).",
            "ĐỊA_CHỈ",
        ),
        ("import", "force") => ("Ghi đè tệp đầu ra nếu tệp đó đã có.", ""),
        (_, "force") => ("Làm tiếp dù thư mục đầu ra chưa qua bước bảo vệ.", ""),
        ("serve", "port") => (
            "Cổng để lắng nghe; 0 là tự chọn một cổng còn trống.",
            "CỔNG",
        ),
        ("serve", "bind") => (
            "Địa chỉ để lắng nghe. Mọi địa chỉ khác 127.0.0.1 và ::1 đều cho máy khác xem được bản xem trước.",
            "ĐỊA_CHỈ",
        ),
        ("serve", "output") => (
            "Thư mục đầu ra của bản xem trước (mặc định: một thư mục trong thư mục tạm của hệ thống).",
            "THƯ_MỤC",
        ),
        ("serve", "drafts") => (
            "Hiện cả các câu chuyện nháp (draft = true), có ghi rõ \"Bản nháp\"; build không bao giờ xuất bản chúng.",
            "",
        ),
        ("serve", "stop_after") => ("Dừng sau chừng ấy giây (dùng khi kiểm thử).", "GIÂY"),
        (_, "id") => ("Mã hồ sơ.", "MÃ_HỒ_SƠ"),
        ("explain", "round") => (
            "Đợt (năm) cần giải thích; mặc định: đợt gần nhất của hồ sơ.",
            "NĂM",
        ),
        ("report", "round") => ("Đợt (năm); mặc định: đợt hiện tại của trang.", "NĂM"),
        ("report", "since") => ("So sánh với đợt trước này thay vì đợt liền trước.", "NĂM"),
        ("report", "format") => (
            "Định dạng: md, csv hoặc html (một trang riêng để in khổ A4).",
            "ĐỊNH_DẠNG",
        ),
        ("report", "province") => (
            "Chỉ báo cáo một tỉnh: tên tệp của tỉnh trong data/provinces/, bỏ đuôi .toml.",
            "TỈNH",
        ),
        ("story", "date") => (
            "Ngày của câu chuyện, dạng NĂM-THÁNG-NGÀY (mặc định: hôm nay).",
            "NGÀY",
        ),
        ("site", "dir") => ("Thư mục để tạo trang.", "THƯ_MỤC"),
        ("import", "file") => (
            "Bảng tính: tệp .csv (UTF-8) hoặc .xlsx, dòng đầu là tiêu đề cột.",
            "TỆP",
        ),
        ("import", "kind") => (
            "Loại hồ sơ: family (gia đình), clan (dòng họ), community (cộng đồng), unit (đơn vị) hoặc citizen (công dân).",
            "LOẠI",
        ),
        ("import", "province") => (
            "Tỉnh: tên tệp của tỉnh trong data/provinces/, bỏ đuôi .toml.",
            "TỈNH",
        ),
        _ => return None,
    };
    Some(ArgWords { help, value })
}
