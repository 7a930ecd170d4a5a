//! Units of measure as written ("tỷ đồng", "Tr.USD", "nghìn lượt khách",
//! "%", "hộ") → a canonical unit id of the catalogue (`KNOWN_UNITS`) and the
//! factor that turns the written number into that unit; and money phrases
//! with their bounds ("từ 1000 đến 2000 đồng", "hơn 1,42 đô la").

use crate::normalize::number::{parse_amount, parse_number, parse_words, Convention};
use unicode_normalization::UnicodeNormalization;

/// A unit of measure: multiply the written number by `factor` to get `unit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// Canonical unit id (one of `config::indicators::KNOWN_UNITS`).
    pub unit: &'static str,
    pub factor: f64,
}

impl Measure {
    pub const fn new(unit: &'static str, factor: f64) -> Self {
        Measure { unit, factor }
    }
    /// Units that count whole things: a figure in them is an integer
    /// (when written without a magnitude word).
    pub fn is_count(&self) -> bool {
        is_count_unit(self.unit)
    }
    /// Money (đồng or USD).
    pub fn is_money(&self) -> bool {
        matches!(self.unit, "ty_dong" | "trieu_usd")
    }
    /// The written number in the canonical unit.
    pub fn apply(&self, written: f64) -> f64 {
        if self.factor == 1.0 {
            written
        } else if self.factor < 1.0 && self.factor > 0.0 {
            // dividing by an exact power of ten rounds correctly: 126516 / 1000 = 126.516
            written / (1.0 / self.factor).round()
        } else {
            round_sig(written * self.factor)
        }
    }
}

/// Counted units: integers when written without a magnitude word.
pub fn is_count_unit(unit: &str) -> bool {
    matches!(
        unit,
        "nguoi"
            | "ho"
            | "truong"
            | "chi_bo"
            | "doanh_nghiep"
            | "giay_chung_nhan"
            | "cong_trinh"
            | "luot_khach"
            | "du_an"
            | "xa"
            | "san_pham"
            | "count"
    )
}

fn round_sig(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    // 12 significant digits removes the binary noise of ×0.001 and the like
    let mag = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(11 - mag);
    if !scale.is_finite() || scale == 0.0 {
        return v;
    }
    let r = (v * scale).round() / scale;
    if r.is_finite() {
        r
    } else {
        v
    }
}

/// Convert a written value in `from` to the canonical unit `to_unit`;
/// `None` when they measure different things.
pub fn convert(value: f64, from: &Measure, to_unit: &str) -> Option<f64> {
    if from.unit == to_unit {
        Some(from.apply(value))
    } else {
        None
    }
}

/// Magnitude words and abbreviations as they prefix a unit.
fn magnitude(w: &str) -> Option<i32> {
    match w {
        "nghìn" | "ngàn" | "ngìn" | "1000" | "1.000" | "k" => Some(3),
        "vạn" => Some(4),
        "triệu" | "tr" => Some(6),
        "tỷ" | "tỉ" => Some(9),
        _ => None,
    }
}

/// 10^e as an exact literal (so ×0.001 is the same double as /1000 written out).
fn pow10(e: i32) -> f64 {
    const P: [f64; 41] = [
        1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8,
        1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
        1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    ];
    P.get((e + 20).clamp(0, 40) as usize)
        .copied()
        .unwrap_or(1.0)
}

/// Base units: (words, canonical unit, factor from one written base unit).
/// Longest first where one is a prefix of another.
const BASES: &[(&[&str], &str, i32)] = &[
    (&["đồng"], "ty_dong", -9),
    (&["đ"], "ty_dong", -9),
    (&["vnđ"], "ty_dong", -9),
    (&["vnd"], "ty_dong", -9),
    (&["usd"], "trieu_usd", -6),
    (&["đô", "la", "mỹ"], "trieu_usd", -6),
    (&["đô", "la"], "trieu_usd", -6),
    (&["đô"], "trieu_usd", -6),
    (&["%"], "pct", 0),
    (&["phần", "trăm"], "pct", 0),
    (&["lượt", "khách", "du", "lịch"], "luot_khach", 0),
    (&["lượt", "khách"], "luot_khach", 0),
    (&["lượt", "người"], "luot_khach", 0),
    (&["lượt", "du", "khách"], "luot_khach", 0),
    (&["người"], "nguoi", 0),
    (&["lao", "động"], "nguoi", 0),
    (&["thanh", "niên"], "nguoi", 0),
    (&["đảng", "viên"], "nguoi", 0),
    (&["công", "dân"], "nguoi", 0),
    (&["tân", "binh"], "nguoi", 0),
    (&["hộ", "gia", "đình"], "ho", 0),
    (&["hộ"], "ho", 0),
    (&["trường", "học"], "truong", 0),
    (&["trường"], "truong", 0),
    (&["chi", "bộ"], "chi_bo", 0),
    (&["doanh", "nghiệp"], "doanh_nghiep", 0),
    (&["dn"], "doanh_nghiep", 0),
    (&["giấy", "chứng", "nhận"], "giay_chung_nhan", 0),
    (&["gcn"], "giay_chung_nhan", 0),
    (&["giấy"], "giay_chung_nhan", 0),
    (&["công", "trình"], "cong_trinh", 0),
    (&["dự", "án"], "du_an", 0),
    (&["xã"], "xa", 0),
    (&["sản", "phẩm"], "san_pham", 0),
    (&["tấn"], "tan", 0),
    (&["ha"], "ha", 0),
    (&["héc", "ta"], "ha", 0),
    (&["hécta"], "ha", 0),
    (&["hecta"], "ha", 0),
];

/// Split a unit string into lower-case words: "Tr.đồng" → ["tr", "đồng"],
/// "trđ" → ["tr", "đ"], "%" stays a word.
fn unit_words(s: &str) -> Vec<String> {
    let norm: String = s.nfc().collect::<String>().to_lowercase();
    let mut spaced = String::with_capacity(norm.len() + 4);
    for c in norm.chars() {
        match c {
            '.' | '(' | ')' | '/' | ',' | ':' => spaced.push(' '),
            '%' => spaced.push_str(" % "),
            c => spaced.push(c),
        }
    }
    let mut out = Vec::new();
    for w in spaced.split_whitespace() {
        match w {
            "trđ" => {
                out.push("tr".to_string());
                out.push("đ".to_string());
            }
            "tỷđ" | "tỉđ" => {
                out.push("tỷ".to_string());
                out.push("đ".to_string());
            }
            _ => out.push(w.to_string()),
        }
    }
    out
}

/// A unit string as written in a workbook's unit column or after a number in
/// text → its measure. `None` for anything else (or an empty string).
pub fn parse_measure(s: &str) -> Option<Measure> {
    let words = unit_words(s);
    let refs: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
    match measure_prefix(&refs) {
        Some((m, n)) if n == refs.len() => Some(m),
        _ => None,
    }
}

/// The longest measure at the start of `words`: (measure, words used).
pub fn measure_prefix(words: &[&str]) -> Option<(Measure, usize)> {
    let mut exp = 0i32;
    let mut i = 0;
    let mut last_mag = 0i32;
    while let Some(w) = words.get(i) {
        match magnitude(w) {
            // "nghìn tỷ", "triệu tỷ": a larger magnitude multiplies.
            Some(m) if last_mag == 0 || m > last_mag || m == 9 => {
                exp += m;
                last_mag = m;
                i += 1;
            }
            _ => break,
        }
    }
    let rest = words.get(i..)?;
    // The first base the words start with, in one pass (the first word is
    // compared first: most words after a number are no base).
    let first = rest.first();
    let base = BASES.iter().find(|(b, _, _)| {
        b.first() == first
            && rest.len() >= b.len()
            && rest.iter().zip(b.iter()).all(|(a, b)| a == b)
    });
    // "ngàn tỷ", "Tỷ": a magnitude ending in tỷ with no base means đồng.
    if last_mag == 9 && base.is_none() {
        return Some((Measure::new("ty_dong", pow10(exp - 9)), i));
    }
    let (base, unit, f) = base?;
    if *unit == "pct" && i > 0 {
        return None;
    }
    Some((Measure::new(unit, pow10(exp + f)), i + base.len()))
}

// ---------------------------------------------------------------------------
// Money phrases

/// What a money phrase says about its amount.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Exact(f64),
    Between(f64, f64),
    Under(f64),
    Above(f64),
}

/// A money phrase: currency code and bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Money {
    /// `VND`, `USD`, `Dollar`, `Cent`, `EUR`, `INR`, `GBP`, `Pound`, `AED`, `KRW`.
    pub currency: &'static str,
    pub bound: Bound,
}

fn money_tokens(s: &str) -> Vec<String> {
    let norm: String = s.nfc().collect::<String>().to_lowercase();
    let mut out: Vec<String> = Vec::new();
    for w in norm.split_whitespace() {
        // split letters/digits/symbols apart, keeping "10k", "1,23", "rs."
        let mut cur = String::new();
        let mut kind = 0u8; // 1 digit-ish, 2 letter, 3 symbol
        let chars: Vec<char> = w.chars().collect();
        for (idx, &c) in chars.iter().enumerate() {
            let k = if c.is_ascii_digit()
                || ((c == '.' || c == ',') && kind == 1)
                || (c == ',' && idx == 0)
            {
                1
            } else if c.is_alphabetic() {
                // "10k", "1,2m": a magnitude letter glued to digits
                if kind == 1
                    && matches!(c, 'k' | 'm' | 'g')
                    && !chars.get(idx + 1).is_some_and(|n| n.is_alphabetic())
                {
                    1
                } else {
                    2
                }
            } else if c == '.' && kind == 2 {
                2
            } else if c == '-' {
                4
            } else {
                3
            };
            if k != kind && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if k == 3 || k == 4 {
                out.push(c.to_string());
                kind = 0;
                continue;
            }
            cur.push(c);
            kind = k;
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    // "vn $" → "vn$"; trailing dots of sentences
    let mut merged: Vec<String> = Vec::new();
    for t in out {
        let t = if t.len() > 1 && t.ends_with('.') && t != "rs." {
            t.trim_end_matches('.').to_string()
        } else {
            t
        };
        if t == "." {
            continue;
        }
        if t == "$" && merged.last().is_some_and(|l| l == "vn") {
            merged.pop();
            merged.push("vn$".into());
            continue;
        }
        merged.push(t);
    }
    merged
}

/// Currency at tokens[i..]: (code, tokens used).
fn currency_at(tokens: &[String], i: usize) -> Option<(&'static str, usize)> {
    let t = |k: usize| tokens.get(i + k).map(|s| s.as_str());
    match (t(0)?, t(1)) {
        ("đô", Some("la")) => {
            if t(2) == Some("mỹ") {
                Some(("Dollar", 3))
            } else {
                Some(("Dollar", 2))
            }
        }
        ("đô", Some("mỹ")) => Some(("Dollar", 2)),
        ("đô", _) | ("$", _) => Some(("Dollar", 1)),
        ("xen", _) | ("xu", _) | ("cent", _) | ("cents", _) => Some(("Cent", 1)),
        ("usd", _) => Some(("USD", 1)),
        ("đồng", _) | ("vnđ", _) | ("vnd", _) | ("vn$", _) => Some(("VND", 1)),
        ("€", _) | ("euro", _) | ("euros", _) | ("eur", _) => Some(("EUR", 1)),
        ("rs.", _) | ("rs", _) | ("rupees", _) | ("rupee", _) | ("inr", _) => Some(("INR", 1)),
        ("£", _) | ("pounds", _) | ("pound", _) => Some(("Pound", 1)),
        ("gbp", _) => Some(("GBP", 1)),
        ("aed", _) | ("dirham", _) | ("dirhams", _) => Some(("AED", 1)),
        ("won", _) | ("₩", _) => Some(("KRW", 1)),
        _ => None,
    }
}

fn is_numberish(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_digit() || c == ',')
        || crate::normalize::number::is_number_word(t)
}

/// Value of a run of number tokens: digits, words, "chấm"/"phẩy".
fn number_tokens_value(toks: &[String]) -> Option<f64> {
    if toks.is_empty() {
        return None;
    }
    if let Some(p) = toks.iter().position(|t| t == "chấm" || t == "phẩy") {
        let int = number_tokens_value(toks.get(..p)?)?;
        let frac_toks = toks.get(p + 1..)?;
        if frac_toks.len() == 1 && frac_toks[0].bytes().all(|b| b.is_ascii_digit()) {
            let s = format!("{}.{}", int as u64, frac_toks[0]);
            return s.parse().ok();
        }
        let joined = toks.join(" ");
        return parse_words(&joined);
    }
    let joined = toks.join(" ");
    parse_words(&joined).or_else(|| parse_amount(&joined))
}

/// One amount: optional prefix currency, number, currency, optional cents.
fn single_money(tokens: &[String]) -> Option<(&'static str, f64)> {
    let mut i = 0;
    let mut currency: Option<&'static str> = None;
    if let Some((c, n)) = currency_at(tokens, 0) {
        currency = Some(c);
        i = n;
    }
    let start = i;
    while tokens.get(i).is_some_and(|t| is_numberish(t)) {
        i += 1;
    }
    let main = number_tokens_value(tokens.get(start..i)?)?;
    if currency.is_none() {
        let (c, n) = currency_at(tokens, i)?;
        currency = Some(c);
        i += n;
    }
    let currency = currency?;
    // cents / half
    let rest = tokens.get(i..).unwrap_or(&[]);
    let rest: Vec<String> = rest.iter().filter(|t| *t != "và").cloned().collect();
    if rest.is_empty() {
        return Some((currency, main));
    }
    if rest.len() == 1 && rest[0] == "rưỡi" {
        return Some((currency, main + 0.5));
    }
    let mut j = 0;
    while rest.get(j).is_some_and(|t| is_numberish(t)) {
        j += 1;
    }
    let cents = number_tokens_value(rest.get(..j)?)?;
    let tail = rest.get(j..).unwrap_or(&[]);
    let ok_tail =
        tail.is_empty() || (tail.len() == 1 && currency_at(tail, 0).map(|c| c.0) == Some("Cent"));
    if !ok_tail || !(0.0..100.0).contains(&cents) {
        return None;
    }
    Some((currency, main + cents / 100.0))
}

/// A money phrase with its bound: "10.000 đồng", "$1,42", "2 đô la và 23 xen",
/// "từ 1000 đến 2000 đồng", "dưới bảy ngàn đồng", "hơn 1,42 đô la".
pub fn parse_money(s: &str) -> Option<Money> {
    let mut tokens = money_tokens(s);
    // approximate words carry no bound
    loop {
        let first = tokens.first().map(|s| s.as_str());
        let second = tokens.get(1).map(|s| s.as_str());
        let n = match (first, second) {
            (Some("khoảng"), Some("chừng"))
            | (Some("tầm"), Some("khoảng"))
            | (Some("xấp"), Some("xỉ")) => 2,
            (Some("khoảng"), _) | (Some("tầm"), _) | (Some("chừng"), _) => 1,
            _ => 0,
        };
        if n == 0 {
            break;
        }
        tokens.drain(..n);
    }
    let words: Vec<&str> = tokens.iter().map(|s| s.as_str()).collect();
    const UNDER: &[&[&str]] = &[
        &["không", "cao", "hơn"],
        &["không", "hơn"],
        &["không", "quá"],
        &["không", "tới"],
        &["ít", "hơn"],
        &["kém", "hơn"],
        &["dưới"],
    ];
    const ABOVE: &[&[&str]] = &[
        &["không", "ít", "hơn"],
        &["nhiều", "hơn"],
        &["ít", "nhất"],
        &["cao", "hơn"],
        &["hơn"],
        &["trên"],
    ];
    for (list, under) in [(ABOVE, false), (UNDER, true)] {
        for p in list {
            if words.len() > p.len() && words.iter().zip(p.iter()).all(|(a, b)| a == b) {
                let (c, v) = single_money(tokens.get(p.len()..)?)?;
                return Some(Money {
                    currency: c,
                    bound: if under {
                        Bound::Under(v)
                    } else {
                        Bound::Above(v)
                    },
                });
            }
        }
    }
    // "giữa A và B", "từ A đến/tới B", "từ A trở lên/xuống"
    if words.first() == Some(&"giữa") || words.first() == Some(&"từ") {
        let body = tokens.get(1..)?;
        let n = body.len();
        if n >= 2 && body[n - 2] == "trở" {
            let (c, v) = single_money(body.get(..n - 2)?)?;
            let bound = match body[n - 1].as_str() {
                "lên" => Bound::Above(v),
                "xuống" => Bound::Under(v),
                _ => return None,
            };
            return Some(Money { currency: c, bound });
        }
        let sep = if words.first() == Some(&"giữa") {
            &["và"][..]
        } else {
            &["đến", "tới"][..]
        };
        // the separator that splits into two amounts
        for (k, t) in body.iter().enumerate() {
            if sep.contains(&t.as_str()) {
                if let Some(m) = range_money(body.get(..k)?, body.get(k + 1..)?) {
                    return Some(m);
                }
            }
        }
        return None;
    }
    if let Some(k) = tokens
        .iter()
        .position(|t| t == "-" || t == "đến" || t == "tới")
    {
        if k > 0 {
            return range_money(tokens.get(..k)?, tokens.get(k + 1..)?);
        }
    }
    // a leading "-" sign belongs to the amount
    let (c, v) = single_money(&tokens)?;
    Some(Money {
        currency: c,
        bound: Bound::Exact(v),
    })
}

fn range_money(a: &[String], b: &[String]) -> Option<Money> {
    let (cb, vb) = single_money(b)?;
    let (ca, va) = match single_money(a) {
        Some(x) => x,
        None => {
            // "1000-2000 đồng": the first amount takes the second's currency
            let v = number_tokens_value(a)?;
            (cb, v)
        }
    };
    if ca != cb {
        return None;
    }
    Some(Money {
        currency: ca,
        bound: Bound::Between(va, vb),
    })
}

/// A number followed by its measure in one string ("8.599,3 tỷ đồng",
/// "10,38 triệu lượt khách") → (value in the canonical unit, measure).
pub fn parse_quantity(s: &str, conv: Convention) -> Option<(f64, Measure)> {
    let t = s.trim();
    let split = t.find(|c: char| c.is_whitespace() || c == '%')?;
    let (num, unit) = t.split_at(split);
    let v = parse_number(num, conv).ok()?.value;
    let m = parse_measure(unit)?;
    Some((m.apply(v), m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> (&'static str, f64) {
        let x = parse_measure(s).unwrap_or_else(|| panic!("{s}"));
        (x.unit, x.factor)
    }

    #[test]
    fn money_units() {
        assert_eq!(m("tỷ đồng"), ("ty_dong", 1.0));
        assert_eq!(m("tỉ đồng"), ("ty_dong", 1.0));
        assert_eq!(m("Tỷ đ"), ("ty_dong", 1.0));
        assert_eq!(m("Tỷ đồng"), ("ty_dong", 1.0));
        let (u, f) = m("triệu đồng");
        assert_eq!(u, "ty_dong");
        assert!((f - 0.001).abs() < 1e-15);
        assert_eq!(m("Tr.đồng").0, "ty_dong");
        assert_eq!(m("Triệu đồng").0, "ty_dong");
        assert_eq!(m("nghìn tỷ đồng"), ("ty_dong", 1000.0));
        assert_eq!(m("ngàn tỷ"), ("ty_dong", 1000.0));
        assert_eq!(m("Tỷ"), ("ty_dong", 1.0));
    }

    #[test]
    fn other_units() {
        assert_eq!(m("triệu tỷ đồng"), ("ty_dong", 1e6));
        assert_eq!(m("đồng").0, "ty_dong");
        assert_eq!(m("triệu USD"), ("trieu_usd", 1.0));
        assert_eq!(m("Tr.USD"), ("trieu_usd", 1.0));
        assert_eq!(m("nghìn USD"), ("trieu_usd", 0.001));
        assert_eq!(m("1000 USD"), ("trieu_usd", 0.001));
        assert_eq!(m("tỷ USD"), ("trieu_usd", 1000.0));
        assert_eq!(m("USD").0, "trieu_usd");
        assert_eq!(m("%"), ("pct", 1.0));
        for (s, u) in [
            ("người", "nguoi"),
            ("lao động", "nguoi"),
            ("thanh niên", "nguoi"),
            ("đảng viên", "nguoi"),
            ("hộ", "ho"),
            ("trường", "truong"),
            ("chi bộ", "chi_bo"),
            ("doanh nghiệp", "doanh_nghiep"),
            ("DN", "doanh_nghiep"),
            ("giấy chứng nhận", "giay_chung_nhan"),
            ("GCN", "giay_chung_nhan"),
            ("công trình", "cong_trinh"),
            ("lượt khách", "luot_khach"),
            ("dự án", "du_an"),
            ("xã", "xa"),
            ("sản phẩm", "san_pham"),
            ("tấn", "tan"),
            ("ha", "ha"),
        ] {
            assert_eq!(m(s), (u, 1.0), "{s}");
        }
        assert_eq!(m("nghìn lượt khách"), ("luot_khach", 1000.0));
        assert_eq!(m("triệu lượt người"), ("luot_khach", 1e6));
        assert_eq!(m("vạn tấn"), ("tan", 1e4));
        assert_eq!(parse_measure("con"), None);
        assert_eq!(parse_measure(""), None);
        assert_eq!(parse_measure("triệu %"), None);
    }

    #[test]
    fn conversion() {
        let tr = parse_measure("triệu đồng").unwrap();
        assert_eq!(convert(126516.0, &tr, "ty_dong"), Some(126.516));
        let nt = parse_measure("nghìn tỷ đồng").unwrap();
        assert_eq!(convert(284.6, &nt, "ty_dong"), Some(284600.0));
        assert_eq!(convert(1.0, &nt, "trieu_usd"), None);
        let usd = parse_measure("tỷ USD").unwrap();
        assert_eq!(convert(1.765, &usd, "trieu_usd"), Some(1765.0));
        assert_eq!(
            parse_quantity("8.599,3 tỷ đồng", Convention::DotThousands).map(|q| q.0),
            Some(8599.3)
        );
    }

    #[test]
    fn money_phrases() {
        let x = parse_money("từ 1000 đồng đến 2000 đồng").unwrap();
        assert_eq!(
            x,
            Money {
                currency: "VND",
                bound: Bound::Between(1000.0, 2000.0)
            }
        );
        let x = parse_money("hơn 1,42 đô la").unwrap();
        assert_eq!(
            x,
            Money {
                currency: "Dollar",
                bound: Bound::Above(1.42)
            }
        );
        let x = parse_money("2 đô la và 23 xen").unwrap();
        assert_eq!(
            x,
            Money {
                currency: "Dollar",
                bound: Bound::Exact(2.23)
            }
        );
    }
}
