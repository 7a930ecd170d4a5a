//! The one integration-test binary: end-to-end runs of `chitieu` on real
//! files, reading the written workbook back with calamine.

mod bench_smoke;
mod common;
mod hostile;
mod ops;
mod planner;
mod skeleton;
mod text;
mod units;
mod workbooks;
