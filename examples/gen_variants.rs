//! Writes the workbook variants under `tests/fixtures/workbooks/` and the
//! facts and Problems each must give (`tests/fixtures/workbooks/expected.toml`).
//!
//! Run from the crate root: `cargo run --release --example gen_variants`.
//! The .xls and .ods copies are converted from generated .xlsx files by
//! LibreOffice (`soffice --headless --convert-to …`) when it is installed;
//! without it those files are left as they are and a warning is printed.
//!
//! Standalone (rust_xlsxwriter, serde, toml, zip; not the `chitieu` library)
//! and deterministic for the .xlsx/.xlsm files: fixed creation time, no
//! randomness. Every expected fact is written next to the row that gives it,
//! so a change to a figure changes both.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};
use serde::Serialize;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

const OUT: &str = "tests/fixtures/workbooks";

// ---------------------------------------------------------------------------
// Cells and rows
// ---------------------------------------------------------------------------

/// One value cell.
#[derive(Clone, Copy, Debug)]
enum C {
    /// A number.
    N(f64),
    /// A fraction shown with a % format (0.912 displayed as 91.2%).
    P(f64),
    /// Text as written ("8.599,3", "43/62", "-", "1.100*").
    T(&'static str),
    /// A formula with its cached result.
    F(&'static str, f64),
    /// A formula saved without a cached result.
    Fx(&'static str),
    /// Nothing.
    E,
}

/// The fact a row must give (`None` fields must be absent from the fact).
#[derive(Clone, Debug, Default, Serialize)]
struct Fact {
    indicator: String,
    unit_code: String,
    period: String,
    kind: String,
    unit: String,
    /// `Sheet!F10`: the cell the value came from (start of `source_loc`).
    loc: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
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
    /// Text that `source_loc` must contain (a footnote kept in the provenance).
    #[serde(skip_serializing_if = "Option::is_none")]
    loc_contains: Option<String>,
    /// Text that `source_text` must contain (the section path "[I / 1 / 1.1]").
    #[serde(skip_serializing_if = "Option::is_none")]
    text_contains: Option<String>,
    /// Text that `rule` must contain ("không dấu" for the diacritics-free fallback).
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_contains: Option<String>,
}

/// A Problem a file must raise: its code and location (`Sheet!B12`, a sheet name, or "").
#[derive(Clone, Debug, Serialize)]
struct Prob {
    code: String,
    location: String,
    /// Text the message must contain.
    #[serde(skip_serializing_if = "String::is_empty")]
    contains: String,
}

#[derive(Clone, Debug, Serialize)]
struct SheetStatus {
    name: String,
    /// `read`, `hidden` or `no_table`.
    status: String,
}

#[derive(Clone, Debug, Default, Serialize)]
struct ExpFile {
    file: String,
    format: String,
    covers: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sheet: Vec<SheetStatus>,
    fact: Vec<Fact>,
    problem: Vec<Prob>,
}

#[derive(Serialize)]
struct Expected {
    file: Vec<ExpFile>,
}

/// A table row: STT, label, unit text, the value cells in the table's value-column
/// order, and the fact it must give (filled in by `place`).
#[derive(Clone, Debug)]
struct Row {
    stt: &'static str,
    label: String,
    unit: &'static str,
    cells: Vec<C>,
    fact: Option<Fact>,
    /// Problems this row raises: (code, column index of `cells`, or None for the label).
    probs: Vec<(&'static str, Option<usize>, &'static str)>,
}

fn row(stt: &'static str, label: &str, unit: &'static str, cells: &[C]) -> Row {
    Row {
        stt,
        label: label.to_string(),
        unit,
        cells: cells.to_vec(),
        fact: None,
        probs: Vec::new(),
    }
}

impl Row {
    fn gives(mut self, f: Fact) -> Row {
        self.fact = Some(f);
        self
    }
    fn raises(mut self, code: &'static str, cell: Option<usize>, contains: &'static str) -> Row {
        self.probs.push((code, cell, contains));
        self
    }
}

/// A fact of an indicator in its canonical unit; `with` fills the figures.
fn fact(indicator: &str, unit: &str) -> Fact {
    Fact {
        indicator: indicator.into(),
        unit: unit.into(),
        ..Fact::default()
    }
}

impl Fact {
    fn v(mut self, x: f64) -> Self {
        self.value = Some(x);
        self
    }
    fn plan(mut self, x: f64) -> Self {
        self.plan_value = Some(x);
        self
    }
    fn prior(mut self, x: f64) -> Self {
        self.prior_value = Some(x);
        self
    }
    fn pcts(mut self, plan_pct: Option<f64>, yoy: Option<f64>) -> Self {
        self.plan_pct = plan_pct;
        self.yoy_pct = yoy;
        self
    }
    fn ratio(mut self, n: f64, d: f64) -> Self {
        self.numerator = Some(n);
        self.denominator = Some(d);
        self
    }
    fn loc_has(mut self, s: &str) -> Self {
        self.loc_contains = Some(s.into());
        self
    }
    fn text_has(mut self, s: &str) -> Self {
        self.text_contains = Some(s.into());
        self
    }
    fn rule_has(mut self, s: &str) -> Self {
        self.rule_contains = Some(s.into());
        self
    }
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

fn col_name(c: u16) -> String {
    let mut n = c as u32 + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

struct Fmts {
    head: Format,
    pct: Format,
    bold: Format,
}

fn fmts() -> Fmts {
    Fmts {
        head: Format::new().set_bold().set_text_wrap(),
        pct: Format::new().set_num_format("0.0%"),
        bold: Format::new().set_bold(),
    }
}

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, v: C, f: &Fmts) -> Result<(), XlsxError> {
    match v {
        C::N(x) => {
            ws.write_number(r, c, x)?;
        }
        C::P(x) => {
            ws.write_number_with_format(r, c, x, &f.pct)?;
        }
        C::T(s) => {
            ws.write_string(r, c, s)?;
        }
        C::F(formula, result) => {
            ws.write_formula(r, c, Formula::new(formula).set_result(format!("{result}")))?;
        }
        C::Fx(formula) => {
            // Saved by a tool that never calculated: `<f>` and an empty `<v>`.
            ws.write_formula(r, c, Formula::new(formula).set_result(""))?;
        }
        C::E => {}
    }
    Ok(())
}

/// Where a table's columns are.
struct Layout {
    stt: Option<u16>,
    label: u16,
    unit: Option<u16>,
    /// Columns of the row's value cells, in order.
    values: Vec<u16>,
    /// Index in `values` of the cell the fact's value comes from.
    current: usize,
}

/// Where a table's facts belong.
#[derive(Clone)]
struct Ctx {
    sheet: String,
    unit_code: String,
    period: String,
    kind: String,
}

/// Write rows from `first`, filling each expected fact's place and Problems.
fn write_rows(
    ws: &mut Worksheet,
    first: u32,
    rows: &[Row],
    lay: &Layout,
    ctx: &Ctx,
    f: &Fmts,
    exp: &mut ExpFile,
) -> Result<u32, XlsxError> {
    let mut r = first;
    for row in rows {
        if let Some(c) = lay.stt {
            if !row.stt.is_empty() {
                ws.write_string(r, c, row.stt)?;
            }
        }
        ws.write_string(r, lay.label, &row.label)?;
        if let Some(c) = lay.unit {
            if !row.unit.is_empty() {
                ws.write_string(r, c, row.unit)?;
            }
        }
        for (i, v) in row.cells.iter().enumerate() {
            if let Some(c) = lay.values.get(i) {
                write_cell(ws, r, *c, *v, f)?;
            }
        }
        if let Some(fact) = &row.fact {
            let mut fact = fact.clone();
            let col = lay.values.get(lay.current).copied().unwrap_or(lay.label);
            fact.loc = format!("{}!{}", ctx.sheet, cell_name(r, col));
            fact.unit_code = ctx.unit_code.clone();
            fact.period = ctx.period.clone();
            fact.kind = ctx.kind.clone();
            exp.fact.push(fact);
        }
        for (code, cell, contains) in &row.probs {
            let col = cell
                .and_then(|i| lay.values.get(i).copied())
                .unwrap_or(lay.label);
            exp.problem.push(Prob {
                code: code.to_string(),
                location: format!("{}!{}", ctx.sheet, cell_name(r, col)),
                contains: contains.to_string(),
            });
        }
        r += 1;
    }
    Ok(r)
}

fn new_workbook(title: &str) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 10, 5)?.and_hms(8, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("chitieu gen_variants")
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

fn exp_file(name: &str, covers: &[&str]) -> ExpFile {
    ExpFile {
        file: name.into(),
        format: Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_string())
            .unwrap_or_default(),
        covers: covers.iter().map(|s| s.to_string()).collect(),
        ..ExpFile::default()
    }
}

fn sheet_status(exp: &mut ExpFile, name: &str, status: &str) {
    exp.sheet.push(SheetStatus {
        name: name.into(),
        status: status.into(),
    });
}

fn footer(ws: &mut Worksheet, r: u32) -> Result<(), XlsxError> {
    ws.write_string(r + 1, 1, "Nơi nhận:")?;
    ws.write_string(r + 2, 1, "- UBND Thành phố;")?;
    ws.write_string(r + 1, 5, "TM. ỦY BAN NHÂN DÂN")?;
    ws.write_string(r + 2, 5, "KT. CHỦ TỊCH")?;
    Ok(())
}

// ---------------------------------------------------------------------------
// A: title unit and period, two-row merged header, every kind of value cell
// ---------------------------------------------------------------------------

/// NFD: the label as decomposed code points, as some Mac and web tools save it.
fn nfd(s: &str) -> String {
    use std::fmt::Write as _;
    // Decompose the few precomposed letters this label uses (no unicode crate here).
    let mut out = String::new();
    for c in s.chars() {
        match c {
            'ố' => out.push_str("o\u{302}\u{301}"),
            'ộ' => out.push_str("o\u{323}\u{302}"),
            'è' => out.push_str("e\u{300}"),
            _ => {
                let _ = write!(out, "{c}");
            }
        }
    }
    out
}

/// The rows of the standard district table (Đống Đa, 9 months of 2022).
/// Value columns: plan, prior, current, % plan, % prior (ratio).
/// `pct_as_fraction`: the BHYT rate stored as 0.912 with a % format (xlsx/ods),
/// or typed as 91.2 (the .xls copy: calamine gives no number formats for .xls).
fn district_rows(pct_as_fraction: bool) -> Vec<Row> {
    use C::*;
    let bhyt: Vec<C> = if pct_as_fraction {
        vec![N(92.0), P(0.905), P(0.912), E, E]
    } else {
        vec![N(92.0), N(90.5), N(91.2), E, E]
    };
    vec![
        row("I", "KINH TẾ", "", &[]),
        row("1", "Thu, chi ngân sách", "", &[]),
        row(
            "1.1",
            "Tổng thu ngân sách nhà nước trên địa bàn",
            "Tỷ đồng",
            &[N(12700.0), N(7650.2), T("8.599,3"), N(67.7), N(112.4)],
        )
        .gives(
            fact("budget_revenue", "ty_dong")
                .v(8599.3)
                .plan(12700.0)
                .prior(7650.2)
                .pcts(Some(67.7), Some(12.4))
                .text_has("[I / 1 / 1.1]"),
        ),
        row(
            "a",
            "Thu nội địa",
            "Tỷ đồng",
            &[N(11900.0), N(7012.4), N(7930.1), N(66.6), N(113.1)],
        )
        .raises("unknown_label", None, "Thu nội địa"),
        row(
            "-",
            "Thu tiền sử dụng đất",
            "Tỷ đồng",
            &[N(800.0), N(637.8), N(669.2), E, E],
        )
        .raises("unknown_label", None, "Thu tiền sử dụng đất"),
        row(
            "1.2",
            "Tổng chi ngân sách địa phương",
            "Tỷ đồng",
            &[N(2950.0), N(1720.4), N(1893.6), N(64.2), N(110.1)],
        )
        .gives(
            fact("budget_expenditure", "ty_dong")
                .v(1893.6)
                .plan(2950.0)
                .prior(1720.4)
                .pcts(Some(64.2), Some(10.1))
                .text_has("[I / 1 / 1.2]"),
        ),
        row(
            "2",
            "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
            "Triệu đồng",
            &[
                N(25_600_000.0),
                N(21_800_000.0),
                N(19_870_500.0),
                N(77.6),
                N(91.1),
            ],
        )
        .gives(
            fact("retail_sales", "ty_dong")
                .v(19870.5)
                .plan(25600.0)
                .prior(21800.0)
                .pcts(Some(77.6), Some(-8.9)),
        ),
        row(
            "3",
            "Kim ngạch xuất khẩu",
            "Nghìn USD",
            &[N(150_000.0), N(120_500.0), N(131_250.0), E, E],
        )
        .gives(
            fact("export_value", "trieu_usd")
                .v(131.25)
                .plan(150.0)
                .prior(120.5),
        ),
        row(
            "4",
            "Số doanh nghiệp thành lập mới",
            "Doanh nghiệp",
            &[N(1500.0), T("x"), T("1.100*"), T("—"), E],
        )
        .gives(
            fact("new_enterprises", "doanh_nghiep")
                .v(1100.0)
                .plan(1500.0)
                .loc_has("*"),
        ),
        row(
            "5",
            "Giai ngan von dau tu cong",
            "Tỷ đồng",
            &[N(820.0), N(402.3), N(455.9), N(55.6), N(113.3)],
        )
        .gives(
            fact("public_investment_disbursement", "ty_dong")
                .v(455.9)
                .plan(820.0)
                .prior(402.3)
                .pcts(Some(55.6), Some(13.3))
                .rule_has("không dấu"),
        ),
        row(
            "6",
            "Vốn đăng ký của doanh nghiệp thành lập mới (triệu đồng)",
            "",
            &[E, N(2_980_000.0), N(3_450_000.0), E, E],
        )
        .gives(
            fact("registered_capital", "ty_dong")
                .v(3450.0)
                .prior(2980.0),
        ),
        row(
            "7",
            "Doanh thu du lịch",
            "Tỷ đồng",
            &[T("-"), T("x"), T("—"), E, T("-")],
        ),
        row("II", "VĂN HÓA - XÃ HỘI", "", &[]),
        row(
            "1",
            "Số lao động được giải quyết việc làm",
            "Người",
            &[N(6000.0), N(4850.0), N(5120.0), N(85.3), N(105.6)],
        )
        .gives(
            fact("jobs_created", "nguoi")
                .v(5120.0)
                .plan(6000.0)
                .prior(4850.0)
                .pcts(Some(85.3), Some(5.6)),
        ),
        row("2", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", &bhyt).gives(
            fact("health_insurance_coverage", "pct")
                .v(91.2)
                .plan(92.0)
                .prior(90.5),
        ),
        row(
            "3",
            "Trường công lập đạt chuẩn quốc gia",
            "Trường",
            &[T("45/62"), T("40/62"), T("43/62"), E, E],
        )
        .gives(
            fact("schools_national_standard", "truong")
                .v(43.0)
                .plan(45.0)
                .prior(40.0)
                .ratio(43.0, 62.0),
        ),
        row(
            "4",
            &nfd("Số hộ nghèo"),
            "Hộ",
            &[N(120.0), N(180.0), N(150.0), E, E],
        )
        .gives(
            fact("poor_households", "ho")
                .v(150.0)
                .plan(120.0)
                .prior(180.0),
        ),
        row(
            "5",
            "Tỷ lệ hồ sơ giải quyết đúng hạn",
            "%",
            &[N(98.0), N(97.1), N(98.6), E, E],
        )
        .raises("unknown_label", None, "Tỷ lệ hồ sơ giải quyết đúng hạn"),
        row("III", "XÂY DỰNG ĐẢNG", "", &[]),
        row(
            "1",
            "Kết nạp đảng viên mới",
            "Đảng viên",
            &[T("-"), T("-"), T("đang tổng hợp"), E, E],
        )
        .raises("unreadable_value", Some(2), "đang tổng hợp"),
    ]
}

/// Title rows, the two-row merged header, the rows, the footer.
fn write_district_sheet(
    ws: &mut Worksheet,
    rows: &[Row],
    ctx: &Ctx,
    exp: &mut ExpFile,
) -> Result<(), XlsxError> {
    let f = fmts();
    ws.merge_range(0, 0, 0, 2, "UBND QUẬN ĐỐNG ĐA", &f.bold)?;
    ws.merge_range(1, 0, 1, 2, "PHÒNG TÀI CHÍNH - KẾ HOẠCH", &f.bold)?;
    ws.merge_range(0, 3, 0, 7, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &f.bold)?;
    ws.merge_range(
        3,
        0,
        3,
        7,
        "BIỂU TỔNG HỢP CHỈ TIÊU KINH TẾ - XÃ HỘI ƯTH 9 THÁNG NĂM 2022",
        &f.bold,
    )?;
    let (h0, h1) = (5, 6);
    ws.merge_range(h0, 0, h1, 0, "STT", &f.head)?;
    ws.merge_range(h0, 1, h1, 1, "Chỉ tiêu", &f.head)?;
    ws.merge_range(h0, 2, h1, 2, "Đơn vị tính", &f.head)?;
    ws.merge_range(h0, 3, h1, 3, "Kế hoạch năm 2022", &f.head)?;
    ws.merge_range(h0, 4, h1, 4, "Thực hiện 9 tháng năm 2021", &f.head)?;
    ws.merge_range(h0, 5, h1, 5, "Ước thực hiện 9 tháng năm 2022", &f.head)?;
    ws.merge_range(h0, 6, h0, 7, "So sánh (%)", &f.head)?;
    ws.write_string_with_format(h1, 6, "KH năm", &f.head)?;
    ws.write_string_with_format(h1, 7, "Cùng kỳ", &f.head)?;
    let lay = Layout {
        stt: Some(0),
        label: 1,
        unit: Some(2),
        values: vec![3, 4, 5, 6, 7],
        current: 2,
    };
    let end = write_rows(ws, h1 + 1, rows, &lay, ctx, &f, exp)?;
    footer(ws, end)
}

fn gen_a(dir: &Path, name: &str, rows: Vec<Row>, covers: &[&str]) -> Result<ExpFile, XlsxError> {
    let mut exp = exp_file(name, covers);
    let ctx = Ctx {
        sheet: "Bieu 01".into(),
        unit_code: "006".into(),
        period: "2022-9M".into(),
        kind: "estimate".into(),
    };
    let mut wb = new_workbook("Biểu tổng hợp 9 tháng năm 2022")?;
    let ws = wb.add_worksheet();
    ws.set_name(&ctx.sheet)?;
    write_district_sheet(ws, &rows, &ctx, &mut exp)?;
    wb.save(dir.join(name))?;
    Ok(exp)
}

// ---------------------------------------------------------------------------
// B: three-row header, unit of measure from the title, formulas
// ---------------------------------------------------------------------------

fn gen_b(dir: &Path) -> Result<ExpFile, XlsxError> {
    use C::*;
    let name = "gia-lam_6-thang_trieu-dong.xlsx";
    let mut exp = exp_file(
        name,
        &[
            "three-row header with merged cells (Năm 2021 / Năm 2022 over KH năm, ƯTH, So sánh (%) KH / CK)",
            "unit of measure from the title (Đơn vị tính: Triệu đồng) converted to tỷ đồng",
            "a label's own unit \"(doanh nghiệp)\" wins over the title's",
            "formulas with cached results read as their result",
            "a formula without a cached result is an unreadable_value Problem, never 0",
            "huyện named in the title, period \"6 tháng đầu năm 2022\" in the title",
        ],
    );
    let ctx = Ctx {
        sheet: "Sheet1".into(),
        unit_code: "018".into(),
        period: "2022-H1".into(),
        kind: "estimate".into(),
    };
    let f = fmts();
    let mut wb = new_workbook("Báo cáo 6 tháng")?;
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "UBND HUYỆN GIA LÂM")?;
    ws.write_string(
        2,
        0,
        "KẾT QUẢ THỰC HIỆN CHỈ TIÊU KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2022",
    )?;
    ws.write_string(3, 4, "Đơn vị tính: Triệu đồng")?;
    let (h0, h1, h2) = (5, 6, 7);
    ws.merge_range(h0, 0, h2, 0, "STT", &f.head)?;
    ws.merge_range(h0, 1, h2, 1, "Chỉ tiêu", &f.head)?;
    ws.merge_range(h0, 2, h1, 2, "Năm 2021", &f.head)?;
    ws.write_string_with_format(h2, 2, "TH cùng kỳ", &f.head)?;
    ws.merge_range(h0, 3, h0, 6, "Năm 2022", &f.head)?;
    ws.merge_range(h1, 3, h2, 3, "KH năm", &f.head)?;
    ws.merge_range(h1, 4, h2, 4, "ƯTH 6 tháng", &f.head)?;
    ws.merge_range(h1, 5, h1, 6, "So sánh (%)", &f.head)?;
    ws.write_string_with_format(h2, 5, "KH", &f.head)?;
    ws.write_string_with_format(h2, 6, "CK", &f.head)?;
    // Value columns: prior (C), plan (D), current (E), % plan (F), % prior (G).
    let lay = Layout {
        stt: Some(0),
        label: 1,
        unit: None,
        values: vec![2, 3, 4, 5, 6],
        current: 2,
    };
    let r0 = h2 + 1;
    let e = |r: u32| cell_name(r, 4);
    // Formulas reference this sheet's own cells (rows are fixed below).
    let rows = vec![
        row(
            "1",
            "Thu ngân sách nhà nước",
            "",
            &[
                N(610_500.0),
                N(1_420_000.0),
                N(655_200.0),
                N(46.1),
                N(107.3),
            ],
        )
        .gives(
            fact("budget_revenue", "ty_dong")
                .v(655.2)
                .plan(1420.0)
                .prior(610.5)
                .pcts(Some(46.1), Some(7.3)),
        ),
        row(
            "2",
            "Tổng vốn đầu tư phát triển trên địa bàn",
            "",
            &[
                N(2_150_000.0),
                N(5_000_000.0),
                F(leak(format!("={}+{}", e(r0 + 2), e(r0 + 3))), 2_380_000.0),
                F("=47.6", 47.6),
                E,
            ],
        )
        .gives(
            fact("investment_capital", "ty_dong")
                .v(2380.0)
                .plan(5000.0)
                .prior(2150.0)
                .pcts(Some(47.6), None),
        ),
        row("-", "Vốn ngân sách", "", &[E, E, N(1_180_000.0), E, E]).raises(
            "unknown_label",
            None,
            "Vốn ngân sách",
        ),
        row(
            "-",
            "Vốn ngoài ngân sách",
            "",
            &[E, E, N(1_200_000.0), E, E],
        )
        .raises("unknown_label", None, "Vốn ngoài ngân sách"),
        row(
            "3",
            "Giá trị sản xuất nông nghiệp",
            "",
            &[
                N(1_305_000.0),
                N(2_700_000.0),
                Fx(leak(format!("=SUM({}:{})", e(r0 + 2), e(r0 + 3)))),
                E,
                E,
            ],
        )
        .raises("unreadable_value", Some(2), "công thức"),
        row(
            "4",
            "Số doanh nghiệp thành lập mới (doanh nghiệp)",
            "",
            &[N(205.0), N(480.0), N(226.0), N(47.1), N(110.2)],
        )
        .gives(
            fact("new_enterprises", "doanh_nghiep")
                .v(226.0)
                .plan(480.0)
                .prior(205.0)
                .pcts(Some(47.1), Some(10.2)),
        ),
    ];
    // Formulas written without a result get an empty one, removed after saving.
    ws.set_formula_result_default("");
    let end = write_rows(ws, r0, &rows, &lay, &ctx, &f, &mut exp)?;
    footer(ws, end)?;
    wb.save(dir.join(name))?;
    drop_empty_results(&dir.join(name)).map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    Ok(exp)
}

/// Formula text built at run time, kept for the program's life (a handful of strings).
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

// ---------------------------------------------------------------------------
// C: unit and period from the file name; % columns that print the change;
//    a label without diacritics; one-row header with short synonyms
// ---------------------------------------------------------------------------

fn gen_c(dir: &Path) -> Result<ExpFile, XlsxError> {
    use C::*;
    let name = "Q. Đống Đa - BC 6 thang.xlsx";
    let mut exp = exp_file(
        name,
        &[
            "unit (\"Q. Đống Đa\") and period (\"6 thang\", year of the run) from the file name",
            "one-row header with short synonyms: ĐVT, KH năm, TH cùng kỳ, ƯTH",
            "a \"Tăng/giảm so cùng kỳ (%)\" column printing the change, not the ratio",
            "label without diacritics \"Tong thu ngan sach nha nuoc\" matched by the recorded fallback",
        ],
    );
    let ctx = Ctx {
        sheet: "BC".into(),
        unit_code: "006".into(),
        period: "2022-H1".into(),
        kind: "estimate".into(),
    };
    let f = fmts();
    let mut wb = new_workbook("BC")?;
    let ws = wb.add_worksheet();
    ws.set_name(&ctx.sheet)?;
    ws.write_string(0, 0, "BÁO CÁO MỘT SỐ CHỈ TIÊU CHỦ YẾU")?;
    let h = 2;
    for (c, t) in [
        "STT",
        "Chỉ tiêu",
        "ĐVT",
        "KH năm",
        "TH cùng kỳ",
        "ƯTH",
        "Tăng/giảm so cùng kỳ (%)",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(h, c as u16, *t, &f.head)?;
    }
    let lay = Layout {
        stt: Some(0),
        label: 1,
        unit: Some(2),
        values: vec![3, 4, 5, 6],
        current: 2,
    };
    let rows = vec![
        row(
            "1",
            "Tong thu ngan sach nha nuoc",
            "Tỷ đồng",
            &[N(12700.0), N(5120.0), N(5480.4), N(7.0)],
        )
        .gives(
            fact("budget_revenue", "ty_dong")
                .v(5480.4)
                .plan(12700.0)
                .prior(5120.0)
                .pcts(None, Some(7.0))
                .rule_has("không dấu"),
        ),
        row(
            "2",
            "Số lao động được giải quyết việc làm",
            "Người",
            &[N(6000.0), N(3350.0), N(3210.0), N(-4.2)],
        )
        .gives(
            fact("jobs_created", "nguoi")
                .v(3210.0)
                .plan(6000.0)
                .prior(3350.0)
                .pcts(None, Some(-4.2)),
        ),
        row(
            "3",
            "Số doanh nghiệp thành lập mới",
            "DN",
            &[N(1500.0), E, N(702.0), T("12,5")],
        )
        .gives(
            fact("new_enterprises", "doanh_nghiep")
                .v(702.0)
                .plan(1500.0)
                .pcts(None, Some(12.5)),
        ),
    ];
    write_rows(ws, h + 1, &rows, &lay, &ctx, &f, &mut exp)?;
    wb.save(dir.join(name))?;
    Ok(exp)
}

// ---------------------------------------------------------------------------
// D: several tables on one sheet; unit and period from "DongDa_9T2022"
// ---------------------------------------------------------------------------

fn gen_d(dir: &Path) -> Result<ExpFile, XlsxError> {
    use C::*;
    let name = "DongDa_9T2022.xlsx";
    let mut exp = exp_file(
        name,
        &[
            "unit and period from a CamelCase file name (DongDa_9T2022)",
            "two tables on one sheet, each with its own header (different columns)",
        ],
    );
    let ctx = Ctx {
        sheet: "Sheet1".into(),
        unit_code: "006".into(),
        period: "2022-9M".into(),
        kind: "estimate".into(),
    };
    let f = fmts();
    let mut wb = new_workbook("DongDa")?;
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Biểu 1: Chỉ tiêu kinh tế")?;
    for (c, t) in [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kế hoạch năm",
        "Ước thực hiện",
        "So sánh (%) KH",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(1, c as u16, *t, &f.head)?;
    }
    let lay1 = Layout {
        stt: Some(0),
        label: 1,
        unit: Some(2),
        values: vec![3, 4, 5],
        current: 1,
    };
    let rows1 = vec![
        row(
            "1",
            "Tổng thu NSNN trên địa bàn",
            "Tỷ đồng",
            &[N(12700.0), N(8599.3), N(67.7)],
        )
        .gives(
            fact("budget_revenue", "ty_dong")
                .v(8599.3)
                .plan(12700.0)
                .pcts(Some(67.7), None),
        ),
        row(
            "2",
            "Kim ngạch xuất khẩu",
            "Triệu USD",
            &[N(150.0), N(131.3), N(87.5)],
        )
        .gives(
            fact("export_value", "trieu_usd")
                .v(131.3)
                .plan(150.0)
                .pcts(Some(87.5), None),
        ),
    ];
    let end = write_rows(ws, 2, &rows1, &lay1, &ctx, &f, &mut exp)?;
    let t2 = end + 2;
    ws.write_string(t2, 0, "Biểu 2: Chỉ tiêu văn hóa - xã hội")?;
    for (c, t) in [
        "TT",
        "Nội dung",
        "Thực hiện cùng kỳ",
        "Ước thực hiện",
        "ĐVT",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(t2 + 1, c as u16, *t, &f.head)?;
    }
    let lay2 = Layout {
        stt: Some(0),
        label: 1,
        unit: Some(4),
        values: vec![2, 3],
        current: 1,
    };
    let rows2 = vec![
        row("1", "Giải quyết việc làm", "Người", &[N(4850.0), N(5120.0)])
            .gives(fact("jobs_created", "nguoi").v(5120.0).prior(4850.0)),
        row("2", "Tỷ lệ hộ nghèo", "%", &[N(0.12), N(0.08)])
            .gives(fact("poverty_rate", "pct").v(0.08).prior(0.12)),
    ];
    write_rows(ws, t2 + 2, &rows2, &lay2, &ctx, &f, &mut exp)?;
    wb.save(dir.join(name))?;
    Ok(exp)
}

// ---------------------------------------------------------------------------
// E: one sheet per unit, a hidden sheet, an instruction sheet
// ---------------------------------------------------------------------------

fn gen_e(dir: &Path) -> Result<ExpFile, XlsxError> {
    use C::*;
    let name = "bieu-theo-quan_9-thang-2022.xlsx";
    let mut exp = exp_file(
        name,
        &[
            "one sheet per unit, named after the unit (Ba Đình, Đống Đa, Hai Bà Trưng)",
            "a hidden sheet (skipped, listed in Nguồn)",
            "an instruction sheet without a table (skipped, listed in Nguồn)",
            "period from the title (9 tháng năm 2022)",
        ],
    );
    let f = fmts();
    let mut wb = new_workbook("Biểu theo quận")?;
    {
        let ws = wb.add_worksheet();
        ws.set_name("Hướng dẫn")?;
        ws.write_string(0, 0, "HƯỚNG DẪN ĐIỀN BIỂU")?;
        ws.write_string(
            1,
            0,
            "1. Mỗi quận điền số liệu vào trang mang tên quận mình.",
        )?;
        ws.write_string(
            2,
            0,
            "2. Đơn vị tính theo cột Đơn vị tính; không sửa tên chỉ tiêu.",
        )?;
        sheet_status(&mut exp, "Hướng dẫn", "no_table");
    }
    let units = [
        ("Ba Đình", "001", 10256.4, 5010.0),
        ("Đống Đa", "006", 8599.3, 5120.0),
        ("Hai Bà Trưng", "007", 7968.3, 4415.0),
    ];
    for (unit, code, revenue, jobs) in units {
        let ws = wb.add_worksheet();
        ws.set_name(unit)?;
        ws.write_string(0, 0, "BIỂU CHỈ TIÊU KINH TẾ - XÃ HỘI 9 THÁNG NĂM 2022")?;
        for (c, t) in ["STT", "Chỉ tiêu", "Đơn vị tính", "Ước thực hiện"]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(2, c as u16, *t, &f.head)?;
        }
        let ctx = Ctx {
            sheet: unit.into(),
            unit_code: code.into(),
            period: "2022-9M".into(),
            kind: "estimate".into(),
        };
        let lay = Layout {
            stt: Some(0),
            label: 1,
            unit: Some(2),
            values: vec![3],
            current: 0,
        };
        let rows = vec![
            row(
                "1",
                "Tổng thu ngân sách nhà nước trên địa bàn",
                "Tỷ đồng",
                &[N(revenue)],
            )
            .gives(fact("budget_revenue", "ty_dong").v(revenue)),
            row(
                "2",
                "Số lao động được giải quyết việc làm",
                "Người",
                &[N(jobs)],
            )
            .gives(fact("jobs_created", "nguoi").v(jobs)),
        ];
        write_rows(ws, 3, &rows, &lay, &ctx, &f, &mut exp)?;
        sheet_status(&mut exp, unit, "read");
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Số liệu cũ")?;
        ws.write_string(0, 0, "UBND QUẬN CẦU GIẤY")?;
        for (c, t) in ["STT", "Chỉ tiêu", "Đơn vị tính", "Ước thực hiện"]
            .iter()
            .enumerate()
        {
            ws.write_string(2, c as u16, *t)?;
        }
        ws.write_string(3, 1, "Tổng thu ngân sách nhà nước trên địa bàn")?;
        ws.write_string(3, 2, "Tỷ đồng")?;
        ws.write_number(3, 3, 999.9)?;
        ws.set_hidden(true);
        sheet_status(&mut exp, "Số liệu cũ", "hidden");
    }
    wb.save(dir.join(name))?;
    Ok(exp)
}

// ---------------------------------------------------------------------------
// F: the wide city collection template (rows are units, columns are indicators)
// ---------------------------------------------------------------------------

fn gen_f(dir: &Path) -> Result<ExpFile, XlsxError> {
    use C::*;
    let name = "tong-hop-cac-quan_9T2022.xlsx";
    let mut exp = exp_file(
        name,
        &[
            "wide city collection template: rows are units, columns are indicators",
            "indicator and unit of measure from the column header (\"(tỷ đồng)\", \"(triệu đồng)\")",
            "a unit name that is not in the registry is a unit_unresolved Problem with its cell",
            "the total row is not a unit",
        ],
    );
    let f = fmts();
    let mut wb = new_workbook("Tổng hợp các quận")?;
    let ws = wb.add_worksheet();
    ws.set_name("TH")?;
    ws.write_string(
        0,
        0,
        "TỔNG HỢP CHỈ TIÊU CỦA CÁC QUẬN, HUYỆN 9 THÁNG NĂM 2022",
    )?;
    let heads = [
        "STT",
        "Đơn vị",
        "Tổng thu NSNN trên địa bàn (tỷ đồng)",
        "Vốn đăng ký (triệu đồng)",
        "Số lao động được giải quyết việc làm (người)",
        "Tỷ lệ tham gia BHYT (%)",
    ];
    for (c, t) in heads.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *t, &f.head)?;
    }
    let inds = [
        ("budget_revenue", "ty_dong", 1.0),
        ("registered_capital", "ty_dong", 0.001),
        ("jobs_created", "nguoi", 1.0),
        ("health_insurance_coverage", "pct", 1.0),
    ];
    let rows: [(&str, &str, &str, [C; 4]); 5] = [
        (
            "1",
            "Quận Ba Đình",
            "001",
            [N(10256.4), N(4_120_000.0), N(5010.0), P(0.921)],
        ),
        (
            "2",
            "Q. Đống Đa",
            "006",
            [N(8599.3), N(3_450_000.0), N(5120.0), N(91.2)],
        ),
        (
            "3",
            "Huyện Gia Lâm",
            "018",
            [N(2101.5), T("-"), N(3528.0), E],
        ),
        ("4", "Quận Bình Minh", "", [N(1.0), N(1.0), N(1.0), N(1.0)]),
        (
            "",
            "Tổng cộng",
            "",
            [N(20958.2), N(7_570_000.0), N(13658.0), E],
        ),
    ];
    for (r, (stt, unit, code, cells)) in (3u32..).zip(rows) {
        if !stt.is_empty() {
            ws.write_string(r, 0, stt)?;
        }
        ws.write_string(r, 1, unit)?;
        for (i, v) in cells.iter().enumerate() {
            let col = 2 + i as u16;
            write_cell(ws, r, col, *v, &f)?;
            let num = match v {
                N(x) => Some(*x),
                P(x) => Some(x * 100.0),
                _ => None,
            };
            let (ind, u, factor) = inds[i];
            if let (Some(x), false) = (num, code.is_empty()) {
                let value = format!("{:.6}", x * factor).parse::<f64>().unwrap_or(x);
                let mut fa = fact(ind, u).v(value);
                fa.loc = format!("TH!{}", cell_name(r, col));
                fa.unit_code = code.into();
                fa.period = "2022-9M".into();
                fa.kind = "actual".into();
                exp.fact.push(fa);
            }
        }
        if unit == "Quận Bình Minh" {
            exp.problem.push(Prob {
                code: "unit_unresolved".into(),
                location: format!("TH!{}", cell_name(r, 1)),
                contains: "Quận Bình Minh".into(),
            });
        }
    }
    wb.save(dir.join(name))?;
    Ok(exp)
}

// ---------------------------------------------------------------------------
// G: title and file name disagree
// ---------------------------------------------------------------------------

fn gen_g(dir: &Path) -> Result<ExpFile, XlsxError> {
    use C::*;
    let name = "CauGiay_6T2022.xlsx";
    let mut exp = exp_file(
        name,
        &[
            "the title names Đống Đa and 9 months, the file name Cầu Giấy and 6 months: the title wins, both disagreements are Problems",
        ],
    );
    let ctx = Ctx {
        sheet: "Sheet1".into(),
        unit_code: "006".into(),
        period: "2022-9M".into(),
        kind: "estimate".into(),
    };
    let f = fmts();
    let mut wb = new_workbook("CauGiay")?;
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "UBND QUẬN ĐỐNG ĐA")?;
    ws.write_string(1, 0, "BÁO CÁO ƯTH 9 THÁNG NĂM 2022")?;
    for (c, t) in ["STT", "Chỉ tiêu", "Đơn vị tính", "Ước thực hiện"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(3, c as u16, *t, &f.head)?;
    }
    let lay = Layout {
        stt: Some(0),
        label: 1,
        unit: Some(2),
        values: vec![3],
        current: 0,
    };
    let rows = vec![row(
        "1",
        "Tổng thu ngân sách nhà nước trên địa bàn",
        "Tỷ đồng",
        &[N(8599.3)],
    )
    .gives(fact("budget_revenue", "ty_dong").v(8599.3))];
    write_rows(ws, 4, &rows, &lay, &ctx, &f, &mut exp)?;
    exp.problem.push(Prob {
        code: "unit_disagreement".into(),
        location: "Sheet1".into(),
        contains: "Cầu Giấy".into(),
    });
    exp.problem.push(Prob {
        code: "period_disagreement".into(),
        location: "Sheet1".into(),
        contains: "2022-H1".into(),
    });
    wb.save(dir.join(name))?;
    Ok(exp)
}

// ---------------------------------------------------------------------------
// H: a stray cell at XFD1048576 (used range huge, nearly empty)
// ---------------------------------------------------------------------------

fn gen_h(dir: &Path) -> Result<ExpFile, XlsxError> {
    use C::*;
    let name = "stray-cell_dong-da.xlsx";
    let mut exp = exp_file(
        name,
        &["one stray cell at XFD1048576: <dimension ref=\"A1:XFD1048576\"/>; memory stays small"],
    );
    let ctx = Ctx {
        sheet: "Sheet1".into(),
        unit_code: "006".into(),
        period: "2022-9M".into(),
        kind: "estimate".into(),
    };
    let f = fmts();
    let mut wb = new_workbook("stray")?;
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "UBND QUẬN ĐỐNG ĐA - ƯTH 9 THÁNG NĂM 2022")?;
    for (c, t) in ["STT", "Chỉ tiêu", "Đơn vị tính", "Ước thực hiện"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(2, c as u16, *t, &f.head)?;
    }
    let lay = Layout {
        stt: Some(0),
        label: 1,
        unit: Some(2),
        values: vec![3],
        current: 0,
    };
    let rows = vec![row(
        "1",
        "Tổng thu ngân sách nhà nước trên địa bàn",
        "Tỷ đồng",
        &[N(8599.3)],
    )
    .gives(fact("budget_revenue", "ty_dong").v(8599.3))];
    write_rows(ws, 3, &rows, &lay, &ctx, &f, &mut exp)?;
    ws.write_number(1_048_575, 16_383, 1.0)?;
    wb.save(dir.join(name))?;
    Ok(exp)
}

// ---------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------

/// An .xlsm: the same package with the macro-enabled workbook content type
/// (what Excel writes; calamine reads it as xlsx).
fn to_xlsm(src: &Path, dest: &Path) -> Result<(), Box<dyn std::error::Error>> {
    rewrite_zip(src, dest, |name, text| {
        if name == "[Content_Types].xml" {
            text.replace(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            )
        } else {
            text
        }
    })
}

/// Formulas saved without a cached result, as tools that never calculate
/// write them (openpyxl, scripts): `<c r="E13"><f>…</f></c>`, no `<v>`.
fn drop_empty_results(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let tmp = path.with_extension("tmp");
    rewrite_zip(path, &tmp, |name, text| {
        if name.starts_with("xl/worksheets/") {
            let re = regex::Regex::new(r#" t="str"><f>([^<]*)</f><v></v>"#).expect("regex");
            re.replace_all(&text, "><f>$1</f>").into_owned()
        } else {
            text
        }
    })?;
    fs::rename(&tmp, path)?;
    Ok(())
}

/// Copy a zip package, passing each XML part through `edit`.
fn rewrite_zip(
    src: &Path,
    dest: &Path,
    edit: impl Fn(&str, String) -> String,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut zin = zip::ZipArchive::new(fs::File::open(src)?)?;
    let mut zout = zip::ZipWriter::new(fs::File::create(dest)?);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i)?;
        let name = f.name()?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        if name.ends_with(".xml") || name.ends_with(".rels") {
            data = edit(&name, String::from_utf8(data)?).into_bytes();
        }
        zout.start_file(name, opts)?;
        zout.write_all(&data)?;
    }
    zout.finish()?;
    Ok(())
}

/// Convert with LibreOffice; `false` when it is not installed.
fn soffice_convert(src: &Path, to: &str, dest: &Path) -> Result<bool, Box<dyn std::error::Error>> {
    let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    let Some(soffice) = soffice else {
        return Ok(false);
    };
    let tmp = std::env::temp_dir().join(format!("gen_variants_{}", std::process::id()));
    fs::create_dir_all(&tmp)?;
    let profile = format!("-env:UserInstallation=file://{}/profile", tmp.display());
    let status = Command::new(soffice)
        .args([&profile, "--headless", "--convert-to", to, "--outdir"])
        .arg(&tmp)
        .arg(src)
        .status()?;
    if !status.success() {
        return Err(format!("soffice failed on {}", src.display()).into());
    }
    let stem = src
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let ext = to.split(':').next().unwrap_or(to);
    fs::rename(tmp.join(format!("{stem}.{ext}")), dest)
        .or_else(|_| fs::copy(tmp.join(format!("{stem}.{ext}")), dest).map(|_| ()))?;
    let _ = fs::remove_dir_all(&tmp);
    Ok(true)
}

fn retarget(mut exp: ExpFile, name: &str, covers: &[&str]) -> ExpFile {
    exp.file = name.into();
    exp.format = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        .unwrap_or_default();
    exp.covers = covers.iter().map(|s| s.to_string()).collect();
    exp
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(OUT);
    fs::create_dir_all(&dir)?;
    let covers_a = [
        "title rows give the unit (UBND QUẬN ĐỐNG ĐA) and the period (ƯTH 9 THÁNG NĂM 2022)",
        "two-row header with merged cells; \"So sánh (%)\" merged over KH năm / Cùng kỳ (ratios)",
        "section path I / 1 / 1.1 / a / - kept in source_text",
        "Vietnamese text number \"8.599,3\"; \"43/62\" text; footnote \"1.100*\" stripped and kept in provenance",
        "\"-\", \"x\", \"—\", empty = not reported (no fact, no Problem)",
        "Triệu đồng → tỷ đồng; Nghìn USD → triệu USD; \"(triệu đồng)\" in the label with no unit cell",
        "a percentage stored as 0.912 with a % format is 91.2",
        "an NFD label; a label without diacritics matched by the recorded fallback",
        "unknown labels are Problems with their text and cell; an unreadable value is a Problem with its cell",
    ];
    let a = gen_a(
        &dir,
        "dong-da_9-thang-2022.xlsx",
        district_rows(true),
        &covers_a,
    )?;
    let mut files = vec![];
    // xlsm: the same workbook, macro-enabled content type.
    to_xlsm(
        &dir.join("dong-da_9-thang-2022.xlsx"),
        &dir.join("dong-da_9-thang-2022.xlsm"),
    )?;
    files.push(retarget(
        a.clone(),
        "dong-da_9-thang-2022.xlsm",
        &["xlsm (macro-enabled content type), same table as dong-da_9-thang-2022.xlsx"],
    ));
    // .ods from the same workbook; .xls from a copy with the % typed as 91.2
    // (calamine does not expose .xls number formats, see tests/fixtures/workbooks/README.md).
    let tmp = std::env::temp_dir().join(format!("gen_variants_src_{}", std::process::id()));
    fs::create_dir_all(&tmp)?;
    let ods = dir.join("dong-da_9-thang-2022.ods");
    if soffice_convert(&dir.join("dong-da_9-thang-2022.xlsx"), "ods", &ods)? {
        files.push(retarget(
            a.clone(),
            "dong-da_9-thang-2022.ods",
            &["OpenDocument (converted by LibreOffice): merged header from table:number-columns-spanned, % from office:value-type=percentage"],
        ));
        let xls_src = gen_a(
            &tmp,
            "dong-da_9-thang-2022_legacy.xlsx",
            district_rows(false),
            &[],
        )?;
        let xls = dir.join("dong-da_9-thang-2022.xls");
        soffice_convert(&tmp.join("dong-da_9-thang-2022_legacy.xlsx"), "xls", &xls)?;
        files.push(retarget(
            xls_src,
            "dong-da_9-thang-2022.xls",
            &["Excel 97-2003 .xls (BIFF8, converted by LibreOffice): merged header cells, text numbers, x/y, footnotes, NFD label"],
        ));
    } else {
        eprintln!("warning: soffice not found; .xls and .ods fixtures not regenerated");
    }
    let _ = fs::remove_dir_all(&tmp);
    let mut all = vec![a];
    all.extend(files);
    all.push(gen_b(&dir)?);
    all.push(gen_c(&dir)?);
    all.push(gen_d(&dir)?);
    all.push(gen_e(&dir)?);
    all.push(gen_f(&dir)?);
    all.push(gen_g(&dir)?);
    all.push(gen_h(&dir)?);
    let header = "# Facts and Problems each workbook under tests/fixtures/workbooks/ must give.\n\
# GENERATED by `cargo run --release --example gen_variants` -- do not edit by hand.\n\
#\n\
# [[file.fact]]: one fact of `chitieu extract FILE --format json`; `loc` is the start of\n\
# its source_loc; absent figures (value, plan_value, prior_value, plan_pct, yoy_pct,\n\
# numerator, denominator) must be null. Every fact the file gives is listed.\n\
# [[file.problem]]: one Problem (code, location) the file must raise, and no others.\n\
# [[file.sheet]]: how each sheet is listed in Nguồn (read, hidden, no_table).\n\n";
    let body = toml::to_string(&Expected { file: all })?;
    fs::write(dir.join("expected.toml"), format!("{header}{body}"))?;
    println!("wrote {}", dir.display());
    Ok(())
}
