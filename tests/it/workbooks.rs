//! District workbooks as they really arrive: every generated variant under
//! tests/fixtures/workbooks/ (examples/gen_variants.rs) gives exactly its
//! expected facts and Problems; calamine's own odd files never crash us; a
//! stray cell at XFD1048576 does not blow up memory.

use crate::common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/workbooks")
}

fn expected() -> toml::Value {
    let text = std::fs::read_to_string(fixtures().join("expected.toml")).expect("expected.toml");
    toml::from_str(&text).expect("expected.toml parses")
}

/// A Problem as `chitieu extract` prints it on stderr:
/// `severity: FILE [LOCATION] code: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Printed {
    code: String,
    location: String,
    message: String,
}

fn printed_problems(stderr: &str, file: &str) -> Vec<Printed> {
    let mut out = Vec::new();
    for line in stderr.lines() {
        for sev in ["error", "warning", "info"] {
            let Some(rest) = line.strip_prefix(&format!("{sev}: {file} [")) else {
                continue;
            };
            let Some((location, rest)) = rest.split_once("] ") else {
                continue;
            };
            let Some((code, message)) = rest.split_once(": ") else {
                continue;
            };
            out.push(Printed {
                code: code.to_string(),
                location: location.to_string(),
                message: message.to_string(),
            });
        }
    }
    out
}

fn extract_json(path: &Path) -> (Vec<serde_json::Value>, std::process::Output) {
    let o = chitieu(&["extract", path.to_str().unwrap(), "--format", "json"]);
    let facts: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{}: json: {e}\n{}", path.display(), stderr(&o)));
    (facts, o)
}

const FIGURES: [&str; 7] = [
    "value",
    "plan_value",
    "prior_value",
    "plan_pct",
    "yoy_pct",
    "numerator",
    "denominator",
];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// `Sheet!F10` is the start of `source_loc` ("Sheet!F10 (chú thích …)").
fn loc_matches(source_loc: &str, loc: &str) -> bool {
    source_loc == loc || source_loc.starts_with(&format!("{loc} "))
}

/// Every difference between one expected fact and the fact at its cell.
fn compare_fact(file: &str, exp: &toml::Value, got: &serde_json::Value, errors: &mut Vec<String>) {
    let s = |v: &toml::Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    let loc = s(exp, "loc");
    for key in ["indicator", "unit_code", "period", "kind", "unit"] {
        let want = s(exp, key);
        let have = got[key].as_str().unwrap_or("");
        if want != have {
            errors.push(format!("{file} {loc}: {key} = {have:?}, expected {want:?}"));
        }
    }
    for key in FIGURES {
        let want = exp
            .get(key)
            .and_then(|x| x.as_float().or(x.as_integer().map(|i| i as f64)));
        let have = got[key].as_f64();
        let ok = match (want, have) {
            (Some(w), Some(h)) => close(w, h),
            (None, None) => true,
            _ => false,
        };
        if !ok {
            errors.push(format!("{file} {loc}: {key} = {have:?}, expected {want:?}"));
        }
    }
    for (key, field) in [
        ("loc_contains", "source_loc"),
        ("text_contains", "source_text"),
        ("rule_contains", "rule"),
    ] {
        if let Some(want) = exp.get(key).and_then(|x| x.as_str()) {
            let have = got[field].as_str().unwrap_or("");
            if !have.contains(want) {
                errors.push(format!("{file} {loc}: {field} {have:?} lacks {want:?}"));
            }
        }
    }
}

fn check_file(entry: &toml::Value, errors: &mut Vec<String>) {
    let name = entry["file"].as_str().unwrap();
    let path = fixtures().join(name);
    assert!(
        path.is_file(),
        "{} missing: run `make workbook-fixtures`",
        path.display()
    );
    let (facts, o) = extract_json(&path);
    let code = o.status.code();
    if !matches!(code, Some(0) | Some(1)) {
        errors.push(format!("{name}: exit {code:?}: {}", stderr(&o)));
    }
    let empty = Vec::new();
    let expected_facts = entry
        .get("fact")
        .and_then(|f| f.as_array())
        .unwrap_or(&empty);
    let mut used = vec![false; facts.len()];
    for exp in expected_facts {
        let loc = exp["loc"].as_str().unwrap();
        let indicator = exp["indicator"].as_str().unwrap();
        let hit = facts.iter().enumerate().find(|(i, f)| {
            !used[*i]
                && f["indicator"] == indicator
                && loc_matches(f["source_loc"].as_str().unwrap_or(""), loc)
        });
        match hit {
            Some((i, got)) => {
                used[i] = true;
                compare_fact(name, exp, got, errors);
            }
            None => errors.push(format!("{name}: missing fact {indicator} at {loc}")),
        }
    }
    for (f, _) in facts.iter().zip(&used).filter(|(_, u)| !**u) {
        errors.push(format!(
            "{name}: unexpected fact {} = {} at {}",
            f["indicator"], f["value"], f["source_loc"]
        ));
    }
    let printed = printed_problems(&stderr(&o), path.to_str().unwrap());
    let got: BTreeSet<(String, String)> = printed
        .iter()
        .map(|p| (p.code.clone(), p.location.clone()))
        .collect();
    let expected_problems = entry
        .get("problem")
        .and_then(|f| f.as_array())
        .unwrap_or(&empty);
    let want: BTreeSet<(String, String)> = expected_problems
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_string(),
                p["location"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for missing in want.difference(&got) {
        errors.push(format!("{name}: missing Problem {missing:?}"));
    }
    for extra in got.difference(&want) {
        let msg = printed
            .iter()
            .find(|p| p.code == extra.0 && p.location == extra.1)
            .map(|p| p.message.as_str())
            .unwrap_or("");
        errors.push(format!("{name}: unexpected Problem {extra:?}: {msg}"));
    }
    for p in expected_problems {
        let contains = p.get("contains").and_then(|c| c.as_str()).unwrap_or("");
        let (code, location) = (p["code"].as_str().unwrap(), p["location"].as_str().unwrap());
        if let Some(hit) = printed
            .iter()
            .find(|x| x.code == code && x.location == location)
        {
            if !hit.message.contains(contains) {
                errors.push(format!(
                    "{name}: Problem {code} at {location}: {:?} lacks {contains:?}",
                    hit.message
                ));
            }
        }
    }
}

#[test]
fn every_generated_workbook_gives_exactly_its_facts_and_problems() {
    let exp = expected();
    let files = exp["file"].as_array().expect("[[file]]");
    let formats: BTreeSet<&str> = files.iter().filter_map(|f| f["format"].as_str()).collect();
    for f in ["xlsx", "xlsm", "xls", "ods"] {
        assert!(formats.contains(f), "a {f} fixture");
    }
    let mut errors = Vec::new();
    for entry in files {
        check_file(entry, &mut errors);
    }
    assert!(
        errors.is_empty(),
        "{} differences:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

/// `chitieu run` on the folder: hidden and instruction sheets are listed in
/// Nguồn (the manifest's note), and every file is read.
#[test]
fn run_on_the_fixture_folder_lists_skipped_sheets() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    copy_dir(&fixtures(), &input);
    let out = tmp.path().join("out");
    let o = chitieu(&[
        "run",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--fail-on",
        "never",
        "--no-cache",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    let exp = expected();
    for entry in exp["file"].as_array().unwrap() {
        let name = entry["file"].as_str().unwrap();
        let report = files
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .unwrap_or_else(|| panic!("{name} in the manifest"));
        assert_eq!(report["status"], "read", "{name}: {report}");
        let note = report["note"].as_str().unwrap_or("");
        for sheet in entry
            .get("sheet")
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
        {
            let sname = sheet["name"].as_str().unwrap();
            let listed = note.contains(&format!("'{sname}'"));
            match sheet["status"].as_str().unwrap() {
                "read" => assert!(!listed, "{name}: sheet {sname} read, not skipped: {note}"),
                "hidden" => assert!(
                    listed && note.contains("ẩn"),
                    "{name}: hidden {sname} listed: {note}"
                ),
                _ => assert!(
                    listed && note.contains("không có bảng"),
                    "{name}: {sname} listed: {note}"
                ),
            }
        }
    }
}

fn calamine_fixtures() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/calamine"
    ))
}

/// Every file of calamine's own test suite: no panic; facts, "no indicator
/// table", or a Problem naming the file.
#[test]
fn every_calamine_fixture_is_read_or_reported() {
    let dir = calamine_fixtures();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&e))
        })
        .collect();
    files.sort();
    assert!(files.len() > 100, "calamine fixtures present");
    let mut failures = Vec::new();
    for path in &files {
        let p = path.to_str().unwrap();
        let o = chitieu(&["extract", p, "--format", "json"]);
        let err = stderr(&o);
        let code = o.status.code();
        if !matches!(code, Some(0..=2))
            || err.contains("panicked")
            || err.contains("internal_error")
        {
            failures.push(format!("{p}: exit {code:?}\n{err}"));
            continue;
        }
        let facts: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap_or_default();
        let no_table = err.contains("] no_table:");
        let named = printed_problems(&err, p)
            .iter()
            .any(|x| !x.message.trim().is_empty());
        if facts.is_empty() && !no_table && !named {
            failures.push(format!("{p}: no facts, no no_table, no Problem\n{err}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Peak resident memory of a `chitieu` run, in KiB: `/usr/bin/time -v` when
/// present, else polling `/proc/<pid>/status` (VmHWM) until the child exits.
fn peak_rss_kib(args: &[&str]) -> (u64, std::process::Output) {
    let time = Path::new("/usr/bin/time");
    if time.exists() {
        let o = Command::new(time)
            .arg("-v")
            .arg(env!("CARGO_BIN_EXE_chitieu"))
            .args(args)
            .current_dir(root())
            .output()
            .expect("run /usr/bin/time");
        let kib = stderr(&o)
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.trim().parse().ok())
            .expect("time -v prints the peak");
        return (kib, o);
    }
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    while child.try_wait().expect("wait").is_none() {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            if let Some(v) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(v);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    (peak, child.wait_with_output().expect("output"))
}

#[test]
fn a_stray_cell_at_xfd1048576_keeps_memory_small() {
    let path = fixtures().join("stray-cell_dong-da.xlsx");
    // The fixture really declares the huge used range.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains(r#"<dimension ref="A1:XFD1048576"/>"#),
        "{}",
        &xml[..xml.len().min(400)]
    );
    let (kib, o) = peak_rss_kib(&["extract", path.to_str().unwrap(), "--format", "json"]);
    assert!(
        matches!(o.status.code(), Some(0) | Some(1)),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("budget_revenue"),
        "the table is still read"
    );
    assert!(kib < 200 * 1024, "peak RSS {kib} KiB");
}

/// A sheet over the cell limit is refused before a dense range is built, in
/// every format, and reported as a limit Problem naming the sheet.
#[test]
fn sheets_over_the_cell_limit_are_a_problem_in_every_format() {
    let tmp = tempdir();
    let (cfg, _) = config_with(tmp.path(), &[("max_cells = 5000000", "max_cells = 50")]);
    for name in [
        "dong-da_9-thang-2022.xlsx",
        "dong-da_9-thang-2022.xls",
        "dong-da_9-thang-2022.ods",
    ] {
        let p = fixtures().join(name);
        let o = chitieu(&[
            "extract",
            p.to_str().unwrap(),
            "--format",
            "json",
            "--config",
            cfg.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.contains("limit_exceeded") && err.contains("Bieu 01"),
            "{name}: {err}"
        );
    }
    // Calamine's own workbooks with a huge declared or real extent.
    for name in ["issue_174.xlsx", "OOM_alloc.xls", "OOM_alloc2.xls"] {
        let p = calamine_fixtures().join(name);
        let o = chitieu(&["extract", p.to_str().unwrap(), "--format", "json"]);
        assert!(
            matches!(o.status.code(), Some(0..=2)),
            "{name}: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{name}: {}", stderr(&o));
    }
}

/// A workbook with a sheet per district is extracted sheet by sheet on every
/// core; its facts still come out in sheet order, each with its sheet's unit.
#[test]
fn sheets_extracted_in_parallel_keep_sheet_order() {
    let tmp = tempdir();
    let path = tmp.path().join("2022-9M_tong-hop-quan.xlsx");
    let districts = [
        "Ba Đình",
        "Hoàn Kiếm",
        "Tây Hồ",
        "Long Biên",
        "Cầu Giấy",
        "Đống Đa",
        "Hai Bà Trưng",
        "Hoàng Mai",
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (i, d) in districts.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(*d).unwrap();
        ws.write_string(0, 0, "STT").unwrap();
        ws.write_string(0, 1, "Chỉ tiêu").unwrap();
        ws.write_string(0, 2, "Đơn vị tính").unwrap();
        ws.write_string(0, 3, "Ước thực hiện 9 tháng năm 2022")
            .unwrap();
        ws.write_string(1, 0, "1").unwrap();
        ws.write_string(1, 1, "Tổng thu ngân sách nhà nước trên địa bàn")
            .unwrap();
        ws.write_string(1, 2, "Tỷ đồng").unwrap();
        ws.write_number(1, 3, 1000.0 + i as f64).unwrap();
    }
    wb.save(&path).unwrap();
    let (facts, o) = extract_json(&path);
    assert_eq!(facts.len(), districts.len(), "{}", stderr(&o));
    for (i, (f, d)) in facts.iter().zip(districts).enumerate() {
        assert_eq!(f["unit_name"].as_str(), Some(d), "fact {i}: {f}");
        assert_eq!(
            f["value"].as_f64(),
            Some(1000.0 + i as f64),
            "fact {i}: {f}"
        );
        assert!(
            f["source_loc"].as_str().unwrap_or("").starts_with(d),
            "fact {i}: {f}"
        );
    }
}

/// The merged regions read from each sheet's `<mergeCells>` block are the
/// ones calamine finds by parsing the whole sheet, on every xlsx we have.
#[test]
fn merged_regions_read_directly_equal_calamines() {
    use calamine::Reader;
    let mut paths = Vec::new();
    for dir in [fixtures(), calamine_fixtures(), root().join("data/2022-9M")] {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.extension().and_then(|x| x.to_str()) == Some("xlsx") {
                paths.push(p);
            }
        }
    }
    assert!(paths.len() > 20, "fixtures found: {}", paths.len());
    let mut compared = 0;
    let mut with_merges = 0;
    for p in &paths {
        let bytes = std::fs::read(p).unwrap();
        let Ok(mut wb) = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(
            std::io::Cursor::new(bytes.clone()),
        ) else {
            continue; // unreadable fixtures are reported by the run, not compared
        };
        let Some(fast) = chitieu::read::merges::merges_by_sheet(&bytes) else {
            continue; // laid out otherwise: the reader falls back to calamine
        };
        for name in wb.sheet_names() {
            let Some((_, ours)) = fast.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            let theirs: Vec<(u32, u32, u32, u32)> = wb
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect();
            assert_eq!(ours, &theirs, "{} sheet {name}", p.display());
            compared += 1;
            with_merges += usize::from(!theirs.is_empty());
        }
    }
    assert!(
        compared > 20 && with_merges > 5,
        "{compared} sheets, {with_merges} with merges"
    );
}
