//! Write: the planner's workbook (Tổng hợp, Dữ liệu, Kiểm tra, Nguồn), the
//! long table as CSV for other tools, and the manifest. Every output is
//! written to a temporary file in the same folder and renamed, so it appears
//! whole or not at all. Text from inputs is always written as text, never as
//! a formula.

pub mod parquet;

use crate::config::indicators::{Catalogue, Group};
use crate::consolidate::{f64_values, str_values, Consolidated};
use crate::error::{Error, Result};
use crate::model::{FileReport, Problem, Severity};
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormat3ColorScale, ConditionalFormatCell,
    ConditionalFormatCellRule, ConditionalFormatType, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Table, TableColumn, Workbook, Worksheet, XlsxError,
};
use std::collections::HashMap;
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
    /// City totals of every reported period (indicator × period), when there are several.
    pub trend: Option<&'a [&'a Consolidated]>,
    /// Sheets longer than this are streamed (constant memory).
    pub large_sheet_rows: usize,
    /// Deflate level, 1..=9.
    pub compression_level: u8,
}

/// Where Tổng hợp put things, so other sheets and charts can point at them.
pub struct SummaryLayout {
    /// Indicator id → its row (0-based).
    pub rows: HashMap<String, u32>,
    /// The header row; unit columns start at `first_col`.
    pub header_row: u32,
    pub first_col: u16,
    pub total_col: u16,
    /// Indicators in printed order, with their group.
    pub order: Vec<(String, Group)>,
}

pub const SUMMARY: &str = "Tổng hợp";
pub const ATTAINMENT: &str = "Đạt KH – Cùng kỳ";
pub const CHARTS: &str = "Biểu đồ";
pub const TREND: &str = "Xu hướng";
pub const DATA: &str = "Dữ liệu";
pub const CHECKS: &str = "Kiểm tra";
pub const SOURCES: &str = "Nguồn";

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

/// A sheet with more rows than `large` is written in rust_xlsxwriter's
/// constant-memory mode (rows stream to a temporary file), so the fact and
/// problem sheets of a province-wide run do not hold every cell in memory.
fn big_sheet(wb: &mut Workbook, rows: usize, large: usize) -> Result<&mut Worksheet, XlsxError> {
    if rows <= large {
        Ok(wb.add_worksheet())
    } else {
        wb.add_worksheet_with_constant_memory()
    }
}

/// Build the workbook in memory.
pub fn workbook_bytes(input: &WriteInput, path_for_errors: &Path) -> Result<Vec<u8>> {
    let e = xerr(path_for_errors);
    let c = input.consolidated;
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(input.compression_level.clamp(1, 9));
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

    let layout = summary_sheet(&mut wb, input, &header, &title, &section, &text).map_err(&e)?;
    let att =
        attainment_sheet(&mut wb, input, &layout, &header, &title, &section, &text).map_err(&e)?;
    charts_sheet(&mut wb, input, &layout, &att, &title).map_err(&e)?;
    if let Some(trend) = input.trend {
        trend_sheet(&mut wb, input, trend, &header, &title, &text).map_err(&e)?;
    }
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
) -> Result<SummaryLayout, XlsxError> {
    let c = input.consolidated;
    let s = &c.summary;
    let ws = wb.add_worksheet();
    ws.set_name(SUMMARY)?;
    let mut layout = SummaryLayout {
        rows: HashMap::new(),
        header_row: 3,
        first_col: 3,
        total_col: 3 + c.columns.len() as u16,
        order: Vec::new(),
    };
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
    ws.write_string_with_format(hr, ncols, "Ghi chú", header)?;
    ws.set_column_width(ncols, 28)?;
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
    let tnum = f64_values(s, "total_numerator").unwrap_or_default();
    let tden = f64_values(s, "total_denominator").unwrap_or_default();
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
        layout.rows.insert(ind.id.clone(), row);
        layout.order.push((ind.id.clone(), ind.group));
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
        // A ratio indicator's total is Σ numerators / Σ denominators.
        if let (Some(Some(n)), Some(Some(d))) = (tnum.get(i), tden.get(i)) {
            if *d != 0.0 {
                ws.write_string(
                    row,
                    ncols,
                    format!(
                        "{}/{} = {}%",
                        vi_num(*n),
                        vi_num(*d),
                        vi_num((n / d * 1000.0).round() / 10.0)
                    ),
                )?;
            }
        }
        row += 1;
    }
    ws.set_freeze_panes(hr + 1, 3)?;
    ws.autofilter(hr, 0, row.saturating_sub(1).max(hr), ncols)?;
    print_setup(ws, hr)?;
    Ok(layout)
}

/// Landscape, one page wide, the header row repeated on every page.
fn print_setup(ws: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// Where Đạt KH – Cùng kỳ put its two blocks.
pub struct AttainmentLayout {
    pub plan_first_col: u16,
    pub yoy_first_col: u16,
}

/// % of plan and growth per unit (stated, else recomputed), a three-colour
/// scale on % of plan and red for negative growth, then each unit's rank.
fn attainment_sheet(
    wb: &mut Workbook,
    input: &WriteInput,
    layout: &SummaryLayout,
    header: &Format,
    title: &Format,
    section: &Format,
    text: &Format,
) -> Result<AttainmentLayout, XlsxError> {
    let c = input.consolidated;
    let a = &c.attainment;
    let n = c.columns.len() as u16;
    let ws = wb.add_worksheet();
    ws.set_name(ATTAINMENT)?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "MỨC ĐỘ HOÀN THÀNH KẾ HOẠCH VÀ TĂNG TRƯỞNG SO CÙNG KỲ — {}",
            c.period.label_vi().to_uppercase()
        ),
        title,
    )?;
    ws.write_string(1, 0, "% kế hoạch và % tăng/giảm theo số báo cáo; nếu báo cáo không ghi, tính lại từ giá trị, kế hoạch và cùng kỳ. Xếp hạng theo giá trị (1 = lớn nhất).")?;
    let plan_first = 2u16;
    let yoy_first = plan_first + n + 2;
    let rank_first = yoy_first + n + 2;
    let group_row = 3u32;
    let hr = 4u32;
    let blocks = [
        (plan_first, "% THỰC HIỆN SO KẾ HOẠCH", true),
        (yoy_first, "TĂNG/GIẢM SO CÙNG KỲ (%)", true),
        (rank_first, "XẾP HẠNG THEO GIÁ TRỊ", false),
    ];
    ws.write_string_with_format(hr, 0, "STT", header)?;
    ws.write_string_with_format(hr, 1, "Chỉ tiêu", header)?;
    for (first, label, with_total) in blocks {
        let last = first + n - 1 + u16::from(with_total);
        if last > first {
            ws.merge_range(group_row, first, group_row, last, label, header)?;
        } else {
            ws.write_string_with_format(group_row, first, label, header)?;
        }
        for (j, u) in c.columns.iter().enumerate() {
            ws.write_string_with_format(hr, first + j as u16, &u.name, header)?;
        }
        if with_total {
            ws.write_string_with_format(hr, first + n, "Toàn TP", header)?;
        }
    }
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 44)?;
    ws.set_row_height(hr, 30)?;
    // (indicator, unit) → (plan %, growth %, rank)
    let codes = str_values(a, "unit_code").unwrap_or_default();
    let inds = str_values(a, "indicator").unwrap_or_default();
    let plan = f64_values(a, "plan_pct_eff").unwrap_or_default();
    let yoy = f64_values(a, "yoy_pct_eff").unwrap_or_default();
    let rank = f64_values(a, "rank").unwrap_or_default();
    // (indicator, unit) → (% of plan, growth %, rank)
    type Cells = HashMap<(String, String), (Option<f64>, Option<f64>, Option<f64>)>;
    let mut cells: Cells = HashMap::new();
    for i in 0..a.height() {
        if let (Some(Some(u)), Some(Some(ind))) = (codes.get(i), inds.get(i)) {
            cells.insert(
                (ind.clone(), u.clone()),
                (
                    plan.get(i).copied().flatten(),
                    yoy.get(i).copied().flatten(),
                    rank.get(i).copied().flatten(),
                ),
            );
        }
    }
    let s = &c.summary;
    let ids = str_values(s, "indicator").unwrap_or_default();
    let tplan = f64_values(s, "total_plan_pct").unwrap_or_default();
    let tyoy = f64_values(s, "total_yoy_pct").unwrap_or_default();
    let totals: HashMap<String, (Option<f64>, Option<f64>)> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            id.clone().map(|id| {
                (
                    id,
                    (
                        tplan.get(i).copied().flatten(),
                        tyoy.get(i).copied().flatten(),
                    ),
                )
            })
        })
        .collect();
    let pct = Format::new().set_num_format("0.0\"%\"");
    let whole = Format::new().set_num_format("0");
    let mut row = hr + 1;
    let mut group = None;
    let mut k = 0;
    for (id, g) in &layout.order {
        let Some(ind) = input.catalogue.get(id) else {
            continue;
        };
        if group != Some(*g) {
            group = Some(*g);
            k = 0;
            let heading = g.heading_vi();
            let (num, label) = heading.split_once(". ").unwrap_or(("", heading));
            ws.write_string_with_format(row, 0, num, section)?;
            ws.write_string_with_format(row, 1, label, section)?;
            row += 1;
        }
        k += 1;
        ws.write_number(row, 0, k as f64)?;
        ws.write_string_with_format(row, 1, &ind.name, text)?;
        for (j, u) in c.columns.iter().enumerate() {
            if let Some((p, y, r)) = cells.get(&(id.clone(), u.code.clone())) {
                if let Some(p) = p {
                    ws.write_number_with_format(row, plan_first + j as u16, *p, &pct)?;
                }
                if let Some(y) = y {
                    ws.write_number_with_format(row, yoy_first + j as u16, *y, &pct)?;
                }
                if let Some(r) = r {
                    ws.write_number_with_format(row, rank_first + j as u16, *r, &whole)?;
                }
            }
        }
        if let Some((p, y)) = totals.get(id) {
            if let Some(p) = p {
                ws.write_number_with_format(row, plan_first + n, *p, &pct.clone().set_bold())?;
            }
            if let Some(y) = y {
                ws.write_number_with_format(row, yoy_first + n, *y, &pct.clone().set_bold())?;
            }
        }
        row += 1;
    }
    let last = row.saturating_sub(1).max(hr + 1);
    if n > 0 {
        let scale = ConditionalFormat3ColorScale::new()
            .set_minimum(ConditionalFormatType::Number, 0)
            .set_midpoint(ConditionalFormatType::Number, 75)
            .set_maximum(ConditionalFormatType::Number, 100)
            .set_minimum_color(Color::RGB(0xF8696B))
            .set_midpoint_color(Color::RGB(0xFFEB84))
            .set_maximum_color(Color::RGB(0x63BE7B));
        ws.add_conditional_format(hr + 1, plan_first, last, plan_first + n, &scale)?;
        let negative = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::LessThan(0))
            .set_format(
                Format::new()
                    .set_font_color(Color::RGB(0xC00000))
                    .set_bold(),
            );
        ws.add_conditional_format(hr + 1, yoy_first, last, yoy_first + n, &negative)?;
    }
    ws.set_freeze_panes(hr + 1, 2)?;
    print_setup(ws, hr)?;
    Ok(AttainmentLayout {
        plan_first_col: plan_first,
        yoy_first_col: yoy_first,
    })
}

/// Excel's quoted sheet reference for chart ranges.
fn quoted(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// Native charts: budget revenue by unit, % of plan by unit, and value with
/// growth (column and line) for each headline indicator.
fn charts_sheet(
    wb: &mut Workbook,
    input: &WriteInput,
    layout: &SummaryLayout,
    att: &AttainmentLayout,
    title: &Format,
) -> Result<(), XlsxError> {
    let c = input.consolidated;
    let n = c.columns.len() as u16;
    let ws = wb.add_worksheet();
    ws.set_name(CHARTS)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.write_string_with_format(
        0,
        0,
        format!("BIỂU ĐỒ — {}", c.period.label_vi().to_uppercase()),
        title,
    )?;
    if n == 0 {
        ws.write_string(2, 0, "Chưa có đơn vị nào báo cáo trong kỳ.")?;
        return Ok(());
    }
    let first = layout.first_col;
    let last = first + n - 1;
    let hr = layout.header_row;
    let summary = quoted(SUMMARY);
    let attain = quoted(ATTAINMENT);
    let cats = format!(
        "={summary}!${}${}:${}${}",
        col_name(first),
        hr + 1,
        col_name(last),
        hr + 1
    );
    let anchor_row = 2u32;
    let place = |ws: &mut Worksheet, chart: &Chart, i: u32| -> Result<(), XlsxError> {
        let (r, col) = (anchor_row + (i / 2) * 20, if i % 2 == 0 { 0 } else { 9 });
        ws.insert_chart(r, col, chart).map(|_| ())
    };
    let mut i = 0u32;
    let headline: Vec<&String> = layout
        .order
        .iter()
        .map(|(id, _)| id)
        .filter(|id| input.catalogue.get(id).is_some_and(|ind| ind.headline))
        .collect();
    if let Some(&row) = layout.rows.get("budget_revenue") {
        let mut chart = Chart::new(ChartType::Column);
        chart
            .title()
            .set_name("Thu ngân sách nhà nước theo đơn vị (tỷ đồng)");
        chart
            .add_series()
            .set_name("Thu NSNN")
            .set_categories(cats.as_str())
            .set_values(row_range(&summary, row, first, last).as_str());
        chart.legend().set_hidden();
        chart.set_width(560).set_height(340);
        place(ws, &chart, i)?;
        i += 1;
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .title()
            .set_name("Thu ngân sách: % dự toán / kế hoạch năm theo đơn vị");
        chart
            .add_series()
            .set_name("% kế hoạch")
            .set_categories(
                format!(
                    "={attain}!${}$5:${}$5",
                    col_name(att.plan_first_col),
                    col_name(att.plan_first_col + n - 1)
                )
                .as_str(),
            )
            .set_values(
                format!(
                    "={attain}!${}${}:${}${}",
                    col_name(att.plan_first_col),
                    attainment_row(layout, "budget_revenue") + 1,
                    col_name(att.plan_first_col + n - 1),
                    attainment_row(layout, "budget_revenue") + 1
                )
                .as_str(),
            );
        chart.legend().set_hidden();
        chart.set_width(560).set_height(340);
        place(ws, &chart, i)?;
        i += 1;
    }
    for id in headline {
        let (Some(&row), Some(ind)) = (layout.rows.get(id.as_str()), input.catalogue.get(id))
        else {
            continue;
        };
        let arow = attainment_row(layout, id) + 1;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .title()
            .set_name(&format!("{} — giá trị và tăng/giảm so cùng kỳ", ind.name));
        chart
            .add_series()
            .set_name(&format!("Giá trị ({})", unit_label(&ind.unit)))
            .set_categories(cats.as_str())
            .set_values(row_range(&summary, row, first, last).as_str());
        let mut line = Chart::new(ChartType::Line);
        line.add_series()
            .set_name("Tăng/giảm so cùng kỳ (%)")
            .set_categories(cats.as_str())
            .set_values(
                format!(
                    "={attain}!${}${}:${}${}",
                    col_name(att.yoy_first_col),
                    arow,
                    col_name(att.yoy_first_col + n - 1),
                    arow
                )
                .as_str(),
            )
            .set_secondary_axis(true);
        chart.combine(&line);
        chart.y_axis().set_name(unit_label(&ind.unit));
        chart.y2_axis().set_name("%");
        chart.set_width(560).set_height(340);
        place(ws, &chart, i)?;
        i += 1;
    }
    Ok(())
}

/// The row of an indicator in Đạt KH – Cùng kỳ: the same order as Tổng hợp,
/// which starts one row later (its header is on row 5, Tổng hợp's on row 4).
fn attainment_row(layout: &SummaryLayout, id: &str) -> u32 {
    layout.rows.get(id).map(|r| r + 1).unwrap_or(0)
}

/// A number in Vietnamese style: `.` for thousands, `,` for decimals.
pub fn vi_num(x: f64) -> String {
    let neg = x < 0.0;
    let s = format!("{}", x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!(
        "{}{}{}{}",
        if neg { "-" } else { "" },
        grouped,
        if frac.is_empty() { "" } else { "," },
        frac
    )
}

/// `='Sheet'!$D$7:$K$7`: one row of cells, for a chart series (row 0-based).
fn row_range(sheet: &str, row: u32, first: u16, last: u16) -> String {
    format!(
        "={sheet}!${}${}:${}${}",
        col_name(first),
        row + 1,
        col_name(last),
        row + 1
    )
}

/// A1 column letters.
pub fn col_name(col: u16) -> String {
    let mut c = col as u32 + 1;
    let mut out = Vec::new();
    while c > 0 {
        out.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).to_string()
}

/// City totals of every reported period side by side.
fn trend_sheet(
    wb: &mut Workbook,
    input: &WriteInput,
    periods: &[&Consolidated],
    header: &Format,
    title: &Format,
    text: &Format,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(TREND)?;
    ws.write_string_with_format(0, 0, "XU HƯỚNG QUA CÁC KỲ — TỔNG TOÀN THÀNH PHỐ", title)?;
    let hr = 2u32;
    ws.write_string_with_format(hr, 0, "Chỉ tiêu", header)?;
    ws.write_string_with_format(hr, 1, "Đơn vị tính", header)?;
    for (j, p) in periods.iter().enumerate() {
        ws.write_string_with_format(hr, 2 + j as u16, p.period.label_vi(), header)?;
    }
    let per_period: Vec<HashMap<String, f64>> = periods
        .iter()
        .map(|p| {
            let ids = str_values(&p.summary, "indicator").unwrap_or_default();
            let tot = f64_values(&p.summary, "total").unwrap_or_default();
            ids.into_iter()
                .zip(tot)
                .filter_map(|(i, t)| Some((i?, t?)))
                .collect()
        })
        .collect();
    for (i, ind) in input.catalogue.indicators.iter().enumerate() {
        let r = hr + 1 + i as u32;
        ws.write_string_with_format(r, 0, &ind.name, text)?;
        ws.write_string(r, 1, unit_label(&ind.unit))?;
        let f = Format::new().set_num_format(unit_format(&ind.unit));
        for (j, m) in per_period.iter().enumerate() {
            if let Some(v) = m.get(&ind.id) {
                ws.write_number_with_format(r, 2 + j as u16, *v, &f)?;
            }
        }
    }
    ws.set_column_width(0, 48)?;
    ws.set_freeze_panes(hr + 1, 2)?;
    print_setup(ws, hr)?;
    Ok(())
}

/// The long fact table with provenance.
fn data_sheet(wb: &mut Workbook, input: &WriteInput, header: &Format) -> Result<(), XlsxError> {
    let df = &input.consolidated.facts;
    let ws: &mut Worksheet = big_sheet(wb, df.height(), input.large_sheet_rows)?;
    ws.set_name(DATA)?;
    let cols: &[(&str, &str)] = &[
        ("unit_code", "Mã đơn vị"),
        ("unit_name", "Đơn vị"),
        ("period", "Kỳ"),
        ("indicator", "Chỉ tiêu (mã)"),
        ("value", "Giá trị"),
        ("unit", "Đơn vị tính"),
        ("kind", "Loại"),
        ("qualifier", "Định tính"),
        ("plan_value", "Kế hoạch"),
        ("plan_pct", "% kế hoạch"),
        ("plan_basis", "Căn cứ kế hoạch"),
        ("prior_value", "Cùng kỳ"),
        ("yoy_pct", "Tăng/giảm so cùng kỳ (%)"),
        ("numerator", "Tử số"),
        ("denominator", "Mẫu số"),
        ("stated_pct", "Tỷ lệ ghi (%)"),
        ("source_kind", "Loại nguồn"),
        ("source_file", "Tệp nguồn"),
        ("source_loc", "Vị trí"),
        ("source_text", "Nội dung gốc"),
        ("rule", "Quy tắc"),
        ("chosen", "Dùng trong tổng hợp"),
    ];
    let last = df.height() as u32;
    let last_col = cols.len() as u16 - 1;
    if df.height() <= input.large_sheet_rows {
        // An Excel table: filters, banding, and a name other tools can refer to.
        let columns: Vec<TableColumn> = cols
            .iter()
            .map(|(_, label)| TableColumn::new().set_header(*label))
            .collect();
        let table = Table::new().set_name("DuLieu").set_columns(&columns);
        ws.add_table(0, 0, last.max(1), last_col, &table)?;
    } else {
        // A long table keeps its filters without being an Excel table:
        // rust_xlsxwriter indexes every cell of a table (35 MB at 78,000 rows).
        for (j, (_, label)) in cols.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, *label, header)?;
        }
        ws.autofilter(0, 0, last.max(1), last_col)?;
    }
    // Row by row: constant-memory sheets accept no write to a row already left.
    let names: Vec<&str> = cols.iter().map(|(name, _)| *name).collect();
    let columns = Columns::of(df, &names).map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    let mut rows = columns.rows();
    let mut r = 1u32;
    while let Some(row) = rows.next_row() {
        for (j, cell) in row.iter().enumerate() {
            let col = j as u16;
            match cell {
                Cell::Bool(yes) => {
                    ws.write_string(r, col, if *yes { "có" } else { "không" })?;
                }
                Cell::Num(x) => {
                    ws.write_number(r, col, *x)?;
                }
                Cell::Str(x) => {
                    ws.write_string(r, col, *x)?;
                }
                Cell::Null if names.get(j) == Some(&"chosen") => {
                    ws.write_string(r, col, "không")?;
                }
                Cell::Null => {}
            }
        }
        r += 1;
    }
    ws.set_freeze_panes(1, 0)?;

    print_setup(ws, 0)?;
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
    let n_rows = sorted_problems(input).len();
    let ws = big_sheet(wb, n_rows, input.large_sheet_rows)?;
    ws.set_name(CHECKS)?;
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
    ws.set_name(SOURCES)?;
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
    let mut out = Vec::new();
    write_facts_csv(df, &mut out).map_err(|e| Error::Usage(format!("facts.csv: {e}")))?;
    Ok(out)
}

/// `facts_csv`, written as it is made (to a staged file: no copy in memory).
pub fn write_facts_csv(
    df: &polars::prelude::DataFrame,
    w: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
    let mut out: Vec<u8> = vec![0xEF, 0xBB, 0xBF];
    out.extend_from_slice(names.join(",").as_bytes());
    out.push(b'\n');
    // Row by row from the frame's columns: no copy of the table as strings.
    let columns = Columns::of(df, &names).map_err(std::io::Error::other)?;
    let mut rows = columns.rows();
    let mut number = String::new();
    while let Some(row) = rows.next_row() {
        // Flushed in blocks: `out` stays small whatever the table's length.
        if out.len() >= 1 << 16 {
            w.write_all(&out)?;
            out.clear();
        }
        for (j, cell) in row.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            match cell {
                Cell::Str(s) => csv_field(s, &mut out),
                Cell::Num(x) => {
                    use std::fmt::Write as _;
                    number.clear();
                    let _ = write!(number, "{x}");
                    out.extend_from_slice(number.as_bytes());
                }
                Cell::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
                Cell::Null => {}
            }
        }
        out.push(b'\n');
    }
    w.write_all(&out)
}

/// Columns of a frame, read row by row without copying them: strings stay
/// in the frame, numbers are read as f64.
pub struct Columns {
    /// `None`: the frame has no such column; its cells read as empty.
    columns: Vec<Option<polars::prelude::Column>>,
    height: usize,
}

/// One cell of a row read through `Columns`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Str(&'a str),
    Num(f64),
    Bool(bool),
    Null,
}

type CellIter<'a> = Box<dyn Iterator<Item = Cell<'a>> + 'a>;

impl Columns {
    /// The named columns; numeric ones cast to f64 once, here.
    pub fn of(df: &polars::prelude::DataFrame, names: &[&str]) -> Result<Columns> {
        use polars::prelude::DataType;
        let mut columns = Vec::with_capacity(names.len());
        for n in names {
            let Ok(c) = df.column(n) else {
                columns.push(None);
                continue;
            };
            let c = match c.dtype() {
                DataType::String | DataType::Boolean | DataType::Float64 => c.clone(),
                _ => c.cast(&DataType::Float64)?,
            };
            columns.push(Some(c));
        }
        Ok(Columns {
            columns,
            height: df.height(),
        })
    }

    pub fn rows(&self) -> Rows<'_> {
        let iters = self
            .columns
            .iter()
            .map(|c| -> CellIter<'_> {
                let Some(c) = c else {
                    return Box::new(std::iter::repeat_n(Cell::Null, self.height));
                };
                if let Ok(s) = c.str() {
                    Box::new(s.iter().map(|v| v.map_or(Cell::Null, Cell::Str)))
                } else if let Ok(b) = c.bool() {
                    Box::new(b.iter().map(|v| v.map_or(Cell::Null, Cell::Bool)))
                } else if let Ok(f) = c.f64() {
                    Box::new(f.iter().map(|v| v.map_or(Cell::Null, Cell::Num)))
                } else {
                    Box::new(std::iter::repeat_n(Cell::Null, c.len()))
                }
            })
            .collect();
        Rows {
            iters,
            row: Vec::with_capacity(self.columns.len()),
        }
    }
}

/// A cursor over the rows of `Columns`.
pub struct Rows<'a> {
    iters: Vec<CellIter<'a>>,
    row: Vec<Cell<'a>>,
}

impl<'a> Rows<'a> {
    /// The next row's cells, in column order; `None` after the last row.
    pub fn next_row(&mut self) -> Option<&[Cell<'a>]> {
        self.row.clear();
        for it in self.iters.iter_mut() {
            self.row.push(it.next()?);
        }
        Some(&self.row)
    }
}

/// One CSV field: guarded against formula injection, quoted when needed.
fn csv_field(s: &str, out: &mut Vec<u8>) {
    if !s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !s.contains([',', '"', '\n', '\r']) {
        out.extend_from_slice(s.as_bytes());
    } else {
        out.extend_from_slice(csv_quote(s).as_bytes());
    }
}

fn csv_quote(s: &str) -> String {
    // A leading = + - @ would be read as a formula by spreadsheet programs.
    // A leading tab or carriage return hides one from some of them.
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
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
    stage_with(path, |w| w.write_all(bytes))
}

/// Stage an output that `write` produces piece by piece.
pub fn stage_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> std::io::Result<()>,
) -> Result<Staged> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".chitieu-tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut w).map_err(|e| Error::io(path, e))?;
        w.flush().map_err(|e| Error::io(path, e))?;
    }
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
        self.tmp
            .persist(&path)
            .map_err(|e| Error::io(&path, e.error))?;
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

/// A file name from the template: `{period}` replaced; nothing that can leave
/// the folder (no separators, no leading dot so no `..` and no hidden or
/// temporary-looking name, no control characters, never empty).
pub fn output_name(template: &str, period: &str) -> String {
    let name = template.replace("{period}", period);
    let name = name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string();
    if name.is_empty() {
        // An empty name would be the output folder itself (and its temporary
        // file would land in the folder above).
        output_name("tong-hop_{period}.xlsx", period)
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(vi_num(8599.3), "8.599,3");
        assert_eq!(vi_num(73.0), "73");
        assert_eq!(vi_num(1234567.0), "1.234.567");
        assert_eq!(vi_num(-12.5), "-12,5");
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(27), "AB");
    }

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

    /// Whatever the template and period, the name is one plain file name:
    /// joined to the output folder it stays directly inside it.
    #[test]
    fn hostile_names_stay_in_folder() {
        let dir = Path::new("/srv/out");
        let cases = [
            ("..", "2022-9M"),
            (".", "2022-9M"),
            ("", "2022-9M"),
            ("{period}", ".."),
            ("{period}", "../.."),
            ("../{period}.xlsx", "2022-9M"),
            ("/etc/passwd", "2022-9M"),
            ("..\\..\\x.xlsx", "2022-9M"),
            ("a\nb\0c.xlsx", "2022-9M"),
            ("C:{period}.xlsx", "2022-9M"),
            (".chitieu-tmp-x", "2022-9M"),
            ("{period}{period}", "/"),
        ];
        for (t, p) in cases {
            let name = output_name(t, p);
            assert!(!name.is_empty(), "{t:?} {p:?}");
            assert!(!name.starts_with('.'), "{t:?} {p:?} → {name}");
            assert!(
                !name
                    .chars()
                    .any(|c| c == '/' || c == '\\' || c.is_control()),
                "{name:?}"
            );
            let joined = dir.join(&name);
            assert_eq!(joined.parent(), Some(dir), "{t:?} {p:?} → {name}");
            assert_eq!(
                joined.file_name().map(|n| n.to_string_lossy().to_string()),
                Some(name.clone())
            );
        }
        assert_eq!(output_name("..", "2022-9M"), "tong-hop_2022-9M.xlsx");
    }

    #[test]
    fn csv_guards_formulas() {
        assert_eq!(csv_quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_quote("a,b"), "\"a,b\"");
    }
}
