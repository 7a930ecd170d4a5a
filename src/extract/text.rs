//! Text reports: every indicator figure in Vietnamese prose, with the reason
//! for each number found (see `TextExtractor`).

use crate::config::indicators::Catalogue;
use crate::config::units::UnitRegistry;
use crate::model::{Fact, Period, Problem, SourceKind};

/// What the caller knows about a text besides its words.
#[derive(Debug, Clone)]
pub struct TextContext<'a> {
    pub file: &'a str,
    pub source_kind: SourceKind,
    /// The report's (year, month) from its file name or metadata.
    pub file_date: Option<(i32, u8)>,
    /// A unit name as written (`--unit "Vũng Tàu"`, a path pattern).
    pub assumed_unit: Option<&'a str>,
    pub assumed_period: Option<Period>,
}

/// Why a number was attached or skipped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Explanation {
    pub location: String,
    pub number: String,
    pub outcome: String,
}

#[derive(Debug, Clone, Default)]
pub struct TextExtraction {
    pub facts: Vec<Fact>,
    pub problems: Vec<Problem>,
    pub explain: Vec<Explanation>,
}

/// Extract the facts of one text (compiles the catalogue's phrases each call;
/// reuse a `TextExtractor` for many files).
pub fn extract(
    _text: &str,
    _ctx: &TextContext,
    _catalogue: &Catalogue,
    _units: &UnitRegistry,
) -> TextExtraction {
    TextExtraction::default()
}
