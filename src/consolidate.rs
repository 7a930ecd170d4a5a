//! Consolidate: one facts DataFrame for a period; the winning figure per unit
//! and indicator by source precedence; the indicator × unit pivot; the city
//! total by each indicator's aggregation; and the checks planners need.
//! Everything here is Polars (lazy); no hand-written group-by loops.

use crate::config::indicators::{Aggregate, Catalogue};
use crate::error::Result;
use crate::model::{Fact, Period, Problem, Severity, SourceKind};
use polars::prelude::*;

/// Consolidation settings from `chitieu.toml`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub precedence: Vec<SourceKind>,
    pub tolerance_pct: f64,
    pub pct_tolerance: f64,
}

/// A unit the summary reports on (a column of Tổng hợp), in registry order.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeUnit {
    pub code: String,
    pub name: String,
}

/// The result for one period, ready to write.
#[derive(Debug, Clone)]
pub struct Consolidated {
    pub period: Period,
    /// Every fact of the period with its provenance and a `chosen` flag.
    pub facts: DataFrame,
    /// One row per catalogue indicator: id, name, group, unit, one column per
    /// unit code (`columns`), then `total`, `total_numerator`, `total_denominator`.
    pub summary: DataFrame,
    /// Chosen facts with plan and growth: unit_code, unit_name, indicator, value,
    /// plan_value, plan_pct, plan_pct_calc, prior_value, yoy_pct, yoy_pct_calc,
    /// plan_pct_eff / yoy_pct_eff (stated, else recomputed), rank (by value, 1 = largest).
    pub attainment: DataFrame,
    /// The unit columns of the summary, in registry order.
    pub columns: Vec<ScopeUnit>,
    pub problems: Vec<Problem>,
}

const STR_COLS: &[&str] = &[
    "unit_code",
    "unit_name",
    "unit_level",
    "parent",
    "period",
    "indicator",
    "unit",
    "kind",
    "qualifier",
    "plan_basis",
    "source_kind",
    "source_file",
    "source_loc",
    "source_text",
    "rule",
];
const NUM_COLS: &[&str] = &[
    "value",
    "plan_value",
    "plan_pct",
    "prior_value",
    "yoy_pct",
    "numerator",
    "denominator",
    "stated_pct",
];

/// The long fact table, with the schema of the `Fact` record.
/// Takes the facts or references to them, so a period's facts are framed without copying.
pub fn facts_frame<F: std::borrow::Borrow<Fact>>(facts: &[F]) -> Result<DataFrame> {
    let s = |f: fn(&Fact) -> Option<&str>| -> Vec<Option<&str>> {
        facts.iter().map(|x| f(x.borrow())).collect()
    };
    let n = |f: fn(&Fact) -> Option<f64>| -> Vec<Option<f64>> {
        facts.iter().map(|x| f(x.borrow())).collect()
    };
    let columns = vec![
        Column::new("unit_code".into(), s(|f| f.unit_code.as_deref())),
        Column::new("unit_name".into(), s(|f| f.unit_name.as_deref())),
        Column::new("unit_level".into(), s(|f| f.unit_level.as_deref())),
        Column::new("parent".into(), s(|f| f.parent.as_deref())),
        Column::new("period".into(), s(|f| f.period.as_deref())),
        Column::new("indicator".into(), s(|f| Some(f.indicator.as_str()))),
        Column::new("value".into(), n(|f| f.value)),
        Column::new("unit".into(), s(|f| Some(f.unit.as_str()))),
        Column::new("kind".into(), s(|f| Some(f.kind.as_str()))),
        Column::new("qualifier".into(), s(|f| f.qualifier.as_deref())),
        Column::new("plan_value".into(), n(|f| f.plan_value)),
        Column::new("plan_pct".into(), n(|f| f.plan_pct)),
        Column::new("plan_basis".into(), s(|f| f.plan_basis.as_deref())),
        Column::new("prior_value".into(), n(|f| f.prior_value)),
        Column::new("yoy_pct".into(), n(|f| f.yoy_pct)),
        Column::new("numerator".into(), n(|f| f.numerator)),
        Column::new("denominator".into(), n(|f| f.denominator)),
        Column::new("stated_pct".into(), n(|f| f.stated_pct)),
        Column::new("source_kind".into(), s(|f| Some(f.source_kind.as_str()))),
        Column::new("source_file".into(), s(|f| Some(f.source_file.as_str()))),
        Column::new("source_loc".into(), s(|f| Some(f.source_loc.as_str()))),
        Column::new("source_text".into(), s(|f| Some(f.source_text.as_str()))),
        Column::new("rule".into(), s(|f| Some(f.rule.as_str()))),
    ];
    Ok(DataFrame::new_infer_height(columns)?)
}

/// The catalogue as a frame: id, order, aggregation, range, required.
fn catalogue_frame(catalogue: &Catalogue) -> Result<DataFrame> {
    let inds = &catalogue.indicators;
    let agg = |a: Aggregate| match a {
        Aggregate::Sum => "sum",
        Aggregate::Mean => "mean",
        Aggregate::Ratio => "ratio",
        Aggregate::None => "none",
    };
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "indicator".into(),
            inds.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new("order".into(), (0..inds.len() as u32).collect::<Vec<_>>()),
        Column::new(
            "name".into(),
            inds.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "group".into(),
            inds.iter().map(|i| i.group.id()).collect::<Vec<_>>(),
        ),
        Column::new(
            "canonical_unit".into(),
            inds.iter().map(|i| i.unit.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "aggregate".into(),
            inds.iter().map(|i| agg(i.aggregate)).collect::<Vec<_>>(),
        ),
        Column::new(
            "range_lo".into(),
            inds.iter()
                .map(|i| i.range.map(|r| r.0))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "range_hi".into(),
            inds.iter()
                .map(|i| i.range.map(|r| r.1))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "required".into(),
            inds.iter().map(|i| i.required).collect::<Vec<_>>(),
        ),
    ])?)
}

/// Periods present among the facts, sorted.
pub fn periods(facts: &[Fact]) -> Vec<Period> {
    let mut ps: Vec<Period> = facts
        .iter()
        .filter_map(|f| f.period.as_deref().and_then(Period::parse))
        .collect();
    ps.sort();
    ps.dedup();
    ps
}

pub fn consolidate(
    all_facts: &[Fact],
    period: Period,
    catalogue: &Catalogue,
    scope: &[ScopeUnit],
    settings: &Settings,
) -> Result<Consolidated> {
    let period_s = period.to_string();
    let facts: Vec<&Fact> = all_facts
        .iter()
        .filter(|f| f.period.as_deref() == Some(period_s.as_str()))
        .collect();
    let df = facts_frame(&facts)?;
    let cat = catalogue_frame(catalogue)?;
    let rank_expr = settings.precedence.iter().enumerate().fold(
        lit(settings.precedence.len() as u32),
        |acc, (i, k)| {
            when(col("source_kind").eq(lit(k.as_str())))
                .then(lit(i as u32))
                .otherwise(acc)
        },
    );
    // Row id keeps the original fact order for stable output.
    let base = df
        .clone()
        .lazy()
        .with_row_index("fact_id", None)
        .with_column(rank_expr.alias("source_rank"));

    // The winner per (unit, indicator): results only (targets never overwrite
    // results), with a value or a stated %, best source first, then file order.
    let candidates = base
        .clone()
        .filter(
            col("kind")
                .neq(lit("target"))
                .and(col("unit_code").is_not_null())
                .and(
                    col("value")
                        .is_not_null()
                        .or(col("plan_pct").is_not_null())
                        .or(col("yoy_pct").is_not_null()),
                ),
        )
        .sort_by_exprs(
            [
                col("unit_code"),
                col("indicator"),
                col("source_rank"),
                col("fact_id"),
            ],
            SortMultipleOptions::default(),
        );
    let chosen = candidates
        .clone()
        .group_by_stable([col("unit_code"), col("indicator")])
        .agg([all()
            .exclude_cols(["unit_code", "indicator"])
            .as_expr()
            .first()])
        .collect()?;
    let chosen_ids = chosen.column("fact_id")?.clone();
    let facts_out = base
        .clone()
        .with_column(
            col("fact_id")
                .is_in(
                    lit(chosen_ids.as_materialized_series().clone()).implode(false),
                    false,
                )
                .alias("chosen"),
        )
        .sort_by_exprs([col("fact_id")], SortMultipleOptions::default())
        .select([all().exclude_cols(["fact_id", "source_rank"]).as_expr()])
        .collect()?;

    let mut problems = Vec::new();

    // Two sources disagree: every other figure for the same unit and indicator
    // that differs from the chosen one beyond the tolerance.
    let winners = chosen.clone().lazy().select([
        col("unit_code"),
        col("indicator"),
        col("value").alias("chosen_value"),
        col("source_file").alias("chosen_file"),
        col("source_loc").alias("chosen_loc"),
        col("source_kind").alias("chosen_kind"),
        col("fact_id").alias("chosen_id"),
    ]);
    let conflicts = candidates
        .clone()
        .join(
            winners,
            [col("unit_code"), col("indicator")],
            [col("unit_code"), col("indicator")],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(
            col("fact_id").neq(col("chosen_id")).and(
                ((col("value") - col("chosen_value")).abs() / col("chosen_value").abs()
                    * lit(100.0))
                .gt(lit(settings.tolerance_pct)),
            ),
        )
        .collect()?;
    for r in rows(&conflicts)? {
        problems.push(
            Problem::new(
                Severity::Warning,
                "sources_disagree",
                r.s("source_file"),
                r.s("source_loc"),
                format!(
                    "số liệu không khớp giữa các nguồn: {} ({}) theo {} tại {}, nhưng {} ({}) theo {} tại {}; dùng số của {}",
                    fmt_num(r.f("chosen_value")),
                    r.s("chosen_kind"),
                    r.s("chosen_file"),
                    r.s("chosen_loc"),
                    fmt_num(r.f("value")),
                    r.s("source_kind"),
                    r.s("source_file"),
                    r.s("source_loc"),
                    r.s("chosen_file"),
                ),
            )
            .with_unit(r.o("unit_name"))
            .with_indicator(r.o("indicator"))
            .with_period(Some(period_s.clone())),
        );
    }

    // Arithmetic checks on every fact of the period (not only the winners).
    let tol = settings.pct_tolerance;
    let checked = base
        .clone()
        .with_columns([
            (col("numerator") / col("denominator") * lit(100.0)).alias("ratio_calc"),
            (col("value") / col("plan_value") * lit(100.0)).alias("plan_pct_calc"),
            (col("value") / col("prior_value") * lit(100.0) - lit(100.0)).alias("yoy_pct_calc"),
        ])
        .join(
            cat.clone().lazy(),
            [col("indicator")],
            [col("indicator")],
            JoinArgs::new(JoinType::Left),
        )
        .collect()?;
    let bad_ratio = checked
        .clone()
        .lazy()
        .filter((col("ratio_calc") - col("stated_pct")).abs().gt(lit(tol)))
        .collect()?;
    for r in rows(&bad_ratio)? {
        problems.push(r.problem(
            Severity::Warning,
            "ratio_mismatch",
            &period_s,
            format!(
                "{}/{} = {}% nhưng báo cáo ghi {}%",
                fmt_num(r.f("numerator")),
                fmt_num(r.f("denominator")),
                fmt_num(r.f("ratio_calc")),
                fmt_num(r.f("stated_pct"))
            ),
        ));
    }
    let bad_plan = checked
        .clone()
        .lazy()
        .filter((col("plan_pct_calc") - col("plan_pct")).abs().gt(lit(tol)))
        .collect()?;
    for r in rows(&bad_plan)? {
        problems.push(r.problem(
            Severity::Warning,
            "plan_pct_mismatch",
            &period_s,
            format!(
                "thực hiện {} / kế hoạch {} = {}% nhưng ghi {}% kế hoạch",
                fmt_num(r.f("value")),
                fmt_num(r.f("plan_value")),
                fmt_num(r.f("plan_pct_calc")),
                fmt_num(r.f("plan_pct"))
            ),
        ));
    }
    let bad_yoy = checked
        .clone()
        .lazy()
        .filter((col("yoy_pct_calc") - col("yoy_pct")).abs().gt(lit(tol)))
        .collect()?;
    for r in rows(&bad_yoy)? {
        problems.push(r.problem(
            Severity::Warning,
            "yoy_mismatch",
            &period_s,
            format!(
                "thực hiện {} so cùng kỳ {} là {:+}% nhưng ghi {:+}%",
                fmt_num(r.f("value")),
                fmt_num(r.f("prior_value")),
                fmt_num(r.f("yoy_pct_calc")),
                fmt_num(r.f("yoy_pct"))
            ),
        ));
    }
    let out_of_range = checked
        .clone()
        .lazy()
        .filter(
            col("value")
                .lt(col("range_lo"))
                .or(col("value").gt(col("range_hi"))),
        )
        .collect()?;
    for r in rows(&out_of_range)? {
        problems.push(r.problem(
            Severity::Warning,
            "out_of_range",
            &period_s,
            format!(
                "giá trị {} nằm ngoài khoảng hợp lý [{}, {}] của chỉ tiêu",
                fmt_num(r.f("value")),
                fmt_num(r.f("range_lo")),
                fmt_num(r.f("range_hi"))
            ),
        ));
    }
    let no_unit = checked
        .clone()
        .lazy()
        .filter(col("unit_code").is_null())
        .collect()?;
    for r in rows(&no_unit)? {
        problems.push(
            r.problem(
                Severity::Warning,
                "unit_unresolved",
                &period_s,
                "số liệu không xác định được đơn vị hành chính; không đưa vào bảng tổng hợp"
                    .to_string(),
            ),
        );
    }

    // The summary columns: scope units that reported, in registry order.
    let reported: Vec<String> = chosen
        .column("unit_code")?
        .str()?
        .iter()
        .flatten()
        .map(|s| s.to_string())
        .collect();
    let columns: Vec<ScopeUnit> = scope
        .iter()
        .filter(|u| reported.contains(&u.code))
        .cloned()
        .collect();
    for u in scope.iter().filter(|u| !reported.contains(&u.code)) {
        problems.push(
            Problem::new(
                Severity::Info,
                "unit_not_reported",
                "",
                "",
                format!(
                    "chưa có báo cáo nào của {} cho kỳ {}",
                    u.name,
                    period.label_vi()
                ),
            )
            .with_unit(Some(u.name.clone()))
            .with_period(Some(period_s.clone())),
        );
    }
    let codes: Vec<&str> = columns.iter().map(|u| u.code.as_str()).collect();
    let in_scope = chosen.clone().lazy().filter(col("unit_code").is_in(
        lit(Series::new("c".into(), codes.clone())).implode(false),
        false,
    ));

    // Required indicators missing for a unit that reported.
    let required: Vec<&str> = catalogue
        .indicators
        .iter()
        .filter(|i| i.required)
        .map(|i| i.id.as_str())
        .collect();
    if !codes.is_empty() && !required.is_empty() {
        // The (unit, required indicator) grid is small: build it directly.
        let (gu, gi): (Vec<&str>, Vec<&str>) = codes
            .iter()
            .flat_map(|u| required.iter().map(move |i| (*u, *i)))
            .unzip();
        let grid = DataFrame::new_infer_height(vec![
            Column::new("unit_code".into(), gu),
            Column::new("indicator".into(), gi),
        ])?
        .lazy();
        let missing = grid
            .join(
                in_scope.clone().select([
                    col("unit_code"),
                    col("indicator"),
                    lit(true).alias("present"),
                ]),
                [col("unit_code"), col("indicator")],
                [col("unit_code"), col("indicator")],
                JoinArgs::new(JoinType::Left),
            )
            .filter(col("present").is_null())
            .collect()?;
        for r in rows(&missing)? {
            let unit = columns
                .iter()
                .find(|u| Some(u.code.as_str()) == r.o("unit_code").as_deref())
                .map(|u| u.name.clone());
            let ind = r.s("indicator");
            let name = catalogue
                .get(&ind)
                .map(|i| i.name.clone())
                .unwrap_or_default();
            problems.push(
                Problem::new(
                    Severity::Warning,
                    "required_missing",
                    "",
                    "",
                    format!("thiếu chỉ tiêu bắt buộc \"{name}\""),
                )
                .with_unit(unit)
                .with_indicator(Some(ind))
                .with_period(Some(period_s.clone())),
            );
        }
    }

    // The pivot: indicator × unit, columns in registry order.
    let on_columns = Arc::new(DataFrame::new_infer_height(vec![Column::new(
        "unit_code".into(),
        codes.clone(),
    )])?);
    let pivot = if codes.is_empty() {
        DataFrame::new_infer_height(vec![Column::new("indicator".into(), Vec::<&str>::new())])?
    } else {
        in_scope
            .clone()
            .select([col("indicator"), col("unit_code"), col("value")])
            .pivot(
                by_name(["unit_code"], true, false),
                on_columns,
                by_name(["indicator"], true, false),
                by_name(["value"], true, false),
                element().first(),
                true,
                "_".into(),
                polars::frame::PivotColumnNaming::Auto,
            )
            .collect()?
    };

    // City totals by each indicator's aggregation.
    let totals = in_scope
        .clone()
        .join(
            cat.clone()
                .lazy()
                .select([col("indicator"), col("aggregate"), col("canonical_unit")]),
            [col("indicator")],
            [col("indicator")],
            JoinArgs::new(JoinType::Left),
        )
        .group_by([col("indicator")])
        .agg([
            col("aggregate").first(),
            col("canonical_unit").first(),
            col("value").sum().alias("sum"),
            col("value").mean().alias("mean"),
            (col("value") * col("denominator")).sum().alias("weighted"),
            col("numerator").sum().alias("total_numerator"),
            col("denominator").sum().alias("total_denominator"),
            col("denominator").null_count().alias("den_nulls"),
            col("value").count().alias("n"),
            col("plan_value").sum().alias("plan_sum"),
            col("plan_value").count().alias("plan_n"),
            col("prior_value").sum().alias("prior_sum"),
            col("prior_value").count().alias("prior_n"),
        ])
        .with_column(
            when(col("aggregate").eq(lit("sum")))
                .then(col("sum"))
                .when(
                    col("aggregate")
                        .eq(lit("mean"))
                        .and(col("den_nulls").eq(lit(0))),
                )
                .then(col("weighted") / col("total_denominator"))
                .when(col("aggregate").eq(lit("mean")))
                .then(col("mean"))
                .when(
                    col("aggregate")
                        .eq(lit("ratio"))
                        .and(col("canonical_unit").eq(lit("pct"))),
                )
                .then(col("total_numerator") / col("total_denominator") * lit(100.0))
                .when(col("aggregate").eq(lit("ratio")))
                .then(col("total_numerator"))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias("total"),
        )
        .with_column(
            when(col("aggregate").eq(lit("ratio")))
                .then(col("total_numerator"))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias("total_numerator"),
        )
        .with_column(
            when(col("aggregate").eq(lit("ratio")))
                .then(col("total_denominator"))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias("total_denominator"),
        )
        // The city's % of plan and growth, for summed indicators whose every unit gave the figure.
        .with_columns([
            when(
                col("aggregate")
                    .eq(lit("sum"))
                    .and(col("plan_n").eq(col("n"))),
            )
            .then(col("total") / col("plan_sum") * lit(100.0))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias("total_plan_pct"),
            when(
                col("aggregate")
                    .eq(lit("sum"))
                    .and(col("prior_n").eq(col("n"))),
            )
            .then(col("total") / col("prior_sum") * lit(100.0) - lit(100.0))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias("total_yoy_pct"),
        ])
        .select([
            col("indicator"),
            col("total"),
            col("total_numerator"),
            col("total_denominator"),
            col("total_plan_pct"),
            col("total_yoy_pct"),
        ]);

    let summary = cat
        .clone()
        .lazy()
        .select([
            col("indicator"),
            col("order"),
            col("name"),
            col("group"),
            col("canonical_unit").alias("unit"),
        ])
        .join(
            pivot.lazy(),
            [col("indicator")],
            [col("indicator")],
            JoinArgs::new(JoinType::Left),
        )
        .join(
            totals,
            [col("indicator")],
            [col("indicator")],
            JoinArgs::new(JoinType::Left),
        )
        .sort(["order"], SortMultipleOptions::default())
        .collect()?;

    // Plan attainment and growth per unit: the stated figure, else the one
    // recomputed from value and plan / prior; the unit's rank by value.
    let attainment = in_scope
        .select([
            col("unit_code"),
            col("unit_name"),
            col("indicator"),
            col("value"),
            col("plan_value"),
            col("plan_pct"),
            (col("value") / col("plan_value") * lit(100.0)).alias("plan_pct_calc"),
            col("prior_value"),
            col("yoy_pct"),
            (col("value") / col("prior_value") * lit(100.0) - lit(100.0)).alias("yoy_pct_calc"),
        ])
        .with_columns([
            coalesce(&[col("plan_pct"), col("plan_pct_calc")]).alias("plan_pct_eff"),
            coalesce(&[col("yoy_pct"), col("yoy_pct_calc")]).alias("yoy_pct_eff"),
            col("value")
                .rank(
                    RankOptions {
                        method: RankMethod::Min,
                        descending: true,
                    },
                    None,
                )
                .over([col("indicator")])?
                .alias("rank"),
        ])
        .sort_by_exprs(
            [col("indicator"), col("unit_code")],
            SortMultipleOptions::default(),
        )
        .collect()?;

    Ok(Consolidated {
        period,
        facts: facts_out,
        summary,
        attainment,
        columns,
        problems,
    })
}

fn fmt_num(x: Option<f64>) -> String {
    match x {
        None => "—".into(),
        Some(v) => {
            let r = (v * 100.0).round() / 100.0;
            if r.fract() == 0.0 {
                format!("{}", r as i64)
            } else {
                format!("{r}")
            }
        }
    }
}

/// One row of a small result frame, read by column name.
struct Row<'a> {
    df: &'a DataFrame,
    i: usize,
}

impl Row<'_> {
    fn o(&self, name: &str) -> Option<String> {
        let c = self.df.column(name).ok()?;
        let s = c.str().ok()?;
        s.get(self.i).map(|v| v.to_string())
    }
    fn s(&self, name: &str) -> String {
        self.o(name).unwrap_or_default()
    }
    fn f(&self, name: &str) -> Option<f64> {
        let c = self.df.column(name).ok()?;
        let c = c.cast(&DataType::Float64).ok()?;
        c.f64().ok()?.get(self.i)
    }
    fn problem(&self, severity: Severity, code: &str, period: &str, message: String) -> Problem {
        Problem::new(
            severity,
            code,
            self.s("source_file"),
            self.s("source_loc"),
            message,
        )
        .with_unit(self.o("unit_name"))
        .with_indicator(self.o("indicator"))
        .with_period(Some(period.to_string()))
    }
}

fn rows(df: &DataFrame) -> Result<impl Iterator<Item = Row<'_>>> {
    Ok((0..df.height()).map(move |i| Row { df, i }))
}

/// Values of a string column, for the writer.
pub fn str_values(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|v| v.map(|s| s.to_string()))
        .collect())
}

/// Values of a numeric column as f64, for the writer.
pub fn f64_values(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().collect())
}

/// Columns every facts frame has, for writers that print them all.
pub fn fact_columns() -> (&'static [&'static str], &'static [&'static str]) {
    (STR_COLS, NUM_COLS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::indicators::{Catalogue, CatalogueFile};

    fn catalogue() -> Catalogue {
        let text = r#"
[[indicator]]
id = "budget_revenue"
name = "Thu"
name_en = "Revenue"
group = "kinh_te"
unit = "ty_dong"
aggregate = "sum"
range = [0.0, 100000.0]
required = true

[[indicator]]
id = "schools_national_standard"
name = "Trường"
name_en = "Schools"
group = "van_hoa_xa_hoi"
unit = "truong"
aggregate = "ratio"
"#;
        let file: CatalogueFile = toml::from_str(text).unwrap();
        Catalogue::compile(file, std::path::Path::new("t.toml"), text).unwrap()
    }

    fn fact(unit: &str, ind: &str, value: f64, kind: &str) -> Fact {
        Fact {
            unit_code: Some(unit.into()),
            unit_name: Some(format!("U{unit}")),
            period: Some("2022-9M".into()),
            indicator: ind.into(),
            value: Some(value),
            unit: "ty_dong".into(),
            source_kind: kind.into(),
            source_file: format!("{unit}.{kind}"),
            source_loc: "x".into(),
            ..Fact::default()
        }
    }

    #[test]
    fn totals_ratios_precedence_and_checks() {
        let mut a = fact("001", "budget_revenue", 100.0, "workbook");
        a.plan_value = Some(200.0);
        a.prior_value = Some(80.0);
        let mut b = fact("002", "budget_revenue", 50.0, "workbook");
        b.plan_value = Some(100.0);
        b.prior_value = Some(50.0);
        // The text disagrees with the workbook for 002: the workbook wins, a Problem names both.
        let c = fact("002", "budget_revenue", 60.0, "text");
        let mut s1 = fact("001", "schools_national_standard", 43.0, "workbook");
        s1.numerator = Some(43.0);
        s1.denominator = Some(62.0);
        s1.stated_pct = Some(69.35);
        let mut s2 = fact("002", "schools_national_standard", 30.0, "workbook");
        s2.numerator = Some(30.0);
        s2.denominator = Some(40.0);
        s2.stated_pct = Some(80.0); // 30/40 is 75%
        let scope = vec![
            ScopeUnit {
                code: "001".into(),
                name: "A".into(),
            },
            ScopeUnit {
                code: "002".into(),
                name: "B".into(),
            },
            ScopeUnit {
                code: "003".into(),
                name: "C".into(),
            },
        ];
        let settings = Settings {
            precedence: vec![SourceKind::Workbook, SourceKind::Docx, SourceKind::Text],
            tolerance_pct: 1.0,
            pct_tolerance: 0.5,
        };
        let period = Period::parse("2022-9M").unwrap();
        let r = consolidate(&[a, b, c, s1, s2], period, &catalogue(), &scope, &settings).unwrap();
        let ids = str_values(&r.summary, "indicator").unwrap();
        let total = f64_values(&r.summary, "total").unwrap();
        let plan = f64_values(&r.summary, "total_plan_pct").unwrap();
        let yoy = f64_values(&r.summary, "total_yoy_pct").unwrap();
        let i = ids
            .iter()
            .position(|x| x.as_deref() == Some("budget_revenue"))
            .unwrap();
        assert_eq!(total[i], Some(150.0));
        assert_eq!(plan[i], Some(50.0));
        assert!((yoy[i].unwrap() - (150.0 / 130.0 * 100.0 - 100.0)).abs() < 1e-9);
        let j = ids
            .iter()
            .position(|x| x.as_deref() == Some("schools_national_standard"))
            .unwrap();
        assert_eq!(total[j], Some(73.0));
        assert_eq!(
            f64_values(&r.summary, "total_numerator").unwrap()[j],
            Some(73.0)
        );
        assert_eq!(
            f64_values(&r.summary, "total_denominator").unwrap()[j],
            Some(102.0)
        );
        let codes: Vec<&str> = r.problems.iter().map(|p| p.code.as_str()).collect();
        assert!(codes.contains(&"sources_disagree"), "{codes:?}");
        assert!(codes.contains(&"ratio_mismatch"), "{codes:?}");
        assert!(codes.contains(&"unit_not_reported"), "{codes:?}");
        assert_eq!(
            codes.iter().filter(|c| **c == "ratio_mismatch").count(),
            1,
            "43/62 = 69.35% is fine"
        );
        assert_eq!(r.columns.len(), 2);
    }
}
