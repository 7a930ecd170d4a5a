//! Write: the planner's workbook (Tổng hợp, Dữ liệu, Kiểm tra, Nguồn), the
//! long table as CSV for other tools, and the manifest. Every output is
//! written to a temporary file in the same folder and renamed, so it appears
//! whole or not at all. Text from inputs is always written as text, never as
//! a formula.

use crate::config::indicators::{Catalogue, Group};
use crate::consolidate::{f64_values, str_values, Consolidated};
use crate::error::{Error, Result};
use crate::model::{FileReport, Problem, Severity};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What the writer needs besides the consolidated period.
pub struct WriteInput<'a> {
    pub consolidated: &'a Consolidated,
    pub catalogue: &'a Catalogue,
    pub files: &'a [FileReport],
    /// Problems from reading and extraction (consolidation's are in `consolidated`).
    pub problems: &'a [Problem],
    /// Title line: the scope ("Thành phố Hà Nội").
    pub scope_name: &'a str,
}

fn xerr(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |source| Error::Xlsx {
        path: path.to_path_buf(),
        source,
    }
}

/// Number format for a canonical unit.
fn unit_format(unit: &str) -> &'static str {
    match unit {
        "ty_dong" | "trieu_usd" => "#,##0.0",
        "pct" => "0.0\"%\"",
        _ => "#,##0",
    }
}

/// The Vietnamese label of a canonical unit, as planners write it.
pub fn unit_label(unit: &str) -> &'static str {
    match unit {
        "ty_dong" => "Tỷ đồng",
        "trieu_usd" => "Triệu USD",
        "pct" => "%",
        "nguoi" => "Người",
        "ho" => "Hộ",
        "truong" => "Trường",
        "chi_bo" => "Chi bộ",
        "doanh_nghiep" => "Doanh nghiệp",
        "giay_chung_nhan" => "Giấy chứng nhận",
        "cong_trinh" => "Công trình",
        "luot_khach" => "Lượt khách",
        "du_an" => "Dự án",
        "xa" => "Xã",
        "san_pham" => "Sản phẩm",
        "tan" => "Tấn",
        "ha" => "Ha",
        _ => "",
    }
}

/// The workbook's creation time comes from the period, not the clock, so the
/// same inputs give the same bytes.
fn period_datetime(c: &Consolidated) -> Result<ExcelDateTime, XlsxError> {
    let year = c.period.year.clamp(1900, 9999) as u16;
    let month = c.period.end_month().clamp(1, 12);
    let day = match month {
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    ExcelDateTime::from_ymd(year, month, day)?.and_hms(0, 0, 0)
}

/// Build the workbook in memory.
pub fn workbook_bytes(input: &WriteInput, path_for_errors: &Path) -> Result<Vec<u8>> {
    let e = xerr(path_for_errors);
    let c = input.consolidated;
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title(format!(
            "Tổng hợp chỉ tiêu kinh tế - xã hội {}",
            c.period.label_vi()
        ))
        .set_subject(format!("{} — kỳ {}", input.scope_name, c.period))
        .set_author("chitieu")
        .set_comment(format!("{} tệp nguồn", input.files.len()))
        .set_creation_datetime(&period_datetime(c).map_err(&e)?);
    wb.set_properties(&props);

    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDEBF7));
    let title = Format::new().set_bold().set_font_size(14);
    let section = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF2F2F2));
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    summary_sheet(&mut wb, input, &header, &title, &section, &text).map_err(&e)?;
    data_sheet(&mut wb, input, &header).map_err(&e)?;
    problems_sheet(&mut wb, input, &header, &text).map_err(&e)?;
    sources_sheet(&mut wb, input, &header).map_err(&e)?;
    wb.save_to_buffer().map_err(&e)
}

fn summary_sheet(
    wb: &mut Workbook,
    input: &WriteInput,
    header: &Format,
    title: &Format,
    section: &Format,
    text: &Format,
) -> Result<(), XlsxError> {
    let c = input.consolidated;
    let s = &c.summary;
    let ws = wb.add_worksheet();
    ws.set_name("Tổng hợp")?;
    let ncols = 4 + c.columns.len() as u16;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "TỔNG HỢP CHỈ TIÊU KINH TẾ - XÃ HỘI {} — {}",
            c.period.label_vi().to_uppercase(),
            input.scope_name.to_uppercase()
        ),
        title,
    )?;
    ws.write_string(
        1,
        0,
        "Giá trị theo đơn vị tính chuẩn của danh mục; cột cuối là tổng toàn thành phố theo cách tổng hợp của từng chỉ tiêu.",
    )?;
    let hr = 3u32;
    ws.write_string_with_format(hr, 0, "STT", header)?;
    ws.write_string_with_format(hr, 1, "Chỉ tiêu", header)?;
    ws.write_string_with_format(hr, 2, "Đơn vị tính", header)?;
    for (i, u) in c.columns.iter().enumerate() {
        ws.write_string_with_format(hr, 3 + i as u16, &u.name, header)?;
    }
    ws.write_string_with_format(hr, ncols - 1, "Toàn thành phố", header)?;
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 48)?;
    ws.set_column_width(2, 12)?;
    for i in 0..c.columns.len() as u16 + 1 {
        ws.set_column_width(3 + i, 13)?;
    }
    ws.set_row_height(hr, 32)?;

    let ids = str_values(s, "indicator").unwrap_or_default();
    let names = str_values(s, "name").unwrap_or_default();
    let units = str_values(s, "unit").unwrap_or_default();
    let totals = f64_values(s, "total").unwrap_or_default();
    let unit_values: Vec<Vec<Option<f64>>> = c
        .columns
        .iter()
        .map(|u| f64_values(s, &u.code).unwrap_or_else(|_| vec![None; s.height()]))
        .collect();
    let mut row = hr + 1;
    let mut current_group: Option<Group> = None;
    let mut n_in_group = 0;
    for (i, id) in ids.iter().enumerate() {
        let Some(ind) = id.as_deref().and_then(|id| input.catalogue.get(id)) else {
            continue;
        };
        if current_group != Some(ind.group) {
            current_group = Some(ind.group);
            n_in_group = 0;
            let heading = ind.group.heading_vi();
            let (num, label) = heading.split_once(". ").unwrap_or(("", heading));
            ws.write_string_with_format(row, 0, num, section)?;
            ws.write_string_with_format(row, 1, label, section)?;
            for col in 2..ncols {
                ws.write_blank(row, col, section)?;
            }
            row += 1;
        }
        n_in_group += 1;
        let unit = units.get(i).cloned().flatten().unwrap_or_default();
        let numf = Format::new().set_num_format(unit_format(&unit));
        ws.write_number(row, 0, n_in_group as f64)?;
        let name = names.get(i).cloned().flatten().unwrap_or_default();
        ws.write_string_with_format(row, 1, name, text)?;
        ws.write_string(row, 2, unit_label(&unit))?;
        for (j, vals) in unit_values.iter().enumerate() {
            if let Some(Some(v)) = vals.get(i) {
                ws.write_number_with_format(row, 3 + j as u16, *v, &numf)?;
            }
        }
        if let Some(Some(t)) = totals.get(i) {
            ws.write_number_with_format(row, ncols - 1, *t, &numf.clone().set_bold())?;
        }
        row += 1;
    }
    ws.set_freeze_panes(hr + 1, 3)?;
    ws.autofilter(hr, 0, row.saturating_sub(1).max(hr), ncols - 1)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(hr, hr)?;
    Ok(())
}

/// The long fact table with provenance.
fn data_sheet(wb: &mut Workbook, input: &WriteInput, header: &Format) -> Result<(), XlsxError> {
    let df = &input.consolidated.facts;
    let big = df.height() > 100_000;
    let ws: &mut Worksheet = if big {
        wb.add_worksheet_with_constant_memory()?
    } else {
        wb.add_worksheet()
    };
    ws.set_name("Dữ liệu")?;
    let cols: &[(&str, &str, bool)] = &[
        ("unit_code", "Mã đơn vị", false),
        ("unit_name", "Đơn vị", false),
        ("period", "Kỳ", false),
        ("indicator", "Chỉ tiêu (mã)", false),
        ("value", "Giá trị", true),
        ("unit", "Đơn vị tính", false),
        ("kind", "Loại", false),
        ("qualifier", "Định tính", false),
        ("plan_value", "Kế hoạch", true),
        ("plan_pct", "% kế hoạch", true),
        ("plan_basis", "Căn cứ kế hoạch", false),
        ("prior_value", "Cùng kỳ", true),
        ("yoy_pct", "Tăng/giảm so cùng kỳ (%)", true),
        ("numerator", "Tử số", true),
        ("denominator", "Mẫu số", true),
        ("stated_pct", "Tỷ lệ ghi (%)", true),
        ("source_kind", "Loại nguồn", false),
        ("source_file", "Tệp nguồn", false),
        ("source_loc", "Vị trí", false),
        ("source_text", "Nội dung gốc", false),
        ("rule", "Quy tắc", false),
        ("chosen", "Dùng trong tổng hợp", false),
    ];
    for (j, (_, label, _)) in cols.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *label, header)?;
    }
    let chosen: Vec<Option<bool>> = df
        .column("chosen")
        .ok()
        .and_then(|c| c.bool().ok().map(|b| b.iter().collect()))
        .unwrap_or_default();
    for (j, (name, _, numeric)) in cols.iter().enumerate() {
        let col = j as u16;
        if *name == "chosen" {
            for (i, v) in chosen.iter().enumerate() {
                ws.write_string(
                    1 + i as u32,
                    col,
                    if *v == Some(true) { "có" } else { "không" },
                )?;
            }
        } else if *numeric {
            for (i, v) in f64_values(df, name).unwrap_or_default().iter().enumerate() {
                if let Some(v) = v {
                    ws.write_number(1 + i as u32, col, *v)?;
                }
            }
        } else {
            for (i, v) in str_values(df, name).unwrap_or_default().iter().enumerate() {
                if let Some(v) = v {
                    ws.write_string(1 + i as u32, col, v)?;
                }
            }
        }
    }
    let last = df.height() as u32;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last.max(1), cols.len() as u16 - 1)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(17, 40)?;
    ws.set_column_width(19, 60)?;
    Ok(())
}

fn problems_sheet(
    wb: &mut Workbook,
    input: &WriteInput,
    header: &Format,
    text: &Format,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Kiểm tra")?;
    let heads = [
        "Mức độ",
        "Mã",
        "Đơn vị",
        "Chỉ tiêu",
        "Kỳ",
        "Tệp",
        "Vị trí",
        "Nội dung",
    ];
    for (j, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *h, header)?;
    }
    let all = sorted_problems(input);
    let err = Format::new()
        .set_font_color(Color::RGB(0xC00000))
        .set_bold();
    let warn = Format::new().set_font_color(Color::RGB(0x9C5700));
    for (i, p) in all.iter().enumerate() {
        let r = 1 + i as u32;
        let f = match p.severity {
            Severity::Error => &err,
            Severity::Warning => &warn,
            Severity::Info => &Format::new(),
        };
        ws.write_string_with_format(r, 0, p.severity.label_vi(), f)?;
        ws.write_string(r, 1, &p.code)?;
        ws.write_string(r, 2, p.unit_name.as_deref().unwrap_or(""))?;
        ws.write_string(r, 3, p.indicator.as_deref().unwrap_or(""))?;
        ws.write_string(r, 4, p.period.as_deref().unwrap_or(""))?;
        ws.write_string(r, 5, &p.file)?;
        ws.write_string(r, 6, &p.location)?;
        ws.write_string_with_format(r, 7, &p.message, text)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, (all.len() as u32).max(1), heads.len() as u16 - 1)?;
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 14)?;
    ws.set_column_width(3, 22)?;
    ws.set_column_width(5, 36)?;
    ws.set_column_width(6, 22)?;
    ws.set_column_width(7, 90)?;
    Ok(())
}

/// Every problem of the run for this period, errors first, then by file and place.
pub fn sorted_problems<'a>(input: &'a WriteInput) -> Vec<&'a Problem> {
    let period = input.consolidated.period.to_string();
    let mut all: Vec<&Problem> = input
        .problems
        .iter()
        .filter(|p| p.period.is_none() || p.period.as_deref() == Some(period.as_str()))
        .chain(input.consolidated.problems.iter())
        .collect();
    all.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.location.cmp(&b.location))
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
    all
}

fn sources_sheet(wb: &mut Workbook, input: &WriteInput, header: &Format) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Nguồn")?;
    let heads = [
        "Tệp",
        "Trạng thái",
        "Định dạng",
        "Mã hóa",
        "Số liệu",
        "Vấn đề",
        "Thời gian (ms)",
        "SHA-256",
        "Ghi chú",
    ];
    for (j, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *h, header)?;
    }
    for (i, f) in input.files.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, &f.path)?;
        ws.write_string(
            r,
            1,
            match f.status.as_str() {
                "read" => "đã đọc",
                "skipped" => "bỏ qua",
                "failed" => "lỗi",
                s => s,
            },
        )?;
        ws.write_string(r, 2, f.format.as_deref().unwrap_or(""))?;
        ws.write_string(r, 3, f.encoding.as_deref().unwrap_or(""))?;
        ws.write_number(r, 4, f.facts as f64)?;
        ws.write_number(r, 5, f.problems as f64)?;
        // Times vary between runs; the workbook keeps bytes stable, the manifest has them.
        ws.write_string(r, 6, "")?;
        ws.write_string(r, 7, f.sha256.as_deref().unwrap_or(""))?;
        ws.write_string(r, 8, &f.note)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(
        0,
        0,
        (input.files.len() as u32).max(1),
        heads.len() as u16 - 1,
    )?;
    ws.set_column_width(0, 50)?;
    ws.set_column_width(7, 20)?;
    ws.set_column_width(8, 60)?;
    Ok(())
}

/// The long table as CSV: UTF-8 with a BOM so Excel shows Vietnamese.
pub fn facts_csv(df: &polars::prelude::DataFrame) -> Result<Vec<u8>> {
    let (str_cols, num_cols) = crate::consolidate::fact_columns();
    let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
    let mut out: Vec<u8> = vec![0xEF, 0xBB, 0xBF];
    out.extend_from_slice(names.join(",").as_bytes());
    out.push(b'\n');
    let mut columns: Vec<Vec<String>> = Vec::new();
    for n in &names {
        let col: Vec<String> = if str_cols.contains(n) {
            str_values(df, n)?
                .into_iter()
                .map(|v| v.map(|s| csv_quote(&s)).unwrap_or_default())
                .collect()
        } else if num_cols.contains(n) {
            f64_values(df, n)?
                .into_iter()
                .map(|v| v.map(|x| format!("{x}")).unwrap_or_default())
                .collect()
        } else {
            df.column(n)?
                .bool()
                .map(|b| {
                    b.iter()
                        .map(|v| v.map(|x| x.to_string()).unwrap_or_default())
                        .collect()
                })
                .unwrap_or_else(|_| vec![String::new(); df.height()])
        };
        columns.push(col);
    }
    for i in 0..df.height() {
        let row: Vec<&str> = columns
            .iter()
            .map(|c| c.get(i).map(|s| s.as_str()).unwrap_or(""))
            .collect();
        out.extend_from_slice(row.join(",").as_bytes());
        out.push(b'\n');
    }
    Ok(out)
}

fn csv_quote(s: &str) -> String {
    // A leading = + - @ would be read as a formula by spreadsheet programs.
    let guarded = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// An output written to a temporary file beside its destination, not yet in place.
/// Dropping it removes the temporary file.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    pub path: PathBuf,
}

/// Write bytes to a temporary file in the destination's folder.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".chitieu-tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    // Outputs are for everyone who reads the folder, not only the cron user.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    Ok(Staged {
        tmp,
        path: path.to_path_buf(),
    })
}

impl Staged {
    /// Rename into place: the output appears whole.
    pub fn commit(self) -> Result<PathBuf> {
        let path = self.path;
        self.tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        Ok(path)
    }
}

/// Write bytes to `path` atomically: a temporary file in the same folder, then rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    stage(path, bytes)?.commit().map(|_| ())
}

/// Remove temporary files a killed run left behind.
pub fn clean_stale_temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with(".chitieu-tmp-") && std::fs::remove_file(e.path()).is_ok() {
                removed.push(e.path());
            }
        }
    }
    removed
}

/// A file name from the template: `{period}` replaced; nothing that can leave the folder.
pub fn output_name(template: &str, period: &str) -> String {
    let name = template.replace("{period}", period);
    name.chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '\0') {
                '_'
            } else {
                c
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_in_folder() {
        assert_eq!(
            output_name("tong-hop_{period}.xlsx", "2022-9M"),
            "tong-hop_2022-9M.xlsx"
        );
        assert_eq!(
            output_name("{period}.xlsx", "../../etc/x"),
            "_.._etc_x.xlsx"
        );
    }

    #[test]
    fn csv_guards_formulas() {
        assert_eq!(csv_quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_quote("a,b"), "\"a,b\"");
    }
}
