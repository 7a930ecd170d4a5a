//! The walking skeleton end to end: `chitieu run` on data/, read back.

use crate::common::*;
use std::path::Path;

/// The sample districts in registry (GSO code) order.
const DISTRICTS: [&str; 8] = [
    "Ba Đình",
    "Hoàn Kiếm",
    "Long Biên",
    "Cầu Giấy",
    "Đống Đa",
    "Hai Bà Trưng",
    "Thanh Xuân",
    "Gia Lâm",
];

fn run_on(input: &Path, out: &Path) -> std::process::Output {
    chitieu(&[
        "run",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--fail-on",
        "error",
    ])
}

#[test]
fn run_on_data_writes_one_column_per_district_and_city_totals() {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let o = run_on(&root().join("data"), &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let wb = out.join("tong-hop_2022-9M.xlsx");
    assert!(
        stdout(&o).contains("tong-hop_2022-9M.xlsx"),
        "prints the workbook path"
    );
    assert_eq!(
        sheet_names(&wb),
        [
            "Tổng hợp",
            "Đạt KH – Cùng kỳ",
            "Biểu đồ",
            "Dữ liệu",
            "Kiểm tra",
            "Nguồn"
        ]
        .map(String::from)
    );

    let s = sheet(&wb, "Tổng hợp");
    let header = 3;
    let first = s.find_col(header, "Ba Đình").expect("unit columns");
    let names: Vec<String> = (first..first + DISTRICTS.len())
        .map(|c| s.text(header, c))
        .collect();
    assert_eq!(
        names,
        DISTRICTS.map(String::from),
        "one column per district, registry order"
    );
    let total_col = first + DISTRICTS.len();
    assert_eq!(s.text(header, total_col), "Toàn thành phố");

    let row = s
        .find_row(1, "Tổng thu ngân sách nhà nước trên địa bàn")
        .expect("budget revenue row");
    let sum: f64 = (first..total_col)
        .map(|c| s.num(row, c).expect("each district has it"))
        .sum();
    let total = s.num(row, total_col).expect("total");
    assert!((sum - total).abs() < 1e-6, "total {total} = sum {sum}");
    assert!(total > 10_000.0);
}

#[test]
fn every_fact_has_a_data_row_with_provenance() {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let o = run_on(&root().join("data"), &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The long table lists every fact of the run; those of 2022-9M are Dữ liệu's rows.
    let csv = std::fs::read_to_string(out.join("facts.csv")).unwrap();
    let header: Vec<&str> = csv
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}')
        .split(',')
        .collect();
    let period_col = header.iter().position(|h| *h == "period").unwrap();
    let facts_in_period = csv
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(period_col) == Some("2022-9M"))
        .count() as u64;
    assert!(facts_in_period > 100);
    let d = sheet(&out.join("tong-hop_2022-9M.xlsx"), "Dữ liệu");
    let file_col = d.find_col(0, "Tệp nguồn").unwrap();
    let loc_col = d.find_col(0, "Vị trí").unwrap();
    let rows: Vec<usize> = (1..d.rows.len())
        .filter(|r| !d.text(*r, 0).is_empty() || !d.text(*r, 3).is_empty())
        .collect();
    assert_eq!(
        rows.len() as u64,
        facts_in_period,
        "one Dữ liệu row per fact"
    );
    for r in rows {
        let file = d.text(r, file_col);
        let loc = d.text(r, loc_col);
        assert!(
            file.starts_with(root().join("data").to_str().unwrap()),
            "row {r}: file {file}"
        );
        if file.ends_with(".xlsx") {
            assert!(
                loc.contains('!'),
                "row {r}: a workbook fact names its cell: {loc}"
            );
        } else {
            assert!(
                loc.starts_with("line "),
                "row {r}: a text fact names its sentence: {loc}"
            );
        }
    }
}

#[test]
fn a_corrupt_file_is_a_problem_and_the_rest_is_kept() {
    let tmp = tempdir();
    let clean_out = tmp.path().join("clean");
    assert_eq!(
        run_on(&root().join("data"), &clean_out).status.code(),
        Some(0)
    );
    let input = tmp.path().join("in");
    copy_dir(&root().join("data"), &input);
    let bad = input.join("2022-9M").join("tay-ho.xlsx");
    // A zip header followed by garbage: a truncated download.
    std::fs::write(&bad, b"PK\x03\x04\x14\x00\x00\x00garbage-not-a-workbook").unwrap();
    let out = tmp.path().join("out");
    let o = run_on(&input, &out);
    assert_eq!(
        o.status.code(),
        Some(1),
        "an unreadable file is an error: {}",
        stderr(&o)
    );
    let wb = out.join("tong-hop_2022-9M.xlsx");
    let k = sheet(&wb, "Kiểm tra");
    let hit = (1..k.rows.len()).find(|r| k.text(*r, 5).ends_with("tay-ho.xlsx"));
    let r = hit.expect("a Kiểm tra row for the corrupt file");
    assert_eq!(k.text(r, 0), "Lỗi");
    assert!(!k.text(r, 7).is_empty());
    let n = |p: &Path| sheet(p, "Dữ liệu").rows.len();
    assert_eq!(
        n(&wb),
        n(&clean_out.join("tong-hop_2022-9M.xlsx")),
        "every other fact is kept"
    );
    let src = sheet(&wb, "Nguồn");
    let row = (1..src.rows.len())
        .find(|r| src.text(*r, 0).ends_with("tay-ho.xlsx"))
        .unwrap();
    assert_eq!(src.text(row, 1), "lỗi");
}

#[test]
fn check_validates_the_configuration() {
    let o = chitieu(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let tmp = tempdir();
    let (cfg, _) = config_with(
        tmp.path(),
        &[(
            "tolerance_pct = 1.0",
            "tolerance_pct = 1.0\ncolour = \"red\"",
        )],
    );
    let o = chitieu(&["check", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("chitieu.toml:"), "{err}");
    assert!(err.contains("colour"), "names the key: {err}");
}

#[test]
fn check_names_a_bad_compression_level_with_its_line() {
    let tmp = tempdir();
    let (cfg, text) = config_with(
        tmp.path(),
        &[("compression_level = 3", "compression_level = 12")],
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("compression_level"))
        .expect("the setting is in the shipped config")
        + 1;
    let o = chitieu(&["check", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(&format!("chitieu.toml:{line}:")), "{err}");
    assert!(err.contains("report.compression_level"), "{err}");
}
