//! A structural check of legacy `.xls` files (OLE compound files) before
//! calamine opens them. calamine follows sector chains without a bound and
//! builds every sheet's grid while opening, so a looping chain or cells far
//! apart in a crafted file would exhaust memory and take the whole run down.
//! Here every chain is walked with a bound, and the BIFF cell records of the
//! `Workbook` stream give each sheet's extent before any grid exists.

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;
/// Ids at or above this are markers (end of chain, FAT/DIFAT sectors, free).
const MAXREGSECT: u32 = 0xFFFF_FFFA;

fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    b.get(off..off + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

struct Container<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
}

impl<'a> Container<'a> {
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize)
            .checked_add(1)?
            .checked_mul(self.sector_size)?;
        self.bytes.get(start..start.checked_add(self.sector_size)?)
    }

    /// The sector ids of a chain; an id out of range or a loop is an error.
    fn chain(&self, start: u32, what: &str) -> Result<Vec<u32>, String> {
        let mut out = Vec::new();
        let mut id = start;
        while id < MAXREGSECT {
            if out.len() > self.fat.len() {
                return Err(format!("chuỗi sector của {what} lặp vòng"));
            }
            let next = *self
                .fat
                .get(id as usize)
                .ok_or_else(|| format!("chuỗi sector của {what} trỏ ra ngoài tệp (sector {id})"))?;
            self.sector(id)
                .ok_or_else(|| format!("sector {id} của {what} nằm ngoài tệp"))?;
            out.push(id);
            id = next;
        }
        if id != ENDOFCHAIN && id != FREESECT {
            return Err(format!("chuỗi sector của {what} kết thúc sai (0x{id:08X})"));
        }
        Ok(out)
    }

    fn read_chain(&self, start: u32, size: Option<usize>, what: &str) -> Result<Vec<u8>, String> {
        let ids = self.chain(start, what)?;
        let mut out = Vec::with_capacity(ids.len() * self.sector_size);
        for id in ids {
            out.extend_from_slice(self.sector(id).unwrap_or(&[]));
        }
        if let Some(n) = size {
            out.truncate(n);
        }
        Ok(out)
    }
}

fn open(bytes: &[u8]) -> Result<Container<'_>, String> {
    let shift = u16_at(bytes, 0x1E).ok_or("tiêu đề OLE bị cắt")?;
    if shift != 9 && shift != 12 {
        return Err(format!("kích thước sector OLE không hợp lệ (2^{shift})"));
    }
    let sector_size = 1usize << shift;
    let n_sectors = bytes.len().saturating_sub(512).div_ceil(sector_size);
    // The FAT sector ids: 109 in the header, then the DIFAT chain.
    let mut fat_ids: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + i * 4))
        .filter(|id| *id < MAXREGSECT)
        .collect();
    let mut difat = u32_at(bytes, 0x44).ok_or("tiêu đề OLE bị cắt")?;
    let mut hops = 0usize;
    while difat < MAXREGSECT {
        hops += 1;
        if hops > n_sectors {
            return Err("chuỗi DIFAT lặp vòng".into());
        }
        let start = (difat as usize + 1) * sector_size;
        let sec = bytes
            .get(start..start + sector_size)
            .ok_or("sector DIFAT nằm ngoài tệp")?;
        let per = sector_size / 4 - 1;
        fat_ids.extend(
            (0..per)
                .filter_map(|i| u32_at(sec, i * 4))
                .filter(|id| *id < MAXREGSECT),
        );
        difat = u32_at(sec, per * 4).unwrap_or(ENDOFCHAIN);
    }
    if fat_ids.len() > n_sectors {
        return Err("bảng FAT lớn hơn tệp".into());
    }
    let mut fat = Vec::with_capacity(fat_ids.len() * sector_size / 4);
    for id in fat_ids {
        let start = (id as usize + 1) * sector_size;
        let sec = bytes
            .get(start..start + sector_size)
            .ok_or_else(|| format!("sector FAT {id} nằm ngoài tệp"))?;
        fat.extend((0..sector_size / 4).filter_map(|i| u32_at(sec, i * 4)));
    }
    fat.truncate(n_sectors);
    Ok(Container {
        bytes,
        sector_size,
        fat,
    })
}

/// Check the container's chains and return the largest sheet's cell count
/// (rows × columns spanned by its cell records) and its name.
pub fn check_xls(bytes: &[u8]) -> Result<(u64, String), String> {
    let c = open(bytes)?;
    let first_dir = u32_at(bytes, 0x30).ok_or("tiêu đề OLE bị cắt")?;
    let dir = c.read_chain(first_dir, None, "thư mục")?;
    let mini_cutoff = u32_at(bytes, 0x38).unwrap_or(4096) as u64;
    let mini_fat = u32_at(bytes, 0x3C).unwrap_or(ENDOFCHAIN);
    if mini_fat < MAXREGSECT {
        c.chain(mini_fat, "mini FAT")?;
    }
    let mut workbook: Option<(u32, usize)> = None;
    for entry in dir.chunks_exact(128) {
        let kind = entry.get(66).copied().unwrap_or(0);
        let start = u32_at(entry, 116).unwrap_or(ENDOFCHAIN);
        let size = u32_at(entry, 120).unwrap_or(0) as u64;
        let name_len = u16_at(entry, 64).unwrap_or(0) as usize;
        let name: String = char::decode_utf16(
            (0..name_len.min(64) / 2)
                .filter_map(|i| u16_at(entry, i * 2))
                .take_while(|u| *u != 0),
        )
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect();
        // The root entry's chain is the mini stream; big streams have their own chain.
        if kind == 5 || (kind == 2 && size >= mini_cutoff) {
            if start < MAXREGSECT {
                c.chain(start, &name)?;
            }
            if kind == 2 && (name == "Workbook" || name == "Book") {
                workbook = Some((start, size as usize));
            }
        }
    }
    match workbook {
        Some((start, size)) => {
            let stream = c.read_chain(start, Some(size), "Workbook")?;
            Ok(largest_sheet(&stream))
        }
        None => Ok((0, String::new())),
    }
}

/// Rows × columns spanned by the cell records of each BIFF worksheet; the
/// largest, with the sheet's name from its BOUNDSHEET record.
fn largest_sheet(stream: &[u8]) -> (u64, String) {
    let mut pos = 0usize;
    let mut best = (0u64, String::new());
    let mut names: Vec<(usize, String)> = Vec::new();
    let mut current = String::new();
    let mut extent: Option<(u32, u32, u32, u32)> = None;
    let finish = |e: &mut Option<(u32, u32, u32, u32)>, name: &str, best: &mut (u64, String)| {
        if let Some((r0, r1, c0, c1)) = e.take() {
            let cells = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
            if cells > best.0 {
                *best = (cells, name.to_string());
            }
        }
    };
    while let (Some(kind), Some(len)) = (u16_at(stream, pos), u16_at(stream, pos + 2)) {
        let body = pos + 4;
        match kind {
            // BOUNDSHEET: where a sheet's substream starts, and its name.
            0x0085 => {
                if let (Some(at), Some(cch), Some(flags)) = (
                    u32_at(stream, body),
                    stream.get(body + 6).copied(),
                    stream.get(body + 7).copied(),
                ) {
                    let start = body + 8;
                    let name = if flags & 1 == 1 {
                        char::decode_utf16(
                            (0..cch as usize).filter_map(|i| u16_at(stream, start + i * 2)),
                        )
                        .map(|r| r.unwrap_or('\u{FFFD}'))
                        .collect()
                    } else {
                        stream
                            .get(start..start + cch as usize)
                            .map(|b| b.iter().map(|&c| char::from(c)).collect())
                            .unwrap_or_default()
                    };
                    names.push((at as usize, name));
                }
            }
            // BOF opens a substream (a sheet when a BOUNDSHEET points here); EOF closes it.
            0x0809 => {
                finish(&mut extent, &current, &mut best);
                current = names
                    .iter()
                    .find(|(at, _)| *at == pos)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
            }
            0x000A => finish(&mut extent, &current, &mut best),
            // NUMBER, LABELSST, RK, FORMULA, BLANK, LABEL, BOOLERR, RSTRING,
            // MULRK, MULBLANK: row and column first.
            0x0203 | 0x00FD | 0x027E | 0x0006 | 0x0201 | 0x0204 | 0x0205 | 0x00D6 | 0x00BD
            | 0x00BE => {
                if let (Some(r), Some(col)) = (u16_at(stream, body), u16_at(stream, body + 2)) {
                    // MULRK / MULBLANK end with their last column.
                    let last = if kind == 0x00BD || kind == 0x00BE {
                        u16_at(stream, (body + len as usize).saturating_sub(2)).unwrap_or(col)
                    } else {
                        col
                    };
                    let (r, c0, c1) = (u32::from(r), u32::from(col), u32::from(last.max(col)));
                    extent = Some(match extent {
                        None => (r, r, c0, c1),
                        Some((a, b, x, y)) => (a.min(r), b.max(r), x.min(c0), y.max(c1)),
                    });
                }
            }
            _ => {}
        }
        pos = body + len as usize;
    }
    finish(&mut extent, &current, &mut best);
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_and_garbage_headers_are_errors_not_panics() {
        assert!(check_xls(&[]).is_err());
        let mut b = vec![0u8; 600];
        b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        assert!(check_xls(&b).is_err(), "sector shift 0");
        b[0x1E] = 9;
        let _ = check_xls(&b);
    }

    fn record(kind: u16, body: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((body.len() as u16).to_le_bytes());
        r.extend_from_slice(body);
        r
    }

    #[test]
    fn cells_far_apart_give_the_extent_before_any_grid_exists() {
        // Globals: BOF, BOUNDSHEET → the sheet substream right after EOF.
        let mut globals = record(0x0809, &[0; 16]);
        let name = b"Bieu";
        let mut bs = Vec::new();
        let sheet_at = globals.len() + 4 + 8 + name.len() + 4; // after BOUNDSHEET and EOF
        bs.extend((sheet_at as u32).to_le_bytes());
        bs.extend([0, 0, name.len() as u8, 0]);
        bs.extend_from_slice(name);
        globals.extend(record(0x0085, &bs));
        globals.extend(record(0x000A, &[]));
        assert_eq!(globals.len(), sheet_at);
        let mut sheet = record(0x0809, &[0; 16]);
        let number = |r: u16, c: u16| {
            let mut b = r.to_le_bytes().to_vec();
            b.extend(c.to_le_bytes());
            b.extend([0u8; 10]);
            record(0x0203, &b)
        };
        sheet.extend(number(0, 0));
        sheet.extend(number(65_000, 250));
        sheet.extend(record(0x000A, &[]));
        globals.extend(sheet);
        assert_eq!(largest_sheet(&globals), (65_001 * 251, "Bieu".to_string()));
    }

    #[test]
    fn the_fuzzers_looping_chain_is_refused() {
        let p = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fuzz/regressions/workbook/oom-cfb-sector-chain-loop.xls"
        );
        let bytes = std::fs::read(p).unwrap();
        assert!(check_xls(&bytes).is_err());
    }
}
