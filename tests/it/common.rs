//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, beside the repository (CI lays it there too).
pub fn shared() -> PathBuf {
    root().join("..").join("shared")
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chitieu"));
    c.current_dir(root());
    c.env_remove("CHITIEU_LOG");
    c
}

/// Run `chitieu` with arguments; returns its output.
pub fn chitieu(args: &[&str]) -> Output {
    bin().args(args).output().expect("run chitieu")
}

/// The shipped `config/chitieu.toml` with each `(from, to)` change made (each
/// must apply), written as `dir/chitieu.toml` with the catalogue and the
/// registry it names still those of `config/`. Returns the path and the text.
pub fn config_with(dir: &Path, changes: &[(&str, &str)]) -> (PathBuf, String) {
    let mut text = std::fs::read_to_string(root().join("config/chitieu.toml")).unwrap();
    for (from, to) in changes {
        assert!(text.contains(from), "config/chitieu.toml has no `{from}`");
        text = text.replace(from, to);
    }
    for name in ["indicators.toml", "units.toml"] {
        let shipped = root().join("config").join(name);
        text = text.replace(
            &format!("\"{name}\""),
            &format!("\"{}\"", shipped.display()),
        );
    }
    let path = dir.join("chitieu.toml");
    std::fs::write(&path, &text).unwrap();
    (path, text)
}

/// A fresh temporary folder for one test, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("chitieu-test-")
        .tempdir()
        .expect("temp dir")
}

/// Copy every file of `from` (recursively) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A sheet of a written workbook, as rows of cells.
pub struct Sheet {
    pub rows: Vec<Vec<Data>>,
}

impl Sheet {
    pub fn text(&self, r: usize, c: usize) -> String {
        match self.rows.get(r).and_then(|row| row.get(c)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => f.to_string(),
            Some(Data::Int(i)) => i.to_string(),
            _ => String::new(),
        }
    }
    pub fn num(&self, r: usize, c: usize) -> Option<f64> {
        match self.rows.get(r).and_then(|row| row.get(c)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            _ => None,
        }
    }
    /// The first row whose column `c` equals `text`.
    pub fn find_row(&self, c: usize, text: &str) -> Option<usize> {
        (0..self.rows.len()).find(|r| self.text(*r, c) == text)
    }
    /// Column index of a header cell in row `r`.
    pub fn find_col(&self, r: usize, text: &str) -> Option<usize> {
        self.rows.get(r).and_then(|row| {
            row.iter()
                .position(|d| matches!(d, Data::String(s) if s == text))
        })
    }
}

pub fn sheet(path: &Path, name: &str) -> Sheet {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("{}: sheet {name}: {e}", path.display()));
    // Absolute positions: pad the rows and columns before the used range.
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut v = vec![Data::Empty; c0 as usize];
        v.extend(row.iter().cloned());
        rows.push(v);
    }
    Sheet { rows }
}

pub fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}
