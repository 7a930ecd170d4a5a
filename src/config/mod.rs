//! Configuration under `config/`: the run (`chitieu.toml`), the indicator
//! catalogue (`indicators.toml`) and the administrative-unit registry
//! (`units.toml`). Every struct rejects unknown keys, and every error names
//! the file, the line and the key.

pub mod indicators;
pub mod run;
pub mod units;

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub use indicators::{Aggregate, Catalogue, Group, Indicator};
pub use run::RunConfig;
pub use units::UnitRegistry;

/// Everything a run needs, loaded and validated.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    pub run: RunConfig,
    pub catalogue: Catalogue,
    pub units: UnitRegistry,
    /// sha256 over the three files, so cached extractions are tied to the config that made them.
    pub digest: String,
    /// `inputs.path_pattern`, compiled once (validated on load, so none is dropped).
    pub path_patterns: Vec<regex::Regex>,
}

impl Config {
    /// Load `chitieu.toml` and the catalogue and registry it names (relative to its folder).
    /// Every error of every file is gathered before failing.
    pub fn load(path: &Path) -> Result<Config> {
        let (run, run_text) = load_toml::<RunConfig>(path)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut errors = run.validate(path, &run_text);
        let cat_path = dir.join(&run.config.indicators);
        let units_path = dir.join(&run.config.units);
        let catalogue = match load_toml::<indicators::CatalogueFile>(&cat_path) {
            Ok((file, text)) => match Catalogue::compile(file, &cat_path, &text) {
                Ok(c) => Some((c, text)),
                Err(Error::ConfigMany(es)) => {
                    errors.extend(es);
                    None
                }
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let units = match load_toml::<units::UnitsFile>(&units_path) {
            Ok((file, text)) => match UnitRegistry::compile(file, &units_path, &text) {
                Ok(u) => Some((u, text)),
                Err(Error::ConfigMany(es)) => {
                    errors.extend(es);
                    None
                }
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            Err(e) => {
                errors.push(e);
                None
            }
        };
        if let (Some((_, _)), Some((registry, _))) = (&catalogue, &units) {
            errors.extend(run.validate_scope(path, &run_text, registry));
        }
        match (catalogue, units) {
            (Some((catalogue, cat_text)), Some((units, units_text))) if errors.is_empty() => {
                let mut h = Sha256::new();
                for t in [&run_text, &cat_text, &units_text] {
                    h.update((t.len() as u64).to_le_bytes());
                    h.update(t.as_bytes());
                }
                let digest = hex(&h.finalize());
                let path_patterns = run.compiled_patterns();
                Ok(Config {
                    path: path.to_path_buf(),
                    path_patterns,
                    run,
                    catalogue,
                    units,
                    digest,
                })
            }
            _ => {
                if errors.len() == 1 {
                    Err(errors.remove(0))
                } else {
                    Err(Error::ConfigMany(errors))
                }
            }
        }
    }
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Read and deserialize one TOML file; a parse error names the file, line, column and key.
pub fn load_toml<T: DeserializeOwned>(path: &Path) -> Result<(T, String)> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
        file: path.to_path_buf(),
        line: 0,
        column: 0,
        key: "-".into(),
        message: format!("cannot read: {e}"),
    })?;
    parse_toml(path, &text).map(|t| (t, text))
}

pub fn parse_toml<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    toml::from_str::<T>(text).map_err(|e| {
        let span = e.span();
        let (line, column) = span
            .as_ref()
            .map(|s| line_col(text, s.start))
            .unwrap_or((0, 0));
        let key = span
            .and_then(|s| text.get(s))
            .map(key_of)
            .unwrap_or_else(|| "-".into());
        Error::Config {
            file: path.to_path_buf(),
            line,
            column,
            key,
            message: e.message().trim().to_string(),
        }
    })
}

/// The key named by a span of TOML source: the text before `=` or the table header.
fn key_of(fragment: &str) -> String {
    let first = fragment.lines().next().unwrap_or("").trim();
    let k = first.split('=').next().unwrap_or(first).trim();
    let k = k.trim_matches(|c| c == '[' || c == ']' || c == '"');
    if k.is_empty() {
        "-".into()
    } else {
        k.chars().take(60).collect()
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// An error for a value that parsed but is not valid, located with its span.
pub fn invalid(
    path: &Path,
    text: &str,
    span: std::ops::Range<usize>,
    key: &str,
    message: impl Into<String>,
) -> Error {
    let (line, column) = line_col(text, span.start);
    Error::Config {
        file: path.to_path_buf(),
        line,
        column,
        key: key.to_string(),
        message: message.into(),
    }
}
