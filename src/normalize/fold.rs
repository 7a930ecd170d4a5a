//! Text folding for matching labels, phrases and names: NFC, lower case,
//! one tone-mark placement ("hoà" = "hòa"), and a loose form without
//! diacritics for the fallback match ("Dong Da" = "Đống Đa").

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// NFC, lower case, tone placement normalised, whitespace collapsed, trimmed.
pub fn fold(s: &str) -> String {
    let (f, _) = fold_with_offsets(s);
    collapse_ws(&f)
}

/// `fold` without diacritics (`đ` → `d`): the diacritics-insensitive key.
pub fn fold_loose(s: &str) -> String {
    strip_diacritics(&fold(s))
}

/// Remove every diacritic and map `đ` to `d`; keeps the string's words.
pub fn strip_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Fold character by character, keeping for every output char the byte
/// offset of the input char it came from (plus one final entry for the end),
/// so a match in the folded text maps back to the original.
/// The input is expected in NFC (`read` guarantees it); whitespace is kept as is.
pub fn fold_with_offsets(s: &str) -> (String, Vec<usize>) {
    let mut lowered = String::with_capacity(s.len());
    let mut offsets = Vec::with_capacity(s.len() + 1);
    for (off, c) in s.char_indices() {
        lowered.push(lower(c));
        offsets.push(off);
    }
    offsets.push(s.len());
    (normalise_tone_pairs(&lowered), offsets)
}

fn lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// Split a precomposed vowel into (vowel without tone, tone mark).
fn split_tone(c: char) -> (char, Option<char>) {
    let d: Vec<char> = std::iter::once(c).nfd().collect();
    let tone = d.iter().copied().find(|m| TONES.contains(m));
    match tone {
        None => (c, None),
        Some(t) => {
            let base: String = d
                .iter()
                .filter(|m| **m != t)
                .collect::<String>()
                .nfc()
                .collect();
            let mut it = base.chars();
            match (it.next(), it.next()) {
                (Some(b), None) => (b, Some(t)),
                _ => (c, None),
            }
        }
    }
}

fn with_tone(base: char, tone: char) -> char {
    let s: String = [base, tone].iter().collect::<String>().nfc().collect();
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(x), None) => x,
        _ => base,
    }
}

fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphabetic())
}

/// "òa" → "oà", "òe" → "oè", "ùy" → "uỳ" at the end of a syllable (old-style
/// placement), so both spellings fold alike. One char stays one char, so
/// byte offsets are kept (all these vowels are 2 or 3 bytes either way in NFC;
/// offsets are per char).
fn normalise_tone_pairs(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let mut i = 0;
    while i + 1 < chars.len() {
        let (b0, t0) = split_tone(chars[i]);
        let second = chars[i + 1];
        let pair_ok = matches!((b0, second), ('o', 'a') | ('o', 'e') | ('u', 'y'));
        let prev_is_q = i > 0 && chars[i - 1] == 'q';
        if let Some(t) = t0 {
            if pair_ok && !prev_is_q && !is_letter(chars.get(i + 2).copied()) {
                out[i] = b0;
                out[i + 1] = with_tone(second, t);
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    out.into_iter().collect()
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
    fn offsets_map_back() {
        let s = "Quận Đống Đa";
        let (f, off) = fold_with_offsets(s);
        assert_eq!(f.chars().count() + 1, off.len());
        let idx = f.chars().position(|c| c == 'đ').unwrap();
        assert_eq!(&s[off[idx]..off[idx + 1]], "Đ");
    }
}
