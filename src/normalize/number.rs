//! Numbers as Vietnamese reports write them.
//!
//! * Digits in both separator conventions: `8.599,3` (official Vietnamese:
//!   dot thousands, comma decimal) and `8,599.3`; a token with one separator
//!   followed by exactly three digits (`1.100`, `108,987`) is *ambiguous*: the
//!   reading the convention gives is `value`, the other one `alternative`, and
//!   the caller decides with the document's convention, magnitude and
//!   arithmetic ([`parse_number`], [`detect_convention`]).
//! * Fractions `43/62`, `126.622/126.989` ([`parse_fraction`]).
//! * Numbers in words, including the spoken short forms: "hai mươi",
//!   "mười lăm", "một trăm linh năm", "hai mốt", "một triệu hai",
//!   "tám trăm rưỡi", "mười tám vạn", "chín chín chấm chín lăm tỷ"
//!   ([`parse_words`]). Forms that are genuinely ambiguous ("ba nghìn năm":
//!   3 500 or "3 000 years") give `None`, never a guess.
//! * Amounts mixing digits, suffixes and magnitude words: "5 nghìn", "100K",
//!   "1,2M", "âm 1.200.000" ([`parse_amount`]).

use std::fmt;
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

/// Which character separates thousands in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Convention {
    /// `8.599,3` — the official Vietnamese style.
    DotThousands,
    /// `8,599.3`.
    CommaThousands,
    /// Not known: an ambiguous token gets the Vietnamese reading (a dot
    /// groups thousands, a comma is decimal) as `value`, unless its three
    /// digits are `000`, and the other reading as `alternative`.
    #[default]
    Unknown,
}

impl fmt::Display for Convention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Convention::DotThousands => "dot-thousands (8.599,3)",
            Convention::CommaThousands => "comma-thousands (8,599.3)",
            Convention::Unknown => "unknown",
        })
    }
}

/// One parsed number token.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberReading {
    pub value: f64,
    /// The other reading of an ambiguous `d.ddd` / `d,ddd` token.
    pub alternative: Option<f64>,
    /// A footnote mark that followed the digits (`*`, `(*)`, `(1)`, `¹`), stripped.
    pub footnote: Option<String>,
}

impl NumberReading {
    /// True when the token could be read two ways.
    pub fn is_ambiguous(&self) -> bool {
        self.alternative.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NumberError {
    #[error("empty number")]
    Empty,
    #[error("not a number: {0:?}")]
    NotANumber(String),
    #[error("digit groups do not form a number: {0:?}")]
    BadGrouping(String),
    #[error("number out of range: {0:?}")]
    OutOfRange(String),
}

/// Longest token accepted (digits and separators); longer is not a figure.
const MAX_TOKEN: usize = 64;

/// Parse one token of digits with `.`/`,` separators, an optional sign and an
/// optional footnote mark.
pub fn parse_number(s: &str, conv: Convention) -> Result<NumberReading, NumberError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    let (body, footnote) = strip_footnote(t);
    let body = body.trim();
    let (negative, body) = strip_sign(body);
    if body.is_empty() {
        return Err(NumberError::NotANumber(s.to_string()));
    }
    if body.len() > MAX_TOKEN {
        return Err(NumberError::OutOfRange(s.to_string()));
    }
    if !body
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        || !body.bytes().any(|b| b.is_ascii_digit())
    {
        return Err(NumberError::NotANumber(s.to_string()));
    }
    let (plain, alt) =
        digits_reading(body, conv).ok_or_else(|| NumberError::BadGrouping(s.to_string()))?;
    let value = to_f64(&plain, negative).ok_or_else(|| NumberError::OutOfRange(s.to_string()))?;
    let alternative = match alt {
        Some(a) => {
            Some(to_f64(&a, negative).ok_or_else(|| NumberError::OutOfRange(s.to_string()))?)
        }
        None => None,
    };
    Ok(NumberReading {
        value,
        alternative,
        footnote,
    })
}

fn to_f64(plain: &str, negative: bool) -> Option<f64> {
    let v: f64 = plain.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(if negative { -v } else { v })
}

fn strip_sign(s: &str) -> (bool, &str) {
    let mut it = s.chars();
    match it.next() {
        Some('-') | Some('−') | Some('–') => (true, it.as_str().trim_start()),
        Some('+') => (false, it.as_str().trim_start()),
        _ => (false, s),
    }
}

/// Split a trailing footnote mark off: `1.100*`, `1.100**`, `1.100(*)`, `1.100(1)`, `1.100¹`.
fn strip_footnote(s: &str) -> (&str, Option<String>) {
    let t = s.trim_end();
    // "(...)" with 1–3 chars of * or digits
    if let Some(open) = t.rfind('(') {
        if t.ends_with(')') {
            let inner = t.get(open + 1..t.len() - 1).unwrap_or("");
            if !inner.is_empty()
                && inner.chars().count() <= 3
                && inner.chars().all(|c| c == '*' || c.is_ascii_digit())
                && open > 0
            {
                let body = t.get(..open).unwrap_or("");
                if body.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
                    return (body, Some(format!("({inner})")));
                }
            }
        }
    }
    let body = t.trim_end_matches(|c: char| c == '*' || is_superscript_digit(c));
    if body.len() < t.len() && body.ends_with(|c: char| c.is_ascii_digit()) {
        return (body, Some(t.get(body.len()..).unwrap_or("").to_string()));
    }
    (t, None)
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁰')
}

/// The plain (`1234.5`) reading of digits and separators, and the other
/// plain reading when the token is ambiguous. `None` for bad grouping.
fn digits_reading(body: &str, conv: Convention) -> Option<(String, Option<String>)> {
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    // Leading separator: ",77" = 0.77 (a decimal without its zero).
    if body.starts_with(['.', ',']) {
        if dots + commas != 1 {
            return None;
        }
        let frac = body.get(1..)?;
        if frac.is_empty() {
            return None;
        }
        return Some((format!("0.{frac}"), None));
    }
    if body.ends_with(['.', ',']) {
        return None;
    }
    match (dots, commas) {
        (0, 0) => Some((body.to_string(), None)),
        (_, 0) | (0, _) => {
            let sep = if dots > 0 { '.' } else { ',' };
            let groups: Vec<&str> = body.split(sep).collect();
            if groups.len() > 2 {
                // Several of one separator: thousands groups.
                if grouped_ok(&groups) {
                    return Some((groups.concat(), None));
                }
                return None;
            }
            let (int, frac) = (groups.first()?, groups.get(1)?);
            let decimal = format!("{int}.{frac}");
            let could_be_thousands =
                frac.len() == 3 && (1..=3).contains(&int.len()) && !int.starts_with('0');
            if !could_be_thousands {
                return Some((decimal, None));
            }
            let thousands = format!("{int}{frac}");
            let sep_is_thousands = match conv {
                Convention::DotThousands => sep == '.',
                Convention::CommaThousands => sep == ',',
                Convention::Unknown => sep == '.' || *frac == "000",
            };
            if sep_is_thousands {
                Some((thousands, Some(decimal)))
            } else {
                Some((decimal, Some(thousands)))
            }
        }
        _ => {
            // Both: the last one is the decimal separator and occurs once.
            let last_dot = body.rfind('.')?;
            let last_comma = body.rfind(',')?;
            let (dec, thou) = if last_comma > last_dot {
                (',', '.')
            } else {
                ('.', ',')
            };
            if body.matches(dec).count() != 1 {
                return None;
            }
            let (int, frac) = body.split_once(dec)?;
            if frac.contains(thou) {
                return None;
            }
            let groups: Vec<&str> = int.split(thou).collect();
            if !grouped_ok(&groups) {
                return None;
            }
            Some((format!("{}.{}", groups.concat(), frac), None))
        }
    }
}

fn grouped_ok(groups: &[&str]) -> bool {
    match groups.split_first() {
        Some((first, rest)) => {
            (1..=3).contains(&first.len()) && !rest.is_empty() && rest.iter().all(|g| g.len() == 3)
        }
        None => false,
    }
}

/// Guess a document's convention from its unambiguous tokens: `8.599,3`,
/// `1.234.567`, `67,8` (comma decimal) vote for dot-thousands; `8,599.3`,
/// `1,234,567`, `99.9` vote for comma-thousands. `Unknown` when nothing votes
/// or both conventions appear (a mixed document decides token by token).
pub fn detect_convention(text: &str) -> Convention {
    let (dot, comma) = convention_votes(text);
    match (dot, comma) {
        (0, 0) => Convention::Unknown,
        (_, 0) => Convention::DotThousands,
        (0, _) => Convention::CommaThousands,
        _ => Convention::Unknown,
    }
}

/// Votes (dot-thousands, comma-thousands) from the unambiguous number tokens of a text.
pub fn convention_votes(text: &str) -> (usize, usize) {
    let mut dot = 0;
    let mut comma = 0;
    for tok in digit_tokens(text) {
        let d = tok.matches('.').count();
        let c = tok.matches(',').count();
        match (d, c) {
            (0, 0) => {}
            (_, 0) | (0, _) => {
                let sep = if d > 0 { '.' } else { ',' };
                let groups: Vec<&str> = tok.split(sep).collect();
                let votes_thousands = if groups.len() > 2 {
                    if grouped_ok(&groups) {
                        Some(true)
                    } else {
                        None
                    }
                } else {
                    match (groups.first(), groups.get(1)) {
                        (Some(int), Some(frac)) if !int.is_empty() && !frac.is_empty() => {
                            if frac.len() == 3
                                && (1..=3).contains(&int.len())
                                && !int.starts_with('0')
                            {
                                None // ambiguous, no vote
                            } else {
                                Some(false)
                            }
                        }
                        _ => None,
                    }
                };
                match (votes_thousands, sep) {
                    (Some(true), '.') | (Some(false), ',') => dot += 1,
                    (Some(true), ',') | (Some(false), '.') => comma += 1,
                    _ => {}
                }
            }
            _ => {
                let last_dot = tok.rfind('.').unwrap_or(0);
                let last_comma = tok.rfind(',').unwrap_or(0);
                if last_comma > last_dot {
                    dot += 1;
                } else {
                    comma += 1;
                }
            }
        }
    }
    (dot, comma)
}

/// Maximal runs of digits and inner separators (no sign, no trailing separator).
fn digit_tokens(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if b[i].is_ascii_digit()
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'/'))
            {
                let start = i;
                let mut end = i;
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.' || b[j] == b',') {
                    if b[j].is_ascii_digit() {
                        end = j + 1;
                    }
                    j += 1;
                }
                i = j;
                // Skip fractions and dates ("43/62", "31/10/2023") and words ("19a").
                let next = b.get(end).copied();
                if next == Some(b'/') || next.is_some_and(|c| c.is_ascii_alphabetic()) {
                    continue;
                }
                return text.get(start..end);
            }
            i += 1;
        }
        None
    })
}

/// `43/62`, `126.622/126.989` → (numerator, denominator). Thousands dots are
/// read the Vietnamese way; a zero denominator is not a fraction.
pub fn parse_fraction(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.trim().split_once('/')?;
    if b.contains('/') {
        return None;
    }
    let a = parse_number(a.trim(), Convention::DotThousands).ok()?;
    let b = parse_number(b.trim(), Convention::DotThousands).ok()?;
    if b.value == 0.0 || a.footnote.is_some() {
        return None;
    }
    Some((a.value, b.value))
}

// ---------------------------------------------------------------------------
// Numbers in words

/// A digit word: its value, and where it may stand.
#[derive(Debug, Clone, Copy)]
struct DigitWord {
    value: u32,
    /// May stand first (before "trăm"/"mươi", or alone).
    lead: bool,
    /// May stand after "mươi"/"mười" as the units digit.
    unit: bool,
}

fn digit_word(w: &str) -> Option<DigitWord> {
    let d = |value, lead, unit| Some(DigitWord { value, lead, unit });
    match w {
        "không" | "linh" => None, // handled apart
        "một" => d(1, true, true),
        "mốt" => d(1, false, true),
        "hai" => d(2, true, true),
        "ba" => d(3, true, true),
        "bốn" => d(4, true, true),
        "tư" => d(4, true, true),
        "năm" => d(5, true, false), // after mươi "năm" is "years": ambiguous
        "lăm" | "nhăm" => d(5, false, true),
        "sáu" => d(6, true, true),
        "bảy" | "bẩy" => d(7, true, true),
        "tám" => d(8, true, true),
        "chín" => d(9, true, true),
        _ => None,
    }
}

fn magnitude_word(w: &str) -> Option<f64> {
    match w {
        "nghìn" | "ngàn" | "ngìn" => Some(1e3),
        "vạn" => Some(1e4),
        "triệu" => Some(1e6),
        "tỷ" | "tỉ" => Some(1e9),
        _ => None,
    }
}

/// True for a word that may be part of a number in words.
pub fn is_number_word(w: &str) -> bool {
    digit_word(w).is_some()
        || magnitude_word(w).is_some()
        || matches!(
            w,
            "không"
                | "mười"
                | "mươi"
                | "chục"
                | "trăm"
                | "linh"
                | "lẻ"
                | "rưỡi"
                | "nửa"
                | "phẩy"
                | "chấm"
                | "âm"
        )
}

/// Vietnamese number in words → value. `None` when the words are not a
/// number or are ambiguous ("một trăm một": 101 or 110; "ba nghìn năm": a
/// figure or "3 000 years"; "mười hai chấm mốt").
pub fn parse_words(s: &str) -> Option<f64> {
    let norm: String = s.nfc().collect::<String>().to_lowercase();
    let words: Vec<&str> = norm
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 40 {
        return None;
    }
    let (negative, words) = match words.split_first() {
        Some((&"âm", rest)) => (true, rest),
        _ => (false, &words[..]),
    };
    let v = parse_words_unsigned(words)?;
    Some(if negative { -v } else { v })
}

fn parse_words_unsigned(words: &[&str]) -> Option<f64> {
    match words {
        [] => return None,
        ["nửa"] | ["một", "nửa"] => return Some(0.5),
        _ => {}
    }
    // Decimal point: "sáu mươi chấm hai tư", "ba phẩy bốn nghìn".
    if let Some(p) = words.iter().position(|w| *w == "phẩy" || *w == "chấm") {
        let int_words = words.get(..p)?;
        let rest = words.get(p + 1..)?;
        let mag_at = rest.iter().position(|w| magnitude_word(w).is_some());
        let (frac_words, mag_words) = match mag_at {
            Some(m) => (rest.get(..m)?, rest.get(m..)?),
            None => (rest, &[][..]),
        };
        let int = if int_words.is_empty() {
            0.0
        } else {
            parse_integer_words(int_words)?
        };
        if int.fract() != 0.0 || frac_words.is_empty() {
            return None;
        }
        let frac = fraction_digits(frac_words)?;
        let mut v: f64 = format!("{}.{}", int as u64, frac).parse().ok()?;
        let mut last = 0.0;
        for w in mag_words {
            let m = magnitude_word(w)?;
            if last != 0.0 && m <= last && !(last == 1e3 && m == 1e9) {
                return None;
            }
            v *= m;
            last = m;
        }
        return Some(v);
    }
    parse_integer_words(words)
}

/// Digits after the decimal point: read one by one ("ba không ba" = 303,
/// "hai tư" = 24, "chín lăm" = 95), or one two-digit number ("mười lăm").
fn fraction_digits(words: &[&str]) -> Option<String> {
    let mut out = String::new();
    let all_single = words
        .iter()
        .all(|w| *w == "không" || (digit_word(w).is_some() && *w != "mốt"));
    if all_single {
        for w in words {
            if *w == "không" {
                out.push('0');
            } else {
                let d = digit_word(w)?;
                out.push(char::from_digit(d.value, 10)?);
            }
        }
        return Some(out);
    }
    let v = small_number(words, None)?;
    if v.fract() != 0.0 {
        return None;
    }
    Some(format!("{}", v as u64))
}

/// An integer (or x.5 with "rưỡi") in words, with magnitude words.
fn parse_integer_words(words: &[&str]) -> Option<f64> {
    let mut result = 0.0f64;
    let mut max_mag = 0.0f64;
    let mut start = 0;
    let mut any = false;
    let mut i = 0;
    while i < words.len() {
        let w = words.get(i)?;
        if let Some(m) = magnitude_word(w) {
            let seg = words.get(start..i)?;
            let g = if seg.is_empty() {
                if result == 0.0 && !any {
                    1.0
                } else {
                    0.0
                }
            } else {
                small_number(seg, None)?
            };
            if m > max_mag {
                result = (result + g) * m;
                max_mag = m;
            } else {
                result += g * m;
            }
            any = true;
            start = i + 1;
            // Spoken short forms after a magnitude: "một triệu hai" = 1,2 triệu,
            // "một ngàn mốt" = 1 100, "một nghìn hai sáu" = 1 026, "tỷ rưỡi".
            let rest = words.get(start..)?;
            if !rest.is_empty() && rest.iter().all(|w| magnitude_word(w).is_none()) {
                match rest {
                    ["rưỡi"] => return Some(result + m / 2.0),
                    [d] if d.contains("mươi") => {}
                    [d] => {
                        if *d == "một" || *d == "năm" {
                            return None; // "một trăm một", "ba nghìn năm": ambiguous
                        }
                        if let Some(dw) = digit_word(d) {
                            return Some(result + dw.value as f64 * m / 10.0);
                        }
                    }
                    [a, b] if m == 1e3 => {
                        if let (Some(da), Some(db)) = (digit_word(a), digit_word(b)) {
                            if da.lead && db.unit {
                                return Some(result + (da.value * 10 + db.value) as f64);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    let seg = words.get(start..)?;
    if seg.is_empty() {
        return if any { Some(result) } else { None };
    }
    let after = if any { Some(max_mag) } else { None };
    Some(result + small_number(seg, after)?)
}

/// 0–999 (or x.5) in words, without magnitude words.
fn small_number(words: &[&str], _after: Option<f64>) -> Option<f64> {
    let mut rest = words;
    let mut hundreds: Option<u32> = None;
    // hundreds: "[d] trăm"
    if let Some(p) = rest.iter().position(|w| *w == "trăm") {
        let h = match rest.get(..p)? {
            [] => 1,
            ["không"] => 0,
            [d] => {
                let dw = digit_word(d)?;
                if !dw.lead {
                    return None;
                }
                dw.value
            }
            _ => return None,
        };
        hundreds = Some(h);
        rest = rest.get(p + 1..)?;
    }
    let tail: f64 = match rest {
        [] => 0.0,
        ["không"] if hundreds.is_none() => 0.0,
        ["rưỡi"] if hundreds.is_some() => 50.0,
        ["linh" | "lẻ", d] => {
            if *d == "không" {
                return None;
            }
            let dw = digit_word(d)?;
            if *d == "mốt" || *d == "lăm" {
                return None;
            }
            dw.value as f64
        }
        ["mười"] => 10.0,
        ["mười", u] => {
            if *u == "rưỡi" {
                10.5
            } else {
                let dw = digit_word(u)?;
                if !dw.unit || *u == "mốt" {
                    return None;
                }
                10.0 + dw.value as f64
            }
        }
        [t, "mươi" | "chục"] => tens(t)? as f64,
        [t, "mươi" | "chục", u] => {
            let t = tens(t)?;
            if *u == "rưỡi" {
                return None;
            }
            let dw = digit_word(u)?;
            if !dw.unit {
                return None;
            }
            (t + dw.value) as f64
        }
        [d] => {
            let dw = digit_word(d)?;
            if hundreds.is_some() {
                // "một trăm hai" = 120, "năm trăm tư" = 540; "một trăm một" ambiguous.
                if *d == "một" || *d == "năm" {
                    return None;
                }
                (dw.value * 10) as f64
            } else {
                if !dw.lead {
                    return None;
                }
                dw.value as f64
            }
        }
        [d, "rưỡi"] if hundreds.is_none() => {
            let dw = digit_word(d)?;
            if !dw.lead {
                return None;
            }
            dw.value as f64 + 0.5
        }
        [a, b] => {
            // Spoken tens without "mươi": "hai mốt" = 21, "năm lăm" = 55, "chín chín" = 99.
            let da = digit_word(a)?;
            let db = digit_word(b)?;
            if !da.lead || !db.unit || da.value == 0 {
                return None;
            }
            (da.value * 10 + db.value) as f64
        }
        _ => return None,
    };
    Some(hundreds.unwrap_or(0) as f64 * 100.0 + tail)
}

fn tens(w: &str) -> Option<u32> {
    let dw = digit_word(w)?;
    if !dw.lead || dw.value < 2 {
        return None;
    }
    Some(dw.value * 10)
}

// ---------------------------------------------------------------------------
// Amounts: digits or words with suffixes and magnitude words

/// "5 nghìn", "100K", "3M", "1,2M", ",0012G", "- 1.200.000", "âm 1.200.000",
/// "hai trăm ngàn", "3.000.000" → the value (magnitudes applied).
/// Digits are read the Vietnamese way (`Convention::Unknown`).
pub fn parse_amount(s: &str) -> Option<f64> {
    let norm: String = s.nfc().collect::<String>().to_lowercase();
    let t = norm.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(v) = parse_words(t) {
        return Some(v);
    }
    let (neg, t) = if let Some(r) = t.strip_prefix("âm") {
        (true, r.trim_start())
    } else {
        let (n, r) = strip_sign(t);
        (n, r)
    };
    // digits, then an optional SI suffix glued on, then optional magnitude words
    let digits_end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let (num, rest) = t.split_at(digits_end);
    if num.is_empty() {
        return None;
    }
    let mut v = parse_number(num, Convention::Unknown).ok()?.value;
    let mut rest = rest;
    if let Some(c) = rest.chars().next() {
        let m = match c {
            'k' => Some(1e3),
            'm' => Some(1e6),
            'g' | 'b' => Some(1e9),
            _ => None,
        };
        if let Some(m) = m {
            let after = rest.get(1..).unwrap_or("");
            if after.is_empty() || after.starts_with(|c: char| !c.is_alphabetic()) {
                v *= m;
                rest = after;
            }
        }
    }
    let mut last = 0.0;
    for w in rest.split_whitespace() {
        let m = magnitude_word(w)?;
        if last != 0.0 && m <= last {
            return None;
        }
        v *= m;
        last = m;
    }
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str, c: Convention) -> f64 {
        parse_number(s, c).unwrap().value
    }

    #[test]
    fn both_conventions() {
        use Convention::*;
        assert_eq!(v("8.599,3", Unknown), 8599.3);
        assert_eq!(v("8,599.3", Unknown), 8599.3);
        assert_eq!(v("1.379,133", Unknown), 1379.133);
        assert_eq!(v("69,35", Unknown), 69.35);
        assert_eq!(v("99.9", Unknown), 99.9);
        assert_eq!(v("-2,5", Unknown), -2.5);
        assert_eq!(v("3.000.000", Unknown), 3_000_000.0);
        assert_eq!(v("1,200,000", Unknown), 1_200_000.0);
        assert_eq!(v("01,10", Unknown), 1.1);
        assert_eq!(v(",77", Unknown), 0.77);
        assert_eq!(v("1234.567", Unknown), 1234.567);
        assert_eq!(v("0,125", Unknown), 0.125);
    }

    #[test]
    fn ambiguous_tokens_report_both_readings() {
        use Convention::*;
        let r = parse_number("1.100", Unknown).unwrap();
        assert_eq!((r.value, r.alternative), (1100.0, Some(1.1)));
        let r = parse_number("108,987", Unknown).unwrap();
        assert_eq!((r.value, r.alternative), (108.987, Some(108987.0)));
        let r = parse_number("108,987", CommaThousands).unwrap();
        assert_eq!((r.value, r.alternative), (108987.0, Some(108.987)));
        let r = parse_number("1.100", DotThousands).unwrap();
        assert_eq!(r.value, 1100.0);
        assert_eq!(v("1,000", Unknown), 1000.0);
        assert!(parse_number("8.599,3", Unknown)
            .unwrap()
            .alternative
            .is_none());
    }

    #[test]
    fn footnotes_are_stripped_and_reported() {
        let r = parse_number("1.100*", Convention::DotThousands).unwrap();
        assert_eq!(r.value, 1100.0);
        assert_eq!(r.footnote.as_deref(), Some("*"));
        let r = parse_number("67,8(1)", Convention::DotThousands).unwrap();
        assert_eq!(r.value, 67.8);
        assert_eq!(r.footnote.as_deref(), Some("(1)"));
        let r = parse_number("12²", Convention::DotThousands).unwrap();
        assert_eq!((r.value, r.footnote.as_deref()), (12.0, Some("²")));
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse_number("", Convention::Unknown),
            Err(NumberError::Empty)
        );
        assert!(matches!(
            parse_number("abc", Convention::Unknown),
            Err(NumberError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number("1.2.3", Convention::Unknown),
            Err(NumberError::BadGrouping(_))
        ));
        assert!(matches!(
            parse_number("1,2.3,4", Convention::Unknown),
            Err(NumberError::BadGrouping(_))
        ));
        assert!(parse_number("1.", Convention::Unknown).is_err());
        assert!(parse_number("-", Convention::Unknown).is_err());
        assert!(parse_number(&"9".repeat(400), Convention::Unknown).is_err());
    }

    #[test]
    fn fractions() {
        assert_eq!(parse_fraction("43/62"), Some((43.0, 62.0)));
        assert_eq!(
            parse_fraction("126.622/126.989"),
            Some((126622.0, 126989.0))
        );
        assert_eq!(parse_fraction("1/0"), None);
        assert_eq!(parse_fraction("31/10/2023"), None);
    }

    #[test]
    fn convention_detection() {
        assert_eq!(
            detect_convention("thu 8.599,3 tỷ, đạt 67,8%"),
            Convention::DotThousands
        );
        assert_eq!(
            detect_convention("revenue 8,599.3 and 99.9%"),
            Convention::CommaThousands
        );
        assert_eq!(detect_convention("1.100 và 2.200"), Convention::Unknown);
        assert_eq!(detect_convention("99.9% và 15,11%"), Convention::Unknown);
    }

    #[test]
    fn words() {
        let cases = [
            ("hai mươi", 20.0),
            ("mười lăm", 15.0),
            ("một trăm linh năm", 105.0),
            ("một nửa", 0.5),
            ("hai rưỡi", 2.5),
            ("hai mươi mốt", 21.0),
            ("bốn mươi tư", 44.0),
            ("tư", 4.0),
            ("mười tám vạn", 180000.0),
            ("một triệu hai", 1_200_000.0),
            ("hai nghìn không trăm hai mươi", 2020.0),
            ("hai chục", 20.0),
            ("trăm", 100.0),
            ("một nghìn tỷ", 1e12),
            ("tám tỉ chín trăm triệu", 8.9e9),
            ("âm hai mươi lăm nghìn ba bảy", -25037.0),
            ("không phẩy hai triệu", 200000.0),
        ];
        for (s, want) in cases {
            assert_eq!(parse_words(s), Some(want), "{s}");
        }
        for s in [
            "một trăm một",
            "ba nghìn năm",
            "sáu triệu năm",
            "mười hai chấm mốt",
            "mốt",
            "hai mươi năm",
            "xin chào",
            "",
        ] {
            assert_eq!(parse_words(s), None, "{s}");
        }
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("5 nghìn"), Some(5000.0));
        assert_eq!(parse_amount("100K"), Some(100000.0));
        assert_eq!(parse_amount("1,2M"), Some(1_200_000.0));
        assert_eq!(parse_amount(",0012G"), Some(1_200_000.0));
        assert_eq!(parse_amount("- 1.200.000"), Some(-1_200_000.0));
        assert_eq!(parse_amount("âm 1.200.000"), Some(-1_200_000.0));
        assert_eq!(parse_amount("284,6 nghìn tỷ"), Some(284.6e12));
    }
}

/// The peer vectors of `../shared/peers/` (Duckling's and NeMo's Vietnamese
/// number tests), read at test time.
#[cfg(test)]
mod peer_vectors {
    use super::*;
    use crate::normalize::measure::{parse_money, Bound};

    fn rows(name: &str) -> Vec<Vec<String>> {
        let path = format!("{}/../shared/peers/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        text.lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split('\t').map(|c| c.to_string()).collect())
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn duckling_numerals() {
        let rs = rows("duckling_vi_numeral.tsv");
        assert!(rs.len() >= 50);
        for r in rs {
            let (input, want) = (&r[0], r[1].parse::<f64>().expect("value"));
            let got = parse_amount(input);
            assert!(
                got.is_some_and(|g| close(g, want)),
                "{input:?}: got {got:?}, want {want}"
            );
        }
    }

    #[test]
    fn duckling_money() {
        let rs = rows("duckling_vi_money.tsv");
        assert!(rs.len() >= 70);
        for r in rs {
            let (input, want) = (&r[0], &r[1]);
            let mut parts = want.split_whitespace();
            let currency = parts.next().expect("currency");
            let rest: Vec<&str> = parts.collect();
            let bound = match rest.as_slice() {
                ["between", a, "and", b] => {
                    Bound::Between(a.parse().expect("a"), b.parse().expect("b"))
                }
                ["under", x] => Bound::Under(x.parse().expect("x")),
                ["above", x] => Bound::Above(x.parse().expect("x")),
                [x] => Bound::Exact(x.parse().expect("x")),
                _ => panic!("unreadable row {want}"),
            };
            let got = parse_money(input).unwrap_or_else(|| panic!("{input:?}: not read"));
            assert_eq!(got.currency, currency, "{input:?}");
            let ok = match (got.bound, bound) {
                (Bound::Exact(a), Bound::Exact(b))
                | (Bound::Under(a), Bound::Under(b))
                | (Bound::Above(a), Bound::Above(b)) => close(a, b),
                (Bound::Between(a, b), Bound::Between(c, d)) => close(a, c) && close(b, d),
                _ => false,
            };
            assert!(ok, "{input:?}: got {:?}, want {want}", got.bound);
        }
    }

    #[test]
    fn nemo_numbers() {
        let rs = rows("nemo_vi_itn_selected.tsv");
        assert!(rs.len() >= 40);
        for r in rs {
            let (spoken, want) = (&r[0], r[2].trim());
            if want == "-" {
                // NeMo leaves these unconverted because they are ambiguous: so do we.
                assert_eq!(parse_words(spoken), None, "{spoken:?} must stay unread");
                assert_eq!(parse_amount(spoken), None, "{spoken:?} must stay unread");
                continue;
            }
            let (num, currency) = match want.split_once(" (") {
                Some((n, c)) => (n, Some(c.trim_end_matches(')'))),
                None => (want, None),
            };
            let want_v: f64 = num.parse().expect("numeric value");
            match currency {
                None => {
                    let got = parse_words(spoken);
                    assert!(
                        got.is_some_and(|g| close(g, want_v)),
                        "{spoken:?}: got {got:?}, want {want_v}"
                    );
                }
                Some(c) => {
                    let got = parse_money(spoken).unwrap_or_else(|| panic!("{spoken:?}: not read"));
                    let code = match got.currency {
                        "Dollar" => "USD",
                        x => x,
                    };
                    assert_eq!(code, c, "{spoken:?}");
                    assert_eq!(got.bound, Bound::Exact(want_v), "{spoken:?}");
                }
            }
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Format like a report: thousands grouped, `decimals` digits after the separator.
    fn format_vi(int: u64, frac: &str, conv: Convention) -> String {
        let (thou, dec) = match conv {
            Convention::CommaThousands => (',', '.'),
            _ => ('.', ','),
        };
        let digits = int.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(thou);
            }
            grouped.push(c);
        }
        if frac.is_empty() {
            grouped
        } else {
            format!("{grouped}{dec}{frac}")
        }
    }

    proptest! {
        #[test]
        fn dot_thousands_round_trip(int in 0u64..10_000_000_000u64, frac in "[0-9]{0,4}", neg in any::<bool>()) {
            let s = format_vi(int, &frac, Convention::DotThousands);
            let s = if neg { format!("-{s}") } else { s };
            let want: f64 = format!("{}{int}.{}", if neg { "-" } else { "" }, if frac.is_empty() { "0" } else { &frac }).parse().unwrap();
            let got = parse_number(&s, Convention::DotThousands).unwrap();
            prop_assert_eq!(got.value, want, "{}", s);
        }

        #[test]
        fn comma_thousands_round_trip(int in 0u64..10_000_000_000u64, frac in "[0-9]{0,4}") {
            let s = format_vi(int, &frac, Convention::CommaThousands);
            let want: f64 = format!("{int}.{}", if frac.is_empty() { "0" } else { &frac }).parse().unwrap();
            let got = parse_number(&s, Convention::CommaThousands).unwrap();
            prop_assert_eq!(got.value, want, "{}", s);
        }

        #[test]
        fn unambiguous_tokens_need_no_convention(int in 1000u64..10_000_000u64, frac in "[0-9]{1,2}") {
            // a grouped integer part and a 1–2 digit fraction say which is which
            let s = format_vi(int, &frac, Convention::DotThousands);
            let want: f64 = format!("{int}.{frac}").parse().unwrap();
            let got = parse_number(&s, Convention::Unknown).unwrap();
            prop_assert_eq!(got.value, want);
            prop_assert!(got.alternative.is_none());
        }

        #[test]
        fn never_panics(s in "\\PC{0,24}") {
            let _ = parse_number(&s, Convention::Unknown);
            let _ = parse_words(&s);
            let _ = parse_amount(&s);
            let _ = parse_fraction(&s);
            let _ = detect_convention(&s);
        }
    }
}
