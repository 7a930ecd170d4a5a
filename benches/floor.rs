//! The floor: only the work a consolidation cannot avoid, to measure chitieu
//! against on the same machine in the same run.
//!
//! 1. **read** — find every input under `--input` (xlsx and txt), read its
//!    bytes, open every workbook with calamine and read every cell of every
//!    sheet (streamed, as chitieu does), decode every text as UTF-8; in
//!    parallel with rayon, one task per file (`--jobs`, default every core).
//! 2. **write** — write the same cells as chitieu's workbook (`--like`: the
//!    workbook a chitieu run wrote; its cells are loaded before the clock
//!    starts) — same sheets, same rows and columns, same strings and numbers,
//!    no formats, charts, tables or extraction — with rust_xlsxwriter, and
//!    save it to `--out`. A sheet over `--constant-memory-over` rows (default
//!    20,000, chitieu's `report.large_sheet_rows`) uses constant-memory mode;
//!    `--level N` sets the deflate level (default 3, chitieu's
//!    `report.compression_level`). `make bench` passes both from the config.
//!
//! Prints one line: `floor read_s=… write_s=… total_s=… files=… mb=… cells=… out_cells=…`.
//!
//! ```sh
//! cargo bench --bench floor -- --input target/bench-data/n300/xlsx --like out/tong-hop_2022-9M.xlsx --out /tmp/floor.xlsx
//! ```

use calamine::{open_workbook_from_rs, Data, DataRef, Reader, Xlsx};
use rayon::prelude::*;
use rust_xlsxwriter::Workbook;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Args {
    inputs: Vec<PathBuf>,
    like: Option<PathBuf>,
    out: PathBuf,
    jobs: usize,
    level: Option<u8>,
    constant_memory_over: usize,
}

fn args() -> Args {
    let mut a = Args {
        inputs: Vec::new(),
        like: None,
        out: std::env::temp_dir().join("chitieu-floor.xlsx"),
        jobs: 0,
        level: Some(3),
        constant_memory_over: 20_000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut val = |name: &str| it.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match x.as_str() {
            "--input" => a.inputs.push(val("--input").into()),
            "--like" => a.like = Some(val("--like").into()),
            "--out" => a.out = val("--out").into(),
            "--jobs" => a.jobs = val("--jobs").parse().expect("--jobs N"),
            "--level" => a.level = Some(val("--level").parse().expect("--level 1..9")),
            "--constant-memory-over" => {
                a.constant_memory_over = val("--constant-memory-over").parse().expect("rows")
            }
            // `cargo bench` passes --bench to every bench binary.
            "--bench" => {}
            other => {
                eprintln!(
                    "usage: floor --input DIR... [--like WORKBOOK] [--out FILE] [--jobs N] [--level 1..9] [--constant-memory-over ROWS]; unknown {other}"
                );
                std::process::exit(2);
            }
        }
    }
    a
}

fn discover(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        if dir.is_file() {
            out.push(dir.to_path_buf());
        }
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            discover(&p, out);
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("xlsx" | "txt")) {
            out.push(p);
        }
    }
}

/// Read one file: every cell of every sheet, or the whole text. Returns (bytes, cells).
fn read_one(path: &Path) -> (u64, u64) {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            return (0, 0);
        }
    };
    let len = bytes.len() as u64;
    if path.extension().and_then(|x| x.to_str()) == Some("txt") {
        let chars = std::str::from_utf8(&bytes)
            .map(|s| s.chars().count() as u64)
            .unwrap_or(0);
        return (len, u64::from(chars > 0));
    }
    let mut wb: Xlsx<_> = match open_workbook_from_rs(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            return (len, 0);
        }
    };
    let names = wb.sheet_names();
    let mut cells = 0u64;
    for name in names {
        let _merged = wb.merge_cells_by_sheet_name(&name);
        let Ok(mut reader) = wb.worksheet_cells_reader(&name) else {
            continue;
        };
        while let Ok(Some(c)) = reader.next_cell() {
            if !matches!(c.get_value(), DataRef::Empty) {
                cells += 1;
            }
        }
    }
    (len, cells)
}

enum Val {
    Num(f64),
    Str(String),
}

/// A sheet to imitate: its name, its row count, and its cells in row order.
type SheetCells = (String, usize, Vec<(u32, u16, Val)>);

/// The cells of the workbook to imitate, sheet by sheet, in row order.
fn load_like(path: &Path) -> Vec<SheetCells> {
    let mut wb: Xlsx<_> =
        calamine::open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap_or_default();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = Vec::new();
        for (r, c, v) in range.used_cells() {
            let (row, col) = (r0 + r as u32, (c0 + c as u32) as u16);
            let v = match v {
                Data::Int(i) => Val::Num(*i as f64),
                Data::Float(f) => Val::Num(*f),
                Data::Bool(b) => Val::Str(b.to_string()),
                Data::Empty => continue,
                other => Val::Str(other.to_string()),
            };
            cells.push((row, col, v));
        }
        out.push((name, range.height(), cells));
    }
    out
}

// The allocator the chitieu binary runs with, so stages and the floor are
// measured under the same conditions.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: chitieu::allocator::Allocator = chitieu::allocator::Allocator;

fn main() {
    chitieu::allocator::tune();
    let a = args();
    rayon::ThreadPoolBuilder::new()
        .num_threads(a.jobs)
        .build_global()
        .expect("thread pool");
    let like = a.like.as_deref().map(load_like).unwrap_or_default();

    let t0 = Instant::now();
    let mut files = Vec::new();
    for d in &a.inputs {
        discover(d, &mut files);
    }
    let (bytes, cells) = files
        .par_iter()
        .map(|p| read_one(p))
        .reduce(|| (0, 0), |x, y| (x.0 + y.0, x.1 + y.1));
    let read_s = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let mut out_cells = 0u64;
    if !like.is_empty() {
        let mut wb = Workbook::new();
        if let Some(l) = a.level {
            wb.set_zip_compression_level(l);
        }
        for (name, height, cells) in &like {
            let ws = if *height > a.constant_memory_over {
                wb.add_worksheet_with_constant_memory()
                    .expect("constant memory")
            } else {
                wb.add_worksheet()
            };
            ws.set_name(name).expect("sheet name");
            for (r, c, v) in cells {
                match v {
                    Val::Num(x) => ws.write_number(*r, *c, *x).map(|_| ()),
                    Val::Str(s) => ws.write_string(*r, *c, s).map(|_| ()),
                }
                .expect("write");
                out_cells += 1;
            }
        }
        let buf = wb.save_to_buffer().expect("save");
        std::fs::write(&a.out, &buf).unwrap_or_else(|e| panic!("{}: {e}", a.out.display()));
    }
    let write_s = t1.elapsed().as_secs_f64();
    println!(
        "floor read_s={read_s:.3} write_s={write_s:.3} total_s={:.3} files={} mb={:.1} cells={cells} out_cells={out_cells}",
        read_s + write_s,
        files.len(),
        bytes as f64 / 1e6
    );
}
