//! The catalogue's example sentences, run through the text extractor:
//! `chitieu check` fails when one no longer gives its fact.

use crate::config::indicators::Catalogue;
use crate::config::units::UnitRegistry;
use crate::model::{Fact, SourceKind};

/// Run every `[[indicator.example]]`; returns one message per failure.
pub fn check_examples(catalogue: &Catalogue, units: &UnitRegistry) -> Vec<String> {
    let mut failures = Vec::new();
    for ind in &catalogue.indicators {
        for (i, ex) in ind.examples.iter().enumerate() {
            let ctx = super::text::TextContext {
                file: "indicators.toml",
                source_kind: SourceKind::Text,
                file_date: Some((2022, 10)),
                assumed_unit: Some("Đống Đa"),
                assumed_period: crate::model::Period::parse(
                    ex.period.as_deref().unwrap_or("2022-9M"),
                ),
            };
            let x = super::text::extract(&ex.text, &ctx, catalogue, units);
            let facts: Vec<&Fact> = x.facts.iter().filter(|f| f.indicator == ind.id).collect();
            let ok = facts.iter().any(|f| {
                close(ex.value, f.value)
                    && close(ex.plan_pct, f.plan_pct)
                    && close(ex.yoy_pct, f.yoy_pct)
                    && close(ex.numerator, f.numerator)
                    && close(ex.denominator, f.denominator)
                    && ex.kind.as_deref().is_none_or(|k| k == f.kind.as_str())
                    && ex
                        .qualifier
                        .as_deref()
                        .is_none_or(|q| Some(q) == f.qualifier.as_deref())
            });
            if !ok {
                let got: Vec<String> = facts
                    .iter()
                    .map(|f| {
                        format!(
                            "value={:?} plan_pct={:?} yoy_pct={:?} kind={}",
                            f.value,
                            f.plan_pct,
                            f.yoy_pct,
                            f.kind.as_str()
                        )
                    })
                    .collect();
                failures.push(format!(
                    "{} example {}: \"{}\" → {}",
                    ind.id,
                    i + 1,
                    ex.text,
                    if got.is_empty() {
                        "no fact".to_string()
                    } else {
                        got.join(" | ")
                    }
                ));
            }
        }
    }
    failures
}

/// An expected value that is set must be matched; an unset one is not checked.
fn close(expected: Option<f64>, got: Option<f64>) -> bool {
    match (expected, got) {
        (None, _) => true,
        (Some(e), Some(g)) => (e - g).abs() <= 1e-6 * e.abs().max(1.0),
        (Some(_), None) => false,
    }
}
