//! The legacy 8-bit Vietnamese encodings still found in older reports:
//! TCVN3 (ABC, TCVN 5712:1993 VN3, the ".Vn" fonts) and VNI (VNI-Windows,
//! the "VNI-" fonts), detected against Windows-1258 and converted to NFC.
//!
//! - TCVN3 gives every lower-case Vietnamese letter one byte (0xA8–0xFE) and
//!   the upper-case vowels with a hat or horn and Đ their own (0xA1–0xA7);
//!   the other upper-case letters were drawn with an upper-case font from the
//!   lower-case codes, so they come back lower case.
//! - VNI writes a base letter followed by a byte for its diacritics
//!   ("a" + 0xF9 = "á", "o" + 0xE1 = "ố"), with ơ, ư, đ and the toned i's
//!   as single bytes.
//!
//! Which encoding a file is in is decided by decoding it every way and
//! counting common Vietnamese words and letters against characters no
//! Vietnamese text has.

use unicode_normalization::UnicodeNormalization;

/// TCVN3 (ABC): bytes 0xA1..=0xFE → char (`\0` = not a Vietnamese letter;
/// those bytes are read as Windows-1252).
const TCVN3_HIGH: [char; 94] = [
    // 0xA1..=0xA7
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', //
    // 0xA8..=0xAE
    'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', //
    // 0xAF..=0xB4
    '\0', '\0', '\0', '\0', '\0', '\0', //
    // 0xB5..=0xB9: à ả ã á ạ
    'à', 'ả', 'ã', 'á', 'ạ', //
    // 0xBA
    '\0', //
    // 0xBB..=0xBE: ằ ẳ ẵ ắ
    'ằ', 'ẳ', 'ẵ', 'ắ', //
    // 0xBF..=0xC5
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', //
    // 0xC6 ặ, 0xC7..=0xCB: ầ ẩ ẫ ấ ậ
    'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', //
    // 0xCC è, 0xCD, 0xCE ẻ, 0xCF ẽ, 0xD0 é, 0xD1 ẹ
    'è', '\0', 'ẻ', 'ẽ', 'é', 'ẹ', //
    // 0xD2..=0xD6: ề ể ễ ế ệ
    'ề', 'ể', 'ễ', 'ế', 'ệ', //
    // 0xD7 ì, 0xD8 ỉ, 0xD9..=0xDB, 0xDC ĩ, 0xDD í, 0xDE ị
    'ì', 'ỉ', '\0', '\0', '\0', 'ĩ', 'í', 'ị', //
    // 0xDF ò, 0xE0, 0xE1 ỏ, 0xE2 õ, 0xE3 ó, 0xE4 ọ
    'ò', '\0', 'ỏ', 'õ', 'ó', 'ọ', //
    // 0xE5..=0xE9: ồ ổ ỗ ố ộ
    'ồ', 'ổ', 'ỗ', 'ố', 'ộ', //
    // 0xEA..=0xEE: ờ ở ỡ ớ ợ
    'ờ', 'ở', 'ỡ', 'ớ', 'ợ', //
    // 0xEF ù, 0xF0, 0xF1 ủ, 0xF2 ũ, 0xF3 ú, 0xF4 ụ
    'ù', '\0', 'ủ', 'ũ', 'ú', 'ụ', //
    // 0xF5..=0xF9: ừ ử ữ ứ ự
    'ừ', 'ử', 'ữ', 'ứ', 'ự', //
    // 0xFA..=0xFE: ỳ ỷ ỹ ý ỵ
    'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ',
];

fn tcvn3_char(b: u8) -> char {
    if b < 0x80 {
        return b as char;
    }
    match TCVN3_HIGH.get(usize::from(b).wrapping_sub(0xA1)) {
        Some(&c) if c != '\0' => c,
        _ => cp1252(b),
    }
}

/// Windows-1252 for a byte no Vietnamese encoding here gives a letter.
fn cp1252(b: u8) -> char {
    let one = [b];
    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&one);
    s.chars().next().unwrap_or('\u{FFFD}')
}

/// Decode TCVN3 (ABC) bytes.
pub fn decode_tcvn3(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| tcvn3_char(b)).collect()
}

const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';
const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';

/// A VNI diacritics byte: (hat or breve, tone). Lower-case forms, with the
/// upper-case ones (the same byte minus 0x20) accepted after any base.
fn vni_mark(b: u8) -> Option<(Option<char>, Option<char>)> {
    let b = if (0xC0..=0xDF).contains(&b) {
        b + 0x20
    } else {
        b
    };
    Some(match b {
        0xF9 => (None, Some(ACUTE)),
        0xF8 => (None, Some(GRAVE)),
        0xFB => (None, Some(HOOK)),
        0xF5 => (None, Some(TILDE)),
        0xEF => (None, Some(DOT)),
        0xE2 => (Some(CIRCUMFLEX), None),
        0xE1 => (Some(CIRCUMFLEX), Some(ACUTE)),
        0xE0 => (Some(CIRCUMFLEX), Some(GRAVE)),
        0xE5 => (Some(CIRCUMFLEX), Some(HOOK)),
        0xE3 => (Some(CIRCUMFLEX), Some(TILDE)),
        0xE4 => (Some(CIRCUMFLEX), Some(DOT)),
        0xEA => (Some(BREVE), None),
        0xE9 => (Some(BREVE), Some(ACUTE)),
        0xE8 => (Some(BREVE), Some(GRAVE)),
        0xFA => (Some(BREVE), Some(HOOK)),
        0xFC => (Some(BREVE), Some(TILDE)),
        0xEB => (Some(BREVE), Some(DOT)),
        _ => return None,
    })
}

/// A VNI byte that is a letter on its own.
fn vni_single(b: u8) -> Option<char> {
    Some(match b {
        0xF4 => 'ơ',
        0xD4 => 'Ơ',
        0xF6 => 'ư',
        0xD6 => 'Ư',
        0xF1 => 'đ',
        0xD1 => 'Đ',
        0xEC => 'ì',
        0xCC => 'Ì',
        0xED => 'í',
        0xCD => 'Í',
        0xE6 => 'ỉ',
        0xC6 => 'Ỉ',
        0xF3 => 'ĩ',
        0xD3 => 'Ĩ',
        0xF2 => 'ị',
        0xD2 => 'Ị',
        0xEE => 'ỵ',
        0xCE => 'Ỵ',
        _ => return None,
    })
}

/// Decode VNI-Windows bytes (NFC).
pub fn decode_vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        let base = match vni_single(b) {
            Some(c) => c,
            None if b < 0x80 => b as char,
            None => {
                out.push(cp1252(b));
                continue;
            }
        };
        out.push(base);
        let takes_marks = matches!(base.to_ascii_lowercase(), 'a' | 'e' | 'o' | 'u' | 'y' | 'i')
            || matches!(base, 'ơ' | 'Ơ' | 'ư' | 'Ư');
        if !takes_marks {
            continue;
        }
        if let Some((hat, tone)) = bytes.get(i).and_then(|&m| vni_mark(m)) {
            let hat_ok = match hat {
                None => true,
                Some(BREVE) => matches!(base, 'a' | 'A'),
                Some(_) => matches!(base, 'a' | 'A' | 'e' | 'E' | 'o' | 'O'),
            };
            if hat_ok {
                out.extend(hat);
                out.extend(tone);
                i += 1;
            }
        }
    }
    out.nfc().collect()
}

/// Common words of Vietnamese report prose, for telling encodings apart.
const COMMON: &[&str] = &[
    "và",
    "của",
    "các",
    "được",
    "đồng",
    "năm",
    "tỷ",
    "đạt",
    "với",
    "tăng",
    "trên",
    "người",
    "thực",
    "hiện",
    "kế",
    "hoạch",
    "so",
    "cùng",
    "kỳ",
    "trong",
    "đã",
    "có",
    "là",
    "những",
    "một",
    "cho",
    "theo",
    "tháng",
    "quận",
    "huyện",
    "xã",
    "tỉnh",
    "thành",
    "phố",
    "dân",
    "kinh",
    "tế",
    "hội",
    "đầu",
    "tư",
    "công",
    "nghiệp",
    "dịch",
    "vụ",
    "ngân",
    "sách",
    "thu",
    "chi",
    "nhà",
    "nước",
    "địa",
    "bàn",
    "giá",
    "trị",
    "sản",
    "xuất",
    "lao",
    "động",
    "việc",
    "làm",
    "trường",
    "học",
];

fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'à' | 'á'
            | 'ả'
            | 'ã'
            | 'ạ'
            | 'ă'
            | 'ằ'
            | 'ắ'
            | 'ẳ'
            | 'ẵ'
            | 'ặ'
            | 'â'
            | 'ầ'
            | 'ấ'
            | 'ẩ'
            | 'ẫ'
            | 'ậ'
            | 'è'
            | 'é'
            | 'ẻ'
            | 'ẽ'
            | 'ẹ'
            | 'ê'
            | 'ề'
            | 'ế'
            | 'ể'
            | 'ễ'
            | 'ệ'
            | 'ì'
            | 'í'
            | 'ỉ'
            | 'ĩ'
            | 'ị'
            | 'ò'
            | 'ó'
            | 'ỏ'
            | 'õ'
            | 'ọ'
            | 'ô'
            | 'ồ'
            | 'ố'
            | 'ổ'
            | 'ỗ'
            | 'ộ'
            | 'ơ'
            | 'ờ'
            | 'ớ'
            | 'ở'
            | 'ỡ'
            | 'ợ'
            | 'ù'
            | 'ú'
            | 'ủ'
            | 'ũ'
            | 'ụ'
            | 'ư'
            | 'ừ'
            | 'ứ'
            | 'ử'
            | 'ữ'
            | 'ự'
            | 'ỳ'
            | 'ý'
            | 'ỷ'
            | 'ỹ'
            | 'ỵ'
            | 'đ'
    )
}

/// How much a decoding looks like Vietnamese: common words and letters,
/// minus characters Vietnamese text does not have (symbols from the
/// Latin-1 range, letters of other languages, stray combining marks).
fn score(text: &str) -> i64 {
    let lower: String = text.chars().flat_map(char::to_lowercase).collect();
    let mut s: i64 = 0;
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        if COMMON.contains(&w) {
            s += 10;
        }
    }
    for c in lower.chars() {
        if c.is_ascii() {
            continue;
        }
        if is_vietnamese_letter(c) {
            s += 1;
        } else if c.is_whitespace() || matches!(c, '–' | '—' | '“' | '”' | '‘' | '’' | '…' | '•')
        {
        } else {
            s -= 5;
        }
    }
    s
}

/// Control characters other than whitespace (over 1%): the bytes are not text.
pub(crate) fn binary_like(s: &str) -> bool {
    let total = s.chars().count().max(1);
    let ctrl = s
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    ctrl * 100 / total > 1
}

/// Bytes that are not UTF-8, decoded as TCVN3 or VNI when that reads as
/// Vietnamese better than Windows-1258 does: (NFC text, "tcvn3" | "vni").
/// `None` leaves the bytes to the Windows-1258 reading.
pub fn decode_legacy(bytes: &[u8]) -> Option<(String, &'static str)> {
    // Only the first 64 KiB decide; the whole file is converted after.
    let probe = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    let (w, _, _) = encoding_rs::WINDOWS_1258.decode(probe);
    let w: String = w.nfc().collect();
    let base = score(&w);
    let t = score(&decode_tcvn3(probe));
    let v = score(&decode_vni(probe));
    let (best, name) = if t >= v { (t, "tcvn3") } else { (v, "vni") };
    if best <= base || best <= 0 {
        return None;
    }
    let text = match name {
        "tcvn3" => decode_tcvn3(bytes).nfc().collect(),
        _ => decode_vni(bytes),
    };
    if binary_like(&text) {
        return None;
    }
    Some((text, name))
}

/// Encode text as TCVN3 (ABC), for tests and fixtures: letters TCVN3 has no
/// code for are written lower case, anything else outside ASCII as `?`.
pub fn encode_tcvn3(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let find = |c: char| {
            TCVN3_HIGH
                .iter()
                .position(|&x| x == c)
                .and_then(|i| u8::try_from(i + 0xA1).ok())
        };
        let lower = c.to_lowercase().next().unwrap_or(c);
        out.push(find(c).or_else(|| find(lower)).unwrap_or(b'?'));
    }
    out
}

/// Encode text as VNI-Windows, for tests and fixtures (`?` for what VNI lacks).
pub fn encode_vni(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 2);
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        if let Some(b) = (0x80..=0xFFu8).find(|&b| vni_single(b) == Some(c)) {
            out.push(b);
            continue;
        }
        let d: Vec<char> = std::iter::once(c).nfd().collect();
        let Some((&base, marks)) = d.split_first() else {
            out.push(b'?');
            continue;
        };
        // ơ and ư keep their horn as a letter of their own
        let (base_byte, marks): (Option<u8>, Vec<char>) = match (base, marks.first()) {
            ('o' | 'u' | 'O' | 'U', Some('\u{31B}')) => {
                let horned: String = [base, '\u{31B}'].iter().collect::<String>().nfc().collect();
                let hc = horned.chars().next().unwrap_or(base);
                (
                    (0x80..=0xFFu8).find(|&b| vni_single(b) == Some(hc)),
                    marks.get(1..).unwrap_or(&[]).to_vec(),
                )
            }
            _ if base.is_ascii() => (Some(base as u8), marks.to_vec()),
            _ => (None, Vec::new()),
        };
        let Some(bb) = base_byte else {
            out.push(b'?');
            continue;
        };
        out.push(bb);
        if marks.is_empty() {
            continue;
        }
        let hat = marks
            .iter()
            .copied()
            .find(|m| *m == CIRCUMFLEX || *m == BREVE);
        let tone = marks
            .iter()
            .copied()
            .find(|m| [GRAVE, ACUTE, HOOK, TILDE, DOT].contains(m));
        let upper = base.is_uppercase();
        match (0xE0..=0xFFu8).find(|&m| vni_mark(m) == Some((hat, tone))) {
            Some(m) => out.push(if upper { m - 0x20 } else { m }),
            None => out.push(b'?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_known_words() {
        // "Hµ Néi", "§èng §a", "B¸t X¸t", "Th¾ng", "M\u{AD}êng"
        assert_eq!(decode_tcvn3(b"H\xB5 N\xE9i"), "Hà Nội");
        assert_eq!(decode_tcvn3(b"\xA7\xE8ng \xA7a"), "Đống Đa");
        assert_eq!(decode_tcvn3(b"B\xB8t X\xB8t"), "Bát Xát");
        assert_eq!(decode_tcvn3(b"Th\xBEng M\xAD\xEAng"), "Thắng Mường");
    }

    #[test]
    fn vni_known_words() {
        assert_eq!(
            decode_vni(b"Xin cha\xF8o ca\xF9c ba\xEFn"),
            "Xin chào các bạn"
        );
        assert_eq!(decode_vni(b"\xD1o\xE1ng \xD1a"), "Đống Đa");
        assert_eq!(decode_vni(b"ng\xF6\xF4\xF8i"), "người");
    }

    #[test]
    fn round_trips() {
        let s = "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 8.599,3 tỷ đồng, tăng 12,5% so với cùng kỳ; huyện Gia Lâm, quận Đống Đa, người dân, Ở, Ữ";
        assert_eq!(decode_vni(&encode_vni(s)), s);
        assert_eq!(
            decode_tcvn3(&encode_tcvn3(&s.to_lowercase())),
            s.to_lowercase()
        );
    }

    #[test]
    fn detects_each_encoding() {
        let s = "Tổng thu ngân sách nhà nước trên địa bàn quận ước đạt 8.599,3 tỷ đồng, bằng 67,8% dự toán, tăng 12,5% so với cùng kỳ năm 2021.";
        assert_eq!(decode_legacy(&encode_tcvn3(s)).map(|x| x.1), Some("tcvn3"));
        assert_eq!(decode_legacy(&encode_vni(s)).map(|x| x.1), Some("vni"));
        // Windows-1258 (base letters and combining tones) stays Windows-1258.
        let decomposed: String = s
            .nfd()
            .collect::<String>()
            .nfc()
            .flat_map(|c| {
                let d: Vec<char> = std::iter::once(c).nfd().collect();
                let tone = d
                    .iter()
                    .copied()
                    .find(|m| [GRAVE, ACUTE, HOOK, TILDE, DOT].contains(m));
                let rest: String = d
                    .iter()
                    .filter(|m| Some(**m) != tone)
                    .collect::<String>()
                    .nfc()
                    .collect();
                rest.chars().chain(tone).collect::<Vec<_>>()
            })
            .collect();
        let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&decomposed);
        assert_eq!(decode_legacy(&bytes), None);
    }
}
