//! Where a run's time goes: the pipeline's stages timed one by one through the
//! library, in the order `chitieu run` runs them (`pipeline::run`), without
//! writing anything to the output folder.
//!
//! - `extract_jN` — discover + read + extract every input with N threads
//!   (`--jobs 1,2`: the same inputs once per N; the speed-up of reading and
//!   extraction is `extract_j1 / extract_j2`);
//! - `merge` — the per-file results gathered into one list of facts and problems;
//! - `consolidate` — Polars: winners, checks, pivot, totals (per period);
//! - `workbook` — the planner's workbook built in memory (`write::workbook_bytes`);
//! - `csv`, `parquet` — the long table for other tools.
//!
//! `hwm_*_mib` is the process's peak resident memory after each stage.
//!
//! Prints one line: `stages extract_j1=… extract_j1_cpu=… extract_j2=… merge=… consolidate=… workbook=… csv=… parquet=… facts=… problems=…`.
//!
//! ```sh
//! cargo bench --bench stages -- --config config/chitieu.toml --input target/bench-data/n300/xlsx --jobs 1,2
//! ```

use chitieu::config::Config;
use chitieu::consolidate::{self, Settings};
use chitieu::model::{Fact, FileReport, Problem};
use chitieu::pipeline::{self, RunOptions};
use chitieu::write;
use std::path::PathBuf;
use std::time::Instant;

/// CPU seconds (user + system) of this process so far, from /proc (Linux);
/// 0 elsewhere. With `extract_jN`'s wall time it shows how many cores the
/// stage really got: on a busy machine `--jobs 2` cannot be faster than the
/// cores other processes leave free.
fn cpu_s() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may contain spaces): state is field 3;
    // utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

/// Peak resident memory so far (VmHWM), MiB; 0 where /proc is missing.
fn hwm_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

// The allocator the chitieu binary runs with, so stages and the floor are
// measured under the same conditions.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: chitieu::allocator::Allocator = chitieu::allocator::Allocator;

fn main() {
    chitieu::allocator::tune();
    let mut config = PathBuf::from("config/chitieu.toml");
    let mut inputs: Vec<PathBuf> = Vec::new();
    let mut jobs: Vec<usize> = vec![2];
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--config" => config = it.next().expect("--config FILE").into(),
            "--input" => inputs.push(it.next().expect("--input DIR").into()),
            "--jobs" => {
                jobs = it
                    .next()
                    .expect("--jobs 1,2")
                    .split(',')
                    .map(|j| j.parse().expect("--jobs 1,2"))
                    .collect()
            }
            "--bench" => {}
            other => {
                eprintln!(
                    "usage: stages [--config FILE] --input DIR... [--jobs 1,2]; unknown {other}"
                );
                std::process::exit(2);
            }
        }
    }
    let cfg = Config::load(&config).unwrap_or_else(|e| panic!("{}: {e}", config.display()));
    let mut line = String::from("stages");
    let mut ex = None;
    for j in &jobs {
        let opts = RunOptions {
            inputs: inputs.clone(),
            jobs: Some(*j),
            ..RunOptions::default()
        };
        let (t, c) = (Instant::now(), cpu_s());
        let e = pipeline::extract_all(&cfg, &opts).expect("extract");
        line.push_str(&format!(
            " extract_j{j}={:.3} extract_j{j}_cpu={:.2}",
            t.elapsed().as_secs_f64(),
            cpu_s() - c
        ));
        ex = Some(e);
    }
    let ex = ex.expect("--jobs names at least one thread count");
    line.push_str(&format!(" hwm_extract_mib={:.0}", hwm_mib()));

    let t = Instant::now();
    let mut facts: Vec<Fact> = Vec::new();
    let mut problems: Vec<Problem> = ex.discovery_problems.clone();
    let mut files: Vec<FileReport> = Vec::new();
    for r in &ex.results {
        facts.extend(r.facts.iter().cloned());
        problems.extend(r.problems.iter().cloned());
        files.push(r.report.clone());
    }
    files.extend(ex.skipped.iter().cloned());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let periods = {
        let ps = pipeline::report_periods(&ex.results, &cfg);
        if ps.is_empty() {
            cfg.run.default_period().into_iter().collect()
        } else {
            ps
        }
    };
    line.push_str(&format!(" merge={:.3}", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let settings = Settings {
        precedence: cfg.run.consolidate.precedence.clone(),
        tolerance_pct: cfg.run.consolidate.tolerance_pct,
        pct_tolerance: cfg.run.consolidate.pct_tolerance,
    };
    let scope = pipeline::scope_units(&cfg);
    let scope_name = pipeline::scope_name(&cfg);
    let consolidated: Vec<_> = periods
        .iter()
        .map(|p| {
            consolidate::consolidate(&facts, *p, &cfg.catalogue, &scope, &settings)
                .expect("consolidate")
        })
        .collect();
    line.push_str(&format!(
        " consolidate={:.3} hwm_consolidate_mib={:.0}",
        t.elapsed().as_secs_f64(),
        hwm_mib()
    ));

    let t = Instant::now();
    let trend: Option<Vec<&consolidate::Consolidated>> =
        (consolidated.len() > 1).then(|| consolidated.iter().collect());
    let mut wb_bytes = 0usize;
    for c in &consolidated {
        let input = write::WriteInput {
            consolidated: c,
            catalogue: &cfg.catalogue,
            files: &files,
            problems: &problems,
            scope_name: &scope_name,
            trend: trend.as_deref(),
            large_sheet_rows: cfg.run.report.large_sheet_rows,
            compression_level: *cfg.run.report.compression_level.get_ref(),
        };
        wb_bytes += write::workbook_bytes(&input, std::path::Path::new("bench.xlsx"))
            .expect("workbook")
            .len();
    }
    line.push_str(&format!(
        " workbook={:.3} hwm_workbook_mib={:.0}",
        t.elapsed().as_secs_f64(),
        hwm_mib()
    ));

    let t = Instant::now();
    let frame = consolidate::facts_frame(&facts).expect("facts frame");
    let csv = write::facts_csv(&frame).expect("csv");
    line.push_str(&format!(" csv={:.3}", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let parquet = write::parquet::facts_parquet(&frame).expect("parquet");
    line.push_str(&format!(
        " parquet={:.3} hwm_end_mib={:.0}",
        t.elapsed().as_secs_f64(),
        hwm_mib()
    ));

    let rows: usize = consolidated.iter().map(|c| c.facts.height()).sum();
    let period_problems: usize = consolidated.iter().map(|c| c.problems.len()).sum();
    line.push_str(&format!(
        " facts={} data_rows={rows} problems={} files={} workbook_mb={:.1} csv_mb={:.1} parquet_mb={:.1}",
        facts.len(),
        problems.len() + period_problems,
        files.len(),
        wb_bytes as f64 / 1e6,
        csv.len() as f64 / 1e6,
        parquet.len() as f64 / 1e6
    ));
    println!("{line}");
}
