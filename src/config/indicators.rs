//! The indicator catalogue (`indicators.toml`): which indicators exist, how
//! workbooks label them and reports phrase them, their canonical unit and how
//! they aggregate across administrative units.

use crate::error::{Error, Result};
use crate::normalize::fold::{fold, fold_loose};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    #[serde(default)]
    pub indicator: Vec<IndicatorEntry>,
}

/// The planner's sections of the summary sheet, in their printed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    KinhTe,
    VanHoaXaHoi,
    QuocPhongAnNinh,
    XayDungDang,
}

impl Group {
    pub fn heading_vi(self) -> &'static str {
        match self {
            Group::KinhTe => "I. KINH TẾ",
            Group::VanHoaXaHoi => "II. VĂN HÓA – XÃ HỘI",
            Group::QuocPhongAnNinh => "III. QUỐC PHÒNG – AN NINH",
            Group::XayDungDang => "IV. XÂY DỰNG ĐẢNG",
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            Group::KinhTe => "kinh_te",
            Group::VanHoaXaHoi => "van_hoa_xa_hoi",
            Group::QuocPhongAnNinh => "quoc_phong_an_ninh",
            Group::XayDungDang => "xay_dung_dang",
        }
    }
}

/// How an indicator's values combine into the city total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    Sum,
    Mean,
    /// Sum of numerators over sum of denominators (43/62 and 30/40 give 73/102).
    Ratio,
    None,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorEntry {
    pub id: Spanned<String>,
    pub name: String,
    pub name_en: String,
    pub group: Group,
    pub unit: Spanned<String>,
    pub aggregate: Aggregate,
    #[serde(default)]
    pub range: Option<[f64; 2]>,
    /// A unit that reports nothing for it gets a Kiểm tra row.
    #[serde(default)]
    pub required: bool,
    /// Shown in the charts.
    #[serde(default)]
    pub headline: bool,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub not_labels: Vec<String>,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub not_phrases: Vec<String>,
    #[serde(default)]
    pub example: Vec<Example>,
}

/// A sentence and the fact it must give; `chitieu check` runs them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub qualifier: Option<String>,
    #[serde(default)]
    pub plan_pct: Option<f64>,
    #[serde(default)]
    pub yoy_pct: Option<f64>,
    #[serde(default)]
    pub numerator: Option<f64>,
    #[serde(default)]
    pub denominator: Option<f64>,
    #[serde(default)]
    pub period: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub group: Group,
    pub unit: String,
    pub aggregate: Aggregate,
    pub range: Option<(f64, f64)>,
    pub required: bool,
    pub headline: bool,
    pub labels: Vec<String>,
    pub not_labels: Vec<String>,
    pub phrases: Vec<String>,
    pub not_phrases: Vec<String>,
    pub examples: Vec<Example>,
}

/// The compiled catalogue: indicators in file order, with folded label lookups.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub indicators: Vec<Indicator>,
    by_id: HashMap<String, usize>,
    /// folded label → indicator index
    labels: HashMap<String, usize>,
    /// loose (no diacritics) label → indicator index, for the recorded fallback
    labels_loose: HashMap<String, usize>,
    not_labels: HashMap<String, usize>,
}

/// How a workbook label matched the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub enum LabelMatch {
    /// The folded label equals an alias.
    Exact { indicator: usize, alias: String },
    /// Equal only once diacritics are dropped; recorded as such.
    Loose { indicator: usize, alias: String },
    /// A configured look-alike that is deliberately not an indicator.
    Excluded { indicator: usize },
}

/// Canonical units of measure an indicator may use.
pub const KNOWN_UNITS: &[&str] = &[
    "ty_dong",
    "trieu_usd",
    "pct",
    "nguoi",
    "ho",
    "truong",
    "chi_bo",
    "doanh_nghiep",
    "giay_chung_nhan",
    "cong_trinh",
    "luot_khach",
    "du_an",
    "xa",
    "san_pham",
    "tan",
    "ha",
    "count",
];

impl Catalogue {
    pub fn compile(file: CatalogueFile, path: &Path, text: &str) -> Result<Catalogue> {
        let mut errors = Vec::new();
        let mut cat = Catalogue::default();
        for e in file.indicator {
            let id = e.id.get_ref().clone();
            if !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                || id.is_empty()
            {
                errors.push(super::invalid(
                    path,
                    text,
                    e.id.span(),
                    "id",
                    format!("indicator id `{id}` must be lower-case ASCII with `_`"),
                ));
            }
            if cat.by_id.contains_key(&id) {
                errors.push(super::invalid(
                    path,
                    text,
                    e.id.span(),
                    "id",
                    format!("indicator `{id}` is defined twice"),
                ));
                continue;
            }
            let unit = e.unit.get_ref().clone();
            if !KNOWN_UNITS.contains(&unit.as_str()) {
                errors.push(super::invalid(
                    path,
                    text,
                    e.unit.span(),
                    "unit",
                    format!(
                        "unknown unit `{unit}` for `{id}`; known: {}",
                        KNOWN_UNITS.join(", ")
                    ),
                ));
            }
            if let Some([lo, hi]) = e.range {
                if lo > hi {
                    errors.push(super::invalid(
                        path,
                        text,
                        e.id.span(),
                        "range",
                        format!("range of `{id}` has its lower bound above its upper bound"),
                    ));
                }
            }
            let idx = cat.indicators.len();
            for l in std::iter::once(&e.name).chain(e.labels.iter()) {
                let k = fold_label(l);
                if let Some(&other) = cat.labels.get(&k) {
                    if other != idx {
                        errors.push(super::invalid(
                            path,
                            text,
                            e.id.span(),
                            "labels",
                            format!(
                                "label \"{l}\" of `{id}` is already a label of `{}`",
                                cat.indicators[other].id
                            ),
                        ));
                    }
                }
                cat.labels.insert(k.clone(), idx);
                cat.labels_loose.entry(fold_loose(&k)).or_insert(idx);
            }
            for l in &e.not_labels {
                cat.not_labels.insert(fold_label(l), idx);
            }
            cat.by_id.insert(id.clone(), idx);
            cat.indicators.push(Indicator {
                id,
                name: e.name,
                name_en: e.name_en,
                group: e.group,
                unit,
                aggregate: e.aggregate,
                range: e.range.map(|[a, b]| (a, b)),
                required: e.required,
                headline: e.headline,
                labels: e.labels,
                not_labels: e.not_labels,
                phrases: e.phrases,
                not_phrases: e.not_phrases,
                examples: e.example,
            });
        }
        if cat.indicators.is_empty() {
            errors.push(Error::Config {
                file: path.to_path_buf(),
                line: 1,
                column: 1,
                key: "indicator".into(),
                message: "the catalogue has no [[indicator]]".into(),
            });
        }
        if errors.is_empty() {
            Ok(cat)
        } else {
            Err(Error::ConfigMany(errors))
        }
    }

    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.by_id.get(id).and_then(|&i| self.indicators.get(i))
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Match a workbook row label against the aliases: exact after folding,
    /// then without diacritics (recorded as such).
    pub fn match_label(&self, label: &str) -> Option<LabelMatch> {
        let k = fold_label(label);
        if k.is_empty() {
            return None;
        }
        if let Some(&i) = self.not_labels.get(&k) {
            return Some(LabelMatch::Excluded { indicator: i });
        }
        if let Some(&i) = self.labels.get(&k) {
            return Some(LabelMatch::Exact {
                indicator: i,
                alias: k,
            });
        }
        let loose = fold_loose(&k);
        self.labels_loose.get(&loose).map(|&i| LabelMatch::Loose {
            indicator: i,
            alias: loose,
        })
    }
}

/// Fold a label for matching: `fold`, then punctuation to spaces, a trailing
/// unit in parentheses and leading numbering/dashes removed.
pub fn fold_label(s: &str) -> String {
    let f = fold(s);
    let f = strip_trailing_paren(&f);
    let cleaned: String = f
        .chars()
        .map(|c| {
            if crate::normalize::fold::is_alphanumeric(c) || c == '%' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    words.join(" ")
}

fn strip_trailing_paren(s: &str) -> String {
    let t = s.trim_end();
    if t.ends_with(')') {
        if let Some(open) = t.rfind('(') {
            return t[..open].trim_end().to_string();
        }
    }
    let t = t.trim_start_matches(|c: char| c == '-' || c == '+' || c == '*' || c.is_whitespace());
    t.to_string()
}
