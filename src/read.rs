//! Read: bytes to documents. Formats are recognised by content, not by
//! extension; text is decoded to NFC; workbooks become sparse sheets (cells
//! are streamed, so a stray cell at XFD1048576 allocates nothing dense).

use crate::config::run::Limits;
mod cfb;
pub mod merges;

use calamine::{Data, Reader, SheetType, SheetVisible, Sheets};
use std::io::{Cursor, Read as _};
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

/// Why a file could not be read; the message is shown to the planner.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ReadError {
    #[error("tệp rỗng (0 byte)")]
    Empty,
    #[error("tệp quá lớn: {size} byte, giới hạn {limit} byte")]
    TooLarge { size: u64, limit: u64 },
    #[error("tệp nén giải nén ra {size} byte, vượt giới hạn {limit} byte (nghi tệp zip bomb), không đọc")]
    ArchiveTooLarge { size: u64, limit: u64 },
    #[error("bảng tính có mật khẩu bảo vệ, không đọc được")]
    PasswordProtected,
    #[error("không nhận ra định dạng tệp (không phải xlsx/xls/xlsb/ods/docx/văn bản)")]
    UnknownFormat,
    #[error("tệp có đuôi .{0} nhưng nội dung không phải bảng tính (không đọc)")]
    NotASpreadsheet(String),
    #[error("tệp hỏng hoặc không đọc được: {0}")]
    Corrupt(String),
    #[error("không phải tệp văn bản (có byte nhị phân)")]
    Binary,
    #[error("văn bản quá dài: {size} byte, giới hạn {limit} byte")]
    TextTooLong { size: u64, limit: u64 },
    #[error("trang tính '{sheet}' có {cells} ô, vượt giới hạn {limit}")]
    TooManyCells {
        sheet: String,
        cells: u64,
        limit: u64,
    },
}

/// What a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Docx,
    Text,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Docx => "docx",
            Format::Text => "text",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Document {
    /// Plain text or a Word document's text, NFC.
    Text {
        text: String,
        format: Format,
        /// The encoding the bytes were in (`utf-8`, `utf-16le`, `windows-1258`, ...).
        encoding: String,
    },
    Workbook(WorkbookDoc),
}

#[derive(Debug, Clone)]
pub struct WorkbookDoc {
    pub format: Format,
    pub sheets: Vec<SheetDoc>,
}

#[derive(Debug, Clone)]
pub struct SheetDoc {
    pub name: String,
    pub hidden: bool,
    /// Non-empty cells, sorted by (row, col), 0-based.
    pub cells: Vec<SheetCell>,
    /// Merged regions: (first row, first col, last row, last col).
    pub merged: Vec<(u32, u32, u32, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetCell {
    pub row: u32,
    pub col: u32,
    pub value: CellValue,
    /// The cell's number format shows a percentage (0.678 displayed as 67.8%).
    pub percent_format: bool,
    pub formula: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Number(f64),
    Text(String),
    Bool(bool),
    /// An Excel error value (#DIV/0!, #REF!, ...).
    Error(String),
    /// A formula whose result was never calculated and saved.
    NoCachedValue,
}

/// Read one file's bytes into a document.
pub fn read_bytes(bytes: &[u8], extension: &str, limits: &Limits) -> Result<Document, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let max = limits.max_file_mb.saturating_mul(1024 * 1024);
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: max,
        });
    }
    match sniff(bytes)? {
        Format::Docx => read_docx(bytes, limits),
        // A ".xls" that is a saved error page or a stub is reported, not read as
        // a narrative text that silently gives nothing.
        Format::Text if is_spreadsheet_extension(extension) => {
            Err(ReadError::NotASpreadsheet(extension.to_ascii_lowercase()))
        }
        Format::Text => read_text(bytes, limits),
        f => read_workbook(bytes, f, limits).map(Document::Workbook),
    }
}

fn is_spreadsheet_extension(ext: &str) -> bool {
    ["xlsx", "xlsm", "xlsb", "xls", "ods"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Recognise the format from the bytes; zip archives are checked against the size limit
/// using their central directory, before anything is inflated.
pub fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ReadError::Corrupt(format!("zip: {e}")))?;
        let names: Vec<String> = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.to_string()))
            .collect();
        let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
        if has("word/document.xml") {
            Ok(Format::Docx)
        } else if has("xl/workbook.bin") {
            Ok(Format::Xlsb)
        } else if has("xl/workbook.xml") {
            Ok(Format::Xlsx)
        } else if has("content.xml") {
            // An encrypted .ods names its encryption in the manifest; its
            // content.xml is ciphertext.
            if ods_encrypted(&mut zip) {
                Err(ReadError::PasswordProtected)
            } else {
                Ok(Format::Ods)
            }
        } else {
            Err(ReadError::UnknownFormat)
        }
    } else if bytes.starts_with(&OLE_MAGIC) {
        // An encrypted xlsx is an OLE container with an EncryptedPackage stream.
        if contains_utf16(bytes, "EncryptedPackage") {
            Err(ReadError::PasswordProtected)
        } else {
            Ok(Format::Xls)
        }
    } else {
        Ok(Format::Text)
    }
}

fn ods_encrypted(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> bool {
    let Ok(f) = zip.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut manifest = Vec::new();
    // The manifest is small; a huge one is read no further than 1 MB.
    if f.take(1 << 20).read_to_end(&mut manifest).is_err() {
        return false;
    }
    manifest.windows(15).any(|w| w == b"encryption-data")
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pat: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(pat.len()).any(|w| w == pat.as_slice())
}

fn check_archive(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("zip: {e}")))?;
    let limit = limits.max_uncompressed_mb.saturating_mul(1024 * 1024);
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| ReadError::Corrupt(format!("zip: {e}")))?;
        total = total.saturating_add(f.size());
    }
    if total > limit {
        return Err(ReadError::ArchiveTooLarge { size: total, limit });
    }
    Ok(())
}

/// Decode text: BOMs first, then UTF-8, then TCVN3 or VNI when they read as
/// Vietnamese better than Windows-1258, else Windows-1258; always NFC.
pub fn decode_text(bytes: &[u8]) -> Result<(String, String), ReadError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or(&[]);
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(ReadError::Corrupt(format!(
                "không giải mã được theo {}",
                enc.name()
            )));
        }
        return Ok((text.nfc().collect(), enc.name().to_ascii_lowercase()));
    }
    // NUL bytes do not occur in text in any encoding we read without a BOM.
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        return Err(ReadError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.nfc().collect(), "utf-8".into())),
        Err(_) => {
            if let Some((text, name)) = crate::normalize::legacy::decode_legacy(bytes) {
                return Ok((text.nfc().collect(), name.into()));
            }
            let (text, _, had_errors) = encoding_rs::WINDOWS_1258.decode(bytes);
            if had_errors || crate::normalize::legacy::binary_like(&text) {
                return Err(ReadError::Binary);
            }
            Ok((text.nfc().collect(), "windows-1258".into()))
        }
    }
}

fn read_text(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let limit = limits.max_text_mb.saturating_mul(1024 * 1024);
    if bytes.len() as u64 > limit {
        return Err(ReadError::TextTooLong {
            size: bytes.len() as u64,
            limit,
        });
    }
    let (text, encoding) = decode_text(bytes)?;
    Ok(Document::Text {
        text,
        format: Format::Text,
        encoding,
    })
}

/// A Word document's text: paragraphs and table cells in document order.
fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    check_archive(bytes, limits)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("zip: {e}")))?;
    let xml;
    {
        let mut f = zip
            .by_name("word/document.xml")
            .map_err(|e| ReadError::Corrupt(format!("word/document.xml: {e}")))?;
        // The XML may be larger than its text, but not without bound: read at
        // most 8× the text limit (one byte more tells that it was longer).
        let limit = limits
            .max_text_mb
            .saturating_mul(1024 * 1024)
            .saturating_mul(8);
        let mut raw = Vec::new();
        (&mut f)
            .take(limit.saturating_add(1))
            .read_to_end(&mut raw)
            .map_err(|e| ReadError::Corrupt(format!("word/document.xml: {e}")))?;
        if raw.len() as u64 > limit {
            return Err(ReadError::ArchiveTooLarge {
                size: raw.len() as u64,
                limit,
            });
        }
        xml = String::from_utf8(raw)
            .map_err(|e| ReadError::Corrupt(format!("word/document.xml: {e}")))?;
    }
    let text = docx_text(&xml)?;
    let text_limit = limits.max_text_mb.saturating_mul(1024 * 1024);
    if text.len() as u64 > text_limit {
        return Err(ReadError::TextTooLong {
            size: text.len() as u64,
            limit: text_limit,
        });
    }
    Ok(Document::Text {
        text: text.nfc().collect(),
        format: Format::Docx,
        encoding: "utf-8".into(),
    })
}

/// Paragraph text from WordprocessingML: `w:t` runs, `w:tab`/`w:br` as spaces,
/// a newline after each paragraph (table cells are paragraphs too).
pub fn docx_text(xml: &str) -> Result<String, ReadError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "t" => in_t = true,
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "tab" | "br" => out.push(' '),
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "p" => out.push('\n'),
                "tc" => out.push('\t'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_t => {
                out.push_str(&t.xml10_content());
            }
            Ok(Event::GeneralRef(r)) if in_t => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    out.push_str(match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                return Err(ReadError::Corrupt(format!(
                    "word/document.xml at byte {}: {e}",
                    reader.buffer_position()
                )))
            }
            _ => {}
        }
    }
    Ok(out)
}

/// From how many worksheets an xlsx's sheets are read on several cores.
const PARALLEL_SHEETS: usize = 8;

fn read_workbook(bytes: &[u8], format: Format, limits: &Limits) -> Result<WorkbookDoc, ReadError> {
    if matches!(format, Format::Xlsx | Format::Xlsb | Format::Ods) {
        check_archive(bytes, limits)?;
    }
    // calamine trusts an .xls container and builds its grids while opening.
    if format == Format::Xls {
        let (cells, sheet) = cfb::check_xls(bytes).map_err(ReadError::Corrupt)?;
        if cells > limits.max_cells {
            return Err(ReadError::TooManyCells {
                sheet,
                cells,
                limit: limits.max_cells,
            });
        }
    }
    // calamine builds .ods sheets densely while opening: bound them first, and
    // take the merged regions and percentage cells calamine does not give.
    let ods = if format == Format::Ods {
        Some(scan_ods(bytes, limits)?)
    } else {
        None
    };
    let mut wb = open_as(bytes, format)?;
    // Chart, dialog and macro sheets hold no table (and calamine refuses to
    // read them as worksheets): only worksheets are read.
    let metas: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::with_capacity(metas.len());
    match &mut wb {
        Sheets::Xlsx(x) => {
            let read_sheet = |x: &mut calamine::Xlsx<Cursor<&[u8]>>,
                              fast: &[(String, Vec<merges::Region>)],
                              (name, hidden): &(String, bool)|
             -> Result<SheetDoc, ReadError> {
                let merged = match fast.iter().find(|(n, _)| n == name) {
                    Some((_, regions)) => regions.clone(),
                    None => x
                        .merge_cells_by_sheet_name(name)
                        .unwrap_or_default()
                        .iter()
                        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                        .collect(),
                };
                let cells = stream_xlsx_sheet(x, name, limits)?;
                Ok(SheetDoc {
                    name: name.clone(),
                    hidden: *hidden,
                    cells,
                    merged,
                })
            };
            let threads = rayon::current_num_threads();
            if metas.len() >= PARALLEL_SHEETS && threads > 1 {
                // A workbook with a sheet per district is read on every core:
                // each worker opens its own reader (calamine's cannot be
                // shared) and streams a run of consecutive sheets. Parts are
                // joined in sheet order, so the first error is the same one.
                use rayon::prelude::*;
                let parts: Vec<Result<Vec<SheetDoc>, ReadError>> = metas
                    .par_chunks(metas.len().div_ceil(threads))
                    .map(|part| {
                        let Sheets::Xlsx(mut own) = open_as(bytes, format)? else {
                            return Err(ReadError::UnknownFormat);
                        };
                        let fast = merges::merges_of(bytes, |n| part.iter().any(|(m, _)| m == n))
                            .unwrap_or_default();
                        part.iter()
                            .map(|m| read_sheet(&mut own, &fast, m))
                            .collect()
                    })
                    .collect();
                for part in parts {
                    sheets.extend(part?);
                }
            } else {
                let fast = merges::merges_by_sheet(bytes).unwrap_or_default();
                for m in &metas {
                    sheets.push(read_sheet(x, &fast, m)?);
                }
            }
        }
        Sheets::Xlsb(x) => {
            for (name, hidden) in metas {
                let cells = stream_xlsb_sheet(x, &name, limits)?;
                sheets.push(SheetDoc {
                    name,
                    hidden,
                    cells,
                    merged: Vec::new(),
                });
            }
        }
        other => {
            for (name, hidden) in metas {
                let info = ods.as_ref().and_then(|o| o.iter().find(|s| s.name == name));
                let range = other
                    .worksheet_range(&name)
                    .map_err(|e| ReadError::Corrupt(format!("sheet '{name}': {e}")))?;
                let (h, w) = range.get_size();
                if (h as u64).saturating_mul(w as u64) > limits.max_cells {
                    return Err(ReadError::TooManyCells {
                        sheet: name,
                        cells: (h as u64).saturating_mul(w as u64),
                        limit: limits.max_cells,
                    });
                }
                let merged = match other {
                    Sheets::Xls(x) => x
                        .merge_cells_by_sheet_name(&name)
                        .unwrap_or_default()
                        .iter()
                        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                        .collect(),
                    _ => info.map(|i| i.merged.clone()).unwrap_or_default(),
                };
                let formulas = other.worksheet_formula(&name).ok();
                let mut cells = Vec::new();
                for (r, c, v) in range.used_cells() {
                    let (start_r, start_c) = range.start().unwrap_or((0, 0));
                    let row = start_r + r as u32;
                    let col = start_c + c as u32;
                    if let Some(value) = cell_value(v) {
                        cells.push(SheetCell {
                            row,
                            col,
                            value,
                            percent_format: false,
                            formula: None,
                        });
                    }
                }
                if let Some(f) = formulas {
                    for (r, c, text) in f.used_cells() {
                        let (sr, sc) = f.start().unwrap_or((0, 0));
                        let (row, col) = (sr + r as u32, sc + c as u32);
                        if text.is_empty() {
                            continue;
                        }
                        match cells.iter_mut().find(|x| x.row == row && x.col == col) {
                            Some(cell) => cell.formula = Some(text.clone()),
                            None => cells.push(SheetCell {
                                row,
                                col,
                                value: CellValue::NoCachedValue,
                                percent_format: false,
                                formula: Some(text.clone()),
                            }),
                        }
                    }
                }
                cells.sort_by_key(|c| (c.row, c.col));
                if let Some(info) = info {
                    for cell in cells.iter_mut() {
                        cell.percent_format =
                            info.percent.binary_search(&(cell.row, cell.col)).is_ok();
                    }
                }
                sheets.push(SheetDoc {
                    name,
                    hidden,
                    cells,
                    merged,
                });
            }
        }
    }
    Ok(WorkbookDoc { format, sheets })
}

/// What a first pass over an .ods sheet's XML gives.
#[derive(Debug, Default)]
struct OdsSheetInfo {
    name: String,
    merged: Vec<(u32, u32, u32, u32)>,
    /// Cells with `office:value-type="percentage"`, sorted.
    percent: Vec<(u32, u32)>,
}

fn ods_attr(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::default())
                .ok()
                .map(|v| v.to_string())
        })
}

fn ods_count(e: &quick_xml::events::BytesStart<'_>, key: &str) -> u64 {
    ods_attr(e, key)
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn ods_limit(name: &str, rows: u64, cols: u64, limits: &Limits) -> Result<(), ReadError> {
    let cells = rows.saturating_mul(cols);
    if cells > limits.max_cells {
        return Err(ReadError::TooManyCells {
            sheet: name.to_string(),
            cells,
            limit: limits.max_cells,
        });
    }
    Ok(())
}

/// Stream `content.xml` once before calamine opens it (calamine expands
/// repeated rows and columns into a dense range while opening): each sheet's
/// extent of non-empty cells is checked against the cell limit; merged
/// regions and percentage cells, which calamine does not give, are collected.
fn scan_ods(bytes: &[u8], limits: &Limits) -> Result<Vec<OdsSheetInfo>, ReadError> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("zip: {e}")))?;
    let file = zip
        .by_name("content.xml")
        .map_err(|e| ReadError::Corrupt(format!("content.xml: {e}")))?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
    let mut buf = Vec::new();
    let mut sheets: Vec<OdsSheetInfo> = Vec::new();
    let (mut row, mut col, mut row_repeat) = (0u64, 0u64, 1u64);
    let (mut max_row, mut max_col, mut row_has_content) = (0u64, 0u64, false);
    const MAX: u64 = u32::MAX as u64;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| ReadError::Corrupt(format!("content.xml: {e}")))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" if !empty => {
                    sheets.push(OdsSheetInfo {
                        name: ods_attr(&e, "table:name").unwrap_or_default(),
                        ..OdsSheetInfo::default()
                    });
                    (row, max_row, max_col) = (0, 0, 0);
                }
                "table:table-row" => {
                    row_repeat = ods_count(&e, "table:number-rows-repeated");
                    col = 0;
                    row_has_content = false;
                    if empty {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let repeat = ods_count(&e, "table:number-columns-repeated");
                    let value_type = ods_attr(&e, "office:value-type");
                    if value_type.is_some() || !empty {
                        row_has_content = true;
                        max_col = max_col.max(col.saturating_add(repeat));
                    }
                    let spans = (
                        ods_count(&e, "table:number-rows-spanned"),
                        ods_count(&e, "table:number-columns-spanned"),
                    );
                    if let Some(sheet) = sheets.last_mut().filter(|_| row < MAX && col < MAX) {
                        if spans != (1, 1) {
                            let last = |a: u64, n: u64| a.saturating_add(n - 1).min(MAX) as u32;
                            let region = (
                                row as u32,
                                col as u32,
                                last(row, spans.0),
                                last(col, spans.1),
                            );
                            sheet.merged.push(region);
                        }
                        if value_type.as_deref() == Some("percentage") {
                            let cols = col..col.saturating_add(repeat.min(1024)).min(MAX);
                            sheet.percent.extend(cols.map(|c| (row as u32, c as u32)));
                        }
                    }
                    col = col.saturating_add(repeat);
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => {
                    row = row.saturating_add(row_repeat);
                    if row_has_content {
                        max_row = row;
                    }
                }
                "table:table" => {
                    if let Some(sheet) = sheets.last_mut() {
                        ods_limit(&sheet.name, max_row, max_col, limits)?;
                        sheet.percent.sort_unstable();
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(sheets)
}

/// Open the workbook with the reader of the format the bytes were sniffed as,
/// so its own error (a password, a missing part) reaches the planner instead
/// of "cannot detect file format".
fn open_as(bytes: &[u8], format: Format) -> Result<Sheets<Cursor<&[u8]>>, ReadError> {
    use calamine::{open_workbook_from_rs, Ods, Xls, Xlsb, Xlsx};
    let rs = Cursor::new(bytes);
    let opened = match format {
        Format::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(rs)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::from),
        Format::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(rs)
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::from),
        Format::Ods => open_workbook_from_rs::<Ods<_>, _>(rs)
            .map(Sheets::Ods)
            .map_err(calamine::Error::from),
        Format::Xls => open_workbook_from_rs::<Xls<_>, _>(rs)
            .map(Sheets::Xls)
            .map_err(calamine::Error::from),
        Format::Docx | Format::Text => return Err(ReadError::UnknownFormat),
    };
    opened.map_err(map_calamine_error)
}

/// Stream an xlsb sheet's cells, then its formulas, without building a dense
/// range (a stray cell at XFD1048576 must not allocate 17 billion cells).
fn stream_xlsb_sheet<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsb<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Vec<SheetCell>, ReadError> {
    let corrupt = |e: calamine::XlsbError| ReadError::Corrupt(format!("sheet '{name}': {e}"));
    let mut cells = Vec::new();
    {
        let mut reader = x.worksheet_cells_reader(name).map_err(corrupt)?;
        while let Some(cell) = reader.next_cell().map_err(corrupt)? {
            let (row, col) = cell.get_position();
            if let Some(value) = data_ref_value(cell.get_value()) {
                if cells.len() as u64 >= limits.max_cells {
                    return Err(ReadError::TooManyCells {
                        sheet: name.to_string(),
                        cells: cells.len() as u64 + 1,
                        limit: limits.max_cells,
                    });
                }
                cells.push(SheetCell {
                    row,
                    col,
                    value,
                    percent_format: false,
                    formula: None,
                });
            }
        }
    }
    cells.sort_by_key(|c| (c.row, c.col));
    let mut extra = Vec::new();
    {
        let mut reader = x.worksheet_cells_reader(name).map_err(corrupt)?;
        while let Some(f) = reader.next_formula().map_err(corrupt)? {
            let (row, col) = f.get_position();
            let text = f.get_value();
            if text.is_empty() {
                continue;
            }
            match cells.binary_search_by_key(&(row, col), |c| (c.row, c.col)) {
                Ok(i) => {
                    if let Some(cell) = cells.get_mut(i) {
                        cell.formula = Some(text.clone());
                    }
                }
                Err(_) => {
                    if (cells.len() + extra.len()) as u64 >= limits.max_cells {
                        return Err(ReadError::TooManyCells {
                            sheet: name.to_string(),
                            cells: (cells.len() + extra.len()) as u64 + 1,
                            limit: limits.max_cells,
                        });
                    }
                    extra.push(SheetCell {
                        row,
                        col,
                        value: CellValue::NoCachedValue,
                        percent_format: false,
                        formula: Some(text.clone()),
                    });
                }
            }
        }
    }
    cells.extend(extra);
    cells.sort_by_key(|c| (c.row, c.col));
    Ok(cells)
}

/// Stream an xlsx sheet's cells (values, formulas) and their number formats
/// without building a dense range.
fn stream_xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Vec<SheetCell>, ReadError> {
    let mut cells = Vec::new();
    {
        let mut reader = x
            .worksheet_cells_reader(name)
            .map_err(|e| ReadError::Corrupt(format!("sheet '{name}': {e}")))?;
        while let Some(rec) = reader
            .next_cell_with_formula()
            .map_err(|e| ReadError::Corrupt(format!("sheet '{name}': {e}")))?
        {
            let value = match data_ref_value(&rec.value) {
                // `<f>…</f>` with no `<v>` or an empty one: never calculated.
                None if rec.formula.as_deref().is_some_and(|f| !f.is_empty()) => {
                    Some(CellValue::NoCachedValue)
                }
                v => v,
            };
            if let Some(value) = value {
                if cells.len() as u64 >= limits.max_cells {
                    return Err(ReadError::TooManyCells {
                        sheet: name.to_string(),
                        cells: cells.len() as u64 + 1,
                        limit: limits.max_cells,
                    });
                }
                cells.push(SheetCell {
                    row: rec.pos.0,
                    col: rec.pos.1,
                    value,
                    percent_format: false,
                    formula: rec.formula.clone(),
                });
            }
        }
    }
    // Second pass for number formats: only percentages matter to us.
    if cells
        .iter()
        .any(|c| matches!(c.value, CellValue::Number(_)))
    {
        let mut reader = x
            .worksheet_cells_reader(name)
            .map_err(|e| ReadError::Corrupt(format!("sheet '{name}': {e}")))?;
        let pct_styles: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format.as_ref().is_some_and(|f| {
                    f.format_code.contains('%') || f.format_id == Some(9) || f.format_id == Some(10)
                })
            })
            .collect();
        if pct_styles.iter().any(|b| *b) {
            let mut pct_cells = Vec::new();
            while let Some((r, c, style)) = reader
                .next_style_id()
                .map_err(|e| ReadError::Corrupt(format!("sheet '{name}': {e}")))?
            {
                if pct_styles.get(style).copied().unwrap_or(false) {
                    pct_cells.push((r, c));
                }
            }
            pct_cells.sort_unstable();
            for cell in cells.iter_mut() {
                if pct_cells.binary_search(&(cell.row, cell.col)).is_ok() {
                    cell.percent_format = true;
                }
            }
        }
    }
    cells.sort_by_key(|c| (c.row, c.col));
    Ok(cells)
}

fn data_ref_value(v: &calamine::DataRef<'_>) -> Option<CellValue> {
    use calamine::DataRef as D;
    match v {
        D::Int(i) => Some(CellValue::Number(*i as f64)),
        D::Float(f) => Some(CellValue::Number(*f)),
        D::String(s) => non_blank(s),
        D::SharedString(s) => non_blank(s),
        D::Bool(b) => Some(CellValue::Bool(*b)),
        D::DateTime(d) => Some(CellValue::Number(d.as_f64())),
        D::DateTimeIso(s) | D::DurationIso(s) => non_blank(s),
        D::Error(e) => Some(CellValue::Error(e.to_string())),
        D::Empty => None,
    }
}

fn cell_value(v: &Data) -> Option<CellValue> {
    match v {
        Data::Int(i) => Some(CellValue::Number(*i as f64)),
        Data::Float(f) => Some(CellValue::Number(*f)),
        Data::String(s) => non_blank(s),
        Data::Bool(b) => Some(CellValue::Bool(*b)),
        Data::DateTime(d) => Some(CellValue::Number(d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => non_blank(s),
        Data::Error(e) => Some(CellValue::Error(e.to_string())),
        Data::Empty => None,
    }
}

fn non_blank(s: &str) -> Option<CellValue> {
    if s.trim().is_empty() {
        None
    } else {
        Some(CellValue::Text(nfc(s)))
    }
}

/// NFC, without re-composing text that is already in it (nearly every cell).
fn nfc(s: &str) -> String {
    match unicode_normalization::is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

fn map_calamine_error(e: calamine::Error) -> ReadError {
    let msg = e.to_string();
    let lower = msg.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::PasswordProtected
    } else {
        ReadError::Corrupt(msg)
    }
}

/// A1-style cell reference for provenance (`C12`).
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut c = col as u64 + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push(b'A' + rem);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(11, 2), "C12");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(1048575, 16383), "XFD1048576");
    }

    #[test]
    fn decodes_boms_and_legacy() {
        let limits = Limits::default();
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hà Nội".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        match read_bytes(&utf16, "txt", &limits) {
            Ok(Document::Text { text, encoding, .. }) => {
                assert_eq!(text, "Hà Nội");
                assert_eq!(encoding, "utf-16le");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            read_bytes(b"", "txt", &limits).err(),
            Some(ReadError::Empty)
        );
        assert_eq!(
            read_bytes(&[0u8, 1, 2, 3, 0, 0, 9], "txt", &limits).err(),
            Some(ReadError::Binary)
        );
    }

    #[test]
    fn docx_paragraphs() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Thu ngân sách</w:t></w:r><w:r><w:t xml:space="preserve"> 8.599,3 tỷ đồng</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>A &amp; B</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        let t = docx_text(xml).unwrap();
        assert!(t.starts_with("Thu ngân sách 8.599,3 tỷ đồng\n"));
        assert!(t.contains("A & B"));
    }

    /// A Word document's text counts against max_text_mb like a text file's.
    #[test]
    fn docx_text_limit() {
        use std::io::Write as _;
        let body = "<w:p><w:r><w:t>thu ngân sách 12,5 tỷ đồng</w:t></w:r></w:p>".repeat(60_000);
        let xml = format!("<w:document xmlns:w=\"x\"><w:body>{body}</w:body></w:document>");
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(xml.as_bytes()).unwrap();
        let bytes = w.finish().unwrap().into_inner();
        let limits = Limits {
            max_text_mb: 1,
            ..Limits::default()
        };
        assert!(matches!(
            read_bytes(&bytes, "docx", &limits),
            Err(ReadError::TextTooLong { .. })
        ));
        assert!(read_bytes(&bytes, "docx", &Limits::default()).is_ok());
    }
}
