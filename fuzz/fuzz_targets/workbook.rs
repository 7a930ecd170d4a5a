//! Bytes → format sniffing → calamine → our sparse sheets → workbook extractor.
#![no_main]

use chitieu::config::Config;
use chitieu::extract::workbook::{extract, WorkbookContext};
use chitieu::read::{read_bytes, Document};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn config() -> &'static Config {
    static CFG: OnceLock<Config> = OnceLock::new();
    CFG.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../config/chitieu.toml");
        Config::load(std::path::Path::new(path)).expect("config/chitieu.toml loads")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let cfg = config();
    if let Ok(Document::Workbook(wb)) = read_bytes(bytes, "xlsx", &cfg.run.limits) {
        let ctx = WorkbookContext {
            file: "fuzz.xlsx",
            file_name: "fuzz.xlsx",
            path_unit: None,
            path_period: None,
            default_period: cfg.run.default_period(),
            province: Some("01"),
        };
        let _ = extract(
            &wb,
            &ctx,
            &cfg.catalogue,
            &cfg.units,
            &cfg.run.workbook.columns,
        );
    }
});
