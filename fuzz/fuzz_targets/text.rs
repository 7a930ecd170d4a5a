//! The text extractor with the real configuration (loaded once).
#![no_main]

use chitieu::config::Config;
use chitieu::extract::text::{TextContext, TextExtractor};
use chitieu::model::SourceKind;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn config() -> &'static Config {
    static CFG: OnceLock<Config> = OnceLock::new();
    CFG.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../config/chitieu.toml");
        Config::load(std::path::Path::new(path)).expect("config/chitieu.toml loads")
    })
}

fn extractor() -> &'static TextExtractor<'static> {
    static X: OnceLock<TextExtractor<'static>> = OnceLock::new();
    X.get_or_init(|| {
        let cfg = config();
        TextExtractor::new(&cfg.catalogue, &cfg.units)
    })
}

fuzz_target!(|text: &str| {
    let cfg = config();
    let ctx = TextContext {
        file: "fuzz.txt",
        source_kind: SourceKind::Text,
        file_date: Some((2022, 10)),
        assumed_unit: None,
        assumed_period: cfg.run.default_period(),
    };
    let _ = extractor().extract(text, &ctx);
});
