//! The planner's workbook, golden: totals, the ratio aggregation, recomputed
//! percentages, the checks the deliberately inconsistent samples must raise,
//! the chart parts, and byte-identical reruns.

use crate::common::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One run on data/, shared by the tests of this module.
fn workbook() -> &'static PathBuf {
    static WB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &WB.get_or_init(|| {
        let tmp = tempdir();
        let out = tmp.path().join("out");
        let o = chitieu(&[
            "run",
            "--input",
            root().join("data").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-cache",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (tmp, out.join("tong-hop_2022-9M.xlsx"))
    })
    .1
}

/// The unit columns of Tổng hợp and its total column.
fn unit_columns(s: &Sheet) -> (usize, usize) {
    let first = s.find_col(3, "Ba Đình").unwrap();
    let total = s.find_col(3, "Toàn thành phố").unwrap();
    (first, total)
}

#[test]
fn summed_indicators_total_the_districts() {
    let s = sheet(workbook(), "Tổng hợp");
    let (first, total) = unit_columns(&s);
    for name in [
        "Tổng thu ngân sách nhà nước trên địa bàn",
        "Tổng chi ngân sách địa phương",
        "Số lao động được giải quyết việc làm",
        "Kết nạp đảng viên mới",
    ] {
        let r = s.find_row(1, name).unwrap_or_else(|| panic!("row {name}"));
        let sum: f64 = (first..total).filter_map(|c| s.num(r, c)).sum();
        let t = s.num(r, total).unwrap();
        assert!(
            (sum - t).abs() < 1e-6 * t.abs().max(1.0),
            "{name}: {t} vs {sum}"
        );
    }
}

#[test]
fn ratio_indicators_total_numerators_over_denominators() {
    let wb = workbook();
    let d = sheet(wb, "Dữ liệu");
    let col = |h: &str| d.find_col(0, h).unwrap();
    let (ind, num, den, chosen) = (
        col("Chỉ tiêu (mã)"),
        col("Tử số"),
        col("Mẫu số"),
        col("Dùng trong tổng hợp"),
    );
    let (mut n, mut dd) = (0.0, 0.0);
    for r in 1..d.rows.len() {
        if d.text(r, ind) == "schools_national_standard" && d.text(r, chosen) == "có" {
            n += d.num(r, num).unwrap();
            dd += d.num(r, den).unwrap();
        }
    }
    assert!(dd > 0.0);
    let s = sheet(wb, "Tổng hợp");
    let (_, total) = unit_columns(&s);
    let r = s.find_row(1, "Trường công lập đạt chuẩn quốc gia").unwrap();
    assert_eq!(s.num(r, total), Some(n), "the total counts Σ numerators");
    let note = s.text(r, total + 1);
    let pct = (n / dd * 1000.0).round() / 10.0;
    assert!(note.starts_with(&format!("{}/{} = ", n, dd)), "{note}");
    assert!(
        note.ends_with(&format!("{}%", pct.to_string().replace('.', ","))),
        "{note} vs {pct}"
    );
}

#[test]
fn plan_and_growth_are_recomputed_where_not_stated() {
    let wb = workbook();
    let s = sheet(wb, "Tổng hợp");
    let a = sheet(wb, "Đạt KH – Cùng kỳ");
    let (first, total) = unit_columns(&s);
    let r = s
        .find_row(1, "Tổng thu ngân sách nhà nước trên địa bàn")
        .unwrap();
    let ar = a
        .find_row(1, "Tổng thu ngân sách nhà nước trên địa bàn")
        .unwrap();
    let n = total - first;
    // The city's % of plan is Σ value / Σ plan, recomputed from Dữ liệu's plans.
    let d = sheet(wb, "Dữ liệu");
    let col = |h: &str| d.find_col(0, h).unwrap();
    let (ind, plan, chosen) = (
        col("Chỉ tiêu (mã)"),
        col("Kế hoạch"),
        col("Dùng trong tổng hợp"),
    );
    let plan_sum: f64 = (1..d.rows.len())
        .filter(|r| d.text(*r, ind) == "budget_revenue" && d.text(*r, chosen) == "có")
        .map(|r| d.num(r, plan).unwrap())
        .sum();
    let city_pct = s.num(r, total).unwrap() / plan_sum * 100.0;
    let plan_first = a.find_col(4, "Ba Đình").unwrap();
    let got = a.num(ar, plan_first + n).expect("city % of plan");
    assert!((got - city_pct).abs() < 1e-6, "{got} vs {city_pct}");
    // Every district's stated % agrees with value / plan within the reports' rounding.
    for j in 0..n {
        let p = a.num(ar, plan_first + j).unwrap();
        assert!(p > 40.0 && p < 120.0, "{p}");
    }
}

#[test]
fn deliberate_inconsistencies_are_in_kiem_tra() {
    let k = sheet(workbook(), "Kiểm tra");
    let rows: Vec<(String, String, String, String)> = (1..k.rows.len())
        .map(|r| (k.text(r, 1), k.text(r, 2), k.text(r, 3), k.text(r, 7)))
        .collect();
    let has = |code: &str, unit: &str, ind: &str| {
        rows.iter()
            .any(|(c, u, i, _)| c == code && u == unit && i == ind)
    };
    assert!(
        has("sources_disagree", "Hai Bà Trưng", "budget_revenue"),
        "text and workbook disagree: {rows:#?}"
    );
    assert!(
        has("ratio_mismatch", "Thanh Xuân", "schools_national_standard"),
        "{rows:#?}"
    );
    let msg = rows
        .iter()
        .find(|(c, u, _, _)| c == "sources_disagree" && u == "Hai Bà Trưng")
        .map(|r| r.3.clone())
        .unwrap();
    assert!(
        msg.contains("hai-ba-trung.xlsx") && msg.contains("hai-ba-trung.txt"),
        "both sources named: {msg}"
    );
    // Consistent districts raise no arithmetic warnings.
    assert!(!rows
        .iter()
        .any(|(c, u, _, _)| c == "ratio_mismatch" && u == "Ba Đình"));
}

fn zip_entry(path: &Path, name: &str) -> Option<String> {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut e = z.by_name(name).ok()?;
    let mut s = String::new();
    e.read_to_string(&mut s).unwrap();
    Some(s)
}

#[test]
fn charts_are_native_and_point_at_the_summary() {
    let wb = workbook();
    let s = sheet(wb, "Tổng hợp");
    let (first, total) = unit_columns(&s);
    let r = s
        .find_row(1, "Tổng thu ngân sách nhà nước trên địa bàn")
        .unwrap()
        + 1;
    let col = |c: usize| ((b'A' + c as u8) as char).to_string();
    let values = format!("'Tổng hợp'!${}${r}:${}${r}", col(first), col(total - 1));
    let cats = format!("'Tổng hợp'!${}$4:${}$4", col(first), col(total - 1));
    let chart1 = zip_entry(wb, "xl/charts/chart1.xml").expect("a chart part");
    assert!(
        chart1.contains(&format!("<c:f>{values}</c:f>")),
        "values {values} in {chart1}"
    );
    assert!(
        chart1.contains(&format!("<c:f>{cats}</c:f>")),
        "categories {cats}"
    );
    assert!(chart1.contains("<c:barChart>"));
    let chart2 = zip_entry(wb, "xl/charts/chart2.xml").unwrap();
    assert!(
        chart2.contains("'Đạt KH – Cùng kỳ'!$"),
        "% of plan from the attainment sheet"
    );
    // The column-and-line charts of the headline indicators.
    let combos = (3..20)
        .filter_map(|i| zip_entry(wb, &format!("xl/charts/chart{i}.xml")))
        .filter(|x| x.contains("<c:barChart>") && x.contains("<c:lineChart>"))
        .count();
    assert!(combos >= 4, "{combos} column-and-line charts");
    let drawing = zip_entry(wb, "xl/drawings/drawing1.xml").unwrap();
    assert!(drawing.contains("chart"));
}

#[test]
fn two_runs_give_byte_identical_workbooks() {
    let tmp = tempdir();
    let run = |out: &str| {
        let out = tmp.path().join(out);
        let o = chitieu(&[
            "run",
            "--input",
            root().join("data").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-cache",
        ]);
        assert_eq!(o.status.code(), Some(0));
        std::fs::read(out.join("tong-hop_2022-9M.xlsx")).unwrap()
    };
    let a = run("a");
    let b = run("b");
    assert!(a == b, "same inputs, same bytes");
    let core = zip_entry(workbook(), "docProps/core.xml").unwrap();
    assert!(
        core.contains("2022-09-30T00:00:00Z"),
        "creation time from the period: {core}"
    );
    assert!(core.contains("9 tháng năm 2022"), "title with the period");
}

#[test]
fn data_sheet_is_an_excel_table_and_input_text_stays_text() {
    let wb = workbook();
    let table = zip_entry(wb, "xl/tables/table1.xml").expect("Dữ liệu is an Excel table");
    assert!(table.contains("autoFilter"));
    // No cell of any sheet is a formula.
    for i in 1..=6 {
        if let Some(x) = zip_entry(wb, &format!("xl/worksheets/sheet{i}.xml")) {
            assert!(!x.contains("<f>"), "sheet{i} has a formula");
        }
    }
}

#[test]
fn long_sheets_streamed_in_constant_memory_keep_every_cell() {
    // The same run with every long sheet streamed: Dữ liệu and Kiểm tra must
    // read back cell for cell as when they are held in memory.
    let tmp = tempdir();
    let (cfg, _) = config_with(
        tmp.path(),
        &[("large_sheet_rows = 20000", "large_sheet_rows = 10")],
    );
    let out = tmp.path().join("out");
    let o = chitieu(&[
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--input",
        root().join("data").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-cache",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("Ignoring write"), "{}", stderr(&o));
    let streamed = out.join("tong-hop_2022-9M.xlsx");
    // A long Dữ liệu keeps its filters (an autofilter over all 22 columns)
    // but is not an Excel table.
    assert!(zip_entry(&streamed, "xl/tables/table1.xml").is_none());
    let filtered = (1..=8)
        .filter_map(|i| zip_entry(&streamed, &format!("xl/worksheets/sheet{i}.xml")))
        .any(|x| x.contains("<autoFilter ref=\"A1:V"));
    assert!(filtered, "Dữ liệu has an autofilter over its columns");
    for name in ["Dữ liệu", "Kiểm tra"] {
        let a = sheet(workbook(), name);
        let b = sheet(&streamed, name);
        assert!(a.rows.len() > 10, "{name} is long enough to be streamed");
        assert_eq!(a.rows.len(), b.rows.len(), "{name}");
        for r in 0..a.rows.len() {
            for c in 0..a.rows[r].len().max(b.rows[r].len()) {
                assert_eq!(a.text(r, c), b.text(r, c), "{name} row {r} col {c}");
            }
        }
    }
}
