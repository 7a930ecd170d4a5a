//! A smoke run of the benchmark harness (`tools/bench.sh`, `make bench`) on
//! ten generated workbooks: the generator, the floor, the stages program and
//! the harness's table work end to end. Timings are not checked — benchmarks
//! are never timed tests; `make bench` measures.

use std::process::Command;

#[test]
fn harness_runs_on_ten_workbooks() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = tempfile::tempdir().expect("temp dir");
    let out = Command::new("bash")
        .arg(root.join("tools/bench.sh"))
        .current_dir(&root)
        .env("BENCH_N", "10")
        .env("BENCH_RUNS", "1")
        .env("BENCH_SHEETS", "12")
        .env("BENCH_DATA", data.path())
        .env("CHITIEU_BIN", env!("CARGO_BIN_EXE_chitieu"))
        .output()
        .expect("bash tools/bench.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "harness failed\n{stdout}\n{stderr}");
    let row = stdout
        .lines()
        .find(|l| l.starts_with("workbooks n=10 "))
        .unwrap_or_else(|| panic!("no result row\n{stdout}\n{stderr}"));
    // case (2 words), files, wall, files/s, MB/s, rss, floor, floor read, floor write, ratio, cpu, cpu ratio
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cols.len(), 13, "{row}");
    let ratio: f64 = cols[10]
        .parse()
        .unwrap_or_else(|_| panic!("ratio in {row}"));
    assert!(ratio.is_finite() && ratio > 0.0, "{row}");
    assert!(stdout.contains("read+extract n=10: --jobs 1"), "{stdout}");
    assert!(stdout.contains("one workbook of 12 sheets"), "{stdout}");
}
