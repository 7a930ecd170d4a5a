//! Cron-grade operation: exit codes, the lock, atomic outputs under SIGTERM,
//! the incremental cache, JSON logs.

use crate::common::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn args<'a>(input: &'a Path, out: &'a Path) -> Vec<String> {
    vec![
        "run".into(),
        "--input".into(),
        input.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ]
}

/// Start a run held by the commit failpoint; returns once it has staged its outputs.
fn start_held(input: &Path, out: &Path, hold_ms: u64) -> (std::process::Child, Vec<String>) {
    let mut child = bin()
        .args(args(input, out))
        .env("CHITIEU_FAILPOINT_COMMIT_DELAY_MS", hold_ms.to_string())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = Vec::new();
    let mut reader = BufReader::new(stderr);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || Instant::now() > deadline {
            panic!("the held run ended before the failpoint: {lines:?}");
        }
        let held = line.contains("failpoint");
        lines.push(line);
        if held {
            break;
        }
    }
    // Keep draining stderr so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in reader.lines() {});
    (child, lines)
}

fn no_temporaries(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .all(|e| !e.file_name().to_string_lossy().starts_with(".chitieu-tmp-"))
}

#[test]
fn exit_code_0_when_all_read() {
    let tmp = tempdir();
    let o = bin()
        .args(args(&root().join("data"), &tmp.path().join("out")))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn exit_code_1_with_fail_on_warning_and_0_with_never() {
    // data/ carries deliberate inconsistencies: warnings, no errors.
    let tmp = tempdir();
    let mut a = args(&root().join("data"), &tmp.path().join("out"));
    a.extend(["--fail-on".into(), "warning".into()]);
    assert_eq!(bin().args(&a).output().unwrap().status.code(), Some(1));
    let mut a = args(&root().join("data"), &tmp.path().join("out2"));
    a.extend(["--fail-on".into(), "never".into()]);
    assert_eq!(bin().args(&a).output().unwrap().status.code(), Some(0));
}

#[test]
fn exit_code_2_on_usage_and_configuration_errors() {
    assert_eq!(
        chitieu(&["run", "--period", "2022-13M"]).status.code(),
        Some(2)
    );
    assert_eq!(chitieu(&["frobnicate"]).status.code(), Some(2));
    let o = chitieu(&["run", "--config", "/nonexistent/chitieu.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/nonexistent/chitieu.toml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_second_run_exits_75_naming_the_holder_and_the_first_writes() {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let (first, _) = start_held(&root().join("data"), &out, 3000);
    let second = bin()
        .args(args(&root().join("data"), &out))
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(75), "{}", stderr(&second));
    let msg = stderr(&second);
    assert!(
        msg.contains("lock") && msg.contains(&format!("pid {}", first.id())),
        "{msg}"
    );
    let status = first.wait_with_output().unwrap().status;
    assert_eq!(status.code(), Some(0));
    assert!(out.join("tong-hop_2022-9M.xlsx").is_file());
}

#[test]
fn sigterm_while_writing_leaves_the_previous_workbook_and_no_temporary_file() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    copy_dir(&root().join("data"), &input);
    let out = tmp.path().join("out");
    let o = bin().args(args(&input, &out)).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let wb = out.join("tong-hop_2022-9M.xlsx");
    let before = std::fs::read(&wb).unwrap();
    let manifest_before = std::fs::read(out.join("manifest.json")).unwrap();
    // New inputs, so a completed run would change the workbook.
    std::fs::remove_file(input.join("2022-9M/gia-lam.xlsx")).unwrap();
    let (child, _) = start_held(&input, &out, 5000);
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130));
    assert_eq!(
        std::fs::read(&wb).unwrap(),
        before,
        "previous workbook byte-identical"
    );
    assert_eq!(
        std::fs::read(out.join("manifest.json")).unwrap(),
        manifest_before
    );
    assert!(no_temporaries(&out), "no temporary file left");
}

#[test]
fn a_killed_run_leaves_at_most_a_temporary_file_that_the_next_run_removes() {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let (mut child, _) = start_held(&root().join("data"), &out, 10_000);
    child.kill().unwrap();
    let _ = child.wait();
    let o = bin()
        .args(args(&root().join("data"), &out))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(no_temporaries(&out));
}

#[test]
fn the_cache_rereads_only_the_changed_input_and_outputs_match_a_full_run() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    copy_dir(&root().join("data"), &input);
    let out = tmp.path().join("out");
    assert_eq!(
        bin()
            .args(args(&input, &out))
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    // Change one input.
    let changed = input.join("2022-9M/cau-giay.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nTrong 9 tháng, quận đã giải quyết việc làm cho 4.321 lao động.\n");
    std::fs::write(&changed, text).unwrap();
    let o = bin().args(args(&input, &out)).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let read_again: Vec<String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "read" && f["cached"] == false)
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(read_again, vec![changed.display().to_string()]);
    // A full run without the cache writes the same bytes.
    let full = tmp.path().join("full");
    let mut a = args(&input, &full);
    a.push("--no-cache".into());
    assert_eq!(bin().args(&a).output().unwrap().status.code(), Some(0));
    for name in ["tong-hop_2022-9M.xlsx", "facts.csv"] {
        assert!(
            std::fs::read(out.join(name)).unwrap() == std::fs::read(full.join(name)).unwrap(),
            "{name} identical with and without the cache"
        );
    }
}

#[test]
fn json_logs_parse_line_by_line() {
    let tmp = tempdir();
    let mut a = args(&root().join("data"), &tmp.path().join("out"));
    a.extend(["--log-format".into(), "json".into()]);
    let o = bin().args(&a).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty());
    let mut summary = None;
    for l in lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        if v["message"] == "run finished" {
            summary = Some(v);
        }
    }
    let s = summary.expect("a closing summary event");
    assert!(s["facts"].as_u64().unwrap() > 100);
    assert!(s["workbook"]
        .as_str()
        .unwrap()
        .ends_with("tong-hop_2022-9M.xlsx"));
}

#[test]
fn dry_run_writes_nothing() {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let mut a = args(&root().join("data"), &out);
    a.push("--dry-run".into());
    let o = bin().args(&a).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(!out.exists(), "nothing written");
}
