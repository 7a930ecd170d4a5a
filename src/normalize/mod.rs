//! Parsing shared by the text and workbook extractors: folding, numbers,
//! units of measure and periods. The extractors share these, never each other.

pub mod fold;
pub mod legacy;
pub mod measure;
pub mod number;
pub mod period;
