//! Records every stage shares: the `Fact` between extract and consolidate,
//! the `Problem` every stage may raise, and the canonical `Period`.
//! This module imports no stage.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a fact came from; also the default source precedence (workbook first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Workbook,
    Docx,
    Text,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Workbook => "workbook",
            SourceKind::Docx => "docx",
            SourceKind::Text => "text",
        }
    }
}

/// Whether a figure is a result, an estimate of one ("ước"), or a plan ("phấn đấu").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    #[default]
    Actual,
    Estimate,
    Target,
}

impl FactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Actual => "actual",
            FactKind::Estimate => "estimate",
            FactKind::Target => "target",
        }
    }
}

/// One indicator value for one administrative unit and period, with provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Fact {
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub unit_level: Option<String>,
    pub parent: Option<String>,
    /// Canonical period (`2022-9M`), `None` when it could not be resolved.
    pub period: Option<String>,
    pub indicator: String,
    pub value: Option<f64>,
    /// Canonical unit of measure id (`ty_dong`, `pct`, `nguoi`, ...).
    pub unit: String,
    pub kind: FactKind,
    /// `above`, `about`, `nearly`, `below`, joined with `+` (`estimate+above`).
    pub qualifier: Option<String>,
    pub plan_value: Option<f64>,
    pub plan_pct: Option<f64>,
    pub plan_basis: Option<String>,
    pub prior_value: Option<f64>,
    pub yoy_pct: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// A percentage stated beside a numerator/denominator ("43/62 (đạt 69,35%)").
    pub stated_pct: Option<f64>,
    pub source_kind: String,
    pub source_file: String,
    pub source_loc: String,
    pub source_text: String,
    pub rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    /// The word a planner reads in the Kiểm tra sheet.
    pub fn label_vi(self) -> &'static str {
        match self {
            Severity::Info => "Thông tin",
            Severity::Warning => "Cảnh báo",
            Severity::Error => "Lỗi",
        }
    }
}

/// Something a planner must look at: an unreadable file, an unknown label, a contradiction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    /// Stable machine id (`unreadable_file`, `unknown_label`, `ambiguous_number`, ...).
    pub code: String,
    pub file: String,
    pub location: String,
    pub unit_name: Option<String>,
    pub indicator: Option<String>,
    pub period: Option<String>,
    /// Message in Vietnamese, for the planner.
    pub message: String,
}

impl Problem {
    pub fn new(
        severity: Severity,
        code: &str,
        file: impl Into<String>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            severity,
            code: code.to_string(),
            file: file.into(),
            location: location.into(),
            unit_name: None,
            indicator: None,
            period: None,
            message: message.into(),
        }
    }
    pub fn with_unit(mut self, unit: Option<String>) -> Self {
        self.unit_name = unit;
        self
    }
    pub fn with_indicator(mut self, indicator: Option<String>) -> Self {
        self.indicator = indicator;
        self
    }
    pub fn with_period(mut self, period: Option<String>) -> Self {
        self.period = period;
        self
    }
}

/// The span a reporting period covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PeriodSpan {
    /// One calendar month, 1..=12.
    Month(u8),
    /// A quarter, 1..=4.
    Quarter(u8),
    /// First half-year.
    H1,
    /// Cumulative from January to the end of month n, 1..=12 ("9 tháng đầu năm" = 9).
    Cumulative(u8),
    /// The whole year.
    Year,
}

/// A canonical period: `2022-M10`, `2022-Q3`, `2022-H1`, `2022-9M`, `2022-Y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    pub year: i32,
    pub span: PeriodSpan,
}

impl Period {
    pub fn new(year: i32, span: PeriodSpan) -> Self {
        // Spans that are the same thing are stored one way: 6 months = H1, 12 months = year,
        // 3 months cumulative = Q1.
        let span = match span {
            PeriodSpan::Cumulative(6) => PeriodSpan::H1,
            PeriodSpan::Cumulative(12) => PeriodSpan::Year,
            PeriodSpan::Cumulative(3) => PeriodSpan::Quarter(1),
            s => s,
        };
        Period { year, span }
    }

    /// Parse the canonical form; `None` for anything else.
    pub fn parse(s: &str) -> Option<Period> {
        let (y, rest) = s.trim().split_once('-')?;
        let year: i32 = y.parse().ok()?;
        if !(1900..=2200).contains(&year) {
            return None;
        }
        let span = if rest == "Y" {
            PeriodSpan::Year
        } else if rest == "H1" {
            PeriodSpan::H1
        } else if let Some(m) = rest.strip_prefix('M') {
            let m: u8 = m.parse().ok()?;
            if !(1..=12).contains(&m) {
                return None;
            }
            PeriodSpan::Month(m)
        } else if let Some(q) = rest.strip_prefix('Q') {
            let q: u8 = q.parse().ok()?;
            if !(1..=4).contains(&q) {
                return None;
            }
            PeriodSpan::Quarter(q)
        } else if let Some(n) = rest.strip_suffix('M') {
            let n: u8 = n.parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            PeriodSpan::Cumulative(n)
        } else {
            return None;
        };
        Some(Period::new(year, span))
    }

    /// The last month the period covers, for ordering and trend sheets.
    pub fn end_month(&self) -> u8 {
        match self.span {
            PeriodSpan::Month(m) => m,
            PeriodSpan::Quarter(q) => q * 3,
            PeriodSpan::H1 => 6,
            PeriodSpan::Cumulative(n) => n,
            PeriodSpan::Year => 12,
        }
    }

    /// Vietnamese label for titles: "9 tháng năm 2022".
    pub fn label_vi(&self) -> String {
        match self.span {
            PeriodSpan::Month(m) => format!("tháng {m} năm {}", self.year),
            PeriodSpan::Quarter(q) => format!("quý {} năm {}", roman(q), self.year),
            PeriodSpan::H1 => format!("6 tháng đầu năm {}", self.year),
            PeriodSpan::Cumulative(n) => format!("{n} tháng năm {}", self.year),
            PeriodSpan::Year => format!("năm {}", self.year),
        }
    }
}

fn roman(q: u8) -> &'static str {
    match q {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            PeriodSpan::Month(m) => write!(f, "{}-M{:02}", self.year, m),
            PeriodSpan::Quarter(q) => write!(f, "{}-Q{}", self.year, q),
            PeriodSpan::H1 => write!(f, "{}-H1", self.year),
            PeriodSpan::Cumulative(n) => write!(f, "{}-{}M", self.year, n),
            PeriodSpan::Year => write!(f, "{}-Y", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_round_trips() {
        for s in [
            "2022-M10", "2022-Q3", "2022-H1", "2022-9M", "2022-Y", "2023-10M",
        ] {
            assert_eq!(Period::parse(s).map(|p| p.to_string()).as_deref(), Some(s));
        }
        assert_eq!(
            Period::parse("2022-6M").map(|p| p.to_string()).as_deref(),
            Some("2022-H1")
        );
        assert_eq!(
            Period::parse("2022-3M").map(|p| p.to_string()).as_deref(),
            Some("2022-Q1")
        );
        assert!(Period::parse("2022-13M").is_none());
        assert!(Period::parse("x-Y").is_none());
    }
}

/// What happened to one input file; listed in Nguồn and the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    /// `read`, `skipped`, `failed`
    pub status: String,
    /// The format recognised from the content (`xlsx`, `docx`, `text`, ...).
    pub format: Option<String>,
    /// The text encoding the bytes were in.
    pub encoding: Option<String>,
    pub facts: usize,
    pub problems: usize,
    pub millis: u64,
    pub sha256: Option<String>,
    /// Why it was skipped or failed; sheets skipped inside a workbook.
    pub note: String,
    /// Read from the cache instead of parsing again.
    #[serde(default)]
    pub cached: bool,
}
