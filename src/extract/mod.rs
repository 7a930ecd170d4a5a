//! Extraction: from read documents to `Fact`s and `Problem`s.

pub mod examples;
pub mod text;
pub mod workbook;
