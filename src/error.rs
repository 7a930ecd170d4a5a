//! The library's error type. Every variant names the file and, where one
//! exists, the place in it; `anyhow` is used only in `main`.

use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    /// A configuration file could not be read, parsed or validated.
    #[error("{file}:{line}:{column}: {key}: {message}")]
    Config {
        file: PathBuf,
        line: usize,
        column: usize,
        key: String,
        message: String,
    },
    /// Several configuration errors, gathered before failing.
    #[error("{} configuration error(s):\n{}", .0.len(), .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    ConfigMany(Vec<Error>),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    #[error("polars: {0}")]
    Polars(#[from] polars::error::PolarsError),
    #[error("{path}: writing the workbook: {source}")]
    Xlsx {
        path: PathBuf,
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
    #[error("another run holds the lock {path}{holder}")]
    Locked { path: PathBuf, holder: String },
    #[error("interrupted by signal; previous outputs left untouched")]
    Interrupted,
    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Return early with an error (the `bail!` of the library).
#[macro_export]
macro_rules! bail {
    ($e:expr) => {
        return Err($e.into())
    };
}

/// Return early with an error unless a condition holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $e:expr) => {
        if !$cond {
            return Err($e.into());
        }
    };
}
