//! The command line: a thin layer over the library. Exit codes follow the
//! operating contract: 0 all read; 1 finished with problems at or above
//! `--fail-on`; 2 usage or configuration error; 75 another run holds the lock.

use crate::config::Config;
use crate::discover::InputFile;
use crate::error::Error;
use crate::model::{Fact, Period, Severity};
use crate::pipeline::{self, RunOptions};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub const EXIT_OK: i32 = 0;
pub const EXIT_PROBLEMS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_LOCKED: i32 = 75;
/// Stopped by SIGINT/SIGTERM (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

#[derive(Debug, Parser)]
#[command(
    name = "chitieu",
    version,
    about = "Consolidates the socio-economic indicators districts report (Excel tables and narrative reports) into one planner's workbook",
    after_help = "Examples:\n  chitieu run                                   # data/ per config/chitieu.toml, workbook under out/\n  chitieu run --input reports/2022-9M --period 2022-9M --out /srv/tong-hop\n  chitieu extract data/2022-9M/dong-da.txt --format json\n  chitieu extract bao-cao.txt --unit \"Đống Đa\" --explain\n  chitieu check                                 # validate config/, run the catalogue's examples\n\nExit codes: 0 all read; 1 problems at or above --fail-on; 2 usage or configuration error; 75 another run holds the lock; 130 interrupted (previous outputs untouched)."
)]
pub struct Cli {
    /// Logs as JSON lines (for log collectors) instead of human text.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Human)]
    pub log_format: LogFormat,
    /// Only errors in the log.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More detail in the log (-v, -vv).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every input, consolidate, write the workbook, the long table (CSV, Parquet) and the manifest.
    Run {
        #[arg(long, default_value = "config/chitieu.toml")]
        config: PathBuf,
        /// Input folder or file (repeatable); replaces inputs.paths of the config.
        #[arg(long = "input")]
        inputs: Vec<PathBuf>,
        /// Report only this period (2022-9M, 2022-Q3, 2022-M10, 2022-H1, 2022-Y).
        #[arg(long, value_parser = parse_period)]
        period: Option<Period>,
        /// Output folder; replaces report.output_dir of the config.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Worker threads (default: every core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Read and check everything, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Exit 1 when problems of this severity or worse were found.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Cache folder for per-input extractions (default: `.cache` in the output folder).
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Read every input again, ignoring and not filling the cache.
        #[arg(long, conflicts_with = "cache")]
        no_cache: bool,
    },
    /// Print the facts of one file, with provenance.
    Extract {
        file: PathBuf,
        #[arg(long, default_value = "config/chitieu.toml")]
        config: PathBuf,
        /// The unit to assume where the file itself names none ("Đống Đa", "Q. Đống Đa").
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// List every number found, what it was attached to and why, and why skipped ones were skipped.
        #[arg(long)]
        explain: bool,
    },
    /// Validate the configuration and run the catalogue's example sentences.
    Check {
        #[arg(long, default_value = "config/chitieu.toml")]
        config: PathBuf,
    },
}

fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse(s).ok_or_else(|| {
        format!("`{s}` is not a period (2022-M10, 2022-Q3, 2022-H1, 2022-9M, 2022-Y)")
    })
}

pub fn init_logging(cli: &Cli) {
    use tracing_subscriber::EnvFilter;
    let level = if cli.quiet {
        "error"
    } else {
        match cli.verbose {
            0 => "info",
            1 => "debug",
            _ => "trace",
        }
    };
    let filter = EnvFilter::try_from_env("CHITIEU_LOG").unwrap_or_else(|_| EnvFilter::new(level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let _ = match cli.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Human => builder.without_time().try_init(),
    };
}

fn load(config: &std::path::Path) -> Result<Config, i32> {
    Config::load(config).map_err(|e| {
        tracing::error!("{e}");
        eprintln!("chitieu: configuration error\n{e}");
        EXIT_USAGE
    })
}

/// Run the parsed command; returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let log_format = cli.log_format;
    let quiet = cli.quiet;
    match cli.command {
        Command::Run {
            config,
            inputs,
            period,
            out,
            jobs,
            dry_run,
            fail_on,
            cache,
            no_cache,
        } => {
            let cfg = match load(&config) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            // SIGINT/SIGTERM only raise a flag: the run stops before putting
            // anything in place, and its temporary files are removed.
            let cancel = Arc::new(AtomicBool::new(false));
            for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
                signal_hook::flag::register(sig, cancel.clone())?;
            }
            let mut opts = RunOptions {
                inputs,
                period,
                out,
                jobs,
                dry_run,
                cache: None,
                cancel: Some(cancel),
                progress: !quiet
                    && log_format == LogFormat::Human
                    && std::io::IsTerminal::is_terminal(&std::io::stderr()),
            };
            if !no_cache && !dry_run {
                opts.cache =
                    Some(cache.unwrap_or_else(|| pipeline::output_dir(&cfg, &opts).join(".cache")));
            }
            match pipeline::run(&cfg, &opts) {
                Ok(summary) => {
                    let workbook = summary
                        .outputs
                        .iter()
                        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| "(none)".into());
                    if log_format == LogFormat::Json {
                        tracing::info!(
                            files = summary.files,
                            read = summary.read,
                            skipped = summary.skipped,
                            failed = summary.failed,
                            facts = summary.facts,
                            errors = summary.errors,
                            warnings = summary.warnings,
                            internal_errors = summary.internal_errors,
                            millis = summary.millis,
                            workbook = %workbook,
                            "run finished"
                        );
                    } else {
                        tracing::info!(
                            "done: {} files ({} read, {} skipped, {} failed), {} facts, {} errors, {} warnings{} in {} ms → {}",
                            summary.files,
                            summary.read,
                            summary.skipped,
                            summary.failed,
                            summary.facts,
                            summary.errors,
                            summary.warnings,
                            if summary.internal_errors > 0 {
                                format!(", {} internal errors", summary.internal_errors)
                            } else {
                                String::new()
                            },
                            summary.millis,
                            workbook
                        );
                    }
                    for p in &summary.outputs {
                        println!("{}", p.display());
                    }
                    let fail = match fail_on {
                        FailOn::Never => false,
                        FailOn::Error => summary.worst >= Some(Severity::Error),
                        FailOn::Warning => summary.worst >= Some(Severity::Warning),
                    };
                    Ok(if fail { EXIT_PROBLEMS } else { EXIT_OK })
                }
                Err(Error::Interrupted) => {
                    eprintln!("chitieu: interrupted; previous outputs left untouched");
                    Ok(EXIT_INTERRUPTED)
                }
                Err(Error::Locked { path, holder }) => {
                    eprintln!(
                        "chitieu: another run holds the lock {}{holder}",
                        path.display()
                    );
                    Ok(EXIT_LOCKED)
                }
                Err(e @ (Error::Config { .. } | Error::ConfigMany(_) | Error::Usage(_))) => {
                    eprintln!("chitieu: {e}");
                    Ok(EXIT_USAGE)
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Extract {
            file,
            config,
            unit,
            format,
            explain,
        } => {
            let cfg = match load(&config) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            if !file.is_file() {
                eprintln!("chitieu: {}: no such file", file.display());
                return Ok(EXIT_USAGE);
            }
            let input = InputFile {
                display: file.display().to_string(),
                rel: file
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().to_string())
                    .collect::<Vec<_>>()
                    .join("/"),
                extension: file
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default(),
                path: file.clone(),
            };
            let result = pipeline::process_file(&cfg, &input, unit.as_deref());
            match format {
                OutputFormat::Json => {
                    println!("{}", serde_json::to_string_pretty(&result.facts)?);
                }
                OutputFormat::Table => print_table(&result.facts),
            }
            for p in &result.problems {
                eprintln!(
                    "{}: {} [{}] {}: {}",
                    p.severity.as_str(),
                    p.file,
                    p.location,
                    p.code,
                    p.message
                );
            }
            if explain {
                if let Ok(crate::read::Document::Text { text, .. }) = std::fs::read(&file)
                    .map_err(|e| e.to_string())
                    .and_then(|b| {
                        crate::read::read_bytes(&b, &input.extension, &cfg.run.limits)
                            .map_err(|e| e.to_string())
                    })
                {
                    let unit_written = unit.as_deref().map(|u| u.to_string());
                    let ctx = crate::extract::text::TextContext {
                        file: &input.display,
                        source_kind: crate::model::SourceKind::Text,
                        file_date: None,
                        assumed_unit: unit_written.as_deref(),
                        assumed_period: cfg.run.default_period(),
                    };
                    let x = crate::extract::text::extract(&text, &ctx, &cfg.catalogue, &cfg.units);
                    eprintln!("--- explain: every number found ---");
                    for e in &x.explain {
                        eprintln!("{:<24} {:<14} {}", e.location, e.number, e.outcome);
                    }
                }
            }
            Ok(
                if result.report.status == "read" && result.problems.is_empty() {
                    EXIT_OK
                } else {
                    EXIT_PROBLEMS
                },
            )
        }
        Command::Check { config } => {
            let cfg = match load(&config) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            let failures = crate::extract::examples::check_examples(&cfg.catalogue, &cfg.units);
            let total: usize = cfg
                .catalogue
                .indicators
                .iter()
                .map(|i| i.examples.len())
                .sum();
            println!(
                "{}: ok — {} indicators, {} units, {} examples ({} failed)",
                config.display(),
                cfg.catalogue.indicators.len(),
                cfg.units.units().len(),
                total,
                failures.len()
            );
            for f in &failures {
                println!("  example failed: {f}");
            }
            Ok(if failures.is_empty() {
                EXIT_OK
            } else {
                EXIT_PROBLEMS
            })
        }
    }
}

fn print_table(facts: &[Fact]) {
    println!(
        "{:<14} {:<9} {:<32} {:>14} {:<10} {:<9} {:>8} {:>8}  source",
        "unit", "period", "indicator", "value", "unit", "kind", "plan%", "yoy%"
    );
    let opt = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
    for f in facts {
        println!(
            "{:<14} {:<9} {:<32} {:>14} {:<10} {:<9} {:>8} {:>8}  {}",
            f.unit_name.as_deref().unwrap_or("?"),
            f.period.as_deref().unwrap_or("?"),
            f.indicator,
            opt(f.value),
            f.unit,
            f.kind.as_str(),
            opt(f.plan_pct),
            opt(f.yoy_pct),
            f.source_loc
        );
    }
}
