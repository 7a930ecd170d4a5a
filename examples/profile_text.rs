//! A fixed amount of text extraction for instruction counting: the text
//! benchmark's corpus (development cases and the seed), extracted once to
//! compile the lazily built patterns, then `--repeat` more times inside
//! `measured`, so that a profiler can count only the steady state:
//!
//! ```sh
//! cargo build --release --example profile_text
//! valgrind --tool=callgrind '--toggle-collect=*profile_text*measured*' \
//!     target/release/examples/profile_text --repeat 5
//! ```

use chitieu::config::Config;
use chitieu::extract::text::{TextContext, TextExtractor};
use chitieu::model::SourceKind;
use std::path::{Path, PathBuf};

fn corpus(root: &Path) -> String {
    let shared = root.join("..").join("shared");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(shared.join("dev").join("cases"))
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.push(shared.join("seeds").join("000_748c56fe5ba81c01.txt"));
    paths.sort();
    let mut out = String::new();
    for p in paths {
        if let Ok(t) = std::fs::read_to_string(&p) {
            out.push_str(&t);
            out.push('\n');
        }
    }
    out
}

/// The counted part: `repeat` extractions; returns a checksum so nothing is elided.
#[inline(never)]
fn measured(x: &TextExtractor, text: &str, ctx: &TextContext, repeat: usize) -> usize {
    (0..repeat)
        .map(|_| {
            let r = x.extract(std::hint::black_box(text), ctx);
            r.facts.len() + r.problems.len() + r.explain.len()
        })
        .sum()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let repeat = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let quiet = args.iter().any(|a| a == "--no-explain");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cfg = Config::load(&root.join("config").join("chitieu.toml"))?;
    let x = TextExtractor::new(&cfg.catalogue, &cfg.units).with_explanations(!quiet);
    let text = corpus(&root);
    let ctx = TextContext {
        file: "bench.txt",
        source_kind: SourceKind::Text,
        file_date: Some((2022, 10)),
        assumed_unit: Some("Đống Đa"),
        assumed_period: None,
    };
    let warm = x.extract(&text, &ctx).facts.len();
    let sum = measured(&x, &text, &ctx, repeat);
    println!(
        "{} bytes, {repeat} extractions, checksum {warm}/{sum}",
        text.len()
    );
    Ok(())
}
