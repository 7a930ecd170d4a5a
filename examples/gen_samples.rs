//! Writes the sample district workbooks under `data/2022-9M/` and the facts
//! they must give in `data/expected.toml`.
//!
//! Run from the crate root: `cargo run --release --example gen_samples`.
//!
//! Standalone on purpose (depends on rust_xlsxwriter, serde and toml only, not
//! on the `chitieu` library). Deterministic: no clock, no randomness; the
//! workbook creation time is fixed, so the same source gives the same bytes.
//! The narrative texts (`data/2022-9M/*.txt`) and `data/expected_text.toml` are
//! written by hand, not by this program.
//!
//! Every indicator row uses the catalogue's `name` or one of its `labels`
//! (checked against `config/indicators.toml` at run time), and every figure is
//! checked for internal consistency (sub-items sum to their total, x/y within
//! bounds) except the deliberate inconsistency documented in `data/README.md`.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const PERIOD: &str = "2022-9M";

// ---------------------------------------------------------------------------
// Cell values
// ---------------------------------------------------------------------------

/// One value cell of an indicator row.
#[derive(Clone, Copy, Debug)]
enum V {
    /// A number cell.
    N(f64),
    /// A text cell holding the number in Vietnamese style ("1.234,5"), with
    /// that many decimals.
    T(f64, usize),
    /// A text cell "x/y".
    R(u32, u32),
    /// A text cell "-" (no figure).
    Dash,
}

impl V {
    /// The number the cell stands for (x for "x/y").
    fn num(self) -> Option<f64> {
        match self {
            V::N(x) | V::T(x, _) => Some(x),
            V::R(x, _) => Some(f64::from(x)),
            V::Dash => None,
        }
    }
    fn is_text(self) -> bool {
        matches!(self, V::T(..) | V::R(..) | V::Dash)
    }
}

/// Vietnamese number style: dot thousands, comma decimals ("12.480", "1.234,5").
fn vn(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let mut out = if x < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    };
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let m = 10f64.powi(decimals);
    (x * m).round() / m
}

// ---------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------

/// How the STT column and the label show a row.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stt {
    /// A numbered item: STT holds the number.
    Num(u32),
    /// A sub-item: STT holds "-" and the label is plain.
    Dash,
    /// A sub-item written inside the label ("- Thu nội địa"), STT empty.
    DashInLabel,
}

#[derive(Clone, Debug)]
struct Item {
    stt: Stt,
    label: &'static str,
    unit: &'static str,
    /// The catalogue indicator this row gives, `None` for rows that are not in
    /// the catalogue (they stay unknown labels).
    indicator: Option<&'static str>,
    plan: V,
    prior: V,
    cur: V,
    /// Whether the "So sánh (%)" cells are filled (ratio of current to plan /
    /// to prior, as printed tables do).
    compare: bool,
    /// This "%" row states the percentage of the x/y row above it.
    stated_pct_of_previous: bool,
    note: &'static str,
    /// Expected to be flagged as a look-alike (`not_labels`), never a fact.
    look_alike: bool,
}

#[derive(Clone, Debug)]
enum Row {
    Section(&'static str, &'static str),
    Item(Item),
}

fn item(
    n: u32,
    label: &'static str,
    unit: &'static str,
    indicator: &'static str,
    plan: V,
    prior: V,
    cur: V,
) -> Row {
    Row::Item(Item {
        stt: Stt::Num(n),
        label,
        unit,
        indicator: Some(indicator),
        plan,
        prior,
        cur,
        compare: true,
        stated_pct_of_previous: false,
        note: "",
        look_alike: false,
    })
}

/// A numbered row that is not a catalogue indicator.
fn other(n: u32, label: &'static str, unit: &'static str, plan: V, prior: V, cur: V) -> Row {
    Row::Item(Item {
        stt: Stt::Num(n),
        label,
        unit,
        indicator: None,
        plan,
        prior,
        cur,
        compare: false,
        stated_pct_of_previous: false,
        note: "",
        look_alike: false,
    })
}

/// A "-" sub-item; `indicator` may be `None` (an unknown label).
fn sub(
    stt: Stt,
    label: &'static str,
    unit: &'static str,
    indicator: Option<&'static str>,
    plan: V,
    prior: V,
    cur: V,
) -> Row {
    Row::Item(Item {
        stt,
        label,
        unit,
        indicator,
        plan,
        prior,
        cur,
        compare: indicator.is_some(),
        stated_pct_of_previous: false,
        note: "",
        look_alike: false,
    })
}

/// The "%" row under the schools row: the stated share of the x/y above.
fn school_pct(stt: Stt, plan: f64, prior: f64, cur: f64) -> Row {
    Row::Item(Item {
        stt,
        label: "Tỷ lệ trường đạt chuẩn quốc gia",
        unit: "%",
        indicator: None,
        plan: V::N(plan),
        prior: V::N(prior),
        cur: V::N(cur),
        compare: false,
        stated_pct_of_previous: true,
        note: "",
        look_alike: false,
    })
}

/// Modifiers on a row.
trait RowExt {
    fn no_compare(self) -> Row;
    fn note(self, note: &'static str) -> Row;
    fn look_alike(self) -> Row;
}

impl RowExt for Row {
    fn no_compare(mut self) -> Row {
        if let Row::Item(it) = &mut self {
            it.compare = false;
        }
        self
    }
    fn note(mut self, note: &'static str) -> Row {
        if let Row::Item(it) = &mut self {
            it.note = note;
        }
        self
    }
    fn look_alike(mut self) -> Row {
        if let Row::Item(it) = &mut self {
            it.look_alike = true;
            it.compare = true;
        }
        self
    }
}

use V::{Dash, N, R, T};

// ---------------------------------------------------------------------------
// Districts
// ---------------------------------------------------------------------------

struct District {
    slug: &'static str,
    name: &'static str,
    /// "quan" or "huyen".
    level: &'static str,
    code: &'static str,
    sheet: &'static str,
    report_ref: &'static str,
    /// A row of column numbers ("A", "B", "C", "1", "2", "3", "4=3/1", "5=3/2")
    /// under the header.
    numbering_row: bool,
    /// A "Ghi chú" column after the comparison columns.
    notes_column: bool,
    /// An empty second sheet, as many real files have.
    extra_empty_sheet: bool,
    /// Header words for the five value columns.
    head: [&'static str; 5],
    /// Sub-headers of "So sánh (%)".
    cmp_head: [&'static str; 2],
    rows: Vec<Row>,
}

const HEAD_STD: [&str; 5] = [
    "Kế hoạch năm 2022",
    "Thực hiện 9 tháng năm 2021",
    "Ước thực hiện 9 tháng năm 2022",
    "So sánh (%)",
    "Ghi chú",
];
const HEAD_SHORT: [&str; 5] = [
    "KH năm 2022",
    "TH 9 tháng năm 2021",
    "ƯTH 9 tháng năm 2022",
    "So sánh (%)",
    "Ghi chú",
];
const CMP_STD: [&str; 2] = ["KH năm", "Cùng kỳ"];

/// The district tables. One row per line on purpose (kept out of rustfmt):
/// `item(n, label, unit, indicator, plan, prior, current)`.
#[rustfmt::skip]
fn districts() -> Vec<District> {
    vec![
        District {
            slug: "ba-dinh",
            name: "Ba Đình",
            level: "quan",
            code: "001",
            sheet: "Bieu tong hop",
            report_ref: "(Kèm theo Báo cáo số 285/BC-UBND ngày 06/10/2022 của UBND quận Ba Đình)",
            numbering_row: false,
            notes_column: false,
            extra_empty_sheet: false,
            head: HEAD_STD,
            cmp_head: CMP_STD,
            rows: vec![
                Row::Section("I", "KINH TẾ"),
                item(1, "Tổng thu ngân sách nhà nước trên địa bàn", "Tỷ đồng", "budget_revenue", N(14820.0), N(9402.7), N(10256.4)),
                sub(Stt::Dash, "Thu nội địa", "Tỷ đồng", None, N(14320.0), N(9188.5), N(10034.2)),
                sub(Stt::Dash, "Thu tiền sử dụng đất", "Tỷ đồng", None, N(500.0), N(214.2), N(222.2)),
                other(2, "Thu ngân sách quận được hưởng", "Tỷ đồng", N(1950.0), N(1402.6), N(1512.8)).look_alike(),
                item(3, "Tổng chi ngân sách địa phương", "Tỷ đồng", "budget_expenditure", N(2136.5), N(1318.7), N(1402.9)),
                item(4, "Tổng giá trị sản xuất trên địa bàn", "Tỷ đồng", "production_value", N(128400.0), N(85612.3), N(93845.6)),
                sub(Stt::Dash, "Thương mại - dịch vụ", "Tỷ đồng", None, N(106900.0), N(71380.2), N(78215.0)),
                sub(Stt::Dash, "Công nghiệp - xây dựng", "Tỷ đồng", Some("industrial_value"), N(21500.0), N(14232.1), N(15630.6)),
                item(5, "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "Tỷ đồng", "retail_sales", N(62500.0), N(40126.8), N(47352.1)),
                item(6, "Kim ngạch xuất khẩu", "Triệu USD", "export_value", N(820.0), N(563.4), N(611.8)),
                item(7, "Giải ngân vốn đầu tư công", "Tỷ đồng", "public_investment_disbursement", N(1284.6), N(598.3), N(742.5)),
                item(8, "Số doanh nghiệp thành lập mới", "Doanh nghiệp", "new_enterprises", N(1500.0), N(1036.0), N(1148.0)),
                Row::Section("II", "VĂN HÓA - XÃ HỘI"),
                item(1, "Giải quyết việc làm", "Người", "jobs_created", N(3600.0), N(2574.0), N(2946.0)),
                item(2, "Số hộ nghèo", "Hộ", "poor_households", N(30.0), N(41.0), N(38.0)).no_compare(),
                item(3, "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "health_insurance_coverage", N(93.0), N(91.2), N(92.4)).no_compare(),
                item(4, "Trường công lập đạt chuẩn quốc gia", "Trường", "schools_national_standard", R(35, 49), R(32, 49), R(34, 49)),
                school_pct(Stt::Dash, 71.43, 65.31, 69.39),
                other(5, "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", N(98.0), N(97.6), N(99.1)),
                Row::Section("III", "QUỐC PHÒNG - AN NINH"),
                item(1, "Thanh niên nhập ngũ", "Người", "military_recruitment", N(118.0), N(112.0), N(118.0)),
                other(2, "Tỷ lệ điều tra, khám phá án hình sự", "%", N(80.0), N(85.2), N(86.7)),
                Row::Section("IV", "XÂY DỰNG ĐẢNG"),
                item(1, "Kết nạp đảng viên mới", "Người", "new_party_members", N(300.0), N(198.0), N(236.0)),
                item(2, "Chi bộ hoàn thành đại hội chi bộ nhiệm kỳ", "Chi bộ", "party_cell_congress", R(402, 402), Dash, R(402, 402)),
            ],
        },
        District {
            slug: "hoan-kiem",
            name: "Hoàn Kiếm",
            level: "quan",
            code: "002",
            sheet: "9 thang 2022",
            report_ref: "(Kèm theo Báo cáo số 312/BC-UBND ngày 05/10/2022 của UBND quận Hoàn Kiếm)",
            numbering_row: true,
            notes_column: false,
            extra_empty_sheet: false,
            head: HEAD_SHORT,
            cmp_head: ["So KH", "So CK"],
            rows: vec![
                Row::Section("I", "KINH TẾ"),
                item(1, "Thu ngân sách nhà nước", "Tỷ đồng", "budget_revenue", N(12350.0), T(8455.1, 1), N(8912.6)),
                sub(Stt::Dash, "Thu nội địa", "Tỷ đồng", None, N(12150.0), T(8350.7, 1), N(8801.4)),
                sub(Stt::Dash, "Thu tiền sử dụng đất", "Tỷ đồng", None, N(200.0), T(104.4, 1), N(111.2)),
                item(2, "Chi ngân sách địa phương", "Tỷ đồng", "budget_expenditure", N(1865.2), T(1106.4, 1), N(1214.7)),
                item(3, "Giá trị sản xuất các ngành kinh tế", "Tỷ đồng", "production_value", N(96300.0), T(58710.5, 1), N(68426.9)),
                sub(Stt::Dash, "Thương mại - dịch vụ", "Tỷ đồng", None, N(88200.0), T(53915.3, 1), N(62987.1)),
                sub(Stt::Dash, "Công nghiệp - xây dựng", "Tỷ đồng", Some("industrial_value"), N(8100.0), T(4795.2, 1), N(5439.8)),
                item(4, "Tổng mức bán lẻ hàng hóa", "Tỷ đồng", "retail_sales", N(78000.0), T(45289.6, 1), N(57812.3)),
                item(5, "Lượt khách du lịch", "Nghìn lượt khách", "tourist_arrivals", N(4500.0), T(812.5, 1), N(2986.5)),
                item(6, "Doanh thu du lịch", "Tỷ đồng", "tourism_revenue", N(22000.0), T(4105.8, 1), N(14862.4)),
                item(7, "Kim ngạch xuất khẩu hàng hóa", "Triệu USD", "export_value", N(540.0), T(402.7, 1), N(428.3)),
                item(8, "Giá trị giải ngân vốn đầu tư công", "Tỷ đồng", "public_investment_disbursement", N(1046.0), T(472.9, 1), N(583.6)),
                item(9, "Doanh nghiệp đăng ký thành lập mới", "Doanh nghiệp", "new_enterprises", N(1100.0), T(742.0, 0), N(861.0)),
                Row::Section("II", "VĂN HÓA - XÃ HỘI"),
                item(1, "Số lao động được giải quyết việc làm", "Người", "jobs_created", N(3200.0), T(2105.0, 0), N(2418.0)),
                item(2, "Hộ nghèo", "Hộ", "poor_households", N(15.0), T(27.0, 0), N(22.0)).no_compare(),
                item(3, "Tỷ lệ bao phủ BHYT", "%", "health_insurance_coverage", N(92.0), T(90.6, 1), N(91.8)).no_compare(),
                item(4, "Số trường đạt chuẩn quốc gia", "Trường", "schools_national_standard", R(23, 31), R(20, 31), R(22, 31)),
                school_pct(Stt::Dash, 74.19, 64.52, 70.97),
                Row::Section("III", "QUỐC PHÒNG - AN NINH"),
                item(1, "Tuyển quân", "Người", "military_recruitment", N(96.0), T(90.0, 0), N(96.0)),
                Row::Section("IV", "XÂY DỰNG ĐẢNG"),
                item(1, "Số đảng viên mới được kết nạp", "Người", "new_party_members", N(220.0), T(151.0, 0), N(173.0)),
                item(2, "Số chi bộ hoàn thành đại hội", "Chi bộ", "party_cell_congress", R(318, 318), Dash, R(318, 318)),
            ],
        },
        District {
            slug: "dong-da",
            name: "Đống Đa",
            level: "quan",
            code: "006",
            sheet: "Biểu 01",
            report_ref: "(Kèm theo Báo cáo số 398/BC-UBND ngày 07/10/2022 của UBND quận Đống Đa)",
            numbering_row: false,
            notes_column: false,
            extra_empty_sheet: false,
            head: HEAD_STD,
            cmp_head: CMP_STD,
            rows: vec![
                Row::Section("I", "KINH TẾ"),
                item(1, "Tổng thu NSNN trên địa bàn", "Tỷ đồng", "budget_revenue", N(12960.0), N(7803.1), N(8742.5)),
                sub(Stt::Dash, "Thu nội địa", "Tỷ đồng", None, N(12480.0), N(7578.4), N(8486.3)),
                sub(Stt::Dash, "Thu tiền sử dụng đất", "Tỷ đồng", None, N(480.0), N(224.7), N(256.2)),
                item(2, "Tổng chi ngân sách", "Tỷ đồng", "budget_expenditure", N(2418.3), N(1502.6), N(1611.9)),
                sub(Stt::Dash, "Chi đầu tư phát triển", "Tỷ đồng", None, N(1020.5), N(598.1), N(642.7)),
                sub(Stt::Dash, "Chi thường xuyên", "Tỷ đồng", None, N(1397.8), N(904.5), N(969.2)),
                item(3, "Tổng giá trị sản xuất", "Tỷ đồng", "production_value", N(142000.0), N(93518.4), N(104227.6)),
                sub(Stt::Dash, "Công nghiệp - xây dựng", "Tỷ đồng", Some("industrial_value"), N(24600.0), N(16204.9), N(17986.3)),
                sub(Stt::Dash, "Thương mại - dịch vụ", "Tỷ đồng", None, N(117400.0), N(77313.5), N(86241.3)),
                item(4, "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ", "Tỷ đồng", "retail_sales", N(88500.0), N(58037.2), N(66914.8)),
                item(5, "Giá trị xuất khẩu", "Triệu USD", "export_value", N(710.0), N(498.6), N(536.2)),
                item(6, "Giải ngân kế hoạch vốn đầu tư công", "Tỷ đồng", "public_investment_disbursement", N(1528.4), N(703.5), N(916.1)),
                item(7, "Số doanh nghiệp thành lập mới", "Doanh nghiệp", "new_enterprises", N(2300.0), N(1612.0), N(1795.0)),
                item(8, "Vốn đăng ký của doanh nghiệp thành lập mới", "Tỷ đồng", "registered_capital", Dash, N(14286.5), N(16032.8)),
                Row::Section("II", "VĂN HÓA - XÃ HỘI"),
                item(1, "Số người được giải quyết việc làm", "Người", "jobs_created", N(4200.0), N(2980.0), N(3315.0)),
                item(2, "Số hộ nghèo", "Hộ", "poor_households", N(100.0), N(158.0), N(126.0)).no_compare(),
                item(3, "Tỷ lệ người dân tham gia bảo hiểm y tế", "%", "health_insurance_coverage", N(93.5), N(91.8), N(92.9)).no_compare(),
                item(4, "Số trường công lập đạt chuẩn quốc gia", "Trường", "schools_national_standard", R(48, 64), R(44, 64), R(47, 64)),
                school_pct(Stt::Dash, 75.0, 68.75, 73.44),
                Row::Section("III", "QUỐC PHÒNG - AN NINH"),
                item(1, "Giao quân", "Người", "military_recruitment", N(164.0), N(158.0), N(164.0)),
                item(2, "Số công trình vi phạm trật tự xây dựng", "Công trình", "construction_violations", Dash, N(38.0), N(24.0)),
                Row::Section("IV", "XÂY DỰNG ĐẢNG"),
                item(1, "Kết nạp đảng viên", "Người", "new_party_members", N(400.0), N(261.0), N(318.0)),
                item(2, "Chi bộ hoàn thành đại hội", "Chi bộ", "party_cell_congress", R(758, 758), Dash, R(756, 758)),
            ],
        },
        District {
            slug: "hai-ba-trung",
            name: "Hai Bà Trưng",
            level: "quan",
            code: "007",
            sheet: "Sheet1",
            report_ref: "(Kèm theo Báo cáo số 341/BC-UBND ngày 06/10/2022 của UBND quận Hai Bà Trưng)",
            numbering_row: false,
            notes_column: false,
            extra_empty_sheet: true,
            head: HEAD_STD,
            cmp_head: CMP_STD,
            rows: vec![
                Row::Section("I", "KINH TẾ"),
                item(1, "Thu NSNN trên địa bàn", "Tỷ đồng", "budget_revenue", N(11450.0), N(7215.9), T(7968.3, 1)),
                sub(Stt::DashInLabel, "Thu nội địa", "Tỷ đồng", None, N(11050.0), N(7012.6), T(7741.5, 1)),
                sub(Stt::DashInLabel, "Thu tiền sử dụng đất", "Tỷ đồng", None, N(400.0), N(203.3), T(226.8, 1)),
                other(2, "Thu ngân sách quận được hưởng", "Tỷ đồng", N(1720.4), N(1204.5), T(1296.8, 1)).look_alike(),
                item(3, "Tổng chi NSĐP", "Tỷ đồng", "budget_expenditure", N(2045.7), N(1288.2), T(1376.4, 1)),
                item(4, "Tổng giá trị sản xuất trên địa bàn", "Tỷ đồng", "production_value", N(118600.0), N(78405.2), T(86930.7, 1)),
                sub(Stt::DashInLabel, "Công nghiệp - xây dựng", "Tỷ đồng", Some("industrial_value"), N(30200.0), N(20115.8), T(22046.5, 1)),
                sub(Stt::DashInLabel, "Thương mại - dịch vụ", "Tỷ đồng", None, N(88400.0), N(58289.4), T(64884.2, 1)),
                item(5, "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "Tỷ đồng", "retail_sales", N(74200.0), N(47960.3), T(55418.6, 1)),
                item(6, "Kim ngạch xuất khẩu", "Triệu USD", "export_value", N(480.0), N(337.5), N(361.9)),
                item(7, "Giải ngân vốn đầu tư công", "Tỷ đồng", "public_investment_disbursement", N(1392.8), N(640.1), N(857.3)),
                item(8, "Số doanh nghiệp mới", "Doanh nghiệp", "new_enterprises", N(2000.0), N(1384.0), T(1526.0, 0)),
                Row::Section("II", "VĂN HÓA - XÃ HỘI"),
                item(1, "Số lao động được giải quyết việc làm", "Người", "jobs_created", N(4100.0), N(2842.0), T(3186.0, 0)),
                item(2, "Số hộ nghèo cuối kỳ", "Hộ", "poor_households", N(70.0), N(112.0), N(95.0)).no_compare(),
                item(3, "Tỷ lệ tham gia BHYT", "%", "health_insurance_coverage", N(92.5), N(90.9), T(91.7, 1)).no_compare(),
                item(4, "Trường đạt chuẩn quốc gia", "Trường", "schools_national_standard", R(42, 57), R(38, 57), R(40, 57)),
                school_pct(Stt::DashInLabel, 73.68, 66.67, 70.18),
                Row::Section("III", "QUỐC PHÒNG - AN NINH"),
                item(1, "Số công dân nhập ngũ", "Người", "military_recruitment", N(152.0), N(146.0), N(152.0)),
                Row::Section("IV", "XÂY DỰNG ĐẢNG"),
                item(1, "Kết nạp đảng viên mới", "Người", "new_party_members", N(350.0), N(229.0), N(274.0)),
                item(2, "Chi bộ tổ chức xong đại hội", "Chi bộ", "party_cell_congress", R(688, 688), Dash, R(688, 688)),
            ],
        },
        District {
            slug: "cau-giay",
            name: "Cầu Giấy",
            level: "quan",
            code: "005",
            sheet: "KT-XH 9T",
            report_ref: "(Kèm theo Báo cáo số 276/BC-UBND ngày 04/10/2022 của UBND quận Cầu Giấy)",
            numbering_row: false,
            notes_column: false,
            extra_empty_sheet: false,
            head: HEAD_STD,
            cmp_head: CMP_STD,
            rows: vec![
                Row::Section("I", "KINH TẾ"),
                item(1, "Tổng thu ngân sách", "Tỷ đồng", "budget_revenue", N(13600.0), N(8911.4), N(9870.2)),
                sub(Stt::Dash, "Thu nội địa", "Tỷ đồng", None, N(13100.0), N(8702.3), N(9614.5)),
                sub(Stt::Dash, "Thu tiền sử dụng đất", "Tỷ đồng", None, N(500.0), N(209.1), N(255.7)),
                item(2, "Tổng chi ngân sách địa phương", "Tỷ đồng", "budget_expenditure", N(1987.4), N(1215.3), N(1298.6)),
                item(3, "Giá trị sản xuất trên địa bàn", "Tỷ đồng", "production_value", N(165000.0), N(107224.6), N(119358.2)),
                sub(Stt::Dash, "Công nghiệp - xây dựng", "Tỷ đồng", Some("industrial_value"), N(38500.0), N(25118.4), N(27940.7)),
                sub(Stt::Dash, "Thương mại - dịch vụ", "Tỷ đồng", None, N(126500.0), N(82106.2), N(91417.5)),
                item(4, "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ", "Tỷ đồng", "retail_sales", N(81000.0), N(53402.8), N(61287.5)),
                item(5, "Vốn đầu tư phát triển toàn xã hội", "Tỷ đồng", "investment_capital", N(32000.0), N(19806.1), N(22614.9)),
                item(6, "Kim ngạch xuất khẩu", "Triệu USD", "export_value", N(950.0), N(652.8), N(706.4)),
                item(7, "Giải ngân vốn đầu tư công", "Tỷ đồng", "public_investment_disbursement", N(1175.0), N(541.6), N(689.2)),
                item(8, "Số doanh nghiệp thành lập mới", "Doanh nghiệp", "new_enterprises", N(3400.0), N(2318.0), N(2566.0)),
                item(9, "Tổng vốn đăng ký", "Tỷ đồng", "registered_capital", Dash, N(21480.6), N(24915.3)),
                Row::Section("II", "VĂN HÓA - XÃ HỘI"),
                item(1, "Giải quyết việc làm", "Người", "jobs_created", N(4000.0), N(2762.0), N(3264.0)),
                item(2, "Số hộ nghèo", "Hộ", "poor_households", N(20.0), N(35.0), N(31.0)).no_compare(),
                item(3, "Tỷ lệ dân số tham gia BHYT", "%", "health_insurance_coverage", N(94.0), N(92.7), N(93.6)).no_compare(),
                item(4, "Trường công lập đạt chuẩn quốc gia", "Trường", "schools_national_standard", R(42, 48), R(39, 48), R(41, 48)),
                school_pct(Stt::Dash, 87.5, 81.25, 85.42),
                other(5, "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", N(98.0), N(98.4), N(99.3)),
                Row::Section("III", "QUỐC PHÒNG - AN NINH"),
                item(1, "Thanh niên nhập ngũ", "Người", "military_recruitment", N(125.0), N(120.0), N(125.0)),
                Row::Section("IV", "XÂY DỰNG ĐẢNG"),
                item(1, "Kết nạp đảng viên mới", "Người", "new_party_members", N(320.0), N(208.0), N(247.0)),
                item(2, "Chi bộ hoàn thành đại hội chi bộ nhiệm kỳ", "Chi bộ", "party_cell_congress", R(524, 524), Dash, R(524, 524)),
            ],
        },
        District {
            slug: "thanh-xuan",
            name: "Thanh Xuân",
            level: "quan",
            code: "009",
            sheet: "Biểu TH",
            report_ref: "(Kèm theo Báo cáo số 305/BC-UBND ngày 07/10/2022 của UBND quận Thanh Xuân)",
            numbering_row: false,
            notes_column: false,
            extra_empty_sheet: false,
            head: HEAD_SHORT,
            cmp_head: CMP_STD,
            rows: vec![
                Row::Section("I", "KINH TẾ"),
                item(1, "Thu ngân sách trên địa bàn", "Tỷ đồng", "budget_revenue", N(6150.0), N(3874.0), N(4216.8)),
                sub(Stt::Dash, "Thu nội địa", "Tỷ đồng", None, N(5850.0), N(3712.6), N(4031.5)),
                sub(Stt::Dash, "Thu tiền sử dụng đất", "Tỷ đồng", None, N(300.0), N(161.4), N(185.3)),
                item(2, "Chi ngân sách", "Tỷ đồng", "budget_expenditure", N(1684.2), N(1046.8), N(1121.5)),
                item(3, "Tổng giá trị sản xuất các ngành kinh tế", "Tỷ đồng", "production_value", N(72400.0), N(47518.3), N(52806.4)),
                sub(Stt::Dash, "Công nghiệp - xây dựng", "Tỷ đồng", Some("industrial_value"), N(21800.0), N(14306.9), N(15912.8)),
                sub(Stt::Dash, "Thương mại - dịch vụ", "Tỷ đồng", None, N(50600.0), N(33211.4), N(36893.6)),
                item(4, "Tổng mức bán lẻ hàng hóa", "Tỷ đồng", "retail_sales", N(52600.0), N(33715.4), N(39208.7)),
                item(5, "Kim ngạch xuất khẩu", "Triệu USD", "export_value", N(385.0), N(271.2), N(293.5)),
                item(6, "Giải ngân đầu tư công", "Tỷ đồng", "public_investment_disbursement", N(986.5), N(452.8), N(571.9)),
                item(7, "Doanh nghiệp thành lập mới", "Doanh nghiệp", "new_enterprises", N(1800.0), N(1226.0), N(1352.0)),
                Row::Section("II", "VĂN HÓA - XÃ HỘI"),
                item(1, "Số lao động có việc làm mới", "Người", "jobs_created", N(3500.0), N(2406.0), N(2785.0)),
                item(2, "Hộ nghèo", "Hộ", "poor_households", N(30.0), N(54.0), N(42.0)).no_compare(),
                item(3, "Tỷ lệ bao phủ bảo hiểm y tế", "%", "health_insurance_coverage", N(92.8), N(91.0), N(92.1)).no_compare(),
                item(4, "Số trường đạt chuẩn quốc gia", "Trường", "schools_national_standard", R(30, 40), R(26, 40), R(28, 40)),
                // DELIBERATE INCONSISTENCY: 28/40 is 70%, the row below states 75%.
                school_pct(Stt::Dash, 75.0, 65.0, 75.0),
                Row::Section("III", "QUỐC PHÒNG - AN NINH"),
                item(1, "Số thanh niên nhập ngũ", "Người", "military_recruitment", N(108.0), N(104.0), N(108.0)),
                other(2, "Tỷ lệ điều tra, khám phá án hình sự", "%", N(80.0), N(83.9), N(85.4)),
                Row::Section("IV", "XÂY DỰNG ĐẢNG"),
                item(1, "Đảng viên mới kết nạp", "Người", "new_party_members", N(260.0), N(171.0), N(203.0)),
                item(2, "Số chi bộ hoàn thành đại hội", "Chi bộ", "party_cell_congress", R(469, 469), Dash, R(467, 469)),
            ],
        },
        District {
            slug: "long-bien",
            name: "Long Biên",
            level: "quan",
            code: "004",
            sheet: "BC 9 thang",
            report_ref: "(Kèm theo Báo cáo số 329/BC-UBND ngày 05/10/2022 của UBND quận Long Biên)",
            numbering_row: false,
            notes_column: true,
            extra_empty_sheet: false,
            head: HEAD_STD,
            cmp_head: CMP_STD,
            rows: vec![
                Row::Section("I", "KINH TẾ"),
                item(1, "Tổng thu ngân sách nhà nước", "Tỷ đồng", "budget_revenue", N(7980.0), N(6112.5), N(5604.7)).note("Giảm do thu tiền sử dụng đất giảm"),
                sub(Stt::Dash, "Thu nội địa", "Tỷ đồng", None, N(4480.0), N(2908.2), N(3276.4)),
                sub(Stt::Dash, "Thu tiền sử dụng đất", "Tỷ đồng", None, N(3500.0), N(3204.3), N(2328.3)),
                other(2, "Thu ngân sách quận được hưởng", "Tỷ đồng", N(3620.5), N(3105.2), N(2748.9)).look_alike(),
                item(3, "Tổng chi ngân sách nhà nước", "Tỷ đồng", "budget_expenditure", N(4215.8), N(2386.4), N(2541.2)),
                item(4, "Tổng giá trị sản xuất", "Tỷ đồng", "production_value", N(84500.0), N(55604.2), N(61837.9)),
                sub(Stt::Dash, "Công nghiệp - xây dựng", "Tỷ đồng", Some("industrial_value"), N(36800.0), N(24517.6), N(27085.4)),
                sub(Stt::Dash, "Thương mại - dịch vụ", "Tỷ đồng", None, N(47700.0), N(31086.6), N(34752.5)),
                item(5, "Tổng mức bán lẻ hàng hóa và dịch vụ tiêu dùng", "Tỷ đồng", "retail_sales", N(46800.0), N(29514.7), N(34926.1)),
                item(6, "Kim ngạch xuất khẩu", "Triệu USD", "export_value", N(690.0), N(478.3), N(519.6)),
                item(7, "Kim ngạch nhập khẩu", "Triệu USD", "import_value", N(820.0), N(574.1), N(603.8)),
                item(8, "Giải ngân vốn đầu tư công", "Tỷ đồng", "public_investment_disbursement", N(2356.7), N(1108.4), N(1462.5)),
                item(9, "Số doanh nghiệp đăng ký thành lập mới", "Doanh nghiệp", "new_enterprises", N(1700.0), N(1158.0), N(1294.0)),
                item(10, "Vốn đăng ký", "Tỷ đồng", "registered_capital", Dash, N(9806.3), N(11352.7)),
                item(11, "Cấp giấy chứng nhận quyền sử dụng đất", "Giấy chứng nhận", "land_certificates", N(600.0), N(352.0), N(418.0)),
                Row::Section("II", "VĂN HÓA - XÃ HỘI"),
                item(1, "Số lao động được giải quyết việc làm", "Người", "jobs_created", N(4300.0), N(2968.0), N(3402.0)),
                item(2, "Số hộ nghèo", "Hộ", "poor_households", N(120.0), N(214.0), N(186.0)).no_compare(),
                item(3, "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "health_insurance_coverage", N(92.0), N(90.1), N(91.3)).no_compare(),
                item(4, "Trường công lập đạt chuẩn quốc gia", "Trường", "schools_national_standard", R(59, 65), R(55, 65), R(58, 65)),
                school_pct(Stt::Dash, 90.77, 84.62, 89.23),
                Row::Section("III", "QUỐC PHÒNG - AN NINH"),
                item(1, "Thanh niên nhập ngũ", "Người", "military_recruitment", N(170.0), N(165.0), N(170.0)).note("Hoàn thành 100% chỉ tiêu"),
                item(2, "Công trình vi phạm trật tự xây dựng", "Công trình", "construction_violations", Dash, N(46.0), N(31.0)),
                Row::Section("IV", "XÂY DỰNG ĐẢNG"),
                item(1, "Kết nạp đảng viên mới", "Người", "new_party_members", N(380.0), N(246.0), N(291.0)),
                item(2, "Chi bộ hoàn thành đại hội chi bộ nhiệm kỳ", "Chi bộ", "party_cell_congress", R(612, 612), Dash, R(612, 612)).note("Nhiệm kỳ 2022-2025"),
            ],
        },
        District {
            slug: "gia-lam",
            name: "Gia Lâm",
            level: "huyen",
            code: "018",
            sheet: "Phụ lục",
            report_ref: "(Kèm theo Báo cáo số 412/BC-UBND ngày 06/10/2022 của UBND huyện Gia Lâm)",
            numbering_row: true,
            notes_column: false,
            extra_empty_sheet: false,
            head: HEAD_STD,
            cmp_head: CMP_STD,
            rows: vec![
                Row::Section("I", "KINH TẾ"),
                item(1, "Tổng thu ngân sách nhà nước trên địa bàn", "Tỷ đồng", "budget_revenue", N(2350.0), N(1392.6), N(1486.4)),
                sub(Stt::DashInLabel, "Thu nội địa", "Tỷ đồng", None, N(1150.0), N(684.9), N(752.3)),
                sub(Stt::DashInLabel, "Thu tiền sử dụng đất", "Tỷ đồng", None, N(1200.0), N(707.7), N(734.1)),
                other(2, "Thu ngân sách huyện được hưởng", "Tỷ đồng", N(1860.4), N(1218.5), N(1307.6)).look_alike(),
                item(3, "Tổng chi ngân sách địa phương", "Tỷ đồng", "budget_expenditure", N(2684.5), N(1516.3), N(1702.8)),
                item(4, "Tổng giá trị sản xuất trên địa bàn", "Tỷ đồng", "production_value", N(58900.0), N(38416.5), N(42608.3)),
                sub(Stt::DashInLabel, "Nông, lâm, thủy sản", "Tỷ đồng", Some("agri_value"), N(3150.0), N(2164.8), N(2236.5)),
                sub(Stt::DashInLabel, "Công nghiệp - xây dựng", "Tỷ đồng", Some("industrial_value"), N(27400.0), N(17930.6), N(19884.1)),
                sub(Stt::DashInLabel, "Thương mại - dịch vụ", "Tỷ đồng", None, N(28350.0), N(18321.1), N(20487.7)),
                item(5, "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "Tỷ đồng", "retail_sales", N(31500.0), N(20106.4), N(23418.2)),
                item(6, "Kim ngạch xuất khẩu", "Nghìn USD", "export_value", N(285000.0), N(203415.0), N(218640.0)),
                item(7, "Giải ngân vốn đầu tư công", "Tỷ đồng", "public_investment_disbursement", N(3105.6), N(1287.9), N(1652.4)),
                item(8, "Số doanh nghiệp thành lập mới", "Doanh nghiệp", "new_enterprises", N(900.0), N(594.0), N(648.0)),
                item(9, "Cấp giấy chứng nhận quyền sử dụng đất", "Giấy chứng nhận", "land_certificates", N(1500.0), N(865.0), N(1032.0)),
                Row::Section("II", "VĂN HÓA - XÃ HỘI"),
                item(1, "Giải quyết việc làm", "Người", "jobs_created", N(4600.0), N(3214.0), T(3528.0, 0)),
                item(2, "Số hộ nghèo", "Hộ", "poor_households", N(520.0), Dash, N(612.0)).no_compare(),
                item(3, "Tỷ lệ hộ nghèo", "%", "poverty_rate", N(0.65), Dash, N(0.76)).no_compare(),
                item(4, "Tỷ lệ bao phủ bảo hiểm y tế", "%", "health_insurance_coverage", N(91.5), N(89.8), N(90.7)).no_compare(),
                item(5, "Số trường công lập đạt chuẩn quốc gia", "Trường", "schools_national_standard", R(68, 74), R(63, 74), R(66, 74)),
                school_pct(Stt::DashInLabel, 91.89, 85.14, 89.19),
                Row::Section("III", "QUỐC PHÒNG - AN NINH"),
                item(1, "Tuyển quân", "Người", "military_recruitment", N(185.0), N(180.0), N(185.0)),
                item(2, "Số công trình vi phạm", "Công trình", "construction_violations", Dash, N(27.0), N(19.0)),
                Row::Section("IV", "XÂY DỰNG ĐẢNG"),
                item(1, "Kết nạp đảng viên", "Người", "new_party_members", N(330.0), N(214.0), N(259.0)),
                item(2, "Đại hội chi bộ trực thuộc", "Chi bộ", "party_cell_congress", R(536, 536), Dash, R(533, 536)),
            ],
        },
    ]
}

// ---------------------------------------------------------------------------
// Catalogue check
// ---------------------------------------------------------------------------

struct CatalogueEntry {
    unit: String,
    labels: Vec<String>,
    not_labels: Vec<String>,
}

fn fold(s: &str) -> String {
    s.trim()
        .trim_start_matches('-')
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn load_catalogue(path: &Path) -> BTreeMap<String, CatalogueEntry> {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|s| s.as_str()).map(fold).collect())
            .unwrap_or_default()
    };
    let mut out = BTreeMap::new();
    let list = doc
        .get("indicator")
        .and_then(|v| v.as_array())
        .expect("indicators.toml has no [[indicator]]");
    for ind in list {
        let id = ind
            .get("id")
            .and_then(|v| v.as_str())
            .expect("indicator without id");
        let mut labels = strings(ind.get("labels"));
        if let Some(name) = ind.get("name").and_then(|v| v.as_str()) {
            labels.push(fold(name));
        }
        out.insert(
            id.to_string(),
            CatalogueEntry {
                unit: ind
                    .get("unit")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string(),
                labels,
                not_labels: strings(ind.get("not_labels")),
            },
        );
    }
    out
}

/// The canonical unit id and the factor from the unit written in the table.
fn canonical(unit_text: &str, catalogue_unit: &str) -> (String, f64) {
    let factor = match unit_text {
        "Nghìn USD" => 0.001,         // -> trieu_usd
        "Nghìn lượt khách" => 1000.0, // -> luot_khach
        _ => 1.0,
    };
    (catalogue_unit.to_string(), factor)
}

// ---------------------------------------------------------------------------
// Expected facts
// ---------------------------------------------------------------------------

#[derive(Serialize)]
struct Expected {
    period: String,
    district: Vec<ExpDistrict>,
}

#[derive(Serialize)]
struct ExpDistrict {
    slug: String,
    unit_name: String,
    unit_level: String,
    unit_code: String,
    parent: String,
    file: String,
    sheet: String,
    /// 1-based rows of the two header rows.
    header_rows: [u32; 2],
    /// 1-based row of the first data row (section "I").
    first_data_row: u32,
    fact: Vec<ExpFact>,
    unknown: Vec<ExpUnknown>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    inconsistency: Vec<ExpInconsistency>,
}

#[derive(Serialize)]
struct ExpFact {
    indicator: String,
    /// Canonical unit id (the catalogue's `unit`).
    unit: String,
    /// The unit as written in the "Đơn vị tính" cell.
    unit_text: String,
    label: String,
    /// Cell of the "Ước thực hiện" value, e.g. "F12".
    cell: String,
    value: f64,
    /// The value cell is a text cell ("7.968,3", "34/49").
    value_is_text: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prior_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    yoy_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    numerator: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    denominator: Option<f64>,
}

#[derive(Serialize)]
struct ExpUnknown {
    /// Cell of the label.
    cell: String,
    label: String,
    unit_text: String,
    /// The "Ước thực hiện" cell of the row, as written (no unit conversion).
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
    /// A catalogue `not_labels` look-alike: must not become a fact.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    look_alike: bool,
    /// A "%" row stating the share of the x/y row just above (this indicator).
    #[serde(skip_serializing_if = "Option::is_none")]
    states_pct_of: Option<String>,
    /// For such a row: whether its % matches the x/y above (within 0.5 point).
    #[serde(skip_serializing_if = "Option::is_none")]
    agrees_with_row_above: Option<bool>,
}

/// A deliberate contradiction inside one workbook that a check must report.
#[derive(Serialize)]
struct ExpInconsistency {
    kind: String,
    indicator: String,
    cells: Vec<String>,
    detail: String,
}

fn col_letter(c: u16) -> char {
    (b'A' + c as u8) as char
}

fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", col_letter(col), row + 1)
}

// ---------------------------------------------------------------------------
// Workbook writing
// ---------------------------------------------------------------------------

struct Formats {
    org: Format,
    org_sub: Format,
    nation: Format,
    motto: Format,
    title: Format,
    subtitle: Format,
    head: Format,
    numbering: Format,
    section_stt: Format,
    section_label: Format,
    section_blank: Format,
    stt: Format,
    label: Format,
    label_sub: Format,
    unit: Format,
    money: Format,
    count: Format,
    rate: Format,
    text_value: Format,
    cmp: Format,
    blank: Format,
    note: Format,
    footer_bold: Format,
    footer: Format,
    sign: Format,
    sign_italic: Format,
}

fn formats() -> Formats {
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let cell = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    Formats {
        org: base.clone().set_align(FormatAlign::Center),
        org_sub: base.clone().set_bold().set_align(FormatAlign::Center),
        nation: base.clone().set_bold().set_align(FormatAlign::Center),
        motto: base.clone().set_bold().set_align(FormatAlign::Center),
        title: base
            .clone()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center),
        subtitle: base.clone().set_italic().set_align(FormatAlign::Center),
        head: cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        numbering: cell.clone().set_italic().set_align(FormatAlign::Center),
        section_stt: cell.clone().set_bold().set_align(FormatAlign::Center),
        section_label: cell.clone().set_bold(),
        section_blank: cell.clone(),
        stt: cell.clone().set_align(FormatAlign::Center),
        label: cell.clone().set_text_wrap(),
        label_sub: cell.clone().set_italic().set_text_wrap(),
        unit: cell.clone().set_align(FormatAlign::Center),
        money: cell.clone().set_num_format("#,##0.0"),
        count: cell.clone().set_num_format("#,##0"),
        rate: cell.clone().set_num_format("0.0#"),
        text_value: cell.clone().set_align(FormatAlign::Right),
        cmp: cell.clone().set_num_format("0.0"),
        blank: cell.clone(),
        note: cell.clone().set_italic().set_text_wrap(),
        footer_bold: base.clone().set_bold().set_italic(),
        footer: base.clone().set_font_size(11),
        sign: base.clone().set_bold().set_align(FormatAlign::Center),
        sign_italic: base.clone().set_italic().set_align(FormatAlign::Center),
    }
}

fn value_format<'a>(f: &'a Formats, unit: &str) -> &'a Format {
    match unit {
        "Tỷ đồng" | "Triệu USD" | "Nghìn lượt khách" => &f.money,
        "%" => &f.rate,
        _ => &f.count,
    }
}

fn write_value(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    v: V,
    unit: &str,
) -> Result<(), XlsxError> {
    match v {
        V::N(x) => {
            ws.write_number_with_format(row, col, x, value_format(f, unit))?;
        }
        V::T(x, d) => {
            ws.write_string_with_format(row, col, vn(x, d), &f.text_value)?;
        }
        V::R(x, y) => {
            ws.write_string_with_format(row, col, format!("{x}/{y}"), &f.text_value)?;
        }
        V::Dash => {
            ws.write_string_with_format(row, col, "-", &f.unit)?;
        }
    }
    Ok(())
}

/// Ratio printed in "So sánh (%)": current / base × 100, one decimal.
fn ratio(cur: V, base: V) -> Option<f64> {
    match (cur.num(), base.num()) {
        (Some(c), Some(b)) if b != 0.0 => Some(round_to(c / b * 100.0, 1)),
        _ => None,
    }
}

fn level_word_upper(level: &str) -> &'static str {
    if level == "huyen" {
        "HUYỆN"
    } else {
        "QUẬN"
    }
}

fn build(
    d: &District,
    catalogue: &BTreeMap<String, CatalogueEntry>,
    out_dir: &Path,
) -> Result<ExpDistrict, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 10, 5)?.and_hms(8, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Biểu tổng hợp chỉ tiêu kinh tế - xã hội 9 tháng năm 2022")
            .set_author(format!("Phòng Tài chính - Kế hoạch {}", d.name))
            .set_creation_datetime(&created),
    );

    let last_col: u16 = if d.notes_column { 8 } else { 7 };
    let ws = wb.add_worksheet();
    ws.set_name(d.sheet)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    let widths = [6.0, 50.0, 13.0, 14.0, 14.0, 15.0, 10.0, 10.0, 24.0];
    for (c, w) in widths.iter().enumerate().take(last_col as usize + 1) {
        ws.set_column_width(c as u16, *w)?;
    }

    // Title block.
    let upper = level_word_upper(d.level);
    let org = format!("UBND {upper} {}", d.name.to_uppercase());
    ws.merge_range(0, 0, 0, 2, &org, &f.org)?;
    ws.merge_range(1, 0, 1, 2, "PHÒNG TÀI CHÍNH - KẾ HOẠCH", &f.org_sub)?;
    ws.merge_range(
        0,
        3,
        0,
        last_col,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        &f.nation,
    )?;
    ws.merge_range(1, 3, 1, last_col, "Độc lập - Tự do - Hạnh phúc", &f.motto)?;
    ws.merge_range(
        3,
        0,
        3,
        last_col,
        "BIỂU TỔNG HỢP MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI 9 THÁNG NĂM 2022",
        &f.title,
    )?;
    ws.merge_range(4, 0, 4, last_col, d.report_ref, &f.subtitle)?;
    ws.set_row_height(3, 21)?;

    // Two-row header (rows 7-8 in Excel terms).
    let h0: u32 = 6;
    let h1: u32 = 7;
    ws.merge_range(h0, 0, h1, 0, "STT", &f.head)?;
    ws.merge_range(h0, 1, h1, 1, "Chỉ tiêu", &f.head)?;
    ws.merge_range(h0, 2, h1, 2, "Đơn vị tính", &f.head)?;
    ws.merge_range(h0, 3, h1, 3, d.head[0], &f.head)?;
    ws.merge_range(h0, 4, h1, 4, d.head[1], &f.head)?;
    ws.merge_range(h0, 5, h1, 5, d.head[2], &f.head)?;
    ws.merge_range(h0, 6, h0, 7, d.head[3], &f.head)?;
    ws.write_string_with_format(h1, 6, d.cmp_head[0], &f.head)?;
    ws.write_string_with_format(h1, 7, d.cmp_head[1], &f.head)?;
    if d.notes_column {
        ws.merge_range(h0, 8, h1, 8, d.head[4], &f.head)?;
    }
    ws.set_row_height(h0, 33)?;
    ws.set_row_height(h1, 20)?;
    let mut r = h1 + 1;
    if d.numbering_row {
        let nums = ["A", "B", "C", "1", "2", "3", "4=3/1", "5=3/2", "6"];
        for (c, s) in nums.iter().enumerate().take(last_col as usize + 1) {
            ws.write_string_with_format(r, c as u16, *s, &f.numbering)?;
        }
        r += 1;
    }
    ws.set_freeze_panes(r, 2)?;
    ws.set_repeat_rows(h0, h1)?;
    let first_data_row = r;

    let mut facts: Vec<ExpFact> = Vec::new();
    let mut unknown: Vec<ExpUnknown> = Vec::new();
    let mut inconsistency: Vec<ExpInconsistency> = Vec::new();

    for row in &d.rows {
        match row {
            Row::Section(roman, title) => {
                ws.write_string_with_format(r, 0, *roman, &f.section_stt)?;
                ws.write_string_with_format(r, 1, *title, &f.section_label)?;
                for c in 2..=last_col {
                    ws.write_blank(r, c, &f.section_blank)?;
                }
            }
            Row::Item(it) => {
                match it.stt {
                    Stt::Num(n) => {
                        ws.write_number_with_format(r, 0, f64::from(n), &f.stt)?;
                    }
                    Stt::Dash => {
                        ws.write_string_with_format(r, 0, "-", &f.stt)?;
                    }
                    Stt::DashInLabel => {
                        ws.write_blank(r, 0, &f.stt)?;
                    }
                }
                let label_text = if it.stt == Stt::DashInLabel {
                    format!("- {}", it.label)
                } else {
                    it.label.to_string()
                };
                let lf = if matches!(it.stt, Stt::Num(_)) {
                    &f.label
                } else {
                    &f.label_sub
                };
                ws.write_string_with_format(r, 1, &label_text, lf)?;
                ws.write_string_with_format(r, 2, it.unit, &f.unit)?;
                write_value(ws, &f, r, 3, it.plan, it.unit)?;
                write_value(ws, &f, r, 4, it.prior, it.unit)?;
                write_value(ws, &f, r, 5, it.cur, it.unit)?;
                let (plan_ratio, yoy_ratio) = if it.compare {
                    (ratio(it.cur, it.plan), ratio(it.cur, it.prior))
                } else {
                    (None, None)
                };
                for (c, v) in [(6u16, plan_ratio), (7u16, yoy_ratio)] {
                    match v {
                        Some(x) => ws.write_number_with_format(r, c, x, &f.cmp)?,
                        None => ws.write_blank(r, c, &f.blank)?,
                    };
                }
                if d.notes_column {
                    if it.note.is_empty() {
                        ws.write_blank(r, 8, &f.note)?;
                    } else {
                        ws.write_string_with_format(r, 8, it.note, &f.note)?;
                    }
                }

                let folded = fold(it.label);
                if it.stated_pct_of_previous {
                    // The % row under an x/y row: not a catalogue label (the
                    // catalogue dropped "tỷ lệ trường đạt chuẩn quốc gia"), so it is
                    // an unknown row that states the share of the row above.
                    let prev = facts
                        .last()
                        .filter(|p| p.indicator == "schools_national_standard")
                        .unwrap_or_else(|| panic!("{}: % row not under the schools row", d.slug));
                    let stated = it.cur.num().expect("stated % is a number");
                    let (x, y) = (prev.numerator.unwrap(), prev.denominator.unwrap());
                    let agrees = (x / y * 100.0 - stated).abs() <= 0.5;
                    if catalogue.values().any(|e| e.labels.contains(&folded)) {
                        eprintln!(
                            "warning: {}: '{}' is a catalogue label again; expected.toml still lists it as unknown",
                            d.slug, it.label
                        );
                    }
                    if !agrees {
                        inconsistency.push(ExpInconsistency {
                            kind: "xy_vs_stated_pct".to_string(),
                            indicator: prev.indicator.clone(),
                            cells: vec![prev.cell.clone(), cell_name(r, 5)],
                            detail: format!(
                                "{x}/{y} = {:.1}% but the row below states {stated}%",
                                x / y * 100.0
                            ),
                        });
                    }
                    unknown.push(ExpUnknown {
                        cell: cell_name(r, 1),
                        label: label_text.clone(),
                        unit_text: it.unit.to_string(),
                        value: Some(stated),
                        look_alike: false,
                        states_pct_of: Some(prev.indicator.clone()),
                        agrees_with_row_above: Some(agrees),
                    });
                } else if let Some(id) = it.indicator {
                    let entry = catalogue.get(id).unwrap_or_else(|| {
                        panic!("{}: indicator {id} not in the catalogue", d.slug)
                    });
                    assert!(
                        entry.labels.contains(&folded),
                        "{}: label '{}' is not the name or a label of {id}",
                        d.slug,
                        it.label
                    );
                    let (unit, factor) = canonical(it.unit, &entry.unit);
                    let scale = |v: V| -> Option<f64> {
                        match v {
                            V::R(x, _) => Some(f64::from(x)),
                            _ => v.num().map(|x| round_to(x * factor, 6)),
                        }
                    };
                    let value = scale(it.cur).expect("indicator row without a current value");
                    let (numerator, denominator) = match it.cur {
                        V::R(x, y) => {
                            assert!(x <= y, "{}: {x}/{y}", d.slug);
                            (Some(f64::from(x)), Some(f64::from(y)))
                        }
                        _ => (None, None),
                    };
                    facts.push(ExpFact {
                        indicator: id.to_string(),
                        unit,
                        unit_text: it.unit.to_string(),
                        label: label_text.clone(),
                        cell: cell_name(r, 5),
                        value,
                        value_is_text: it.cur.is_text(),
                        plan_value: scale(it.plan),
                        prior_value: scale(it.prior),
                        plan_pct: plan_ratio,
                        yoy_pct: yoy_ratio.map(|x| round_to(x - 100.0, 2)),
                        numerator,
                        denominator,
                    });
                } else {
                    let look_alike = catalogue.values().any(|e| e.not_labels.contains(&folded));
                    assert_eq!(
                        look_alike, it.look_alike,
                        "{}: '{}' look-alike status differs from the catalogue",
                        d.slug, it.label
                    );
                    assert!(
                        !catalogue.values().any(|e| e.labels.contains(&folded)),
                        "{}: unknown row '{}' is a catalogue label",
                        d.slug,
                        it.label
                    );
                    unknown.push(ExpUnknown {
                        cell: cell_name(r, 1),
                        label: label_text.clone(),
                        unit_text: it.unit.to_string(),
                        value: it.cur.num(),
                        look_alike,
                        states_pct_of: None,
                        agrees_with_row_above: None,
                    });
                }
            }
        }
        r += 1;
    }

    // Footer: recipients on the left, signature on the right.
    r += 1;
    let sign_first: u16 = if d.notes_column { 5 } else { 4 };
    let left = [
        "Nơi nhận:",
        "- UBND Thành phố;",
        "- Sở Kế hoạch và Đầu tư;",
        "- Cục Thống kê thành phố Hà Nội;",
        "- Thường trực Quận ủy, HĐND;",
        "- Lưu: VT, TC-KH.",
    ];
    let right = [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "",
        "(Đã ký)",
        "",
    ];
    for (i, (l, rt)) in left.iter().zip(right.iter()).enumerate() {
        let row = r + i as u32;
        let l = if d.level == "huyen" {
            l.replace("Quận ủy", "Huyện ủy")
        } else {
            l.to_string()
        };
        let lf = if i == 0 { &f.footer_bold } else { &f.footer };
        ws.merge_range(row, 0, row, 2, &l, lf)?;
        if !rt.is_empty() {
            let rf = if rt.starts_with('(') {
                &f.sign_italic
            } else {
                &f.sign
            };
            ws.merge_range(row, sign_first, row, last_col, rt, rf)?;
        }
    }

    if d.extra_empty_sheet {
        wb.add_worksheet().set_name("Sheet2")?;
    }

    let file = out_dir.join(format!("{}.xlsx", d.slug));
    wb.save(&file)?;

    Ok(ExpDistrict {
        slug: d.slug.to_string(),
        unit_name: d.name.to_string(),
        unit_level: d.level.to_string(),
        unit_code: d.code.to_string(),
        parent: "01".to_string(),
        file: format!("{PERIOD}/{}.xlsx", d.slug),
        sheet: d.sheet.to_string(),
        header_rows: [h0 + 1, h1 + 1],
        first_data_row: first_data_row + 1,
        fact: facts,
        unknown,
        inconsistency,
    })
}

/// Sub-items of a total add up to it (within rounding); x/y plan and prior
/// "%" rows match their x/y. Panics on a slip in the data above.
fn check_coherence(d: &District) {
    let items: Vec<&Item> = d
        .rows
        .iter()
        .filter_map(|r| {
            if let Row::Item(it) = r {
                Some(it)
            } else {
                None
            }
        })
        .collect();
    let mut i = 0;
    while i < items.len() {
        let total = items[i];
        let mut j = i + 1;
        let mut subs = Vec::new();
        while j < items.len()
            && matches!(items[j].stt, Stt::Dash | Stt::DashInLabel)
            && !items[j].stated_pct_of_previous
        {
            subs.push(items[j]);
            j += 1;
        }
        if !subs.is_empty() {
            type Pick = fn(&Item) -> V;
            let cols: [(&str, Pick); 3] = [
                ("plan", |x| x.plan),
                ("prior", |x| x.prior),
                ("current", |x| x.cur),
            ];
            for (name, pick) in cols {
                if let Some(t) = pick(total).num() {
                    let s: f64 = subs.iter().filter_map(|x| pick(x).num()).sum();
                    assert!(
                        (s - t).abs() < 0.05,
                        "{}: sub-items of '{}' ({name}) sum to {s}, total {t}",
                        d.slug,
                        total.label
                    );
                }
            }
        }
        if total.stated_pct_of_previous {
            let above = items[i - 1];
            for (name, xy, pct) in [
                ("plan", above.plan, total.plan),
                ("prior", above.prior, total.prior),
            ] {
                if let (V::R(x, y), Some(p)) = (xy, pct.num()) {
                    let calc = f64::from(x) / f64::from(y) * 100.0;
                    assert!(
                        (calc - p).abs() < 0.01,
                        "{}: {name} {x}/{y} = {calc:.2}% but row says {p}",
                        d.slug
                    );
                }
            }
        }
        i = j.max(i + 1);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalogue = load_catalogue(&root.join("config/indicators.toml"));
    let data = root.join("data");
    let out_dir = data.join(PERIOD);
    fs::create_dir_all(&out_dir)?;

    let mut expected = Expected {
        period: PERIOD.to_string(),
        district: Vec::new(),
    };
    for d in districts() {
        check_coherence(&d);
        let e = build(&d, &catalogue, &out_dir)?;
        println!(
            "{}: {} facts, {} unknown labels -> data/{}",
            d.slug,
            e.fact.len(),
            e.unknown.len(),
            e.file
        );
        expected.district.push(e);
    }

    let header = "\
# Facts the sample workbooks under data/2022-9M/ must give.
# GENERATED by `cargo run --release --example gen_samples` -- do not edit by hand.
#
# One [[district]] per workbook; [[district.fact]] per catalogue indicator row:
#   value        the \"Ước thực hiện 9 tháng năm 2022\" cell, in the catalogue's canonical
#                unit (`unit`; `unit_text` is the \"Đơn vị tính\" cell, e.g. \"Nghìn USD\")
#   plan_value   the \"Kế hoạch năm 2022\" cell;  prior_value  the \"Thực hiện 9 tháng năm 2021\" cell
#                (for x/y rows these are the x of the plan / prior cells)
#   plan_pct     the \"So sánh (%) KH năm\" cell (current / plan x 100, as printed)
#   yoy_pct      the signed change: the \"So sánh (%) Cùng kỳ\" cell minus 100
#   numerator / denominator   for \"x/y\" cells; value = x
#   cell         the \"Ước thực hiện\" cell; `label` is the \"Chỉ tiêu\" cell of the same row
# Cells that are empty or \"-\" give no field. [[district.unknown]] rows are labels that are
# not catalogue indicators (sub-items, other rows; `value` as written); look_alike = true are
# catalogue `not_labels` (\"Thu ngân sách quận được hưởng\") that must never become
# budget_revenue. The \"Tỷ lệ trường đạt chuẩn quốc gia\" (%) row under each x/y schools row
# is such an unknown row: it states the share of the row above (`states_pct_of`,
# `agrees_with_row_above`). [[district.inconsistency]] lists deliberate contradictions
# inside a workbook (Thanh Xuân: 28/40 with 75% stated) that a check must report.
# Section rows (I, II, ...), the title block and the footer are neither.

";
    let body = toml::to_string(&expected)?;
    fs::write(data.join("expected.toml"), format!("{header}{body}"))?;
    println!("wrote data/expected.toml");
    Ok(())
}
