//! Text folding for matching labels, phrases and names: NFC, lower case,
//! one tone-mark placement ("hoà" = "hòa"), and a loose form without
//! diacritics for the fallback match ("Dong Da" = "Đống Đa").

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// NFC, lower case, tone placement normalised, whitespace collapsed, trimmed.
pub fn fold(s: &str) -> String {
    let f: String = fold_chars(s).into_iter().collect();
    collapse_ws(&f)
}

/// `fold` without diacritics (`đ` → `d`): the diacritics-insensitive key.
pub fn fold_loose(s: &str) -> String {
    strip_diacritics(&fold(s))
}

/// Remove every diacritic and map `đ` to `d`; keeps the string's words.
pub fn strip_diacritics(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_stripped(c, &mut out);
    }
    out
}

/// `c` without its diacritics when that is one char (every Latin letter
/// Vietnamese uses, from a table built once); `None` for the rest.
pub fn strip_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    let t = strip_table();
    let i = c as usize;
    let hit = if (TABLE_LATIN.0..=TABLE_LATIN.1).contains(&i) {
        t.get(i - TABLE_LATIN.0)
    } else if (TABLE_EXTENDED.0..=TABLE_EXTENDED.1).contains(&i) {
        t.get(i - TABLE_EXTENDED.0 + (TABLE_LATIN.1 - TABLE_LATIN.0 + 1))
    } else {
        None
    };
    hit.copied().filter(|&x| x != '\0')
}

/// U+0080..=U+024F (Latin-1 to Latin Extended-B) and U+1E00..=U+1EFF
/// (Latin Extended Additional: the toned Vietnamese vowels).
const TABLE_LATIN: (usize, usize) = (0x80, 0x24F);
const TABLE_EXTENDED: (usize, usize) = (0x1E00, 0x1EFF);

fn strip_table() -> &'static [char] {
    static T: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        (TABLE_LATIN.0..=TABLE_LATIN.1)
            .chain(TABLE_EXTENDED.0..=TABLE_EXTENDED.1)
            .map(|i| {
                let Some(c) = char::from_u32(i as u32) else {
                    return '\0';
                };
                let mut out = String::new();
                push_stripped_slow(c, &mut out);
                let mut it = out.chars();
                match (it.next(), it.next()) {
                    (Some(x), None) => x,
                    _ => '\0',
                }
            })
            .collect()
    })
}

fn push_stripped(c: char, out: &mut String) {
    match strip_char(c) {
        Some(x) => out.push(x),
        None => push_stripped_slow(c, out),
    }
}

fn push_stripped_slow(c: char, out: &mut String) {
    for d in std::iter::once(c).nfd() {
        if is_combining_mark(d) {
            continue;
        }
        out.push(match d {
            'đ' => 'd',
            'Đ' => 'D',
            d => d,
        });
    }
}

/// Fold character by character, keeping for every output char the byte
/// offset of the input char it came from (plus one final entry for the end),
/// so a match in the folded text maps back to the original.
/// The input is expected in NFC (`read` guarantees it); whitespace is kept as is.
pub fn fold_with_offsets(s: &str) -> (String, Vec<usize>) {
    let mut offsets: Vec<usize> = s.char_indices().map(|(off, _)| off).collect();
    offsets.push(s.len());
    (fold_chars(s).into_iter().collect(), offsets)
}

/// The folded chars of `s`, one per char of `s` (so the i-th folded char
/// comes from the i-th input char): what `fold_with_offsets` builds its
/// string from, for callers that walk the input alongside.
pub fn fold_chars(s: &str) -> Vec<char> {
    let mut chars: Vec<char> = s.chars().map(lower_char).collect();
    normalise_tone_pairs(&mut chars);
    chars
}

/// The lower case of `c` when that is one char, else `c` (a table for the
/// Latin letters Vietnamese uses, `char::to_lowercase` for the rest).
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let i = c as usize;
    let hit = if (TABLE_LATIN.0..=TABLE_LATIN.1).contains(&i) {
        lower_table().get(i - TABLE_LATIN.0)
    } else if (TABLE_EXTENDED.0..=TABLE_EXTENDED.1).contains(&i) {
        lower_table().get(i - TABLE_EXTENDED.0 + (TABLE_LATIN.1 - TABLE_LATIN.0 + 1))
    } else {
        None
    };
    match hit {
        Some(&x) => x,
        None => lower(c),
    }
}

const CLASS_ALNUM: u8 = 1;
const CLASS_UPPER: u8 = 2;

/// `char::is_alphanumeric`, from a table for the Latin letters Vietnamese
/// uses (the standard library's look-up is slow outside ASCII).
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match latin_class(c) {
        Some(f) => f & CLASS_ALNUM != 0,
        None => c.is_alphanumeric(),
    }
}

/// `char::is_uppercase`, from the same table.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    match latin_class(c) {
        Some(f) => f & CLASS_UPPER != 0,
        None => c.is_uppercase(),
    }
}

fn latin_class(c: char) -> Option<u8> {
    let i = c as usize;
    let k = if (TABLE_LATIN.0..=TABLE_LATIN.1).contains(&i) {
        i - TABLE_LATIN.0
    } else if (TABLE_EXTENDED.0..=TABLE_EXTENDED.1).contains(&i) {
        i - TABLE_EXTENDED.0 + (TABLE_LATIN.1 - TABLE_LATIN.0 + 1)
    } else {
        return None;
    };
    class_table().get(k).copied()
}

/// Built with the standard library's own predicates, so the two agree.
fn class_table() -> &'static [u8] {
    static T: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        (TABLE_LATIN.0..=TABLE_LATIN.1)
            .chain(TABLE_EXTENDED.0..=TABLE_EXTENDED.1)
            .map(|i| {
                char::from_u32(i as u32).map_or(0, |c| {
                    let mut f = 0;
                    if c.is_alphanumeric() {
                        f |= CLASS_ALNUM;
                    }
                    if c.is_uppercase() {
                        f |= CLASS_UPPER;
                    }
                    f
                })
            })
            .collect()
    })
}

fn lower_table() -> &'static [char] {
    static T: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        (TABLE_LATIN.0..=TABLE_LATIN.1)
            .chain(TABLE_EXTENDED.0..=TABLE_EXTENDED.1)
            .map(|i| char::from_u32(i as u32).map_or('\0', lower))
            .collect()
    })
}

fn lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

// Tones in the order grave, acute, hook, tilde, dot below.
const TONED_O: [char; 5] = ['ò', 'ó', 'ỏ', 'õ', 'ọ'];
const TONED_U: [char; 5] = ['ù', 'ú', 'ủ', 'ũ', 'ụ'];
const TONED_A: [char; 5] = ['à', 'á', 'ả', 'ã', 'ạ'];
const TONED_E: [char; 5] = ['è', 'é', 'ẻ', 'ẽ', 'ẹ'];
const TONED_Y: [char; 5] = ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'];

/// A toned plain "o" or "u": (the vowel, its tone's index).
fn split_o_u(c: char) -> Option<(char, usize)> {
    if c.is_ascii() {
        return None;
    }
    if let Some(t) = TONED_O.iter().position(|&x| x == c) {
        return Some(('o', t));
    }
    TONED_U.iter().position(|&x| x == c).map(|t| ('u', t))
}

fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphabetic())
}

/// "òa" → "oà", "òe" → "oè", "ùy" → "uỳ" at the end of a syllable (old-style
/// placement), so both spellings fold alike. One char stays one char, so
/// byte offsets are kept (all these vowels are 2 or 3 bytes either way in NFC;
/// offsets are per char).
fn normalise_tone_pairs(chars: &mut [char]) {
    let mut i = 0;
    while i + 1 < chars.len() {
        let (Some(&c), Some(&second)) = (chars.get(i), chars.get(i + 1)) else {
            break;
        };
        let Some((b0, t)) = split_o_u(c) else {
            i += 1;
            continue;
        };
        let toned = match (b0, second) {
            ('o', 'a') => TONED_A.get(t),
            ('o', 'e') => TONED_E.get(t),
            ('u', 'y') => TONED_Y.get(t),
            _ => None,
        };
        let prev_is_q = i > 0 && chars.get(i - 1) == Some(&'q');
        if let Some(&toned) = toned {
            if !prev_is_q && !is_letter(chars.get(i + 2).copied()) {
                chars[i] = b0;
                chars[i + 1] = toned;
                i += 2;
                continue;
            }
        }
        i += 1;
    }
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_variants_fold_alike() {
        assert_eq!(fold("Hoà"), fold("hòa"));
        assert_eq!(fold("thuỷ lợi"), fold("thủy lợi"));
        assert_eq!(fold("khoẻ"), fold("khỏe"));
        // Not a pair at the end of a syllable: left alone.
        assert_eq!(fold("hoàn"), "hoàn");
    }

    #[test]
    fn loose_drops_diacritics() {
        assert_eq!(fold_loose("Quận  Đống Đa"), "quan dong da");
        assert_eq!(fold_loose("Dong Da"), "dong da");
    }

    #[test]
    fn stripping_by_table_agrees_with_nfd() {
        let all = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        let upper: String = all.to_uppercase();
        for c in all.chars().chain(upper.chars()).chain("çñüÆæØ".chars()) {
            let mut slow = String::new();
            push_stripped_slow(c, &mut slow);
            assert_eq!(strip_diacritics(&c.to_string()), slow, "{c}");
        }
        assert_eq!(strip_diacritics("Đống Đa, Thuỷ"), "Dong Da, Thuy");
        assert_eq!(strip_diacritics("to\u{301}a"), "toa");
    }

    #[test]
    fn lower_by_table_agrees_with_to_lowercase() {
        for i in (0x80u32..0x250).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(i) else { continue };
            assert_eq!(lower_char(c), lower(c), "{c}");
        }
    }

    #[test]
    fn classes_by_table_agree_with_std() {
        for i in (0u32..0x2000).chain(0x2100..0x2200) {
            let Some(c) = char::from_u32(i) else { continue };
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c}");
        }
    }

    #[test]
    fn offsets_map_back() {
        let s = "Quận Đống Đa";
        let (f, off) = fold_with_offsets(s);
        assert_eq!(f.chars().count() + 1, off.len());
        let idx = f.chars().position(|c| c == 'đ').unwrap();
        assert_eq!(&s[off[idx]..off[idx + 1]], "Đ");
    }
}
