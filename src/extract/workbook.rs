//! Workbook extraction: find the indicator table in each sheet (title rows,
//! a one- to three-row header with merged cells, column roles by synonyms),
//! then read every row into `Fact`s. A label that matches no indicator and a
//! value that cannot be read are Problems, never silently dropped.

use crate::config::indicators::{fold_label, Catalogue, LabelMatch};
use crate::config::run::ColumnSynonyms;
use crate::config::units::{Resolution, UnitRegistry};
use crate::model::{Fact, FactKind, Period, Problem, Severity, SourceKind};
use crate::normalize::fold::{fold, fold_loose};
use crate::normalize::measure::parse_measure;
use crate::normalize::number::{parse_fraction, parse_number, Convention};
use crate::normalize::period::{parse_period_file_name, parse_period_text};
use crate::read::{cell_ref, CellValue, SheetCell, SheetDoc, WorkbookDoc};
use std::collections::BTreeMap;

/// What the caller knows about the file before reading it.
#[derive(Debug, Clone, Default)]
pub struct WorkbookContext<'a> {
    pub file: &'a str,
    /// The file name, for unit and period hints ("DongDa_9T2022.xlsx").
    pub file_name: &'a str,
    /// Unit as named by the configured path pattern.
    pub path_unit: Option<&'a str>,
    pub path_period: Option<Period>,
    /// The run's period when nothing else says.
    pub default_period: Option<Period>,
    /// Province the run is scoped to, to read bare district names.
    pub province: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetOutcome {
    pub name: String,
    /// `read`, `hidden`, `no_table`
    pub status: &'static str,
    pub facts: usize,
}

#[derive(Debug, Default)]
pub struct WorkbookExtraction {
    pub facts: Vec<Fact>,
    pub problems: Vec<Problem>,
    pub sheets: Vec<SheetOutcome>,
}

/// The role a column plays in an indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Number,
    Label,
    Unit,
    Plan,
    Prior,
    Current,
    PlanPct,
    PriorPct,
    Notes,
}

#[derive(Debug, Clone)]
struct Column {
    col: u32,
    role: Role,
    period: Option<Period>,
    estimate: bool,
    /// A "Tăng/giảm (%)" column prints the change (+12,5), not the ratio (112,5).
    change: bool,
}

#[derive(Debug, Clone)]
struct Table {
    header_first: u32,
    header_last: u32,
    columns: Vec<Column>,
}

impl Table {
    fn col(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }
}

pub fn extract(
    doc: &WorkbookDoc,
    ctx: &WorkbookContext,
    catalogue: &Catalogue,
    units: &UnitRegistry,
    synonyms: &ColumnSynonyms,
) -> WorkbookExtraction {
    use rayon::prelude::*;
    let words = synonyms.compiled();
    let visible = doc.sheets.iter().filter(|s| !s.hidden).count();
    let one = |sheet: &SheetDoc| {
        let mut out = WorkbookExtraction::default();
        let status = if sheet.hidden {
            "hidden"
        } else if extract_sheet(sheet, ctx, catalogue, units, words, visible > 1, &mut out) {
            "read"
        } else {
            "no_table"
        };
        out.sheets.push(SheetOutcome {
            name: sheet.name.clone(),
            status,
            facts: out.facts.len(),
        });
        out
    };
    // A workbook with a sheet per district is spread over the cores by sheet;
    // sheets are independent, and their results are joined in sheet order.
    let parts: Vec<WorkbookExtraction> = if doc.sheets.len() >= PARALLEL_SHEETS {
        doc.sheets.par_iter().map(one).collect()
    } else {
        doc.sheets.iter().map(one).collect()
    };
    let mut out = WorkbookExtraction::default();
    for part in parts {
        out.facts.extend(part.facts);
        out.problems.extend(part.problems);
        out.sheets.extend(part.sheets);
    }
    out
}

/// From how many sheets a workbook's sheets are extracted in parallel.
const PARALLEL_SHEETS: usize = 4;

/// Cell texts by row, with merged header text spread over its span.
struct Grid<'a> {
    rows: BTreeMap<u32, Vec<&'a SheetCell>>,
    merged: &'a [(u32, u32, u32, u32)],
}

impl<'a> Grid<'a> {
    fn new(sheet: &'a SheetDoc) -> Self {
        let mut rows: BTreeMap<u32, Vec<&SheetCell>> = BTreeMap::new();
        for c in &sheet.cells {
            rows.entry(c.row).or_default().push(c);
        }
        Grid {
            rows,
            merged: &sheet.merged,
        }
    }

    fn cell(&self, row: u32, col: u32) -> Option<&'a SheetCell> {
        self.rows
            .get(&row)
            .and_then(|r| r.iter().find(|c| c.col == col).copied())
    }

    /// Text of a cell, or of the merged region covering it.
    fn text(&self, row: u32, col: u32) -> String {
        let (r, c) = self
            .merged
            .iter()
            .find(|(r0, c0, r1, c1)| row >= *r0 && row <= *r1 && col >= *c0 && col <= *c1)
            .map(|(r0, c0, _, _)| (*r0, *c0))
            .unwrap_or((row, col));
        match self.cell(r, c).map(|c| &c.value) {
            Some(CellValue::Text(s)) => s.trim().to_string(),
            Some(CellValue::Number(n)) => format_number(*n),
            _ => String::new(),
        }
    }

    /// Number of non-empty cells actually in the row.
    fn distinct_cells(&self, row: u32) -> usize {
        self.rows
            .get(&row)
            .map(|cells| {
                cells
                    .iter()
                    .filter(|c| !matches!(&c.value, CellValue::Text(s) if s.trim().is_empty()))
                    .count()
            })
            .unwrap_or(0)
    }

    /// A second header row under vertically merged cells ("STT" over two rows)
    /// may hold only the sub-headers of a merged group.
    fn covered_by_merge_above(&self, row: u32, first: u32) -> bool {
        row > first
            && self.distinct_cells(row) >= 1
            && self
                .merged
                .iter()
                .any(|(r0, _, r1, _)| *r0 < row && *r1 >= row && *r0 >= first)
    }

    fn has_number(&self, row: u32) -> bool {
        self.rows.get(&row).is_some_and(|cells| {
            cells
                .iter()
                .any(|c| matches!(c.value, CellValue::Number(_)))
        })
    }

    fn row_text(&self, row: u32) -> String {
        self.rows
            .get(&row)
            .map(|cells| {
                cells
                    .iter()
                    .filter_map(|c| match &c.value {
                        CellValue::Text(s) => Some(s.trim().to_string()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }

    /// All the text a header spanning rows `first..=last` could hold: the
    /// rows' cells and the merged regions over them.
    fn header_text(&self, first: u32, last: u32) -> String {
        let mut out = String::new();
        let mut push = |v: &CellValue| {
            match v {
                CellValue::Text(s) => out.push_str(s),
                CellValue::Number(n) => out.push_str(&format_number(*n)),
                _ => {}
            }
            out.push(' ');
        };
        for (_, cells) in self.rows.range(first..=last) {
            for c in cells {
                push(&c.value);
            }
        }
        for (r0, c0, r1, _) in self.merged {
            if *r0 < first && *r1 >= first {
                if let Some(c) = self.cell(*r0, *c0) {
                    push(&c.value);
                }
            }
        }
        out
    }

    fn max_col(&self, first: u32, last: u32) -> u32 {
        let cell_max = self
            .rows
            .range(first..=last)
            .flat_map(|(_, cells)| cells.iter().map(|c| c.col))
            .max()
            .unwrap_or(0);
        let merge_max = self
            .merged
            .iter()
            .filter(|(r0, _, r1, _)| *r0 <= last && *r1 >= first)
            .map(|(_, _, _, c1)| *c1)
            .max()
            .unwrap_or(0);
        cell_max.max(merge_max).min(cell_max + 64)
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A folded header text with its whole-word forms (" a b "), exact and
/// without diacritics, computed once for all the synonyms it is tried against.
struct Hay {
    exact: String,
    loose: std::cell::OnceCell<String>,
    folded: String,
}

impl Hay {
    fn new(folded: &str) -> Hay {
        Hay {
            exact: format!(" {} ", tokenize(folded)),
            loose: std::cell::OnceCell::new(),
            folded: folded.to_string(),
        }
    }
    fn loose(&self) -> &str {
        self.loose
            .get_or_init(|| format!(" {} ", tokenize(&fold_loose(&self.folded))))
    }
    /// Does the header contain the synonym as whole words (also without diacritics,
    /// so "UTH" in a header typed without them matches "ưth")?
    fn has(&self, needle: &Needle) -> bool {
        !needle.exact.is_empty()
            && (self.exact.contains(&needle.exact) || self.loose().contains(&needle.loose))
    }
    fn has_any(&self, needles: &[Needle]) -> bool {
        needles.iter().any(|n| self.has(n))
    }
}

/// A synonym's whole-word forms (" a b "), exact and without diacritics, and
/// its words one by one (for the cheap test of whether rows can be a header).
#[derive(Debug, Clone)]
struct Needle {
    exact: String,
    loose: String,
    words_exact: Vec<String>,
    words_loose: Vec<String>,
}

impl Needle {
    fn new(synonym: &str) -> Needle {
        let syn = fold(synonym);
        let exact = tokenize(&syn);
        let loose = tokenize(&fold_loose(&syn));
        let words = |t: &str| {
            t.split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| format!(" {w} "))
                .collect::<Vec<_>>()
        };
        let padded = |t: &str| {
            if t.is_empty() {
                String::new()
            } else {
                format!(" {t} ")
            }
        };
        Needle {
            words_exact: words(&exact),
            words_loose: words(&loose),
            exact: padded(&exact),
            loose: padded(&loose),
        }
    }
    fn many(synonyms: &[impl AsRef<str>]) -> Vec<Needle> {
        synonyms.iter().map(|s| Needle::new(s.as_ref())).collect()
    }
}

/// The configured column synonyms (and the fixed header words) in matching
/// form, built once per configuration (`ColumnSynonyms::compiled`).
#[derive(Debug, Clone)]
pub struct HeaderWords {
    number: Vec<Needle>,
    label: Vec<Needle>,
    unit: Vec<Needle>,
    plan: Vec<Needle>,
    prior: Vec<Needle>,
    current: Vec<Needle>,
    plan_pct: Vec<Needle>,
    prior_pct: Vec<Needle>,
    notes: Vec<Needle>,
    /// "So sánh", "Tỷ lệ", "So với": a percentage column.
    comparison: Vec<Needle>,
    /// Against the plan, or the same period last year, in a percentage column.
    plan_word: Vec<Needle>,
    prior_word: Vec<Needle>,
    /// "Ước thực hiện": the current column holds an estimate.
    estimate: Vec<Needle>,
}

impl HeaderWords {
    pub fn new(syn: &ColumnSynonyms) -> HeaderWords {
        HeaderWords {
            number: Needle::many(&syn.number),
            label: Needle::many(&syn.label),
            unit: Needle::many(&syn.unit),
            plan: Needle::many(&syn.plan),
            prior: Needle::many(&syn.prior),
            current: Needle::many(&syn.current),
            plan_pct: Needle::many(&syn.plan_pct),
            prior_pct: Needle::many(&syn.prior_pct),
            notes: Needle::many(&syn.notes),
            comparison: Needle::many(&["so sánh", "tỷ lệ", "so với"]),
            plan_word: Needle::many(&["kế hoạch", "kh"]),
            prior_word: Needle::many(&["cùng kỳ"]),
            estimate: Needle::many(&["ước", "uth", "ưth", "ước tính"]),
        }
    }

    /// Could a header made of these words have a label column? Only when
    /// every word of some label synonym is among them: a necessary condition
    /// however the words fall into cells, checked once for all the columns.
    fn may_have_label(&self, hay: &Hay) -> bool {
        self.label.iter().any(|n| {
            !n.words_exact.is_empty()
                && (n.words_exact.iter().all(|w| hay.exact.contains(w.as_str()))
                    || n.words_loose
                        .iter()
                        .all(|w| hay.loose().contains(w.as_str())))
        })
    }
}

fn tokenize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| !(c.is_alphanumeric() || c == '%')) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Give a header text a role. Percent columns ("So sánh (%)", "% KH") are
/// told apart first, so "KH năm" under "So sánh" is a % of plan, not a plan.
fn role_of(header: &str, words: &HeaderWords) -> Option<Role> {
    let h = fold(header);
    if h.is_empty() {
        return None;
    }
    let hay = Hay::new(&h);
    if hay.has_any(&words.number) && h.split_whitespace().count() <= 2 {
        return Some(Role::Number);
    }
    if hay.has_any(&words.label) {
        return Some(Role::Label);
    }
    if hay.has_any(&words.unit) {
        return Some(Role::Unit);
    }
    if hay.has_any(&words.notes) {
        return Some(Role::Notes);
    }
    if h.contains('%') || hay.has_any(&words.comparison) {
        if hay.has_any(&words.plan_pct) || hay.has_any(&words.plan_word) {
            return Some(Role::PlanPct);
        }
        if hay.has_any(&words.prior_pct) || hay.has_any(&words.prior_word) {
            return Some(Role::PriorPct);
        }
        return None;
    }
    if hay.has_any(&words.prior) {
        return Some(Role::Prior);
    }
    if hay.has_any(&words.plan) {
        return Some(Role::Plan);
    }
    if hay.has_any(&words.current) {
        return Some(Role::Current);
    }
    None
}

/// Find the first header (one to three rows) that gives a label column and at
/// least one value column, within the first rows of the sheet.
fn find_table(
    grid: &Grid,
    words: &HeaderWords,
    reference: Option<(i32, u8)>,
    from: u32,
) -> Option<Table> {
    let candidates: Vec<u32> = grid.rows.range(from..).map(|(r, _)| *r).take(40).collect();
    candidates
        .into_iter()
        .find_map(|first| header_at(grid, words, reference, first))
}

/// The header starting at row `first`, if that row starts one. A header's
/// first row is all text: a row with numbers is data.
fn header_at(
    grid: &Grid,
    words: &HeaderWords,
    reference: Option<(i32, u8)>,
    first: u32,
) -> Option<Table> {
    if grid.has_number(first) || grid.distinct_cells(first) < 2 {
        return None;
    }
    // Every data row without a number (sections, figures typed as text) is
    // tried as the next table's header: rule out most of them with one look
    // at the words of the rows a header could span.
    if !words.may_have_label(&Hay::new(&fold(&grid.header_text(first, first + 2)))) {
        return None;
    }
    {
        // The deepest header (up to three rows) that gives the most column roles;
        // ties go to the shallower one, so a column-number row is not swallowed.
        let mut best: Option<(usize, Table)> = None;
        for depth in 1..=3u32 {
            let last = first + depth - 1;
            // A header row has several cells; a merged title line has one.
            if !(first..=last)
                .all(|r| grid.distinct_cells(r) >= 2 || grid.covered_by_merge_above(r, first))
            {
                break;
            }
            let max_col = grid.max_col(first, last);
            let mut columns = Vec::new();
            for col in 0..=max_col {
                let mut parts: Vec<String> = Vec::new();
                for r in first..=last {
                    let t = grid.text(r, col);
                    if !t.is_empty() && !parts.contains(&t) {
                        parts.push(t);
                    }
                }
                let header = parts.join(" ");
                if let Some(role) = role_of(&header, words) {
                    let folded = fold(&header);
                    columns.push(Column {
                        col,
                        role,
                        period: column_period(&parts, reference),
                        change: is_change_header(&folded),
                        estimate: Hay::new(&folded).has_any(&words.estimate),
                    });
                }
            }
            resolve_prior_by_year(&mut columns);
            // Keep only the first column of each role.
            let mut seen = Vec::new();
            columns.retain(|c| {
                if seen.contains(&c.role) {
                    false
                } else {
                    seen.push(c.role);
                    true
                }
            });
            let has_label = columns.iter().any(|c| c.role == Role::Label);
            let has_value = columns
                .iter()
                .any(|c| matches!(c.role, Role::Current | Role::Plan | Role::Prior));
            if has_label && has_value && best.as_ref().is_none_or(|(n, _)| columns.len() > *n) {
                best = Some((
                    columns.len(),
                    Table {
                        header_first: first,
                        header_last: last,
                        columns,
                    },
                ));
            }
        }
        best.map(|(_, t)| t)
    }
}

/// The period of a column from its header parts, top to bottom: the lowest
/// part that names a span ("ƯTH 6 tháng"), in the year an upper part names
/// ("Năm 2022"); else whatever the whole header names.
fn column_period(parts: &[String], reference: Option<(i32, u8)>) -> Option<Period> {
    let whole = parse_period_text(&parts.join(" "), reference).map(|(p, _)| p);
    let year_ref = match (whole, reference) {
        (Some(w), Some((_, m))) => Some((w.year, m)),
        (Some(w), None) => Some((w.year, 12)),
        (None, r) => r,
    };
    parts
        .iter()
        .rev()
        .filter_map(|p| parse_period_text(p, year_ref).map(|(p, _)| p))
        .find(|p| p.span != crate::model::PeriodSpan::Year)
        .or(whole)
}

/// "Tăng/giảm so cùng kỳ (%)", "Tăng (+), giảm (-) (%)": the column prints the change.
fn is_change_header(folded: &str) -> bool {
    let t = tokenize(folded);
    t.contains("tăng giảm") || t.contains("tăng giảm") || (t.contains("tăng") && t.contains("giảm"))
}

/// Two "thực hiện" columns of different years: the earlier is the prior period.
fn resolve_prior_by_year(columns: &mut [Column]) {
    let latest = columns
        .iter()
        .filter(|c| c.role == Role::Current)
        .filter_map(|c| c.period.map(|p| p.year))
        .max();
    if let Some(latest) = latest {
        for c in columns.iter_mut() {
            if c.role == Role::Current && c.period.is_some_and(|p| p.year < latest) {
                c.role = Role::Prior;
            }
        }
    }
}

/// A value cell read: a number, an x/y fraction, or "not reported".
#[derive(Debug, Clone, PartialEq)]
enum Reading {
    Missing,
    Number(f64, Option<String>),
    Fraction(f64, f64),
    Bad(String),
}

fn read_value(cell: Option<&SheetCell>) -> Reading {
    let Some(cell) = cell else {
        return Reading::Missing;
    };
    match &cell.value {
        CellValue::Number(n) if n.is_finite() => {
            Reading::Number(if cell.percent_format { n * 100.0 } else { *n }, None)
        }
        CellValue::Number(_) => Reading::Bad("số không hữu hạn".into()),
        CellValue::Bool(_) => Reading::Bad("ô chứa giá trị TRUE/FALSE".into()),
        CellValue::Error(e) => Reading::Bad(format!("ô lỗi {e}")),
        CellValue::NoCachedValue => Reading::Bad(format!(
            "công thức chưa có kết quả tính sẵn ({})",
            cell.formula.as_deref().unwrap_or("")
        )),
        CellValue::Text(s) => {
            let t = s.trim();
            if matches!(t, "" | "-" | "x" | "X" | "—" | "–" | "..." | "…" | "-/-") {
                return Reading::Missing;
            }
            if let Some((a, b)) = parse_fraction(t) {
                return Reading::Fraction(a, b);
            }
            let t = t.trim_end_matches('%').trim();
            match parse_number(t, Convention::DotThousands) {
                Ok(r) => Reading::Number(r.value, r.footnote),
                Err(e) => Reading::Bad(format!("không đọc được số \"{t}\": {e}")),
            }
        }
    }
}

struct Place {
    unit_code: Option<String>,
    unit_name: Option<String>,
    unit_level: Option<String>,
    parent: Option<String>,
    period: Option<Period>,
    /// "Đơn vị tính: Triệu đồng" from the title rows.
    title_measure: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn extract_sheet(
    sheet: &SheetDoc,
    ctx: &WorkbookContext,
    catalogue: &Catalogue,
    units: &UnitRegistry,
    words: &HeaderWords,
    many_sheets: bool,
    out: &mut WorkbookExtraction,
) -> bool {
    let grid = Grid::new(sheet);
    let reference = ctx
        .path_period
        .or(ctx.default_period)
        .map(|p| (p.year, p.end_month()));
    let Some(first) = find_table(&grid, words, reference, 0) else {
        return extract_wide(&grid, sheet, ctx, catalogue, units, reference, out);
    };
    let place = locate(
        &grid,
        first.header_first,
        sheet,
        ctx,
        units,
        many_sheets,
        out,
    );
    // Several tables on one sheet: each table's rows end where the next header starts.
    let mut next = Some(first);
    while let Some(table) = next.take() {
        let env = TableEnv {
            grid: &grid,
            sheet,
            ctx,
            catalogue,
            words,
            reference,
            place: &place,
        };
        next = read_table(&env, &table, out);
    }
    true
}

/// What reading one table's rows needs besides the table.
struct TableEnv<'a> {
    grid: &'a Grid<'a>,
    sheet: &'a SheetDoc,
    ctx: &'a WorkbookContext<'a>,
    catalogue: &'a Catalogue,
    words: &'a HeaderWords,
    reference: Option<(i32, u8)>,
    place: &'a Place,
}

/// Read a table's rows into facts and Problems; returns the next table's
/// header when one starts below this table.
fn read_table(env: &TableEnv, table: &Table, out: &mut WorkbookExtraction) -> Option<Table> {
    let TableEnv {
        grid,
        sheet,
        ctx,
        catalogue,
        words,
        reference,
        place,
    } = env;
    let grid: &Grid = grid;
    let label_col = table.col(Role::Label).map(|c| c.col)?;
    let current = table.col(Role::Current);
    let kind = match current {
        Some(c) if c.estimate => FactKind::Estimate,
        _ => FactKind::Actual,
    };
    let period = current
        .and_then(|c| c.period)
        .or(place.period)
        .or(ctx.default_period);
    let mut section: Vec<String> = Vec::new();
    let data_rows: Vec<u32> = grid
        .rows
        .range(table.header_last + 1..)
        .map(|(r, _)| *r)
        .collect();
    for row in data_rows {
        if let Some(next) = header_at(grid, words, *reference, row) {
            return Some(next);
        }
        // Skip sub-header rows with column numbers ("(1) (2) (3)" or "A B 1 2").
        let label = grid.text(row, label_col);
        let number = table
            .col(Role::Number)
            .map(|c| grid.text(row, c.col))
            .unwrap_or_default();
        if label.is_empty() {
            continue;
        }
        if is_footer(&label) {
            return None;
        }
        track_section(&mut section, &number, &label);
        let readings: Vec<(Role, Reading, Option<&SheetCell>)> = [
            Role::Current,
            Role::Plan,
            Role::Prior,
            Role::PlanPct,
            Role::PriorPct,
        ]
        .iter()
        .filter_map(|role| {
            table.col(*role).map(|c| {
                let cell = grid.cell(row, c.col);
                (*role, read_value(cell), cell)
            })
        })
        .collect();
        let has_any = readings.iter().any(|(_, r, _)| *r != Reading::Missing);
        if !has_any {
            continue; // a section heading or a row not reported
        }
        let loc = |col: u32| format!("{}!{}", sheet.name, cell_ref(row, col));
        let matched = catalogue.match_label(&label);
        let (idx, rule) = match matched {
            Some(LabelMatch::Exact { indicator, alias }) => {
                (indicator, format!("nhãn: \"{alias}\""))
            }
            Some(LabelMatch::Loose { indicator, alias }) => {
                (indicator, format!("nhãn (không dấu): \"{alias}\""))
            }
            Some(LabelMatch::Excluded { .. }) => continue,
            None => {
                if is_column_numbering(&label) {
                    continue;
                }
                out.problems.push(
                    Problem::new(
                        Severity::Warning,
                        "unknown_label",
                        ctx.file,
                        loc(label_col),
                        format!(
                            "chỉ tiêu \"{}\" không có trong danh mục (thêm bí danh vào indicators.toml nếu cần)",
                            label
                        ),
                    )
                    .with_unit(place.unit_name.clone())
                    .with_period(period.map(|p| p.to_string())),
                );
                continue;
            }
        };
        let Some(ind) = catalogue.indicators.get(idx) else {
            continue;
        };
        // Unit of measure: the unit column, then the label's "(tỷ đồng)", then the indicator's.
        let unit_text = table
            .col(Role::Unit)
            .map(|c| grid.text(row, c.col))
            .filter(|t| !t.is_empty())
            .or_else(|| paren_unit(&label));
        // "Đơn vị tính: Triệu đồng" in the title rows: for rows that state no
        // unit of their own and whose indicator is measured in it.
        let measure = unit_text.as_deref().and_then(parse_measure).or_else(|| {
            place
                .title_measure
                .as_deref()
                .and_then(parse_measure)
                .filter(|m| unit_text.is_none() && m.unit == ind.unit)
        });
        let factor = match (&measure, unit_text.as_deref()) {
            (Some(m), _) if m.unit == ind.unit => m.factor,
            // "Tỷ lệ trường đạt chuẩn (%)" under "Số trường đạt chuẩn (x/y)": the
            // stated percentage of the x/y fact just read, so it can be checked.
            (Some(m), _)
                if m.unit == "pct"
                    && ind.aggregate == crate::config::indicators::Aggregate::Ratio
                    && out.facts.last().is_some_and(|f| {
                        f.indicator == ind.id && f.denominator.is_some() && f.stated_pct.is_none()
                    }) =>
            {
                let stated = readings.iter().find_map(|(role, r, _)| match (role, r) {
                    (Role::Current, Reading::Number(v, _)) => Some(*v),
                    _ => None,
                });
                if let (Some(v), Some(f)) = (stated, out.facts.last_mut()) {
                    f.stated_pct = Some(v);
                    f.source_loc =
                        format!("{} (tỷ lệ ở {})", f.source_loc, cell_ref(row, label_col));
                }
                continue;
            }
            (Some(m), Some(t)) => {
                out.problems.push(
                    Problem::new(
                        Severity::Warning,
                        "unit_mismatch",
                        ctx.file,
                        loc(table.col(Role::Unit).map(|c| c.col).unwrap_or(label_col)),
                        format!(
                            "đơn vị \"{t}\" ({}) không đổi được sang đơn vị của chỉ tiêu {} ({})",
                            m.unit, ind.id, ind.unit
                        ),
                    )
                    .with_indicator(Some(ind.id.clone()))
                    .with_unit(place.unit_name.clone()),
                );
                continue;
            }
            _ => 1.0,
        };
        let mut fact = Fact {
            unit_code: place.unit_code.clone(),
            unit_name: place.unit_name.clone(),
            unit_level: place.unit_level.clone(),
            parent: place.parent.clone(),
            period: period.map(|p| p.to_string()),
            indicator: ind.id.clone(),
            unit: ind.unit.clone(),
            kind,
            source_kind: SourceKind::Workbook.as_str().into(),
            source_file: ctx.file.to_string(),
            source_text: if section.is_empty() {
                label.clone()
            } else {
                format!("[{}] {}", section.join(" / "), label)
            },
            rule,
            ..Fact::default()
        };
        let mut notes = Vec::new();
        let mut value_loc = None;
        for (role, reading, cell) in &readings {
            let col = cell.map(|c| c.col).unwrap_or(label_col);
            match reading {
                Reading::Missing => {}
                Reading::Bad(msg) => out.problems.push(
                    Problem::new(
                        Severity::Error,
                        "unreadable_value",
                        ctx.file,
                        loc(col),
                        msg.clone(),
                    )
                    .with_indicator(Some(ind.id.clone()))
                    .with_unit(place.unit_name.clone())
                    .with_period(fact.period.clone()),
                ),
                Reading::Number(v, foot) => {
                    if let Some(f) = foot {
                        notes.push(format!("chú thích \"{f}\" ở {}", cell_ref(row, col)));
                    }
                    match role {
                        Role::Current => {
                            fact.value = Some(tidy(v * factor));
                            value_loc = Some(col);
                        }
                        Role::Plan => fact.plan_value = Some(tidy(v * factor)),
                        Role::Prior => fact.prior_value = Some(tidy(v * factor)),
                        Role::PlanPct => fact.plan_pct = Some(*v),
                        Role::PriorPct => fact.yoy_pct = Some(*v),
                        _ => {}
                    }
                }
                Reading::Fraction(a, b) => match role {
                    Role::Current => {
                        fact.value = Some(*a);
                        fact.numerator = Some(*a);
                        fact.denominator = Some(*b);
                        value_loc = Some(col);
                    }
                    Role::Plan => fact.plan_value = Some(*a),
                    Role::Prior => fact.prior_value = Some(*a),
                    _ => out.problems.push(
                        Problem::new(
                            Severity::Warning,
                            "unreadable_value",
                            ctx.file,
                            loc(col),
                            format!("tỷ số {a}/{b} trong cột tỷ lệ %"),
                        )
                        .with_indicator(Some(ind.id.clone())),
                    ),
                },
            }
        }
        // "So sánh cùng kỳ (%)" prints the ratio (112,5 = +12,5%); a column that
        // prints the change is recognised from the prior value when there is one.
        if let Some(r) = fact.yoy_pct {
            let change = table.col(Role::PriorPct).is_some_and(|c| c.change);
            fact.yoy_pct = Some(if change {
                r
            } else {
                round6(yoy_from_column(r, fact.value, fact.prior_value))
            });
        }
        // A percentage indicator's x/y stated as a fraction keeps the %.
        if ind.unit == "pct" {
            if let (Some(n), Some(d)) = (fact.numerator, fact.denominator) {
                if d != 0.0 {
                    fact.value = Some(n / d * 100.0);
                }
            }
        }
        if fact.value.is_none() && fact.plan_pct.is_none() && fact.yoy_pct.is_none() {
            continue;
        }
        fact.source_loc = loc(value_loc.unwrap_or(label_col));
        if !notes.is_empty() {
            fact.source_loc = format!("{} ({})", fact.source_loc, notes.join("; "));
        }
        out.facts.push(fact);
    }
    None
}

/// Headers of the column that names the unit in a city collection template.
const UNIT_HEADERS: &[&str] = &[
    "đơn vị",
    "tên đơn vị",
    "quận, huyện",
    "quận/huyện",
    "quận huyện, thị xã",
    "quận, huyện, thị xã",
    "địa phương",
    "đơn vị hành chính",
    "phường, xã",
    "xã, phường",
];

/// An indicator column of the wide template: its indicator and unit-of-measure factor.
struct WideColumn {
    col: u32,
    indicator: usize,
    factor: f64,
    rule: String,
}

/// The wide city collection template: rows are units, columns are
/// indicators ("Tổng thu NSNN (tỷ đồng)"). Found by a unit-name column and at
/// least two column headers that are catalogue labels.
fn find_wide(grid: &Grid, catalogue: &Catalogue) -> Option<(u32, u32, Vec<WideColumn>)> {
    let candidates: Vec<u32> = grid.rows.keys().copied().take(40).collect();
    candidates.into_iter().find_map(|row| {
        if grid.has_number(row) {
            return None;
        }
        let cells = grid.rows.get(&row)?;
        let unit_col = cells.iter().find_map(|c| match &c.value {
            CellValue::Text(t) if UNIT_HEADERS.iter().any(|h| fold_label(t) == fold_label(h)) => {
                Some(c.col)
            }
            _ => None,
        })?;
        let columns: Vec<WideColumn> = cells
            .iter()
            .filter(|c| c.col != unit_col)
            .filter_map(|c| wide_column(c, catalogue))
            .collect();
        (columns.len() >= 2).then_some((row, unit_col, columns))
    })
}

fn wide_column(cell: &SheetCell, catalogue: &Catalogue) -> Option<WideColumn> {
    let CellValue::Text(header) = &cell.value else {
        return None;
    };
    let (indicator, rule) = match catalogue.match_label(header)? {
        LabelMatch::Exact { indicator, alias } => (indicator, format!("cột: \"{alias}\"")),
        LabelMatch::Loose { indicator, alias } => {
            (indicator, format!("cột (không dấu): \"{alias}\""))
        }
        LabelMatch::Excluded { .. } => return None,
    };
    let ind = catalogue.indicators.get(indicator)?;
    let factor = match paren_unit(header).as_deref().and_then(parse_measure) {
        Some(m) if m.unit == ind.unit => m.factor,
        _ => 1.0,
    };
    Some(WideColumn {
        col: cell.col,
        indicator,
        factor,
        rule,
    })
}

/// Read the wide template: one fact per unit row and indicator column. A row
/// whose unit is not in the registry is a Problem with its cell; total rows
/// ("Tổng cộng", "Toàn thành phố") are sums of the others, not units.
fn extract_wide(
    grid: &Grid,
    sheet: &SheetDoc,
    ctx: &WorkbookContext,
    catalogue: &Catalogue,
    units: &UnitRegistry,
    reference: Option<(i32, u8)>,
    out: &mut WorkbookExtraction,
) -> bool {
    let Some((header, unit_col, columns)) = find_wide(grid, catalogue) else {
        return false;
    };
    let title: String = grid
        .rows
        .range(..header)
        .map(|(r, _)| grid.row_text(*r))
        .collect::<Vec<_>>()
        .join("\n");
    let stem = ctx
        .file_name
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(ctx.file_name);
    let period = ctx
        .path_period
        .or_else(|| parse_period_text(&title, reference).map(|(p, _)| p))
        .or_else(|| file_name_period(ctx.file_name, stem, reference))
        .or(ctx.default_period);
    let kind = if Hay::new(&fold(&title)).has(&Needle::new("ước")) {
        FactKind::Estimate
    } else {
        FactKind::Actual
    };
    let rows: Vec<u32> = grid.rows.range(header + 1..).map(|(r, _)| *r).collect();
    for row in rows {
        let name = grid.text(row, unit_col);
        if name.is_empty() || is_footer(&name) || is_total_row(&name) {
            continue;
        }
        let loc = |col: u32| format!("{}!{}", sheet.name, cell_ref(row, col));
        // A city's template lists that city's units: no country-wide fallback.
        let code = match units.resolve(&name, ctx.province) {
            Resolution::Unique(u) => Some(u.code.clone()),
            _ => None,
        };
        let Some(unit) = code.and_then(|c| units.get(&c)) else {
            out.problems.push(Problem::new(
                Severity::Error,
                "unit_unresolved",
                ctx.file,
                loc(unit_col),
                format!("đơn vị \"{name}\" không có trong danh mục đơn vị hành chính"),
            ));
            continue;
        };
        for wc in &columns {
            let Some(ind) = catalogue.indicators.get(wc.indicator) else {
                continue;
            };
            let cell = grid.cell(row, wc.col);
            let (value, footnote) = match read_value(cell) {
                Reading::Missing => continue,
                Reading::Number(v, foot) => (tidy(v * wc.factor), foot),
                Reading::Fraction(a, _) => (a, None),
                Reading::Bad(msg) => {
                    out.problems.push(
                        Problem::new(
                            Severity::Error,
                            "unreadable_value",
                            ctx.file,
                            loc(wc.col),
                            msg,
                        )
                        .with_indicator(Some(ind.id.clone()))
                        .with_unit(Some(unit.name.clone())),
                    );
                    continue;
                }
            };
            let mut source_loc = loc(wc.col);
            if let Some(f) = footnote {
                source_loc = format!(
                    "{source_loc} (chú thích \"{f}\" ở {})",
                    cell_ref(row, wc.col)
                );
            }
            out.facts.push(Fact {
                unit_code: Some(unit.code.clone()),
                unit_name: Some(unit.name.clone()),
                unit_level: Some(unit.level.clone()),
                parent: unit.parent.clone(),
                period: period.map(|p| p.to_string()),
                indicator: ind.id.clone(),
                value: Some(value),
                unit: ind.unit.clone(),
                kind,
                source_kind: SourceKind::Workbook.as_str().into(),
                source_file: ctx.file.to_string(),
                source_loc,
                source_text: format!("{name} / {}", grid.text(header, wc.col)),
                rule: wc.rule.clone(),
                ..Fact::default()
            });
        }
    }
    true
}

/// "Tổng cộng", "Cộng", "Toàn thành phố", "Tổng số": a total row, not a unit.
fn is_total_row(name: &str) -> bool {
    let f = fold_label(name);
    [
        "tổng cộng",
        "cộng",
        "tổng",
        "tổng số",
        "toàn thành phố",
        "toàn tỉnh",
        "toàn quận",
        "toàn huyện",
    ]
    .iter()
    .any(|k| f == *k || f.starts_with(&format!("{k} ")) && *k != "tổng")
}

/// A unit conversion (× 0.001) must not turn 218640 into 218.64000000000001:
/// keep 12 significant digits, far beyond what any report states.
fn tidy(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{x:.11e}").parse().unwrap_or(x)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn yoy_from_column(stated: f64, value: Option<f64>, prior: Option<f64>) -> f64 {
    if let (Some(v), Some(p)) = (value, prior) {
        if p != 0.0 {
            let ratio = v / p * 100.0;
            let as_ratio = (ratio - stated).abs();
            let as_change = (ratio - 100.0 - stated).abs();
            if as_change < as_ratio {
                return stated;
            }
        }
    }
    stated - 100.0
}

/// "… (tỷ đồng)" at the end of a label.
fn paren_unit(label: &str) -> Option<String> {
    let t = label.trim_end();
    let inner = t.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    inner.get(open + 1..).map(|s| s.trim().to_string())
}

/// Rows after the table: "Nơi nhận", signatures.
fn is_footer(label: &str) -> bool {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        [
            "nơi nhận",
            "tm. ủy ban",
            "tm ủy ban",
            "người lập biểu",
            "kt. chủ tịch",
            "thủ trưởng đơn vị",
            "người lập",
        ]
        .iter()
        .map(|k| fold(k))
        .collect()
    });
    let f = fold(label);
    keys.iter().any(|k| f.starts_with(k.as_str()))
}

/// "(1)", "A", "B", "1" — the column-number row under a header.
fn is_column_numbering(label: &str) -> bool {
    let t = label.trim().trim_matches(|c| c == '(' || c == ')');
    t.len() <= 2 && t.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Section path: "I" / "1" / "1.1" / "a" / "-" from the STT column or a leading "-".
fn track_section(section: &mut Vec<String>, number: &str, label: &str) {
    let n = number.trim().trim_end_matches('.');
    let depth = if is_roman(n) {
        0
    } else if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
        1
    } else if n.contains('.') && n.split('.').all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        2
    } else if n.len() == 1 && n.chars().all(|c| c.is_ascii_lowercase()) {
        3
    } else if n == "-" || n == "+" || label.trim_start().starts_with('-') {
        4
    } else {
        return;
    };
    section.truncate(depth.min(section.len()));
    while section.len() < depth {
        section.push(String::new());
    }
    section.push(if n.is_empty() {
        "-".into()
    } else {
        n.to_string()
    });
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// The unit and period of a sheet: path pattern, then the title rows, then the
/// sheet name (when a workbook has a sheet per unit), then the file name.
/// Disagreement between them is a Problem.
fn locate(
    grid: &Grid,
    header_first: u32,
    sheet: &SheetDoc,
    ctx: &WorkbookContext,
    units: &UnitRegistry,
    many_sheets: bool,
    out: &mut WorkbookExtraction,
) -> Place {
    let title: String = grid
        .rows
        .range(..header_first)
        .map(|(r, _)| grid.row_text(*r))
        .collect::<Vec<_>>()
        .join("\n");
    let mut candidates: Vec<(&str, String)> = Vec::new();
    if let Some(u) = ctx.path_unit {
        if let Some(code) = resolve_code(units, &u.replace(['-', '_'], " "), ctx.province) {
            candidates.push(("đường dẫn", code));
        }
    }
    if let Some(code) = title_unit(units, &title, ctx.province) {
        candidates.push(("tiêu đề", code));
    }
    if many_sheets {
        if let Some(code) = resolve_code(units, &sheet.name, ctx.province) {
            candidates.push(("tên trang tính", code));
        }
    }
    let stem = ctx
        .file_name
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(ctx.file_name);
    if let Some(code) = file_name_unit(units, stem, ctx.province) {
        candidates.push(("tên tệp", code));
    }
    let chosen = candidates.first().map(|(_, c)| c.clone());
    if let Some(first) = &chosen {
        for (source, code) in candidates.iter().skip(1) {
            if code != first && !(many_sheets && *source == "tên trang tính") {
                let name = |c: &str| {
                    units
                        .get(c)
                        .map(|u| u.full_name.clone())
                        .unwrap_or_default()
                };
                out.problems.push(Problem::new(
                    Severity::Warning,
                    "unit_disagreement",
                    ctx.file,
                    sheet.name.clone(),
                    format!(
                        "đơn vị theo {} là {}, theo {} là {}",
                        candidates.first().map(|(s, _)| *s).unwrap_or(""),
                        name(first),
                        source,
                        name(code)
                    ),
                ));
            }
        }
    } else {
        out.problems.push(Problem::new(
            Severity::Error,
            "unit_unresolved",
            ctx.file,
            sheet.name.clone(),
            "không xác định được đơn vị hành chính của bảng (đường dẫn, tiêu đề, tên trang tính, tên tệp)",
        ));
    }
    // A sheet per unit: the sheet name wins for that sheet.
    let chosen = if many_sheets {
        candidates
            .iter()
            .find(|(s, _)| *s == "tên trang tính")
            .map(|(_, c)| c.clone())
            .or(chosen)
    } else {
        chosen
    };
    let reference = ctx
        .path_period
        .or(ctx.default_period)
        .map(|p| (p.year, p.end_month()));
    let periods: Vec<(&str, Period)> = [
        ("đường dẫn", ctx.path_period),
        ("tiêu đề", parse_period_text(&title, None).map(|(p, _)| p)),
        ("tên tệp", file_name_period(ctx.file_name, stem, reference)),
    ]
    .into_iter()
    .filter_map(|(s, p)| p.map(|p| (s, p)))
    .collect();
    if let Some((first_src, first)) = periods.first() {
        for (src, p) in periods.iter().skip(1).filter(|(_, p)| p != first) {
            out.problems.push(Problem::new(
                Severity::Warning,
                "period_disagreement",
                ctx.file,
                sheet.name.clone(),
                format!("kỳ báo cáo theo {first_src} là {first}, theo {src} là {p}"),
            ));
        }
    }
    let period = periods.first().map(|(_, p)| *p);
    let unit = chosen.as_deref().and_then(|c| units.get(c));
    Place {
        title_measure: title_measure(&title),
        unit_code: unit.map(|u| u.code.clone()),
        unit_name: unit.map(|u| u.name.clone()),
        unit_level: unit.map(|u| u.level.clone()),
        parent: unit.and_then(|u| u.parent.clone()),
        period,
    }
}

fn resolve_code(units: &UnitRegistry, written: &str, province: Option<&str>) -> Option<String> {
    match units.resolve(written, province) {
        Resolution::Unique(u) => Some(u.code.clone()),
        _ => match units.resolve(written, None) {
            Resolution::Unique(u) => Some(u.code.clone()),
            _ => None,
        },
    }
}

/// "DongDa_9T2022.xlsx", "Q. Đống Đa - BC 6 thang.xlsx": with a year, or in
/// the year of the run when the name gives none.
fn file_name_period(file_name: &str, stem: &str, reference: Option<(i32, u8)>) -> Option<Period> {
    parse_period_file_name(file_name).or_else(|| {
        let accented: Vec<&str> = stem
            .split(|c: char| c == '_' || c == '-' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(|w| match w.to_lowercase().as_str() {
                "thang" => "tháng",
                "quy" => "quý",
                "nam" => "năm",
                "dau" => "đầu",
                _ => w,
            })
            .collect();
        parse_period_text(&accented.join(" "), reference).map(|(p, _)| p)
    })
}

/// "Đơn vị tính: Triệu đồng", "ĐVT: tỷ đồng" in the title rows.
fn title_measure(title: &str) -> Option<String> {
    title.lines().find_map(|line| {
        let folded = fold(line);
        ["đơn vị tính", "đvt"].iter().find_map(|k| {
            let at = folded.find(k)?;
            let rest = folded.get(at + k.len()..)?;
            let rest = rest.trim_start_matches([':', ' ', '.']);
            let unit = rest.trim().trim_end_matches([')', '.']).trim();
            (!unit.is_empty() && parse_measure(unit).is_some()).then(|| unit.to_string())
        })
    })
}

/// "UBND QUẬN ĐỐNG ĐA": the first district-level unit named with its level word.
fn title_unit(units: &UnitRegistry, title: &str, province: Option<&str>) -> Option<String> {
    let mentions = units.find_mentions(title);
    let district = mentions.iter().find(|m| {
        m.explicit_level
            && units.get(&m.code).is_some_and(|u| {
                matches!(u.level.as_str(), "quan" | "huyen" | "thi_xa" | "thanh_pho")
            })
            && province.is_none_or(|p| {
                units
                    .get(&m.code)
                    .is_some_and(|u| u.province.as_deref() == Some(p))
            })
    });
    district
        .or_else(|| mentions.iter().find(|m| m.explicit_level))
        .map(|m| m.code.clone())
}

/// "DongDa_9T2022", "Q. Đống Đa - BC 9 thang": try the leading words.
fn file_name_unit(units: &UnitRegistry, stem: &str, province: Option<&str>) -> Option<String> {
    let spaced = split_camel(stem).replace(['_', '-'], " ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    for n in (1..=words.len().min(5)).rev() {
        let cand = words.get(..n).map(|w| w.join(" ")).unwrap_or_default();
        if fold_loose(&cand)
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ')
        {
            continue;
        }
        if let Some(code) = resolve_code(units, &cand, province) {
            return Some(code);
        }
    }
    None
}

/// "DongDa" → "Dong Da".
fn split_camel(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_headers() {
        let syn = ColumnSynonyms::default();
        let words = syn.compiled();
        assert_eq!(role_of("STT", words), Some(Role::Number));
        assert_eq!(role_of("Chỉ tiêu", words), Some(Role::Label));
        assert_eq!(role_of("Đơn vị tính", words), Some(Role::Unit));
        assert_eq!(role_of("Kế hoạch năm 2022", words), Some(Role::Plan));
        assert_eq!(role_of("Thực hiện cùng kỳ", words), Some(Role::Prior));
        assert_eq!(
            role_of("Ước thực hiện 9 tháng năm 2022", words),
            Some(Role::Current)
        );
        assert_eq!(role_of("So sánh (%) KH năm", words), Some(Role::PlanPct));
        assert_eq!(role_of("So sánh (%) Cùng kỳ", words), Some(Role::PriorPct));
    }

    #[test]
    fn yoy_ratio_or_change() {
        assert!((yoy_from_column(112.5, None, None) - 12.5).abs() < 1e-9);
        assert!((yoy_from_column(12.5, Some(112.5), Some(100.0)) - 12.5).abs() < 1e-9);
        assert!((yoy_from_column(112.5, Some(112.5), Some(100.0)) - 12.5).abs() < 1e-9);
    }

    #[test]
    fn sections() {
        let mut s = Vec::new();
        track_section(&mut s, "I", "KINH TẾ");
        track_section(&mut s, "1", "Thu ngân sách");
        assert_eq!(s, vec!["I", "1"]);
        track_section(&mut s, "", "- Thu nội địa");
        assert_eq!(s.last().map(String::as_str), Some("-"));
        track_section(&mut s, "2", "Chi");
        assert_eq!(s, vec!["I", "2"]);
    }

    #[test]
    fn camel() {
        assert_eq!(split_camel("DongDa_9T2022"), "Dong Da_9T2022");
    }
}
