//! chitieu: consolidates the socio-economic indicators that Vietnamese
//! administrative units report — Excel tables and narrative text reports —
//! into one Polars fact table and the planner's Excel workbook.
//!
//! Stages, in order (each a module; a stage never imports a later one):
//! `discover` → `read` → `extract::{text, workbook}` → `normalize` →
//! `consolidate` → `write`, run by `pipeline`, driven by `cli`.
//! `model` holds the records they share; `config` the validated configuration.

pub mod allocator;
pub mod cache;
pub mod cli;
pub mod config;
pub mod consolidate;
pub mod discover;
pub mod error;
pub mod extract;
pub mod lock;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod read;
pub mod write;

pub use error::{Error, Result};
pub use model::{Fact, FactKind, FileReport, Period, PeriodSpan, Problem, Severity, SourceKind};
