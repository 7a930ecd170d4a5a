//! Text extractor throughput on report prose (the development set's texts
//! and the seed, concatenated). Target: ≥ 20 MB/s per core.
//! Needs `[[bench]] name = "text" harness = false` in Cargo.toml.

use chitieu::config::indicators::{Catalogue, CatalogueFile};
use chitieu::config::units::{UnitRegistry, UnitsFile};
use chitieu::extract::text::{TextContext, TextExtractor};
use chitieu::model::SourceKind;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;

fn corpus() -> String {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared");
    let mut out = String::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(shared.join("dev").join("cases"))
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.push(shared.join("seeds").join("000_748c56fe5ba81c01.txt"));
    paths.sort();
    for p in paths {
        if let Ok(t) = std::fs::read_to_string(&p) {
            out.push_str(&t);
            out.push('\n');
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config");
    let cat_path = root.join("indicators.toml");
    let (file, text) =
        chitieu::config::load_toml::<CatalogueFile>(&cat_path).expect("indicators.toml");
    let catalogue = Catalogue::compile(file, &cat_path, &text).expect("catalogue");
    let units_path = root.join("units.toml");
    let (file, text) = chitieu::config::load_toml::<UnitsFile>(&units_path).expect("units.toml");
    let units = UnitRegistry::compile(file, &units_path, &text).expect("units");
    let x = TextExtractor::new(&catalogue, &units);
    let text = corpus();
    let ctx = TextContext {
        file: "bench.txt",
        source_kind: SourceKind::Text,
        file_date: Some((2022, 10)),
        assumed_unit: Some("Đống Đa"),
        assumed_period: None,
    };
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("extract_report_prose", |b| {
        b.iter(|| x.extract(&text, &ctx))
    });
    // each case as its own file, as a run reads them
    let cases: Vec<String> = text
        .split("\n date ")
        .map(|s| format!(" date {s}"))
        .collect();
    g.bench_function("extract_per_file", |b| {
        b.iter(|| {
            cases
                .iter()
                .map(|t| x.extract(t, &ctx).facts.len())
                .sum::<usize>()
        })
    });
    // the fixed cost of a run: one short sentence
    let one = " date 2022-10 \nTổng thu ngân sách ước đạt 1.234,5 tỷ đồng, bằng 75,2% dự toán.\n";
    g.throughput(Throughput::Bytes(one.len() as u64));
    g.bench_function("extract_one_sentence", |b| b.iter(|| x.extract(one, &ctx)));
    g.throughput(Throughput::Bytes(text.len() as u64));
    // facts and problems only (a run without `--explain`)
    let quiet = TextExtractor::new(&catalogue, &units).with_explanations(false);
    g.bench_function("extract_report_prose_no_explain", |b| {
        b.iter(|| quiet.extract(&text, &ctx))
    });
    g.finish();
}

// The allocator the chitieu binary runs with.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: chitieu::allocator::Allocator = chitieu::allocator::Allocator;

criterion_group!(benches, bench);
criterion_main!(benches);
