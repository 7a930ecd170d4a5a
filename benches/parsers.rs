//! Criterion benchmarks of the per-file work: the number parser, the text
//! extractor (MB/s; target ≥ 20 MB/s per core) and the workbook reader and
//! extractor.
//!
//! - `number/*` — `normalize::number::parse_number` over a mix of tokens as
//!   reports write them (`8.599,3`, `1.234.567`, `108,987`, `69,35`, `1,234.5`…);
//! - `text/*` — `extract::text` on report prose: `data/2022-9M/*.txt` and, when
//!   present, `../shared/dev/cases/*`, each file as a run reads it; `per_call`
//!   is the free function `extract::text::extract` the pipeline calls (it
//!   compiles the catalogue's phrases every call), `reused` a `TextExtractor`
//!   built once; throughput in bytes of text;
//! - `workbook/*` — one generated district workbook
//!   (`target/bench-data/n10/xlsx/b000/2022-9M/ba-dinh.xlsx`, written by
//!   `make bench` / `cargo run --release --example gen_bench -- --out target/bench-data/n10 --n 10`;
//!   `data/2022-9M/ba-dinh.xlsx` when it is missing): `read_bytes` alone and
//!   `extract::workbook::extract` on the document read.
//!
//! `cargo bench --bench parsers` (or `make bench`).

use chitieu::config::Config;
use chitieu::extract::text::{TextContext, TextExtractor};
use chitieu::extract::workbook::WorkbookContext;
use chitieu::model::SourceKind;
use chitieu::normalize::number::{parse_number, Convention};
use chitieu::read::{self, Document};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn config() -> Config {
    Config::load(&root().join("config/chitieu.toml")).expect("config/chitieu.toml")
}

const TOKENS: &[&str] = &[
    "8.599,3",
    "1.234.567",
    "108,987",
    "69,35",
    "1.100",
    "43",
    "12,5",
    "-1.234,5",
    "284,6",
    "1,234.5",
    "2.136,5",
    "0,8",
    "15.630,6",
    "98",
    "1.284,6(*)",
    "7.000.000",
    "3,14",
    "100",
];

fn numbers(c: &mut Criterion) {
    let mut g = c.benchmark_group("number");
    g.throughput(Throughput::Elements(TOKENS.len() as u64));
    for conv in [Convention::Unknown, Convention::DotThousands] {
        g.bench_with_input(
            BenchmarkId::new("parse_number", format!("{conv:?}")),
            &conv,
            |b, conv| {
                b.iter(|| {
                    TOKENS
                        .iter()
                        .filter_map(|t| parse_number(black_box(t), *conv).ok())
                        .map(|r| r.value)
                        .sum::<f64>()
                })
            },
        );
    }
    g.finish();
}

/// Report prose, one string per file.
fn prose() -> Vec<String> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in [
        root().join("data/2022-9M"),
        root().join("../shared/dev/cases"),
    ] {
        if let Ok(rd) = std::fs::read_dir(&dir) {
            paths.extend(
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().and_then(|x| x.to_str()) == Some("txt")),
            );
        }
    }
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| read::decode_text(&b).ok().map(|(t, _)| t))
        .collect()
}

fn text(c: &mut Criterion) {
    let cfg = config();
    let files = prose();
    let bytes: usize = files.iter().map(|t| t.len()).sum();
    eprintln!("text corpus: {} files, {} bytes", files.len(), bytes);
    let ctx = TextContext {
        file: "bench.txt",
        source_kind: SourceKind::Text,
        file_date: Some((2022, 10)),
        assumed_unit: Some("Đống Đa"),
        assumed_period: None,
    };
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("per_call", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|t| {
                    chitieu::extract::text::extract(t, &ctx, &cfg.catalogue, &cfg.units)
                        .facts
                        .len()
                })
                .sum::<usize>()
        })
    });
    let x = TextExtractor::new(&cfg.catalogue, &cfg.units);
    g.bench_function("reused", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|t| x.extract(t, &ctx).facts.len())
                .sum::<usize>()
        })
    });
    g.finish();
    let mut g = c.benchmark_group("text_setup");
    g.bench_function("TextExtractor::new", |b| {
        b.iter(|| black_box(TextExtractor::new(&cfg.catalogue, &cfg.units)))
    });
    g.finish();
}

fn workbook(c: &mut Criterion) {
    let cfg = config();
    let generated = root().join("target/bench-data/n10/xlsx/b000/2022-9M/ba-dinh.xlsx");
    let path = if generated.exists() {
        generated
    } else {
        eprintln!(
            "{} missing (run make bench); using data/2022-9M/ba-dinh.xlsx",
            generated.display()
        );
        root().join("data/2022-9M/ba-dinh.xlsx")
    };
    let bytes = std::fs::read(&path).expect("workbook");
    let doc = match read::read_bytes(&bytes, "xlsx", &cfg.run.limits).expect("read") {
        Document::Workbook(w) => w,
        _ => panic!("{} is not a workbook", path.display()),
    };
    let ctx = WorkbookContext {
        file: "2022-9M/ba-dinh.xlsx",
        file_name: "ba-dinh.xlsx",
        path_unit: Some("ba-dinh"),
        path_period: chitieu::Period::parse("2022-9M"),
        default_period: chitieu::Period::parse("2022-9M"),
        province: Some("01"),
    };
    let facts = chitieu::extract::workbook::extract(
        &doc,
        &ctx,
        &cfg.catalogue,
        &cfg.units,
        &cfg.run.workbook.columns,
    )
    .facts
    .len();
    eprintln!(
        "workbook: {} ({} bytes, {facts} facts)",
        short(&path),
        bytes.len()
    );
    let mut g = c.benchmark_group("workbook");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("read_bytes", |b| {
        b.iter(|| read::read_bytes(black_box(&bytes), "xlsx", &cfg.run.limits).is_ok())
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            chitieu::extract::workbook::extract(
                &doc,
                &ctx,
                &cfg.catalogue,
                &cfg.units,
                &cfg.run.workbook.columns,
            )
            .facts
            .len()
        })
    });
    g.finish();
}

/// The registry look-ups a workbook's extraction makes to place it (path,
/// title, sheet name, file name).
fn units(c: &mut Criterion) {
    let cfg = config();
    let title = "UBND QUẬN BA ĐÌNH PHÒNG TÀI CHÍNH - KẾ HOẠCH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\nBIỂU TỔNG HỢP MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI 9 THÁNG NĂM 2022\n(Kèm theo Báo cáo số 285/BC-UBND ngày 06/10/2022 của UBND quận Ba Đình)";
    let mut g = c.benchmark_group("units");
    g.bench_function("resolve", |b| {
        b.iter(|| {
            matches!(
                cfg.units.resolve(black_box("ba dinh"), Some("01")),
                chitieu::config::units::Resolution::Unique(_)
            )
        })
    });
    g.bench_function("find_mentions_title", |b| {
        b.iter(|| cfg.units.find_mentions(black_box(title)).len())
    });
    g.bench_function("parse_period_text_header", |b| {
        b.iter(|| {
            chitieu::normalize::period::parse_period_text(
                black_box("Ước thực hiện 9 tháng năm 2022"),
                Some((2022, 9)),
            )
            .is_some()
        })
    });
    g.bench_function("match_label", |b| {
        b.iter(|| {
            cfg.catalogue
                .match_label(black_box("Số đối tượng bảo trợ xã hội được trợ cấp"))
                .is_some()
        })
    });
    g.finish();
}

fn short(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

// The allocator the chitieu binary runs with.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: chitieu::allocator::Allocator = chitieu::allocator::Allocator;

criterion_group!(benches, numbers, text, workbook, units);
criterion_main!(benches);
