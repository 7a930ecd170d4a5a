//! The unit registry against the shared development texts: every case that
//! names its unit has it found, no text is placed by wards it does not name,
//! and the seed report is placed in Đống Đa by its wards.

use chitieu::config::load_toml;
use chitieu::config::units::{Resolution, UnitRegistry, UnitsFile};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn registry() -> &'static UnitRegistry {
    static R: OnceLock<UnitRegistry> = OnceLock::new();
    R.get_or_init(|| {
        let path = root().join("config/units.toml");
        let (file, text) = load_toml::<UnitsFile>(&path).unwrap();
        UnitRegistry::compile(file, &path, &text).unwrap()
    })
}

/// case → (unit_name, unit_level) from the development truth.
fn truth_units(dev: &Path) -> Vec<(String, String, String)> {
    let csv = std::fs::read_to_string(dev.join("truth.csv")).unwrap();
    let mut out: Vec<(String, String, String)> = Vec::new();
    for line in csv.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let row = (
            cols[0].to_string(),
            cols[1].to_string(),
            cols[2].to_string(),
        );
        if !out.contains(&row) {
            out.push(row);
        }
    }
    out
}

#[test]
fn dev_cases_that_name_their_unit_have_it_found() {
    let dev = root().join("../shared/dev");
    if !dev.join("truth.csv").exists() {
        eprintln!("skipped: {} not present", dev.display());
        return;
    }
    let reg = registry();
    // The cases whose text names their own unit (the others say only "quận", "tỉnh").
    let named = [
        "005", "010", "021", "026", "035", "046", "051", "053", "061", "063", "064",
    ];
    for (case, name, level) in truth_units(&dev) {
        let units = reg.find_by_name(&name, Some(&level));
        assert_eq!(units.len(), 1, "case {case}: {name} ({level})");
        let text = std::fs::read_to_string(dev.join(format!("cases/{case}.txt"))).unwrap();
        let mentions = reg.find_mentions(&text);
        let found = mentions.iter().any(|m| m.code == units[0].code);
        assert_eq!(
            found,
            named.contains(&case.as_str()),
            "case {case}: {name} in {mentions:?}"
        );
        // No development text names wards, so none is placed by them.
        assert_eq!(reg.place_by_wards(&text, None), None, "case {case}");
    }
}

#[test]
fn seed_report_is_placed_by_its_wards() {
    let seed = root().join("../shared/seeds/000_748c56fe5ba81c01.txt");
    let Ok(text) = std::fs::read_to_string(&seed) else {
        eprintln!("skipped: {} not present", seed.display());
        return;
    };
    let reg = registry();
    let placed = reg.place_by_wards(&text, Some(2022)).unwrap();
    assert_eq!(placed.district, "006");
    assert_eq!(placed.wards, ["Ngã Tư Sở", "Nam Đồng"]);
    // The text never names its district; "quận" alone is not a mention.
    assert!(reg.find_mentions(&text).iter().all(|m| m.code != "006"));
    let Resolution::Unique(dd) = reg.resolve("Q. Đống Đa", Some("01")) else {
        panic!("Q. Đống Đa")
    };
    assert_eq!(dd.code, placed.district);
}

#[test]
fn the_committed_registry_is_what_the_generator_writes() {
    let tsv = root().join("../shared/reference/admin_units_vn_2025-03-01.tsv");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("units.toml");
    let status = std::process::Command::new("python3")
        .arg(root().join("tools/gen_units.py"))
        .arg(&tsv)
        .arg("-o")
        .arg(&out)
        .status()
        .expect("python3 runs the generator");
    assert!(status.success());
    let generated = std::fs::read(&out).unwrap();
    let committed = std::fs::read(root().join("config/units.toml")).unwrap();
    assert!(
        generated == committed,
        "config/units.toml is stale: run `make units`"
    );
}
