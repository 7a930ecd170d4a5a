//! `chitieu.toml`: what a run reads, how paths name their unit and period,
//! which units it reports on, and where it writes.

use super::units::UnitRegistry;
use crate::error::Error;
use crate::model::{Period, SourceKind};
use regex::Regex;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    #[serde(default)]
    pub config: ConfigFiles,
    pub inputs: Inputs,
    pub scope: Scope,
    pub report: Report,
    #[serde(default)]
    pub consolidate: Consolidate,
    #[serde(default)]
    pub workbook: WorkbookInput,
    #[serde(default)]
    pub limits: Limits,
}

/// The other configuration files, relative to `chitieu.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFiles {
    pub indicators: String,
    pub units: String,
}

impl Default for ConfigFiles {
    fn default() -> Self {
        ConfigFiles {
            indicators: "indicators.toml".into(),
            units: "units.toml".into(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    /// Folders or files, relative to `chitieu.toml`'s folder.
    pub paths: Vec<String>,
    #[serde(default = "default_extensions")]
    pub extensions: Vec<String>,
    /// File-name patterns skipped (`*` and `?` wildcards), e.g. Excel lock files `~$*`.
    #[serde(default = "default_exclude")]
    pub exclude: Vec<String>,
    /// How a path names its unit and period: regexes with named groups `unit` and `period`,
    /// matched against the path relative to the input folder (with `/`), first match wins.
    #[serde(default)]
    pub path_pattern: Vec<PathPattern>,
}

fn default_extensions() -> Vec<String> {
    ["xlsx", "xlsm", "xlsb", "xls", "ods", "txt", "md", "docx"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn default_exclude() -> Vec<String> {
    vec!["~$*".into(), ".*".into()]
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathPattern {
    pub regex: Spanned<String>,
}

/// The units a run reports on: a province's units at some levels.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// GSO province code (`01` Hà Nội).
    pub province: Spanned<String>,
    #[serde(default = "default_levels")]
    pub levels: Vec<String>,
}

fn default_levels() -> Vec<String> {
    ["quan", "huyen", "thi_xa", "thanh_pho"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The period to report when inputs do not say (`2022-9M`); optional.
    #[serde(default)]
    pub period: Option<Spanned<String>>,
    /// Output folder, relative to `chitieu.toml`'s folder.
    pub output_dir: String,
    /// Workbook file name; `{period}` is replaced.
    #[serde(default = "default_workbook")]
    pub workbook: Spanned<String>,
    /// Also keep a stable copy under this name (`{period}`-free), for whoever links to it.
    #[serde(default)]
    pub latest: Option<String>,
    /// Dữ liệu and Kiểm tra sheets longer than this are streamed to disk while
    /// written (constant memory) instead of held whole.
    #[serde(default = "default_large_sheet_rows")]
    pub large_sheet_rows: usize,
    /// Deflate level of the workbook, 1 (fastest) to 9 (smallest). Writing a
    /// large workbook is mostly compressing it, on one core: 3 takes about a
    /// quarter less time than Excel's 6 for a file about a quarter larger.
    #[serde(default = "default_compression_level")]
    pub compression_level: Spanned<u8>,
}

fn default_large_sheet_rows() -> usize {
    20_000
}

fn default_compression_level() -> Spanned<u8> {
    Spanned::new(0..0, 3)
}

fn default_workbook() -> Spanned<String> {
    Spanned::new(0..0, "tong-hop_{period}.xlsx".to_string())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consolidate {
    /// Which source wins for the same unit, period and indicator.
    #[serde(default = "default_precedence")]
    pub precedence: Vec<SourceKind>,
    /// Relative difference (in %) above which two sources disagree.
    #[serde(default = "default_tolerance")]
    pub tolerance_pct: f64,
    /// Allowed gap (percentage points) between a stated % and the one recomputed.
    #[serde(default = "default_pct_tolerance")]
    pub pct_tolerance: f64,
}

fn default_precedence() -> Vec<SourceKind> {
    vec![SourceKind::Workbook, SourceKind::Docx, SourceKind::Text]
}
fn default_tolerance() -> f64 {
    1.0
}
fn default_pct_tolerance() -> f64 {
    0.5
}

impl Default for Consolidate {
    fn default() -> Self {
        Consolidate {
            precedence: default_precedence(),
            tolerance_pct: default_tolerance(),
            pct_tolerance: default_pct_tolerance(),
        }
    }
}

/// Header synonyms that give a workbook column its role.
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct WorkbookInput {
    #[serde(default)]
    pub columns: ColumnSynonyms,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ColumnSynonyms {
    pub number: Vec<String>,
    pub label: Vec<String>,
    pub unit: Vec<String>,
    pub plan: Vec<String>,
    pub prior: Vec<String>,
    pub current: Vec<String>,
    pub plan_pct: Vec<String>,
    pub prior_pct: Vec<String>,
    pub notes: Vec<String>,
    /// The synonyms folded and tokenised once, on first use: every header
    /// candidate of every sheet is tried against all of them.
    #[serde(skip)]
    compiled: std::sync::OnceLock<crate::extract::workbook::HeaderWords>,
}

impl ColumnSynonyms {
    pub fn compiled(&self) -> &crate::extract::workbook::HeaderWords {
        self.compiled
            .get_or_init(|| crate::extract::workbook::HeaderWords::new(self))
    }
}

impl Default for ColumnSynonyms {
    fn default() -> Self {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        ColumnSynonyms {
            number: v(&["stt", "tt", "số tt"]),
            label: v(&["chỉ tiêu", "nội dung", "tên chỉ tiêu", "chỉ tiêu chủ yếu"]),
            unit: v(&["đơn vị tính", "đvt", "đơn vị"]),
            plan: v(&["kế hoạch", "kh năm", "kế hoạch năm", "dự toán", "kh"]),
            prior: v(&[
                "cùng kỳ",
                "thực hiện cùng kỳ",
                "th cùng kỳ",
                "cùng kỳ năm trước",
            ]),
            current: v(&[
                "ước thực hiện",
                "ước th",
                "ưth",
                "uth",
                "ước tính",
                "thực hiện",
                "th",
                "kỳ này",
                "ước",
            ]),
            plan_pct: v(&[
                "so kế hoạch",
                "so kh",
                "% kh",
                "so với kế hoạch",
                "kh năm",
                "so dự toán",
            ]),
            prior_pct: v(&["so cùng kỳ", "% ck", "so ck", "cùng kỳ"]),
            notes: v(&["ghi chú"]),
            compiled: std::sync::OnceLock::new(),
        }
    }
}

/// Limits checked before parsing, so a hostile file is refused, not inflated.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    #[serde(default = "default_max_file_mb")]
    pub max_file_mb: u64,
    #[serde(default = "default_max_uncompressed_mb")]
    pub max_uncompressed_mb: u64,
    #[serde(default = "default_max_cells")]
    pub max_cells: u64,
    #[serde(default = "default_max_text_mb")]
    pub max_text_mb: u64,
}

fn default_max_file_mb() -> u64 {
    100
}
fn default_max_uncompressed_mb() -> u64 {
    1024
}
fn default_max_cells() -> u64 {
    5_000_000
}
fn default_max_text_mb() -> u64 {
    20
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_mb: default_max_file_mb(),
            max_uncompressed_mb: default_max_uncompressed_mb(),
            max_cells: default_max_cells(),
            max_text_mb: default_max_text_mb(),
        }
    }
}

impl RunConfig {
    /// Checks that need no other file: regexes compile, periods parse, names are sane.
    pub fn validate(&self, path: &Path, text: &str) -> Vec<Error> {
        let mut errors = Vec::new();
        for p in &self.inputs.path_pattern {
            match Regex::new(p.regex.get_ref()) {
                Ok(re) => {
                    let names: Vec<&str> = re.capture_names().flatten().collect();
                    if !names.iter().any(|n| *n == "unit" || *n == "period") {
                        errors.push(super::invalid(
                            path,
                            text,
                            p.regex.span(),
                            "inputs.path_pattern.regex",
                            "the pattern names neither a `unit` nor a `period` group",
                        ));
                    }
                }
                Err(e) => errors.push(super::invalid(
                    path,
                    text,
                    p.regex.span(),
                    "inputs.path_pattern.regex",
                    format!("invalid regex: {e}"),
                )),
            }
        }
        if let Some(p) = &self.report.period {
            if Period::parse(p.get_ref()).is_none() {
                errors.push(super::invalid(
                    path,
                    text,
                    p.span(),
                    "report.period",
                    format!(
                        "`{}` is not a period (2022-M10, 2022-Q3, 2022-H1, 2022-9M, 2022-Y)",
                        p.get_ref()
                    ),
                ));
            }
        }
        let wb = self.report.workbook.get_ref();
        if wb.contains('/') || wb.contains('\\') || wb.contains("..") || !wb.ends_with(".xlsx") {
            errors.push(super::invalid(
                path,
                text,
                self.report.workbook.span(),
                "report.workbook",
                "the workbook name must be a plain file name ending in .xlsx",
            ));
        }
        let level = *self.report.compression_level.get_ref();
        if !(1..=9).contains(&level) {
            errors.push(super::invalid(
                path,
                text,
                self.report.compression_level.span(),
                "report.compression_level",
                format!("{level} is not a deflate level (1 = fastest … 9 = smallest)"),
            ));
        }
        if self.inputs.paths.is_empty() {
            errors.push(Error::Config {
                file: path.to_path_buf(),
                line: 0,
                column: 0,
                key: "inputs.paths".into(),
                message: "no input paths".into(),
            });
        }
        errors
    }

    /// Checks against the unit registry: the scope's province exists.
    pub fn validate_scope(&self, path: &Path, text: &str, units: &UnitRegistry) -> Vec<Error> {
        let code = self.scope.province.get_ref();
        let levels: Vec<&str> = self.scope.levels.iter().map(|s| s.as_str()).collect();
        if units.scope(code, &levels).is_empty() {
            vec![super::invalid(
                path,
                text,
                self.scope.province.span(),
                "scope.province",
                format!("no units of levels {levels:?} under province `{code}` in the registry"),
            )]
        } else {
            Vec::new()
        }
    }

    pub fn compiled_patterns(&self) -> Vec<Regex> {
        self.inputs
            .path_pattern
            .iter()
            .filter_map(|p| Regex::new(p.regex.get_ref()).ok())
            .collect()
    }

    pub fn default_period(&self) -> Option<Period> {
        self.report
            .period
            .as_ref()
            .and_then(|p| Period::parse(p.get_ref()))
    }
}
