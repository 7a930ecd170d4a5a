//! Hostile and broken inputs (issue 8): a folder of truncated, corrupt,
//! encrypted, enormous, oddly named and booby-trapped files mixed with the
//! good samples. The run must finish, keep every good fact, account for every
//! file with a reason, write nothing outside its output folder and no formula.

use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What a hostile input must end as.
#[derive(Debug, Clone)]
enum Expect {
    /// `failed`, with this problem code in Kiểm tra.
    Failed(&'static str),
    /// `skipped`, with a rule containing this text.
    Skipped(&'static str),
    /// Odd but valid: read.
    Read,
    /// Read or failed, depending on the machine (e.g. permissions as root).
    ReadOrFailed,
}

/// The file names (as the manifest shows them) and what each must end as.
struct Hostile {
    expect: Vec<(String, Expect)>,
}

impl Hostile {
    fn add(&mut self, path: &Path, e: Expect) {
        self.expect.push((path.display().to_string(), e));
    }
}

fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A minimal xlsx whose one sheet is the given XML.
fn xlsx_with_sheet(sheet_xml: &[u8]) -> Vec<u8> {
    zip_bytes(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ])
}

/// A workbook of `rows` rows × 6 numbers, streamed into the zip (never held whole).
fn write_million_rows(path: &Path, rows: u32) {
    let f = std::fs::File::create(path).unwrap();
    let mut w = zip::ZipWriter::new(std::io::BufWriter::new(f));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, data) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        w.start_file(name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
    let mut buf = String::with_capacity(1 << 20);
    for r in 1..=rows {
        use std::fmt::Write as _;
        let _ = write!(buf, "<row r=\"{r}\">");
        for c in ["A", "B", "C", "D", "E", "F"] {
            let _ = write!(buf, "<c r=\"{c}{r}\"><v>{r}</v></c>");
        }
        buf.push_str("</row>");
        if buf.len() > (1 << 20) - 512 {
            w.write_all(buf.as_bytes()).unwrap();
            buf.clear();
        }
    }
    buf.push_str("</sheetData></worksheet>");
    w.write_all(buf.as_bytes()).unwrap();
    w.finish().unwrap().flush().unwrap();
}

/// A docx whose document.xml is `body` inside w:body.
fn docx_bytes(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip_bytes(&[
        ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
        ("word/document.xml", xml.as_bytes()),
    ])
}

/// Patch every central-directory entry of a zip to declare `size` uncompressed
/// bytes: a zip bomb as the directory tells it (nothing is really inflated).
fn declare_huge(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
    let mut i = 0;
    while i + 28 <= zip.len() {
        if zip[i..i + 4] == *b"PK\x01\x02" {
            zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            i += 46;
        } else {
            i += 1;
        }
    }
    zip
}

/// Pseudo-random bytes (deterministic), with NULs.
fn garbage(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// An OLE (compound file) container holding an `EncryptedPackage` stream:
/// what Excel writes for a password-protected workbook.
fn encrypted_ole() -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(1024, 0);
    b.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    b.extend(
        "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    b.resize(4096, 0);
    b
}

/// A workbook table whose labels look like formulas.
fn formula_label_workbook() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows: [[&str; 4]; 4] = [
        [
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Ước thực hiện 9 tháng năm 2022",
        ],
        ["1", "=HYPERLINK(\"http://x\",\"y\")", "Tỷ đồng", ""],
        ["2", "+1", "Tỷ đồng", ""],
        ["3", "@SUM(A1:A2)", "Người", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
        if r > 0 {
            ws.write_number(r as u32, 3, 100.0 + r as f64).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Every entry under `dir` (not following links) with its type, size and
/// modification time, leaving out `skip`.
fn snapshot(dir: &Path, skip: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.starts_with(skip) {
                continue;
            }
            let Ok(m) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            out.insert(
                p.clone(),
                format!("{:?} {} {:?}", m.file_type(), m.len(), m.modified().ok()),
            );
            if m.is_dir() {
                stack.push(p);
            }
        }
    }
    out
}

/// What changed between two snapshots.
fn changes(a: &BTreeMap<PathBuf, String>, b: &BTreeMap<PathBuf, String>) -> Vec<String> {
    let keys: BTreeSet<&PathBuf> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| format!("{}: {:?} → {:?}", k.display(), a.get(k), b.get(k)))
        .collect()
}

/// Build the hostile folder under `dir` (good samples under `dir/2022-9M`).
fn build_hostile(dir: &Path) -> Hostile {
    let mut h = Hostile { expect: Vec::new() };
    let good = root().join("data/2022-9M");
    copy_dir(&good, &dir.join("2022-9M"));
    let w = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    use Expect::*;
    let good_xlsx = std::fs::read(good.join("dong-da.xlsx")).unwrap();
    let good_docx = docx_bytes("<w:p><w:r><w:t>Báo cáo</w:t></w:r></w:p>");

    // Empty and garbage files under every extension.
    h.add(&w("rong.xlsx", b""), Failed("unreadable_file"));
    h.add(&w("rong.txt", b""), Failed("unreadable_file"));
    h.add(&w("rong.docx", b""), Failed("unreadable_file"));
    h.add(&w("rac.xlsx", &garbage(4096, 1)), Failed("unreadable_file"));
    h.add(&w("rac.txt", &garbage(4096, 2)), Failed("unreadable_file"));
    h.add(&w("rac.docx", &garbage(4096, 3)), Failed("unreadable_file"));
    h.add(&w("rac.xls", &garbage(100, 4)), Failed("unreadable_file"));
    let mut ole_garbage = encrypted_ole();
    ole_garbage.truncate(8);
    ole_garbage.extend(garbage(2000, 5));
    h.add(&w("ole-hong.xls", &ole_garbage), Failed("unreadable_file"));
    // Truncated and corrupt archives.
    h.add(
        &w("cat-doi.xlsx", &good_xlsx[..good_xlsx.len() / 2]),
        Failed("unreadable_file"),
    );
    h.add(
        &w("cat-doi.docx", &good_docx[..good_docx.len() / 2]),
        Failed("unreadable_file"),
    );
    h.add(
        &w(
            "zip-dau-rac.xlsx",
            b"PK\x03\x04\x14\x00\x00\x00garbage-not-a-workbook",
        ),
        Failed("unreadable_file"),
    );
    h.add(
        &w(
            "zip-khong-phai-office.xlsx",
            &zip_bytes(&[("hello.txt", b"xin chao")]),
        ),
        Failed("unreadable_file"),
    );
    h.add(
        &w(
            "xml-hong.xlsx",
            &xlsx_with_sheet(b"<worksheet><sheetData><row><c r=\"A1\"><v>1</v></c></row"),
        ),
        Failed("unreadable_file"),
    );
    let mut broken_workbook = zip_bytes(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        (
            "xl/workbook.xml",
            b"<workbook><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId9\"/></sheets>",
        ),
    ]);
    h.add(
        &w("workbook-hong.xlsx", &broken_workbook),
        Failed("unreadable_file"),
    );
    // A deflated entry whose data was damaged in transit (the directory is intact).
    let mid = broken_workbook.len() / 3;
    for b in broken_workbook.iter_mut().skip(30).take(mid) {
        *b ^= 0x5A;
    }
    h.add(
        &w("zip-hong-du-lieu.xlsx", &broken_workbook),
        Failed("unreadable_file"),
    );
    h.add(
        &w(
            "docx-xml-hong.docx",
            &docx_bytes("<w:p><w:r><w:t>dở dang</w:r></w:p>"),
        ),
        Failed("unreadable_file"),
    );
    h.add(
        &w(
            "docx-thieu-document.docx",
            &zip_bytes(&[("word/styles.xml", b"<w:styles/>")]),
        ),
        Failed("unreadable_file"),
    );
    // Password protected: a crafted encrypted OLE container, and calamine's samples.
    h.add(
        &w("mat-khau.xlsx", &encrypted_ole()),
        Failed("password_protected"),
    );
    let fixtures = shared().join("fixtures/calamine");
    for name in [
        "pass_protected.xlsx",
        "pass_protected.xlsb",
        "pass_protected.ods",
    ] {
        if let Ok(bytes) = std::fs::read(fixtures.join(name)) {
            h.add(
                &w(&format!("calamine-{name}"), &bytes),
                Failed("password_protected"),
            );
        }
    }
    // Zip bombs as their directory declares them: refused before inflating.
    h.add(
        &w("bom.xlsx", &declare_huge(good_xlsx.clone(), 0xFFFF_FFF0)),
        Failed("limit_exceeded"),
    );
    h.add(
        &w("bom.docx", &declare_huge(good_docx.clone(), 0xFFFF_FFF0)),
        Failed("limit_exceeded"),
    );
    // A million rows × 6 columns: more cells than limits.max_cells (5 000 000).
    let million = dir.join("trieu-dong.xlsx");
    write_million_rows(&million, 1_000_000);
    h.add(&million, Failed("limit_exceeded"));
    // Text beyond limits.max_text_mb (20 MB) on one line; 5 MB under it.
    let line30: String = "tổng thu ngân sách nhà nước trên địa bàn ".repeat(30 * 1024 * 1024 / 48);
    h.add(
        &w("dong-dai-30mb.txt", line30.as_bytes()),
        Failed("limit_exceeded"),
    );
    let line5: String = "Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do "
        .repeat(5 * 1024 * 1024 / 64);
    h.add(&w("dong-dai-5mb.txt", line5.as_bytes()), Read);
    // Deeply nested tables.
    let mut nested = "<w:p><w:r><w:t>ô trong cùng</w:t></w:r></w:p>".to_string();
    for _ in 0..2000 {
        nested = format!("<w:tbl><w:tr><w:tc>{nested}</w:tc></w:tr></w:tbl>");
    }
    h.add(&w("bang-long-nhau.docx", &docx_bytes(&nested)), Read);
    // Formula-looking text must stay text.
    h.add(&w("nhan-cong-thuc.xlsx", &formula_label_workbook()), Read);
    h.add(
        &w(
            "nhan-cong-thuc.txt",
            "=HYPERLINK(\"http://x\",\"y\")\n+1 tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.234,5 tỷ đồng\n".as_bytes(),
        ),
        Read,
    );
    // A workbook named .docx (formats are recognised by content).
    h.add(
        &w("bang-tinh-ten-sai.docx", &formula_label_workbook()),
        Read,
    );
    // Names with Vietnamese letters, spaces and `#`, and a name that is not UTF-8.
    h.add(
        &w(
            "Báo cáo quận #3 Đống Đa.txt",
            "Báo cáo tình hình kinh tế - xã hội.\n".as_bytes(),
        ),
        Read,
    );
    h.add(
        &w("Bảng #1 Hà Nội (bản cuối).xlsx", &garbage(512, 6)),
        Failed("unreadable_file"),
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let p = dir.join(std::ffi::OsStr::from_bytes(b"ten-\xff-hong.txt"));
        std::fs::write(&p, "Báo cáo.\n").unwrap();
        h.add(&p, Read);
    }
    // Excel lock files, hidden files and other extensions are skipped with their rule.
    h.add(&w("~$dong-da.xlsx", b"\x0cuser   "), Skipped("~$*"));
    h.add(&w(".an.txt", b"hidden"), Skipped(".*"));
    h.add(&w("bao-cao.pdf", b"%PDF-1.4"), Skipped(".pdf"));
    h.add(&w("khong-duoi", b"no extension"), Skipped("phần mở rộng"));
    // Folders nested deeper than discovery goes.
    let mut deep = dir.join("sau");
    for _ in 0..40 {
        deep = deep.join("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("duoi-cung.txt"), "x").unwrap();
    h.add(
        &dir.join("sau").join(["d"; 32].join("/")),
        Skipped("lồng quá"),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::{symlink, PermissionsExt};
        // Links: a loop back to the folder, a link to itself, a dangling link
        // (a file removed after it was listed reads the same).
        let lp = dir.join("vong");
        symlink(dir, &lp).unwrap();
        h.add(&lp, Skipped("vòng"));
        let me = dir.join("tu-tro.txt");
        symlink(&me, &me).unwrap();
        h.add(&me, Failed("unreadable_file"));
        let dangling = dir.join("da-xoa.xlsx");
        symlink(dir.join("khong-con.xlsx"), &dangling).unwrap();
        h.add(&dangling, Failed("unreadable_file"));
        // A FIFO: reading it would hang the run.
        let fifo = dir.join("ong.txt");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            h.add(&fifo, Skipped("FIFO"));
        }
        // Unreadable by permission. Tests usually run as root, who reads it anyway.
        let locked = w("khoa-quyen.txt", "Báo cáo.\n".as_bytes());
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        let readable = std::fs::read(&locked).is_ok();
        h.add(
            &locked,
            if readable {
                ReadOrFailed
            } else {
                Failed("unreadable_file")
            },
        );
    }
    h
}

/// facts.csv's rows with the input folder replaced by `ROOT`.
fn fact_rows(out: &Path, input: &Path) -> BTreeSet<String> {
    let csv = std::fs::read_to_string(out.join("facts.csv")).unwrap();
    let prefix = input.display().to_string();
    csv.lines()
        .skip(1)
        .map(|l| l.replace(&prefix, "ROOT"))
        .collect()
}

/// The `<f>` elements of every worksheet of a written workbook, and its shared strings.
fn formulas_and_strings(xlsx: &Path) -> (usize, String) {
    let f = std::fs::File::open(xlsx).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut formulas = 0;
    let mut strings = String::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().map(|n| n.to_string()).unwrap_or_default();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut e, &mut s).unwrap();
        if name.starts_with("xl/worksheets/") {
            formulas += s.matches("<f>").count() + s.matches("<f ").count();
        }
        if name == "xl/sharedStrings.xml" {
            strings = s;
        }
    }
    (formulas, strings)
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

fn run_on(input: &Path, out: &Path) -> std::process::Output {
    chitieu(&[
        "run",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

#[test]
fn hostile_folder_finishes_keeps_good_facts_and_accounts_for_every_file() {
    let tmp = tempdir();
    // The good samples alone, for their facts.
    let good_in = tmp.path().join("good");
    copy_dir(&root().join("data/2022-9M"), &good_in.join("2022-9M"));
    let good_out = tmp.path().join("good-out");
    let o = run_on(&good_in, &good_out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let good_facts = fact_rows(&good_out, &good_in);
    assert!(good_facts.len() > 100);

    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let h = build_hostile(&input);
    assert!(h.expect.len() >= 30, "{} hostile inputs", h.expect.len());
    let out = tmp.path().join("out");
    let before = snapshot(tmp.path(), &out);
    let o = run_on(&input, &out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "problems make exit 1: {err}");
    assert!(!err.contains("panicked"), "no panic: {err}");
    let changed = changes(&before, &snapshot(tmp.path(), &out));
    assert!(
        changed.is_empty(),
        "written outside the output folder: {changed:#?}"
    );

    // Every good fact is there.
    let facts = fact_rows(&out, &input);
    let missing: Vec<&String> = good_facts.difference(&facts).collect();
    assert!(
        missing.is_empty(),
        "{} good facts lost, e.g. {:?}",
        missing.len(),
        missing.first()
    );

    // The manifest accounts for every file.
    let m = manifest(&out);
    let s = &m["summary"];
    let n = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(n("files"), n("read") + n("skipped") + n("failed"), "{s}");
    assert_eq!(n("internal_errors"), 0, "{s}");
    let files = m["files"].as_array().unwrap();
    assert_eq!(files.len() as u64, n("files"));
    let by_path: BTreeMap<&str, &serde_json::Value> = files
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f))
        .collect();
    for good in std::fs::read_dir(input.join("2022-9M")).unwrap() {
        let p = good.unwrap().path().display().to_string();
        assert_eq!(
            by_path.get(p.as_str()).map(|f| f["status"].as_str()),
            Some(Some("read")),
            "{p}"
        );
    }

    // Nguồn and Kiểm tra say why, for every hostile file.
    let wb = out.join("tong-hop_2022-9M.xlsx");
    let src = sheet(&wb, "Nguồn");
    let checks = sheet(&wb, "Kiểm tra");
    for (path, expect) in &h.expect {
        let f = by_path
            .get(path.as_str())
            .unwrap_or_else(|| panic!("{path} not in the manifest"));
        let status = f["status"].as_str().unwrap();
        let note = f["note"].as_str().unwrap_or("");
        let path_shown = f["path"].as_str().unwrap();
        let row = (1..src.rows.len()).find(|r| src.text(*r, 0) == path_shown);
        let row = row.unwrap_or_else(|| panic!("{path} not in Nguồn"));
        match expect {
            Expect::Failed(code) => {
                assert_eq!(status, "failed", "{path}: {note}");
                assert!(!note.is_empty(), "{path}: a reason");
                assert_eq!(src.text(row, 1), "lỗi", "{path}");
                assert_eq!(src.text(row, 8), note, "{path}");
                let k = (1..checks.rows.len()).find(|r| checks.text(*r, 5) == path_shown);
                let k = k.unwrap_or_else(|| panic!("{path}: no Kiểm tra row"));
                assert_eq!(checks.text(k, 1), *code, "{path}: {note}");
                assert_eq!(checks.text(k, 0), "Lỗi", "{path}");
            }
            Expect::Skipped(rule) => {
                assert_eq!(status, "skipped", "{path}: {note}");
                assert!(note.contains(rule), "{path}: rule {note:?} names {rule:?}");
                assert_eq!(src.text(row, 1), "bỏ qua", "{path}");
            }
            Expect::Read => assert_eq!(status, "read", "{path}: {note}"),
            Expect::ReadOrFailed => {
                assert!(
                    status == "read" || (status == "failed" && !note.is_empty()),
                    "{path}: {status} {note}"
                )
            }
        }
    }

    // No formula anywhere; formula-looking input text is written as text.
    for name in ["tong-hop_2022-9M.xlsx", "tong-hop_latest.xlsx"] {
        let (formulas, strings) = formulas_and_strings(&out.join(name));
        assert_eq!(formulas, 0, "{name}: formula cells");
        assert!(
            strings.contains("=HYPERLINK("),
            "{name}: the label is written, as text"
        );
        assert!(strings.contains("+1"), "{name}");
    }
}

/// A panic while extracting one file (a bug, simulated by the failpoint) is an
/// internal error of that file only, counted in the closing summary.
#[test]
fn a_panic_in_one_file_is_contained_and_counted() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    copy_dir(&root().join("data/2022-9M"), &input.join("2022-9M"));
    let clean_out = tmp.path().join("clean");
    assert_eq!(run_on(&input, &clean_out).status.code(), Some(0));
    let out = tmp.path().join("out");
    let o = bin()
        .args([
            "run",
            "--input",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .env("CHITIEU_FAILPOINT_PANIC_ON", "dong-da.txt")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("1 internal errors"),
        "closing summary counts it: {err}"
    );
    let m = manifest(&out);
    assert_eq!(m["summary"]["internal_errors"].as_u64(), Some(1));
    assert_eq!(m["summary"]["failed"].as_u64(), Some(1));
    let f = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("dong-da.txt"))
        .unwrap();
    assert_eq!(f["status"], "failed");
    assert!(f["note"].as_str().unwrap().contains("lỗi nội bộ"), "{f}");
    let k = sheet(&out.join("tong-hop_2022-9M.xlsx"), "Kiểm tra");
    assert!((1..k.rows.len())
        .any(|r| k.text(r, 1) == "internal_error" && k.text(r, 5).ends_with("dong-da.txt")));
    // Every other file's facts are kept.
    let clean = fact_rows(&clean_out, &input);
    let hit = fact_rows(&out, &input);
    for row in &clean {
        if !row.contains("ROOT/2022-9M/dong-da.txt") {
            assert!(hit.contains(row), "lost: {row}");
        }
    }
}

/// A file removed between discovery and reading is a failed input with the reason.
#[test]
fn a_file_removed_during_the_run_fails_with_its_reason() {
    let tmp = tempdir();
    let p = tmp.path().join("2022-9M").join("dong-da.txt");
    copy_dir(&root().join("data/2022-9M"), &tmp.path().join("2022-9M"));
    let cfg = chitieu::config::Config::load(&root().join("config/chitieu.toml")).unwrap();
    let found = chitieu::discover::discover(
        &[tmp.path().to_path_buf()],
        &cfg.run.inputs.extensions,
        &cfg.run.inputs.exclude,
    );
    let file = found.files.iter().find(|f| f.path == p).unwrap().clone();
    std::fs::remove_file(&p).unwrap();
    let r = chitieu::pipeline::process_file(&cfg, &file, None);
    assert_eq!(r.report.status, "failed");
    assert_eq!(
        r.problems.first().map(|p| p.code.as_str()),
        Some("unreadable_file")
    );
    assert!(
        r.report.note.contains("không đọc được tệp"),
        "{}",
        r.report.note
    );
}

/// `../shared/fixtures/calamine/`: every file accounted for, no panic.
#[test]
fn calamine_fixtures_are_all_accounted_for() {
    let fixtures = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/calamine"
    ));
    if !fixtures.is_dir() {
        eprintln!("skipped: {} not present", fixtures.display());
        return;
    }
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let o = run_on(&fixtures, &out);
    let err = stderr(&o);
    assert!(matches!(o.status.code(), Some(0) | Some(1)), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let m = manifest(&out);
    let s = &m["summary"];
    let n = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(n("internal_errors"), 0, "{s}");
    assert_eq!(n("files"), n("read") + n("skipped") + n("failed"));
    let listed: BTreeSet<String> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    for e in std::fs::read_dir(&fixtures).unwrap() {
        let p = e.unwrap().path().display().to_string();
        assert!(listed.contains(&p), "{p} not accounted for");
    }
    for f in m["files"].as_array().unwrap() {
        if f["status"] != "read" {
            assert!(
                !f["note"].as_str().unwrap_or("").is_empty(),
                "a reason: {f}"
            );
        }
    }
    // The password-protected samples say so; a workbook with a chart sheet is read.
    let status = |name: &str| {
        m["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .cloned()
    };
    for name in [
        "pass_protected.xlsx",
        "pass_protected.xlsb",
        "pass_protected.ods",
    ] {
        if let Some(f) = status(name) {
            assert!(f["note"].as_str().unwrap().contains("mật khẩu"), "{f}");
        }
    }
    for name in ["any_sheets.xlsx", "any_sheets.xlsb"] {
        if let Some(f) = status(name) {
            assert_eq!(f["status"], "read", "{f}");
        }
    }
}

/// Regression input for the text extractor: a 2 MB single line full of numbers
/// took 11.6 s of CPU (1 MB: 2.9 s; 5 MB did not finish in 5 minutes): it was
/// quadratic in the line's length. It must finish, and read the line as it
/// reads the same sentences one a line.
#[test]
fn a_long_line_of_numbers_is_read_in_linear_time() {
    let tmp = tempdir();
    let s = "Quận Đống Đa: tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.234,5 tỷ đồng, bằng 75,2% dự toán. ";
    let n = 5 * 1024 * 1024 / s.len();
    // the same sentences, once on one line and once a line each
    let run = |dir: &str, text: String| {
        let d = tmp.path().join(dir);
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("dong-dai.txt");
        std::fs::write(&p, text).unwrap();
        let started = std::time::Instant::now();
        let o = chitieu(&["extract", p.to_str().unwrap(), "--format", "json"]);
        // a generous bound: the quadratic reader took minutes, not seconds
        assert!(
            started.elapsed().as_secs() < 120,
            "5 MB took {:?}",
            started.elapsed()
        );
        assert!(o.status.code().is_some(), "{}", stderr(&o));
        let facts: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("json: {e}\n{}", stderr(&o)));
        facts
            .into_iter()
            .map(|mut f| {
                if let Some(m) = f.as_object_mut() {
                    m.remove("source_loc");
                    m.remove("source_file");
                }
                f
            })
            .collect::<Vec<_>>()
    };
    let one_line = run("mot-dong", s.repeat(n));
    let lines = run("nhieu-dong", format!("{}\n", s.trim_end()).repeat(n));
    assert!(!one_line.is_empty());
    assert_eq!(one_line, lines);
}

/// Regression input found by `cargo fuzz run workbook` (28 s in): a 27 KB
/// .xls whose compound-file sector chain loops. calamine's `cfb::Sectors::
/// get_chain` (calamine 0.38, cfb.rs:340) extends a Vec around the loop until
/// the allocation fails and the whole process aborts: every other file of
/// the run would be lost. read.rs walks every chain with a bound first.
#[test]
fn an_ole_file_with_a_looping_sector_chain_fails_alone() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    copy_dir(&root().join("data/2022-9M"), &input.join("2022-9M"));
    std::fs::copy(
        root().join("fuzz/regressions/workbook/oom-cfb-sector-chain-loop.xls"),
        input.join("vong-sector.xls"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run_on(&input, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let m = manifest(&out);
    let f = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("vong-sector.xls"))
        .cloned()
        .unwrap();
    assert_eq!(f["status"], "failed", "{f}");
    assert!(f["note"].as_str().unwrap().contains("lặp vòng"), "{f}");
}

/// A sector past the end of the file made calamine panic (contained, but an
/// internal error); now it is an ordinary unreadable file.
#[test]
fn an_ole_file_with_a_short_sector_is_unreadable_not_a_panic() {
    let o = chitieu(&[
        "extract",
        root()
            .join("fuzz/regressions/workbook/panic-cfb-rs-320.xls")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("unreadable_file") && !err.contains("panicked"),
        "{err}"
    );
}

/// The workbook fuzzer's crafted .xls whose formula record makes calamine's
/// reader index out of bounds: the panic is calamine's, caught at the file
/// boundary; the run finishes and the other files keep their facts.
#[test]
fn a_panic_inside_the_xls_reader_stays_in_its_file() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    copy_dir(&root().join("data/2022-9M"), &input.join("2022-9M"));
    std::fs::copy(
        root().join("fuzz/regressions/workbook/panic-xls-parse-formula.xls"),
        input.join("cong-thuc-hong.xls"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run_on(&input, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let m = manifest(&out);
    assert_eq!(m["summary"]["internal_errors"], 1, "{}", m["summary"]);
    let read = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "read" && f["facts"].as_u64().unwrap_or(0) > 0)
        .count();
    assert_eq!(read, 16, "every good file still gives its facts");
}
