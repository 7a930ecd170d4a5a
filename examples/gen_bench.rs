//! Benchmark inputs: N district workbooks in the standard layout, N narrative
//! text reports, and one workbook with many district sheets.
//!
//! ```sh
//! cargo run --release --example gen_bench -- --out target/bench-data/n300 --n 300 --texts --sheets 300
//! ```
//!
//! Layout under `--out` (`<slug>` is a Hà Nội district-level unit of
//! `config/units.toml`; the files of one unit in different batches are the
//! same table with figures revised by less than the run's 1% tolerance, as a
//! reporting season's resubmissions are):
//!
//! - `xlsx/bNNN/2022-9M/<slug>.xlsx` — file i is unit `i % units`, batch `i / units`;
//! - `txt/bNNN/2022-9M/<slug>.txt`   — with `--texts`: the same figures in prose;
//! - `multi/bieu-tong-hop-<S>-trang.xlsx` — with `--sheets S`: one workbook,
//!   S sheets each holding one district's table (named in the sheet's title).
//!
//! Every workbook: title block, a two-row merged header (STT · Chỉ tiêu · Đơn
//! vị tính · Kế hoạch năm · Thực hiện cùng kỳ · Ước thực hiện · So sánh (%) KH /
//! CK · Ghi chú), sections I–IV, `ROWS` indicator rows — one per catalogue
//! indicator (its name or one of its `labels`, read from
//! `config/indicators.toml` at run time) and sub-items or indicators that are
//! not in the catalogue (they become `unknown_label` warnings, as in real
//! files) — about 10% of the figures written as Vietnamese text ("1.234,5"),
//! and the footer with signatures.
//!
//! Standalone (rust_xlsxwriter, toml, rayon; not the `chitieu` library) and
//! deterministic: no clock, a fixed-seed generator per file, a fixed creation
//! time, so the same arguments give the same bytes.

use rayon::prelude::*;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::fs;
use std::path::{Path, PathBuf};

const PERIOD: &str = "2022-9M";
/// Indicator rows per table (catalogue rows + others).
const ROWS: usize = 60;
/// Share of figures written as text, in percent.
const TEXT_PCT: u64 = 10;

// ---------------------------------------------------------------------------
// Deterministic randomness (splitmix64)
// ---------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

// ---------------------------------------------------------------------------
// Configuration read at run time
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Indicator {
    name: String,
    group: String,
    unit: String,
    aggregate: String,
    range: Option<(f64, f64)>,
    labels: Vec<String>,
    phrases: Vec<String>,
}

fn load_catalogue(path: &Path) -> Vec<Indicator> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let strs = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let s = |v: Option<&toml::Value>| v.and_then(|v| v.as_str()).unwrap_or("").to_string();
    doc.get("indicator")
        .and_then(|v| v.as_array())
        .expect("indicators.toml has no [[indicator]]")
        .iter()
        .map(|ind| Indicator {
            name: s(ind.get("name")),
            group: s(ind.get("group")),
            unit: s(ind.get("unit")),
            aggregate: s(ind.get("aggregate")),
            range: ind
                .get("range")
                .and_then(|r| r.as_array())
                .and_then(|a| Some((a.first()?.as_float()?, a.get(1)?.as_float()?))),
            labels: strs(ind.get("labels")),
            phrases: strs(ind.get("phrases"))
                .into_iter()
                .filter(|p| !p.contains('…') && p.split_whitespace().count() >= 2)
                .collect(),
        })
        .collect()
}

#[derive(Clone, Debug)]
struct Unit {
    name: String,
    level: String,
    slug: String,
}

/// The district-level units of Hà Nội (province `01`), in registry order.
fn load_units(path: &Path) -> Vec<Unit> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let provinces = doc
        .get("province")
        .and_then(|v| v.as_array())
        .expect("no [[province]]");
    let hn = provinces
        .iter()
        .find(|p| p.get("code").and_then(|c| c.as_str()) == Some("01"))
        .expect("province 01 not in units.toml");
    hn.get("district")
        .and_then(|v| v.as_array())
        .expect("no districts")
        .iter()
        .filter(|d| d.get("valid_to").is_none())
        .map(|d| {
            let name = d
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            let level = d
                .get("level")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            Unit {
                slug: slug(&name),
                name,
                level,
            }
        })
        .collect()
}

/// "Hai Bà Trưng" → "hai-ba-trung".
fn slug(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        let base = strip_tone(c);
        if base.is_ascii_alphanumeric() {
            out.push(base);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        } else if !base.is_ascii() {
            let _ = write!(out, "{}", base);
        }
    }
    out.trim_end_matches('-').to_string()
}

fn strip_tone(c: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    for (set, base) in GROUPS {
        if set.contains(c) {
            return *base;
        }
    }
    c
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

/// Vietnamese number style: dot thousands, comma decimals ("12.480", "1.234,5").
fn vn(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s
        .split_once('.')
        .map(|(i, f)| (i.to_string(), Some(f.to_string())))
        .unwrap_or((s.clone(), None));
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

fn round_to(x: f64, decimals: usize) -> f64 {
    let m = 10f64.powi(decimals as i32);
    (x * m).round() / m
}

/// One figure: a number, or x/y for ratio indicators.
#[derive(Clone, Copy, Debug)]
enum Fig {
    Num(f64, usize),
    Ratio(u32, u32),
}

impl Fig {
    fn value(self) -> f64 {
        match self {
            Fig::Num(x, _) => x,
            Fig::Ratio(x, _) => f64::from(x),
        }
    }
}

#[derive(Clone, Debug)]
struct Line {
    /// "1", "-", "" (sub-item written "- …" in the label).
    stt: String,
    label: String,
    unit: String,
    plan: Fig,
    prior: Fig,
    cur: Fig,
    compare: bool,
    /// Catalogue indicator (for the text report), if any.
    indicator: Option<usize>,
}

/// Sub-items and indicators that are not in the catalogue, by section.
const OTHER_KT: &[(&str, &str)] = &[
    ("Thu nội địa", "Tỷ đồng"),
    ("Thu tiền sử dụng đất", "Tỷ đồng"),
    ("Thu từ doanh nghiệp nhà nước", "Tỷ đồng"),
    ("Thu từ khu vực ngoài quốc doanh", "Tỷ đồng"),
    ("Thuế thu nhập cá nhân", "Tỷ đồng"),
    ("Lệ phí trước bạ", "Tỷ đồng"),
    ("Chi đầu tư phát triển", "Tỷ đồng"),
    ("Chi thường xuyên", "Tỷ đồng"),
    ("Thương mại - dịch vụ", "Tỷ đồng"),
    ("Xây dựng", "Tỷ đồng"),
    ("Số hộ kinh doanh cá thể đăng ký mới", "Hộ"),
    ("Số chợ được cải tạo, nâng cấp", "Chợ"),
    ("Diện tích gieo trồng cây hàng năm", "Ha"),
    ("Sản lượng lương thực có hạt", "Tấn"),
    ("Số dự án được chấp thuận chủ trương đầu tư", "Dự án"),
    ("Số vụ vi phạm về an toàn thực phẩm được xử lý", "Vụ"),
];
const OTHER_VH: &[(&str, &str)] = &[
    ("Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "%"),
    ("Số gia đình đạt danh hiệu gia đình văn hóa", "Gia đình"),
    ("Số tổ dân phố đạt danh hiệu văn hóa", "Tổ dân phố"),
    ("Số người được khám, chữa bệnh tại trạm y tế", "Lượt người"),
    ("Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "%"),
    ("Số lao động được đào tạo nghề", "Người"),
    ("Số đối tượng bảo trợ xã hội được trợ cấp", "Người"),
    ("Số học sinh tốt nghiệp trung học cơ sở", "Học sinh"),
    ("Số nhà văn hóa được xây mới", "Nhà"),
    ("Số cuộc kiểm tra vệ sinh môi trường", "Cuộc"),
];
const OTHER_QP: &[(&str, &str)] = &[
    ("Tỷ lệ điều tra, khám phá án hình sự", "%"),
    ("Số vụ tai nạn giao thông", "Vụ"),
    ("Số người chết do tai nạn giao thông", "Người"),
    ("Số vụ cháy nổ", "Vụ"),
    ("Số buổi tuyên truyền pháp luật", "Buổi"),
];
const OTHER_XD: &[(&str, &str)] = &[
    ("Số tổ chức cơ sở đảng được kiểm tra", "Tổ chức"),
    ("Số đảng viên được tặng huy hiệu Đảng", "Người"),
    ("Số đảng viên bị kỷ luật", "Người"),
];

/// Base magnitude for a canonical unit, inside the indicator's range.
fn magnitude(rng: &mut Rng, ind: &Indicator) -> (f64, usize) {
    let (x, d) = match ind.unit.as_str() {
        "ty_dong" => (rng.range(800.0, 25000.0), 1),
        "trieu_usd" => (rng.range(50.0, 900.0), 1),
        "pct" => {
            if ind.range.is_some_and(|(lo, _)| lo < 0.0) {
                (rng.range(4.0, 9.0), 1)
            } else {
                (rng.range(55.0, 98.0), 1)
            }
        }
        "luot_khach" => (rng.range(50_000.0, 900_000.0).round(), 0),
        _ => (rng.range(20.0, 4000.0).round(), 0),
    };
    match ind.range {
        Some((lo, hi)) => (x.clamp(lo, hi), d),
        None => (x, d),
    }
}

/// One district's table: the catalogue rows (label alias chosen by `variant`)
/// and other rows up to `ROWS`, in sections. Base figures depend on the unit
/// only; `batch` revises the current figure by at most ±0.3%.
fn table(cat: &[Indicator], unit: usize, batch: usize, variant: usize) -> Vec<(String, Vec<Line>)> {
    let sections = [
        ("kinh_te", "KINH TẾ", OTHER_KT),
        ("van_hoa_xa_hoi", "VĂN HÓA - XÃ HỘI", OTHER_VH),
        ("quoc_phong_an_ninh", "QUỐC PHÒNG - AN NINH", OTHER_QP),
        ("xay_dung_dang", "XÂY DỰNG ĐẢNG", OTHER_XD),
    ];
    let n_other_total: usize = ROWS.saturating_sub(cat.len());
    let all_other: usize = sections.iter().map(|s| s.2.len()).sum();
    let mut base = Rng::new(unit as u64 * 7919);
    let mut jit = Rng::new((unit as u64) << 32 | batch as u64);
    let mut out = Vec::new();
    let mut used_other = 0usize;
    for (si, (gid, title, others)) in sections.iter().enumerate() {
        let mut lines = Vec::new();
        let mut n = 0;
        for (k, ind) in cat.iter().enumerate().filter(|(_, i)| i.group == *gid) {
            n += 1;
            let mut labels: Vec<&String> = vec![&ind.name];
            labels.extend(ind.labels.iter());
            let label = capitalize(labels[(variant + k) % labels.len()]);
            let (plan, prior, cur, compare) = figures(&mut base, &mut jit, ind);
            lines.push(Line {
                stt: n.to_string(),
                label,
                unit: chitieu::write::unit_label(&ind.unit).to_string(),
                plan,
                prior,
                cur,
                compare,
                indicator: Some(k),
            });
        }
        // This section's share of the other rows.
        let want = if si == sections.len() - 1 {
            n_other_total.saturating_sub(used_other)
        } else {
            (n_other_total * others.len() + all_other / 2) / all_other
        };
        for j in 0..want {
            let (label, unit) = others[j % others.len()];
            let label = if j >= others.len() {
                format!("{label} (đợt {})", j / others.len() + 1)
            } else {
                label.to_string()
            };
            let sub = j % 3 != 0;
            if !sub {
                n += 1;
            }
            let x = if unit == "%" {
                round_to(base.range(60.0, 99.0), 1)
            } else if unit == "Tỷ đồng" {
                round_to(base.range(10.0, 3000.0), 1)
            } else {
                base.range(5.0, 2000.0).round()
            };
            let d = if unit == "Tỷ đồng" || unit == "%" {
                1
            } else {
                0
            };
            let drift = 1.0 + jit.range(-0.003, 0.003);
            lines.push(Line {
                stt: if sub {
                    if j % 2 == 0 {
                        "-".into()
                    } else {
                        String::new()
                    }
                } else {
                    n.to_string()
                },
                label: if sub && j % 2 == 1 {
                    format!("- {label}")
                } else {
                    label
                },
                unit: unit.to_string(),
                plan: Fig::Num(round_to(x * 1.25, d), d),
                prior: Fig::Num(round_to(x * 0.92, d), d),
                cur: Fig::Num(round_to(x * drift, d), d),
                compare: false,
                indicator: None,
            });
        }
        used_other += want;
        out.push((format!("{}|{}", roman(si + 1), title), lines));
    }
    out
}

fn figures(base: &mut Rng, jit: &mut Rng, ind: &Indicator) -> (Fig, Fig, Fig, bool) {
    if ind.aggregate == "ratio" && ind.unit != "pct" {
        let y = 20 + base.pick(40) as u32;
        let x = (f64::from(y) * base.range(0.5, 0.9)).round() as u32;
        return (
            Fig::Ratio((x + 2).min(y), y),
            Fig::Ratio(x.saturating_sub(2), y),
            Fig::Ratio(x, y),
            false,
        );
    }
    let (x, d) = magnitude(base, ind);
    let drift = 1.0 + jit.range(-0.003, 0.003);
    let cur = round_to(x * drift, d);
    let (plan, prior) = if ind.unit == "pct" {
        (round_to(x + 1.0, d), round_to(x - 1.2, d))
    } else {
        (
            round_to(x * base.range(1.2, 1.5), d),
            round_to(x * base.range(0.85, 0.98), d),
        )
    };
    (
        Fig::Num(plan, d),
        Fig::Num(prior, d),
        Fig::Num(cur, d),
        ind.unit != "pct",
    )
}

fn roman(n: usize) -> &'static str {
    ["", "I", "II", "III", "IV", "V"][n.min(5)]
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn level_upper(level: &str) -> &'static str {
    match level {
        "huyen" => "HUYỆN",
        "thi_xa" => "THỊ XÃ",
        "thanh_pho" => "THÀNH PHỐ",
        _ => "QUẬN",
    }
}

fn level_lower(level: &str) -> &'static str {
    match level {
        "huyen" => "huyện",
        "thi_xa" => "thị xã",
        "thanh_pho" => "thành phố",
        _ => "quận",
    }
}

// ---------------------------------------------------------------------------
// Writing a table
// ---------------------------------------------------------------------------

struct Formats {
    org: Format,
    bold_center: Format,
    title: Format,
    subtitle: Format,
    head: Format,
    section: Format,
    blank: Format,
    stt: Format,
    label: Format,
    label_sub: Format,
    unit: Format,
    money: Format,
    count: Format,
    rate: Format,
    text_value: Format,
    cmp: Format,
    footer_bold: Format,
    footer: Format,
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
        bold_center: base.clone().set_bold().set_align(FormatAlign::Center),
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
        section: cell.clone().set_bold(),
        blank: cell.clone(),
        stt: cell.clone().set_align(FormatAlign::Center),
        label: cell.clone().set_text_wrap(),
        label_sub: cell.clone().set_italic().set_text_wrap(),
        unit: cell.clone().set_align(FormatAlign::Center),
        money: cell.clone().set_num_format("#,##0.0"),
        count: cell.clone().set_num_format("#,##0"),
        rate: cell.clone().set_num_format("0.0#"),
        text_value: cell.clone().set_align(FormatAlign::Right),
        cmp: cell.clone().set_num_format("0.0"),
        footer_bold: base.clone().set_bold().set_italic(),
        footer: base.clone().set_font_size(11),
    }
}

fn write_fig(
    ws: &mut Worksheet,
    f: &Formats,
    rng: &mut Rng,
    row: u32,
    col: u16,
    v: Fig,
    unit: &str,
) -> Result<(), XlsxError> {
    match v {
        Fig::Num(x, d) => {
            if rng.chance(TEXT_PCT) {
                ws.write_string_with_format(row, col, vn(x, d), &f.text_value)?;
            } else {
                let fmt = match unit {
                    "Tỷ đồng" | "Triệu USD" => &f.money,
                    "%" => &f.rate,
                    _ => &f.count,
                };
                ws.write_number_with_format(row, col, x, fmt)?;
            }
        }
        Fig::Ratio(x, y) => {
            ws.write_string_with_format(row, col, format!("{x}/{y}"), &f.text_value)?;
        }
    }
    Ok(())
}

/// One district's table on `ws`.
fn write_table(
    ws: &mut Worksheet,
    f: &Formats,
    u: &Unit,
    tables: &[(String, Vec<Line>)],
    seed: u64,
) -> Result<(), XlsxError> {
    let mut rng = Rng::new(seed);
    let last_col: u16 = 8;
    ws.set_landscape();
    ws.set_paper_size(9);
    for (c, w) in [6.0, 50.0, 13.0, 14.0, 14.0, 15.0, 10.0, 10.0, 24.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.merge_range(
        0,
        0,
        0,
        2,
        &format!("UBND {} {}", level_upper(&u.level), u.name.to_uppercase()),
        &f.org,
    )?;
    ws.merge_range(1, 0, 1, 2, "PHÒNG TÀI CHÍNH - KẾ HOẠCH", &f.bold_center)?;
    ws.merge_range(
        0,
        3,
        0,
        last_col,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        &f.bold_center,
    )?;
    ws.merge_range(
        1,
        3,
        1,
        last_col,
        "Độc lập - Tự do - Hạnh phúc",
        &f.bold_center,
    )?;
    ws.merge_range(
        3,
        0,
        3,
        last_col,
        "BIỂU TỔNG HỢP MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI 9 THÁNG NĂM 2022",
        &f.title,
    )?;
    ws.merge_range(
        4,
        0,
        4,
        last_col,
        &format!(
            "(Kèm theo Báo cáo số {}/BC-UBND ngày 06/10/2022 của UBND {} {})",
            100 + seed % 300,
            level_lower(&u.level),
            u.name
        ),
        &f.subtitle,
    )?;
    let (h0, h1) = (6u32, 7u32);
    let heads = [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kế hoạch năm 2022",
        "Thực hiện 9 tháng năm 2021",
        "Ước thực hiện 9 tháng năm 2022",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.merge_range(h0, c as u16, h1, c as u16, h, &f.head)?;
    }
    ws.merge_range(h0, 6, h0, 7, "So sánh (%)", &f.head)?;
    ws.write_string_with_format(h1, 6, "KH năm", &f.head)?;
    ws.write_string_with_format(h1, 7, "Cùng kỳ", &f.head)?;
    ws.merge_range(h0, 8, h1, 8, "Ghi chú", &f.head)?;
    ws.set_freeze_panes(h1 + 1, 2)?;
    ws.set_repeat_rows(h0, h1)?;
    let mut r = h1 + 1;
    for (section, lines) in tables {
        let (num, title) = section.split_once('|').unwrap_or(("", section));
        ws.write_string_with_format(r, 0, num, &f.section)?;
        ws.write_string_with_format(r, 1, title, &f.section)?;
        for c in 2..=last_col {
            ws.write_blank(r, c, &f.blank)?;
        }
        r += 1;
        for l in lines {
            match l.stt.parse::<f64>() {
                Ok(n) => ws.write_number_with_format(r, 0, n, &f.stt)?,
                Err(_) if l.stt.is_empty() => ws.write_blank(r, 0, &f.stt)?,
                Err(_) => ws.write_string_with_format(r, 0, &l.stt, &f.stt)?,
            };
            let lf = if l.stt.parse::<u32>().is_ok() {
                &f.label
            } else {
                &f.label_sub
            };
            ws.write_string_with_format(r, 1, &l.label, lf)?;
            ws.write_string_with_format(r, 2, &l.unit, &f.unit)?;
            write_fig(ws, f, &mut rng, r, 3, l.plan, &l.unit)?;
            write_fig(ws, f, &mut rng, r, 4, l.prior, &l.unit)?;
            write_fig(ws, f, &mut rng, r, 5, l.cur, &l.unit)?;
            for (c, base) in [(6u16, l.plan), (7u16, l.prior)] {
                if l.compare && base.value() != 0.0 {
                    let pct = round_to(l.cur.value() / base.value() * 100.0, 1);
                    if rng.chance(TEXT_PCT) {
                        ws.write_string_with_format(r, c, vn(pct, 1), &f.text_value)?;
                    } else {
                        ws.write_number_with_format(r, c, pct, &f.cmp)?;
                    }
                } else {
                    ws.write_blank(r, c, &f.blank)?;
                }
            }
            ws.write_blank(r, 8, &f.blank)?;
            r += 1;
        }
    }
    r += 1;
    let left = [
        "Nơi nhận:",
        "- UBND Thành phố;",
        "- Sở Kế hoạch và Đầu tư;",
        "- Cục Thống kê thành phố Hà Nội;",
        "- Lưu: VT, TC-KH.",
    ];
    let right = [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "",
        "(Đã ký)",
    ];
    for (i, (l, rt)) in left.iter().zip(right).enumerate() {
        let row = r + i as u32;
        ws.merge_range(
            row,
            0,
            row,
            2,
            l,
            if i == 0 { &f.footer_bold } else { &f.footer },
        )?;
        if !rt.is_empty() {
            ws.merge_range(row, 5, row, last_col, rt, &f.bold_center)?;
        }
    }
    Ok(())
}

fn new_workbook(author: &str) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 10, 5)?.and_hms(8, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Biểu tổng hợp chỉ tiêu kinh tế - xã hội 9 tháng năm 2022")
            .set_author(author)
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

fn district_workbook(
    cat: &[Indicator],
    units: &[Unit],
    i: usize,
    path: &Path,
) -> Result<(), XlsxError> {
    let (ui, batch) = (i % units.len(), i / units.len());
    let u = &units[ui];
    let mut wb = new_workbook(&format!("Phòng Tài chính - Kế hoạch {}", u.name))?;
    let f = formats();
    let ws = wb.add_worksheet();
    ws.set_name("Bieu tong hop")?;
    write_table(ws, &f, u, &table(cat, ui, batch, i), i as u64)?;
    wb.save(path)
}

fn multi_sheet_workbook(
    cat: &[Indicator],
    units: &[Unit],
    sheets: usize,
    path: &Path,
) -> Result<(), XlsxError> {
    let mut wb = new_workbook("Sở Kế hoạch và Đầu tư")?;
    let f = formats();
    for i in 0..sheets {
        let (ui, batch) = (i % units.len(), i / units.len());
        let u = &units[ui];
        let ws = wb.add_worksheet();
        // Sheet names are at most 31 characters and unique.
        let name: String = format!("{:03} {}", i + 1, u.name)
            .chars()
            .take(31)
            .collect();
        ws.set_name(&name)?;
        write_table(ws, &f, u, &table(cat, ui, batch, i), 1_000_000 + i as u64)?;
    }
    wb.save(path)
}

// ---------------------------------------------------------------------------
// Text reports
// ---------------------------------------------------------------------------

const FILLER: &[&str] = &[
    "Ủy ban nhân dân {u} đã tập trung chỉ đạo quyết liệt, đồng bộ các nhiệm vụ, giải pháp phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh trên địa bàn.",
    "Công tác cải cách hành chính tiếp tục được quan tâm, việc tiếp nhận và giải quyết hồ sơ thủ tục hành chính qua bộ phận một cửa được thực hiện nghiêm túc, đúng quy định.",
    "Công tác quản lý trật tự đô thị, trật tự xây dựng, vệ sinh môi trường được tăng cường; các tuyến phố văn minh đô thị được duy trì thường xuyên.",
    "Các hoạt động văn hóa, thể thao, tuyên truyền kỷ niệm các ngày lễ lớn của đất nước được tổ chức trang trọng, an toàn, tiết kiệm.",
    "Công tác phòng, chống dịch bệnh được triển khai chủ động; hệ thống y tế cơ sở hoạt động ổn định, đáp ứng nhu cầu khám, chữa bệnh của nhân dân.",
    "Tình hình an ninh chính trị, trật tự an toàn xã hội được giữ vững; lực lượng công an đã tập trung đấu tranh, kiềm chế các loại tội phạm.",
    "Ngành giáo dục đã chuẩn bị tốt các điều kiện cho năm học mới, cơ sở vật chất trường lớp tiếp tục được đầu tư, nâng cấp theo hướng chuẩn hóa.",
    "Các chính sách an sinh xã hội được thực hiện đầy đủ, kịp thời, đúng đối tượng; công tác chăm lo cho người có công, hộ nghèo, hộ cận nghèo được quan tâm.",
    "Tuy nhiên, một số chỉ tiêu còn đạt thấp so với kế hoạch; tiến độ giải phóng mặt bằng một số dự án trọng điểm còn chậm, cần tiếp tục tháo gỡ vướng mắc.",
    "Trong thời gian tới, {u} tiếp tục đẩy mạnh thực hiện các giải pháp thúc đẩy tăng trưởng, tăng cường kỷ luật, kỷ cương hành chính, phấn đấu hoàn thành toàn diện kế hoạch năm.",
    "Công tác chuyển đổi số được đẩy mạnh, tỷ lệ hồ sơ trực tuyến mức độ cao tăng so với cùng kỳ, hạ tầng công nghệ thông tin tiếp tục được đầu tư.",
    "Hoạt động của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tiếp tục đổi mới nội dung, phương thức, phát huy vai trò giám sát và phản biện xã hội.",
];

fn unit_words(unit: &str) -> &'static str {
    match unit {
        "ty_dong" => "tỷ đồng",
        "trieu_usd" => "triệu USD",
        "pct" => "%",
        "nguoi" => "người",
        "ho" => "hộ",
        "truong" => "trường",
        "chi_bo" => "chi bộ",
        "doanh_nghiep" => "doanh nghiệp",
        "giay_chung_nhan" => "giấy chứng nhận",
        "cong_trinh" => "công trình",
        "luot_khach" => "lượt khách",
        "du_an" => "dự án",
        _ => "",
    }
}

fn text_report(cat: &[Indicator], units: &[Unit], i: usize) -> String {
    let (ui, batch) = (i % units.len(), i / units.len());
    let u = &units[ui];
    let who = format!("{} {}", level_lower(&u.level), u.name);
    let mut rng = Rng::new(0xABCD_0000 + i as u64);
    let mut out = String::new();
    out.push_str(&format!(
        "ỦY BAN NHÂN DÂN {} {}\n",
        level_upper(&u.level),
        u.name.to_uppercase()
    ));
    out.push_str(&format!("Số: {}/BC-UBND\n\n", 100 + i % 300));
    out.push_str("BÁO CÁO\nTình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội 9 tháng đầu năm, nhiệm vụ trọng tâm 3 tháng cuối năm 2022\n\n");
    let tables = table(cat, ui, batch, i);
    for (section, lines) in &tables {
        let (num, title) = section.split_once('|').unwrap_or(("", section));
        out.push_str(&format!("{num}. {}\n", capitalize(&title.to_lowercase())));
        out.push_str(&FILLER[rng.pick(FILLER.len())].replace("{u}", &who));
        out.push('\n');
        for l in lines {
            let Some(k) = l.indicator else { continue };
            let ind = &cat[k];
            let phrase = ind
                .phrases
                .first()
                .cloned()
                .unwrap_or_else(|| ind.name.to_lowercase());
            let sentence = match l.cur {
                Fig::Ratio(x, y) => format!("Toàn {who} có {x}/{y} {phrase}."),
                Fig::Num(x, d) if ind.unit == "pct" => {
                    format!(
                        "{} 9 tháng đầu năm 2022 đạt {}%.",
                        capitalize(&phrase),
                        vn(x, d)
                    )
                }
                Fig::Num(x, d) => {
                    let plan = round_to(x / l.plan.value() * 100.0, 1);
                    let yoy = round_to((x / l.prior.value() - 1.0) * 100.0, 1);
                    format!(
                        "{} 9 tháng đầu năm 2022 ước đạt {} {}, bằng {}% kế hoạch năm, tăng {}% so với cùng kỳ năm 2021.",
                        capitalize(&phrase),
                        vn(x, d),
                        unit_words(&ind.unit),
                        vn(plan, 1),
                        vn(yoy, 1)
                    )
                }
            };
            out.push_str(&sentence);
            out.push(' ');
            if rng.chance(30) {
                out.push_str(&FILLER[rng.pick(FILLER.len())].replace("{u}", &who));
                out.push(' ');
            }
        }
        out.push_str("\n\n");
    }
    out.push_str("III. Nhiệm vụ, giải pháp trọng tâm 3 tháng cuối năm 2022\n");
    for _ in 0..4 {
        out.push_str(&FILLER[rng.pick(FILLER.len())].replace("{u}", &who));
        out.push('\n');
    }
    out.push_str("\nNơi nhận:\n- UBND Thành phố;\n- Sở Kế hoạch và Đầu tư;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n");
    out
}

// ---------------------------------------------------------------------------

struct Args {
    out: PathBuf,
    n: usize,
    texts: bool,
    sheets: usize,
}

fn args() -> Args {
    let mut a = Args {
        out: PathBuf::from("target/bench-data/n300"),
        n: 300,
        texts: false,
        sheets: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--out" => a.out = PathBuf::from(it.next().expect("--out DIR")),
            "--n" => a.n = it.next().and_then(|v| v.parse().ok()).expect("--n N"),
            "--texts" => a.texts = true,
            "--sheets" => a.sheets = it.next().and_then(|v| v.parse().ok()).expect("--sheets S"),
            other => {
                eprintln!(
                    "usage: gen_bench [--out DIR] [--n N] [--texts] [--sheets S]; unknown {other}"
                );
                std::process::exit(2);
            }
        }
    }
    a
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cat = load_catalogue(&root.join("config/indicators.toml"));
    let units = load_units(&root.join("config/units.toml"));
    assert!(!units.is_empty(), "no Hà Nội units in units.toml");
    let dir = |kind: &str, i: usize| {
        a.out
            .join(kind)
            .join(format!("b{:03}", i / units.len()))
            .join(PERIOD)
    };
    (0..a.n)
        .into_par_iter()
        .try_for_each(|i| -> Result<(), String> {
            let u = &units[i % units.len()];
            let d = dir("xlsx", i);
            fs::create_dir_all(&d).map_err(|e| e.to_string())?;
            district_workbook(&cat, &units, i, &d.join(format!("{}.xlsx", u.slug)))
                .map_err(|e| e.to_string())?;
            if a.texts {
                let d = dir("txt", i);
                fs::create_dir_all(&d).map_err(|e| e.to_string())?;
                fs::write(
                    d.join(format!("{}.txt", u.slug)),
                    text_report(&cat, &units, i),
                )
                .map_err(|e| e.to_string())?;
            }
            Ok(())
        })?;
    if a.sheets > 0 {
        let d = a.out.join("multi");
        fs::create_dir_all(&d)?;
        multi_sheet_workbook(
            &cat,
            &units,
            a.sheets,
            &d.join(format!("bieu-tong-hop-{}-trang.xlsx", a.sheets)),
        )?;
    }
    println!(
        "{}: {} workbooks{}{} ({} catalogue indicators, {} units)",
        a.out.display(),
        a.n,
        if a.texts {
            format!(", {} text reports", a.n)
        } else {
            String::new()
        },
        if a.sheets > 0 {
            format!(", one {}-sheet workbook", a.sheets)
        } else {
            String::new()
        },
        cat.len(),
        units.len()
    );
    Ok(())
}
