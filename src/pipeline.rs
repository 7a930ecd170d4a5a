//! The pipeline: discover → read → extract (in parallel, one task per file)
//! → consolidate (per period) → write. A bad file becomes Problems and a
//! `failed` entry in Nguồn; it never stops the run.

use crate::cache::Cache;
use crate::config::units::Resolution;
use crate::config::Config;
use crate::consolidate::{self, Consolidated, ScopeUnit, Settings};
use crate::discover::{self, InputFile};
use crate::error::{Error, Result};
use crate::extract;
use crate::extract::text::TextExtractor;
use crate::lock::RunLock;
use crate::model::{Fact, FileReport, Period, Problem, Severity, SourceKind};
use crate::read::{self, Document, Format};
use crate::write;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Options a run takes from the command line, over the configuration.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Input folders or files; empty = those of `chitieu.toml`.
    pub inputs: Vec<PathBuf>,
    /// Report only this period.
    pub period: Option<Period>,
    /// Output folder; `None` = `report.output_dir`.
    pub out: Option<PathBuf>,
    /// Worker threads; `None` = every core.
    pub jobs: Option<usize>,
    /// Read everything, write nothing.
    pub dry_run: bool,
    /// Keep each input's extraction here; unchanged inputs are not read again.
    pub cache: Option<PathBuf>,
    /// Set by SIGINT/SIGTERM: stop before putting anything in place.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Show a progress bar (only when stderr is a terminal).
    pub progress: bool,
}

/// One file's outcome: its facts, problems and its Nguồn row.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct FileResult {
    pub report: FileReport,
    pub facts: Vec<Fact>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub files: usize,
    pub read: usize,
    pub skipped: usize,
    pub failed: usize,
    pub facts: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub internal_errors: usize,
    pub periods: Vec<String>,
    pub outputs: Vec<PathBuf>,
    pub millis: u64,
    /// The most severe problem of the run.
    pub worst: Option<Severity>,
}

/// Hints a path gives through the configured patterns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathHints {
    pub unit: Option<String>,
    pub period: Option<Period>,
}

pub fn path_hints(cfg: &Config, rel: &str) -> PathHints {
    for re in &cfg.path_patterns {
        if let Some(c) = re.captures(rel) {
            return PathHints {
                unit: c.name("unit").map(|m| m.as_str().to_string()),
                period: c.name("period").and_then(|m| Period::parse(m.as_str())),
            };
        }
    }
    PathHints::default()
}

/// The run's text extractor, built when the first text report is read: its
/// automata take time and memory that a run of workbooks alone never needs.
pub type SharedTextExtractor<'c> = std::sync::OnceLock<TextExtractor<'c>>;

/// Read and extract one file. A panic inside (a bug) is caught here, at the
/// file boundary, and becomes an internal-error Problem.
pub fn process_file(cfg: &Config, file: &InputFile, assumed_unit: Option<&str>) -> FileResult {
    process_file_cached(cfg, file, assumed_unit, None, None)
}

/// `process_file`, using the cache when one is given: an unchanged file (same
/// size and mtime, or same content) is not parsed again.
pub fn process_file_cached<'c>(
    cfg: &'c Config,
    file: &InputFile,
    assumed_unit: Option<&str>,
    cache: Option<&Cache>,
    text: Option<&SharedTextExtractor<'c>>,
) -> FileResult {
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        process_file_inner(cfg, file, assumed_unit, cache, text)
    }));
    let mut result = match outcome {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            fail(
                file,
                "internal_error",
                format!(
                    "lỗi nội bộ khi xử lý tệp (đã cô lập, các tệp khác không ảnh hưởng): {msg}"
                ),
            )
        }
    };
    result.report.millis = started.elapsed().as_millis() as u64;
    result
}

/// A file that could not be read: an error Problem naming it, and its Nguồn row.
fn fail(file: &InputFile, code: &str, message: impl Into<String>) -> FileResult {
    failed(
        file,
        None,
        Problem::new(Severity::Error, code, file.display.clone(), "", message),
    )
}

fn failed(file: &InputFile, sha: Option<String>, p: Problem) -> FileResult {
    FileResult {
        report: FileReport {
            path: file.display.clone(),
            status: "failed".into(),
            format: None,
            encoding: None,
            facts: 0,
            problems: 1,
            millis: 0,
            sha256: sha,
            note: p.message.clone(),
            cached: false,
        },
        facts: Vec::new(),
        problems: vec![p],
    }
}

fn process_file_inner<'c>(
    cfg: &'c Config,
    file: &InputFile,
    assumed_unit: Option<&str>,
    cache: Option<&Cache>,
    text: Option<&SharedTextExtractor<'c>>,
) -> FileResult {
    let limits = &cfg.run.limits;
    let meta = std::fs::metadata(&file.path);
    if let (Some(cache), Ok(m)) = (cache, &meta) {
        if let Some(sha) = cache.known_sha(&file.path, m) {
            if let Some(mut hit) = cache.get(&file.path, &sha) {
                hit.report.cached = true;
                return hit;
            }
        }
    }
    // Check the size before reading the bytes.
    match meta {
        // A FIFO (or a device) swapped in since discovery: reading it could hang the run.
        Ok(m) if !m.is_file() => {
            return fail(
                file,
                "unreadable_file",
                "không phải tệp thường (FIFO, socket hoặc thiết bị), không đọc",
            )
        }
        Ok(m) if m.len() > limits.max_file_mb.saturating_mul(1024 * 1024) => {
            let e = read::ReadError::TooLarge {
                size: m.len(),
                limit: limits.max_file_mb.saturating_mul(1024 * 1024),
            };
            return fail(file, "limit_exceeded", e.to_string());
        }
        Err(e) => return fail(file, "unreadable_file", format!("không đọc được tệp: {e}")),
        _ => {}
    }
    let bytes = match std::fs::read(&file.path) {
        Ok(b) => b,
        Err(e) => return fail(file, "unreadable_file", format!("không đọc được tệp: {e}")),
    };
    let sha = crate::config::hex(&Sha256::digest(&bytes));
    if let Some(cache) = cache {
        if let Ok(m) = std::fs::metadata(&file.path) {
            cache.remember(&file.path, &m, &sha);
        }
        if let Some(mut hit) = cache.get(&file.path, &sha) {
            hit.report.cached = true;
            return hit;
        }
    }
    failpoint_panic(file);
    let result = extract_bytes(cfg, file, assumed_unit, &bytes, sha.clone(), text);
    if let Some(cache) = cache {
        cache.put(&file.path, &sha, &result);
    }
    result
}

/// Read the bytes as a document and extract its facts.
fn extract_bytes<'c>(
    cfg: &'c Config,
    file: &InputFile,
    assumed_unit: Option<&str>,
    bytes: &[u8],
    sha: String,
    text_extractor: Option<&SharedTextExtractor<'c>>,
) -> FileResult {
    let limits = &cfg.run.limits;
    let doc = match read::read_bytes(bytes, &file.extension, limits) {
        Ok(d) => d,
        Err(e) => {
            let code = match e {
                read::ReadError::PasswordProtected => "password_protected",
                read::ReadError::TooLarge { .. }
                | read::ReadError::ArchiveTooLarge { .. }
                | read::ReadError::TextTooLong { .. }
                | read::ReadError::TooManyCells { .. } => "limit_exceeded",
                _ => "unreadable_file",
            };
            return failed(
                file,
                Some(sha),
                Problem::new(
                    Severity::Error,
                    code,
                    file.display.clone(),
                    "",
                    e.to_string(),
                ),
            );
        }
    };
    let hints = path_hints(cfg, &file.rel);
    let unit_hint = assumed_unit.map(|s| s.to_string()).or(hints.unit.clone());
    let default_period = hints.period.or(cfg.run.default_period());
    let file_name = file
        .path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let province = cfg.run.scope.province.get_ref().as_str();
    let (facts, problems, format, encoding, note) = match &doc {
        Document::Text {
            text,
            format,
            encoding,
        } => {
            let kind = if *format == Format::Docx {
                SourceKind::Docx
            } else {
                SourceKind::Text
            };
            let unit_written = unit_hint.as_deref().map(|u| u.replace(['-', '_'], " "));
            let ctx = extract::text::TextContext {
                file: &file.display,
                source_kind: kind,
                file_date: hints.period.map(|p| (p.year, p.end_month())),
                assumed_unit: unit_written.as_deref(),
                assumed_period: default_period,
            };
            // The phrase automaton is built once per run; one file alone builds its own.
            // A run never prints explanations: they are not built.
            let x = match text_extractor {
                Some(cell) => cell
                    .get_or_init(|| {
                        TextExtractor::new(&cfg.catalogue, &cfg.units).with_explanations(false)
                    })
                    .extract(text, &ctx),
                None => extract::text::extract(text, &ctx, &cfg.catalogue, &cfg.units),
            };
            (
                x.facts,
                x.problems,
                format.as_str(),
                Some(encoding.clone()),
                String::new(),
            )
        }
        Document::Workbook(wb) => {
            let ctx = extract::workbook::WorkbookContext {
                file: &file.display,
                file_name: &file_name,
                path_unit: unit_hint.as_deref(),
                path_period: hints.period,
                default_period,
                province: Some(province),
            };
            let x = extract::workbook::extract(
                wb,
                &ctx,
                &cfg.catalogue,
                &cfg.units,
                &cfg.run.workbook.columns,
            );
            let skipped: Vec<String> = x
                .sheets
                .iter()
                .filter(|s| s.status != "read")
                .map(|s| {
                    format!(
                        "trang '{}' {}",
                        s.name,
                        if s.status == "hidden" {
                            "ẩn, bỏ qua"
                        } else {
                            "không có bảng chỉ tiêu"
                        }
                    )
                })
                .collect();
            let mut problems = x.problems;
            if x.facts.is_empty() && x.sheets.iter().all(|s| s.status != "read") {
                problems.push(Problem::new(
                    Severity::Warning,
                    "no_table",
                    file.display.clone(),
                    "",
                    "không tìm thấy bảng chỉ tiêu nào trong bảng tính (không có dòng tiêu đề có cột chỉ tiêu và cột số liệu)",
                ));
            }
            (
                x.facts,
                problems,
                wb.format.as_str(),
                None,
                skipped.join("; "),
            )
        }
    };
    FileResult {
        report: FileReport {
            path: file.display.clone(),
            status: "read".into(),
            format: Some(format.to_string()),
            encoding,
            facts: facts.len(),
            problems: problems.len(),
            millis: 0,
            sha256: Some(sha),
            note,
            cached: false,
        },
        facts,
        problems,
    }
}

/// The units of the run's scope, in registry order.
pub fn scope_units(cfg: &Config) -> Vec<ScopeUnit> {
    let levels: Vec<&str> = cfg.run.scope.levels.iter().map(|s| s.as_str()).collect();
    cfg.units
        .scope(cfg.run.scope.province.get_ref(), &levels)
        .into_iter()
        .map(|u| ScopeUnit {
            code: u.code.clone(),
            name: u.name.clone(),
        })
        .collect()
}

pub fn scope_name(cfg: &Config) -> String {
    cfg.units
        .get(cfg.run.scope.province.get_ref())
        .map(|u| u.full_name.clone())
        .unwrap_or_default()
}

/// Resolve a unit name given on the command line to its registry name.
pub fn resolve_unit_name(cfg: &Config, written: &str) -> Option<String> {
    match cfg
        .units
        .resolve(written, Some(cfg.run.scope.province.get_ref()))
    {
        Resolution::Unique(u) => Some(u.name.clone()),
        _ => None,
    }
}

/// Everything read and extracted, before consolidation.
pub struct Extracted {
    pub results: Vec<FileResult>,
    pub discovery_problems: Vec<Problem>,
    pub skipped: Vec<FileReport>,
}

pub fn input_roots(cfg: &Config, opts: &RunOptions) -> Vec<PathBuf> {
    if !opts.inputs.is_empty() {
        return opts.inputs.clone();
    }
    let dir = cfg.path.parent().unwrap_or(Path::new("."));
    cfg.run
        .inputs
        .paths
        .iter()
        .map(|p| clean_path(&dir.join(p)))
        .collect()
}

/// `config/../data` → `data`: paths shown to planners without detours.
pub fn clean_path(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

pub fn output_dir(cfg: &Config, opts: &RunOptions) -> PathBuf {
    opts.out.clone().unwrap_or_else(|| {
        clean_path(
            &cfg.path
                .parent()
                .unwrap_or(Path::new("."))
                .join(&cfg.run.report.output_dir),
        )
    })
}

/// Discover, read and extract every input in parallel.
pub fn extract_all(cfg: &Config, opts: &RunOptions) -> Result<Extracted> {
    let roots = input_roots(cfg, opts);
    let found = discover::discover(&roots, &cfg.run.inputs.extensions, &cfg.run.inputs.exclude);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("thread pool: {e}")))?;
    let cache = match &opts.cache {
        Some(dir) => Some(Cache::open(dir, &cfg.digest)?),
        None => None,
    };
    let bar = if opts.progress {
        indicatif::ProgressBar::new(found.files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let cancel = opts.cancel.clone();
    let text_extractor = SharedTextExtractor::new();
    let results: Vec<FileResult> = pool.install(|| {
        found
            .files
            .par_iter()
            .map(|f| {
                let r = if cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed)) {
                    failed(
                        f,
                        None,
                        Problem::new(
                            Severity::Error,
                            "interrupted",
                            f.display.clone(),
                            "",
                            "lần chạy bị dừng",
                        ),
                    )
                } else {
                    process_file_cached(cfg, f, None, cache.as_ref(), Some(&text_extractor))
                };
                bar.inc(1);
                r
            })
            .collect()
    });
    bar.finish_and_clear();
    if let Some(c) = &cache {
        c.save()?;
    }
    let skipped = found
        .skipped
        .iter()
        .map(|s| FileReport {
            path: s.path.clone(),
            status: "skipped".into(),
            format: None,
            encoding: None,
            facts: 0,
            problems: 0,
            millis: 0,
            sha256: None,
            note: s.rule.clone(),
            cached: false,
        })
        .collect();
    Ok(Extracted {
        results,
        discovery_problems: found.problems,
        skipped,
    })
}

/// The manifest: every input with its hash and outcome, the program version and config digest.
#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    pub program: &'static str,
    pub version: &'static str,
    pub config_digest: &'a str,
    pub periods: Vec<String>,
    pub outputs: Vec<String>,
    pub files: &'a [FileReport],
    pub summary: &'a RunSummary,
}

/// The periods the inputs report on: each file's period from its path, or the
/// period most of its results carry. Comparison and target periods quoted in
/// a report stay in the long table but get no workbook of their own.
pub fn report_periods(results: &[FileResult], cfg: &Config) -> Vec<Period> {
    let mut out: Vec<Period> = Vec::new();
    for r in results {
        let hinted = path_hints(cfg, &r.report.path).period;
        let main = hinted.or_else(|| {
            let mut counts: Vec<(Period, usize)> = Vec::new();
            for f in r
                .facts
                .iter()
                .filter(|f| f.kind != crate::model::FactKind::Target)
            {
                if let Some(p) = f.period.as_deref().and_then(Period::parse) {
                    match counts.iter_mut().find(|(q, _)| *q == p) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((p, 1)),
                    }
                }
            }
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
            counts.first().map(|(p, _)| *p)
        });
        if let Some(p) = main {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A failpoint for the containment tests: `CHITIEU_FAILPOINT_PANIC_ON=<substring>`
/// panics while processing every input whose path contains the substring, as a
/// bug in an extractor would; the panic must stay inside that file.
fn failpoint_panic(file: &InputFile) {
    if let Ok(pat) = std::env::var("CHITIEU_FAILPOINT_PANIC_ON") {
        if !pat.is_empty() && file.display.contains(&pat) {
            panic!("failpoint CHITIEU_FAILPOINT_PANIC_ON: {}", file.display);
        }
    }
}

/// A failpoint for the interruption tests: `CHITIEU_FAILPOINT_COMMIT_DELAY_MS`
/// holds the run after staging its outputs and before putting them in place.
fn commit_delay() {
    if let Some(ms) = std::env::var("CHITIEU_FAILPOINT_COMMIT_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        tracing::info!("failpoint: holding {ms} ms before putting outputs in place");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// A full run: extract, consolidate each period, write the outputs.
pub fn run(cfg: &Config, opts: &RunOptions) -> Result<RunSummary> {
    let started = Instant::now();
    let out_dir = output_dir(cfg, opts);
    // One run at a time per output folder; a dry run writes nothing and takes no lock.
    let _lock = if opts.dry_run {
        None
    } else {
        Some(RunLock::acquire(&out_dir)?)
    };
    let cancelled = || {
        opts.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    };
    let ex = extract_all(cfg, opts)?;
    if cancelled() {
        return Err(Error::Interrupted);
    }
    let reported = report_periods(&ex.results, cfg);
    // Move, not clone: the per-file results are not needed once merged.
    let Extracted {
        results,
        discovery_problems,
        skipped,
    } = ex;
    let mut facts: Vec<Fact> = Vec::with_capacity(results.iter().map(|r| r.facts.len()).sum());
    let mut problems: Vec<Problem> = discovery_problems;
    let mut files: Vec<FileReport> = Vec::with_capacity(results.len() + skipped.len());
    for r in results {
        facts.extend(r.facts);
        problems.extend(r.problems);
        files.push(r.report);
    }
    files.extend(skipped);
    files.sort_by(|a, b| a.path.cmp(&b.path));

    let periods: Vec<Period> = match opts.period {
        Some(p) => vec![p],
        None => {
            let ps = reported;
            if ps.is_empty() {
                cfg.run.default_period().into_iter().collect()
            } else {
                ps
            }
        }
    };
    let settings = Settings {
        precedence: cfg.run.consolidate.precedence.clone(),
        tolerance_pct: cfg.run.consolidate.tolerance_pct,
        pct_tolerance: cfg.run.consolidate.pct_tolerance,
    };
    let scope = scope_units(cfg);
    let scope_name = scope_name(cfg);
    let mut consolidated: Vec<Consolidated> = Vec::new();
    for p in &periods {
        consolidated.push(consolidate::consolidate(
            &facts,
            *p,
            &cfg.catalogue,
            &scope,
            &settings,
        )?);
    }

    let all_problems: Vec<&Problem> = problems
        .iter()
        .chain(consolidated.iter().flat_map(|c| c.problems.iter()))
        .collect();
    let count = |s: Severity| all_problems.iter().filter(|p| p.severity == s).count();
    let mut summary = RunSummary {
        files: files.len(),
        read: files.iter().filter(|f| f.status == "read").count(),
        skipped: files.iter().filter(|f| f.status == "skipped").count(),
        failed: files.iter().filter(|f| f.status == "failed").count(),
        facts: facts.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        internal_errors: all_problems
            .iter()
            .filter(|p| p.code == "internal_error")
            .count(),
        periods: periods.iter().map(|p| p.to_string()).collect(),
        outputs: Vec::new(),
        millis: 0,
        worst: all_problems.iter().map(|p| p.severity).max(),
    };

    if !opts.dry_run {
        std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;
        write::clean_stale_temporaries(&out_dir);
        // Everything is staged beside its destination first, then renamed in one
        // go: an interrupted run leaves the previous outputs untouched.
        let mut staged = Vec::new();
        // A trend sheet when several periods were reported.
        let trend: Option<Vec<&Consolidated>> =
            (consolidated.len() > 1).then(|| consolidated.iter().collect());
        // The long table as a frame; the facts themselves are not needed after it.
        let all_facts = consolidate::facts_frame(&facts)?;
        drop(facts);
        // Written straight to their staged files, then the frame is dropped.
        let long_out = out_dir.clone();
        let long_table = move || -> Result<(write::Staged, write::Staged)> {
            let csv = write::stage_with(&long_out.join("facts.csv"), |w| {
                write::write_facts_csv(&all_facts, w)
            })?;
            let parquet = write::parquet::facts_parquet(&all_facts)?;
            drop(all_facts);
            let parquet = write::stage(&long_out.join("facts.parquet"), &parquet)?;
            Ok((csv, parquet))
        };
        let (wb_result, long_result) = std::thread::scope(|scope| {
            // The long table for other tools is built beside the workbook.
            let side = scope.spawn(long_table);
            let wb_result = (|| -> Result<()> {
                for c in &consolidated {
                    let name = write::output_name(
                        cfg.run.report.workbook.get_ref(),
                        &c.period.to_string(),
                    );
                    let path = out_dir.join(&name);
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
                    tracing::debug!("writing {}", path.display());
                    let bytes = write::workbook_bytes(&input, &path)?;
                    staged.push(write::stage(&path, &bytes)?);
                    if let (Some(latest), true) = (
                        &cfg.run.report.latest,
                        c.period == *periods.last().unwrap_or(&c.period),
                    ) {
                        let lp = out_dir.join(write::output_name(latest, &c.period.to_string()));
                        staged.push(write::stage(&lp, &bytes)?);
                    }
                    if cancelled() {
                        return Err(Error::Interrupted);
                    }
                }
                Ok(())
            })();
            let long_result = side
                .join()
                .unwrap_or_else(|_| Err(Error::Usage("the long-table writer panicked".into())));
            (wb_result, long_result)
        });
        wb_result?;
        let (csv, parquet) = long_result?;
        staged.push(csv);
        staged.push(parquet);

        let mut outputs: Vec<PathBuf> = staged.iter().map(|s| s.path.clone()).collect();
        let mpath = out_dir.join("manifest.json");
        outputs.push(mpath.clone());
        summary.outputs = outputs.clone();
        summary.millis = started.elapsed().as_millis() as u64;
        let manifest = Manifest {
            program: "chitieu",
            version: env!("CARGO_PKG_VERSION"),
            config_digest: &cfg.digest,
            periods: summary.periods.clone(),
            outputs: outputs.iter().map(|p| p.display().to_string()).collect(),
            files: &files,
            summary: &summary,
        };
        let json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Usage(e.to_string()))?;
        staged.push(write::stage(&mpath, &json)?);
        commit_delay();
        if cancelled() {
            return Err(Error::Interrupted);
        }
        for s in staged {
            s.commit()?;
        }
    }
    summary.millis = started.elapsed().as_millis() as u64;
    Ok(summary)
}
