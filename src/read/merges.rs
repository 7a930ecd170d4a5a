//! Merged regions of an xlsx's worksheets, read from the `<mergeCells>` block
//! of each sheet's XML without parsing its cells. calamine's
//! `merge_cells_by_sheet_name` parses the whole sheet a second time, which
//! cost as much as reading its values.

use memchr::memmem;
use quick_xml::events::Event;
use std::io::{Cursor, Read as _};

/// A merged region: first row, first column, last row, last column (0-based).
pub type Region = (u32, u32, u32, u32);

/// A package part larger than this is left to calamine (whose reader streams).
const MAX_PART: u64 = 64 << 20;

/// Every worksheet's merged regions, by sheet name, in workbook order; `None`
/// when the package is not laid out as expected, and the caller asks calamine.
pub fn merges_by_sheet(bytes: &[u8]) -> Option<Vec<(String, Vec<Region>)>> {
    merges_of(bytes, |_| true)
}

/// `merges_by_sheet` for the sheets `wanted` keeps only (each worker reading
/// a run of sheets inflates only its own).
pub fn merges_of(
    bytes: &[u8],
    wanted: impl Fn(&str) -> bool,
) -> Option<Vec<(String, Vec<Region>)>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let rels = part(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let targets = relationships(&rels)?;
    let workbook = part(&mut zip, "xl/workbook.xml")?;
    let mut out = Vec::new();
    for (name, id) in sheets(&workbook)? {
        if !wanted(&name) {
            continue;
        }
        let Some((_, target)) = targets.iter().find(|(i, _)| *i == id) else {
            continue; // a sheet without a part: calamine reports it
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{}", target.trim_start_matches("./")),
        };
        let xml = part(&mut zip, &path)?;
        out.push((name, regions(&xml)?));
    }
    Some(out)
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let f = zip.by_name(name).ok()?;
    if f.size() > MAX_PART {
        return None;
    }
    let mut buf = Vec::with_capacity(usize::try_from(f.size()).ok()?);
    f.take(MAX_PART + 1).read_to_end(&mut buf).ok()?;
    Some(buf)
}

fn attr(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::default())
                .ok()
                .map(|v| v.to_string())
        })
}

/// `Id` → `Target` of the workbook's relationships.
fn relationships(xml: &[u8]) -> Option<Vec<(String, String)>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.push((id, target));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

/// (name, relationship id) of every `<sheet>` in workbook.xml.
fn sheets(xml: &[u8]) -> Option<Vec<(String, String)>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                if let (Some(name), Some(id)) = (attr(&e, "name"), attr(&e, "id")) {
                    out.push((name, id));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

/// The regions of one sheet's `<mergeCells>`. A literal `<` cannot occur in
/// XML text, so the first `<mergeCells` (or `<x:mergeCells`) is the element.
fn regions(xml: &[u8]) -> Option<Vec<Region>> {
    let start = memmem::find_iter(xml, b"mergeCells").find_map(|pos| {
        let before = xml.get(..pos)?;
        if before.ends_with(b"<") {
            return Some(pos - 1);
        }
        // A namespace prefix: `<x:mergeCells`.
        let colon = before.strip_suffix(b":")?;
        let prefix_len = colon
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let lt = colon.len().checked_sub(prefix_len + 1)?;
        (colon.get(lt) == Some(&b'<') && prefix_len > 0).then_some(lt)
    });
    let Some(start) = start else {
        return Some(Vec::new());
    };
    let mut reader = quick_xml::Reader::from_reader(xml.get(start..)?);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "mergeCell" => {
                if let Some(r) = attr(&e, "ref").as_deref().and_then(range) {
                    out.push(r);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "mergeCells" => break,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

/// "A1:C2" (or "B3", one cell) → 0-based (first row, first col, last row, last col).
pub fn range(s: &str) -> Option<Region> {
    let (a, b) = s.split_once(':').unwrap_or((s, s));
    let (r0, c0) = cell(a)?;
    let (r1, c1) = cell(b)?;
    Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
}

/// "AB12" or "$AB$12" → (row 11, col 27).
fn cell(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(range("A1:C2"), Some((0, 0, 1, 2)));
        assert_eq!(range("B3"), Some((2, 1, 2, 1)));
        assert_eq!(range("$AA$10:$AB$11"), Some((9, 26, 10, 27)));
        assert_eq!(
            range("XFD1048576"),
            Some((1_048_575, 16_383, 1_048_575, 16_383))
        );
        assert_eq!(range("A0"), None);
        assert_eq!(range("1A"), None);
        assert_eq!(range(""), None);
    }

    #[test]
    fn regions_with_and_without_a_prefix() {
        let plain = br#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCells &lt;mergeCells</t></is></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="A2:A3"/></mergeCells></worksheet>"#;
        assert_eq!(regions(plain), Some(vec![(0, 0, 0, 2), (1, 0, 2, 0)]));
        let prefixed = br#"<x:worksheet><x:sheetData/><x:mergeCells><x:mergeCell ref="B2:D4"/></x:mergeCells></x:worksheet>"#;
        assert_eq!(regions(prefixed), Some(vec![(1, 1, 3, 3)]));
        assert_eq!(
            regions(b"<worksheet><sheetData/></worksheet>"),
            Some(vec![])
        );
    }
}
