//! Reporting periods as reports write them: "9 tháng đầu năm 2022",
//! "ƯTH 9 tháng năm 2022", "KH năm 2022", "TH cùng kỳ", "quý III/2023",
//! "6 tháng", "tháng 10", "lũy kế 10 tháng", "năm 2022", "cả năm", "9T2022",
//! "tính đến 31/10/2023", file names ("DongDa_9T2022.xlsx").
//!
//! [`scan_periods`] finds every period phrase of a running text with its
//! byte span; [`parse_period_text`] reads one header or title;
//! [`parse_period_file_name`] reads a file name.

use crate::model::{FactKind, Period, PeriodSpan};
use regex::Regex;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// What a period phrase is in a table header or sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodRole {
    /// The period being reported ("ƯTH 9 tháng năm 2022", "thực hiện").
    Current,
    /// A plan for it ("KH năm 2022", "dự toán").
    Plan,
    /// The same period a year earlier ("TH cùng kỳ", "so với cùng kỳ năm 2021").
    Prior,
    /// A bare period.
    Unknown,
}

/// A header read in full: period, role and the kind of the figures under it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeriodHeader {
    pub period: Period,
    pub role: PeriodRole,
    /// `Estimate` for "ước", `Target` for plans, `Actual` otherwise.
    pub kind: FactKind,
}

/// One period phrase found in a text (byte offsets into the scanned string).
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodMention {
    pub start: usize,
    pub end: usize,
    /// `None` for a remainder ("3 tháng cuối năm") or a plain date.
    pub span: Option<PeriodSpan>,
    /// The year as written.
    pub year: Option<i32>,
    /// "năm trước"/"năm ngoái" = -1, "năm nay" = 0.
    pub relative_year: Option<i32>,
    /// "cả năm", "năm 2022" written as the whole year.
    pub whole_year: bool,
    /// "3 tháng cuối năm", "nửa cuối năm": the rest of the year, not a result period.
    pub remainder: bool,
    /// "đến 31/10/2023", "hết tháng 10": cumulative to a date.
    pub to_date: bool,
    /// A bare date ("ngày 25/9/2020", "31/10"): not a period.
    pub date_only: bool,
    /// "năm 2022" on its own (not "cả năm"): a year that may only name the
    /// year of a shorter period already in force.
    pub bare_year: bool,
}

impl PeriodMention {
    /// The canonical period, reading a missing year against the report's (year, month).
    pub fn resolve(&self, reference: Option<(i32, u8)>) -> Option<Period> {
        let span = self.span?;
        let year = match (self.year, self.relative_year, reference) {
            (Some(y), _, _) => y,
            (None, Some(r), Some((ry, _))) => ry + r,
            (None, None, Some((ry, rm))) => {
                // "tháng 12" in a January report is last year's December.
                let end = Period::new(ry, span).end_month();
                if end > rm.saturating_add(1) && rm <= 2 {
                    ry - 1
                } else {
                    ry
                }
            }
            _ => return None,
        };
        if !(1900..=2200).contains(&year) {
            return None;
        }
        Some(Period::new(year, span))
    }
}

const NUM_WORDS: &str = "mười một|mười hai|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười";

fn word_number(s: &str) -> Option<u8> {
    let s = s.trim();
    if let Ok(n) = s.parse::<u8>() {
        return Some(n);
    }
    Some(match s {
        "một" | "giêng" => 1,
        "hai" => 2,
        "ba" => 3,
        "bốn" | "tư" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" | "bẩy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        "mười một" => 11,
        "mười hai" | "chạp" => 12,
        "i" => 1,
        "ii" => 2,
        "iii" => 3,
        "iv" => 4,
        _ => return None,
    })
}

struct Patterns {
    cum: Regex,
    cum_t: Regex,
    to_month: Regex,
    half: Regex,
    quarter: Regex,
    q_short: Regex,
    month: Regex,
    year: Regex,
    whole_year: Regex,
    rel_year: Regex,
    date: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let r = |s: &str| Regex::new(s).unwrap_or_else(|e| panic!("period pattern {s}: {e}"));
        Patterns {
            // "9 tháng đầu năm 2022", "6 tháng", "3 tháng cuối năm", "ba tháng đầu năm 2018"
            cum: r(&format!(
                r"(?-u:\b)(?:(lũy kế|luỹ kế|cộng dồn|sau|trong)\s+)?(\d{{1,2}}|{NUM_WORDS})\s+tháng(?:\s+(đầu|cuối))?(?:\s+năm(?:\s+(\d{{4}})(?-u:\b))?)?(?:\s*/\s*(\d{{4}})(?-u:\b))?"
            )),
            // "9T2022", "9T/2022", "6t_2023" (file names and headers)
            cum_t: r(r"(?:^|[^\p{L}\d])(\d{1,2})\s*t\s*[/_\-.]?\s*((?:19|20)\d{2})(?-u:\b)"),
            // "lũy kế đến tháng 8", "đến hết tháng 10/2023", "hết tháng 10"
            to_month: r(
                r"(?:lũy kế|luỹ kế|cộng dồn|tính đến|đến|hết|tới)\s+(?:hết\s+)?(?:ngày\s+cuối\s+)?tháng\s+(\d{1,2})(?:\s*/\s*(\d{4})(?-u:\b)|\s+năm\s+(\d{4})(?-u:\b))?",
            ),
            // "nửa đầu năm 2017", "nửa năm", "nửa cuối năm"
            half: r(r"(?-u:\b)nửa\s+(?:(đầu|cuối)\s+)?năm(?:\s+(\d{4})(?-u:\b))?"),
            // "quý III/2023", "quý I năm 2018", "quý IV", "quý 2"
            quarter: r(
                r"(?-u:\b)quý\s+(iv|iii|ii|i|[1-4]|một|hai|ba|bốn)(?-u:\b)(?:\s*(?:/|-|năm)\s*(?:năm\s+)?(\d{4})(?-u:\b))?",
            ),
            q_short: r(r"(?:^|[^\p{L}\d])q([1-4])\s*[/\-_]?\s*((?:19|20)\d{2})(?-u:\b)"),
            // "tháng 10", "tháng 9 năm 2022", "tháng 10/2023", "tháng mười"
            month: r(&format!(
                r"(?-u:\b)tháng\s+(\d{{1,2}}|{NUM_WORDS}|giêng|chạp)(?-u:\b)(?:\s*[/.\-]\s*(\d{{4}})(?-u:\b)|\s+năm\s+(\d{{4}})(?-u:\b))?"
            )),
            // "năm 2022", "cả năm 2023"
            year: r(r"(?-u:\b)(cả\s+)?năm\s+((?:19|20)\d{2})(?-u:\b)"),
            whole_year: r(r"(?-u:\b)cả\s+năm(?-u:\b)"),
            rel_year: r(r"(?-u:\b)năm\s+(nay|trước|ngoái)(?-u:\b)"),
            // "đến 31/10/2023", "tính đến ngày 25/9/2020", "ngày 15/7", "31/10"
            date: r(
                r"(?:(tính\s+đến|đến\s+hết|đến|hết|tới)\s+)?(?:(?:ngày|sáng|chiều|tối)\s+)?(?-u:\b)(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?-u:\b)",
            ),
        }
    })
}

fn base_mention(start: usize, end: usize) -> PeriodMention {
    PeriodMention {
        start,
        end,
        span: None,
        year: None,
        relative_year: None,
        whole_year: false,
        remainder: false,
        to_date: false,
        date_only: false,
        bare_year: false,
    }
}

fn year_of(s: Option<regex::Match<'_>>) -> Option<i32> {
    s.and_then(|m| m.as_str().parse::<i32>().ok())
        .filter(|y| (1900..=2200).contains(y))
}

/// Every period phrase of `lower` (lower-case text), longest first where
/// they overlap, in text order.
pub fn scan_periods(lower: &str) -> Vec<PeriodMention> {
    let p = patterns();
    let mut found: Vec<(u8, PeriodMention)> = Vec::new();
    for c in p.cum.captures_iter(lower) {
        let (Some(all), Some(n)) = (c.get(0), c.get(2)) else {
            continue;
        };
        let Some(n) = word_number(n.as_str()).filter(|n| (1..=12).contains(n)) else {
            continue;
        };
        let mut m = base_mention(all.start(), all.end());
        let pos = c.get(3).map(|x| x.as_str());
        m.year = year_of(c.get(4)).or_else(|| year_of(c.get(5)));
        if pos == Some("cuối") {
            m.remainder = true;
        } else {
            m.span = Some(PeriodSpan::Cumulative(n));
        }
        found.push((5, m));
    }
    for c in p.cum_t.captures_iter(lower) {
        let (Some(n), Some(y)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let Some(nv) = n
            .as_str()
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=12).contains(n))
        else {
            continue;
        };
        let mut m = base_mention(n.start(), y.end());
        m.span = Some(PeriodSpan::Cumulative(nv));
        m.year = year_of(Some(y));
        found.push((5, m));
    }
    for c in p.to_month.captures_iter(lower) {
        let (Some(all), Some(n)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(nv) = n
            .as_str()
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=12).contains(n))
        else {
            continue;
        };
        let mut m = base_mention(all.start(), all.end());
        m.span = Some(PeriodSpan::Cumulative(nv));
        m.to_date = true;
        m.year = year_of(c.get(2)).or_else(|| year_of(c.get(3)));
        found.push((6, m));
    }
    for c in p.half.captures_iter(lower) {
        let Some(all) = c.get(0) else { continue };
        let mut m = base_mention(all.start(), all.end());
        if c.get(1).map(|x| x.as_str()) == Some("cuối") {
            m.remainder = true;
        } else {
            m.span = Some(PeriodSpan::H1);
        }
        m.year = year_of(c.get(2));
        found.push((5, m));
    }
    for c in p.quarter.captures_iter(lower) {
        let (Some(all), Some(q)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(q) = word_number(q.as_str()).filter(|q| (1..=4).contains(q)) else {
            continue;
        };
        let mut m = base_mention(all.start(), all.end());
        m.span = Some(PeriodSpan::Quarter(q));
        m.year = year_of(c.get(2));
        found.push((5, m));
    }
    for c in p.q_short.captures_iter(lower) {
        let (Some(q), Some(y)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let Some(qv) = q.as_str().parse::<u8>().ok() else {
            continue;
        };
        let mut m = base_mention(q.start().saturating_sub(1), y.end());
        m.span = Some(PeriodSpan::Quarter(qv));
        m.year = year_of(Some(y));
        found.push((5, m));
    }
    for c in p.month.captures_iter(lower) {
        let (Some(all), Some(n)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(nv) = word_number(n.as_str()).filter(|n| (1..=12).contains(n)) else {
            continue;
        };
        let mut m = base_mention(all.start(), all.end());
        m.span = Some(PeriodSpan::Month(nv));
        m.year = year_of(c.get(2)).or_else(|| year_of(c.get(3)));
        found.push((4, m));
    }
    for c in p.year.captures_iter(lower) {
        let Some(all) = c.get(0) else { continue };
        let mut m = base_mention(all.start(), all.end());
        m.span = Some(PeriodSpan::Year);
        m.year = year_of(c.get(2));
        m.whole_year = c.get(1).is_some();
        m.bare_year = !m.whole_year;
        found.push((2, m));
    }
    for c in p.whole_year.find_iter(lower) {
        let mut m = base_mention(c.start(), c.end());
        m.span = Some(PeriodSpan::Year);
        m.whole_year = true;
        found.push((2, m));
    }
    for c in p.rel_year.captures_iter(lower) {
        let (Some(all), Some(w)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let mut m = base_mention(all.start(), all.end());
        m.span = Some(PeriodSpan::Year);
        m.relative_year = Some(if w.as_str() == "nay" { 0 } else { -1 });
        m.bare_year = true;
        found.push((2, m));
    }
    for c in p.date.captures_iter(lower) {
        let (Some(all), Some(d), Some(mo)) = (c.get(0), c.get(2), c.get(3)) else {
            continue;
        };
        let (Ok(d), Ok(mo)) = (d.as_str().parse::<u8>(), mo.as_str().parse::<u8>()) else {
            continue;
        };
        if !(1..=31).contains(&d) || !(1..=12).contains(&mo) {
            continue;
        }
        let mut m = base_mention(all.start(), all.end());
        m.year = year_of(c.get(4));
        if c.get(1).is_some() && d >= 20 {
            // "tính đến 31/10/2023" = January to October
            m.span = Some(PeriodSpan::Cumulative(mo));
            m.to_date = true;
        } else {
            m.date_only = true;
        }
        found.push((3, m));
    }
    // The patterns use ASCII word boundaries (fast); a mention glued to a letter before it is none.
    found.retain(|(_, m)| {
        !lower
            .get(..m.start)
            .and_then(|h| h.chars().next_back())
            .is_some_and(|c| c.is_alphanumeric())
    });
    // Keep the longest (then highest-priority) of overlapping mentions.
    found.sort_by(|a, b| {
        a.1.start
            .cmp(&b.1.start)
            .then((b.1.end - b.1.start).cmp(&(a.1.end - a.1.start)))
            .then(b.0.cmp(&a.0))
    });
    let mut out: Vec<PeriodMention> = Vec::new();
    for (_, m) in found {
        if let Some(last) = out.last() {
            if m.start < last.end {
                continue;
            }
        }
        out.push(m);
    }
    out
}

fn lower_nfc(s: &str) -> String {
    s.nfc().collect::<String>().to_lowercase()
}

/// The role and kind a header's words give.
fn header_role(lower: &str) -> (PeriodRole, FactKind) {
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let has_seq = |a: &str, b: &str| words.windows(2).any(|x| x[0] == a && x[1] == b);
    if has_seq("cùng", "kỳ")
        || has_seq("cùng", "kì")
        || has("ck")
        || has_seq("năm", "trước")
        || has_seq("năm", "ngoái")
    {
        return (PeriodRole::Prior, FactKind::Actual);
    }
    if has_seq("kế", "hoạch")
        || has("kh")
        || has_seq("dự", "toán")
        || has_seq("chỉ", "tiêu")
        || has_seq("mục", "tiêu")
        || has_seq("nghị", "quyết")
    {
        return (PeriodRole::Plan, FactKind::Target);
    }
    if has("ước") || has("ưth") || has("uth") || has("ư") || has_seq("ước", "tính") || has("ut")
    {
        return (PeriodRole::Current, FactKind::Estimate);
    }
    if has_seq("thực", "hiện")
        || has("th")
        || has_seq("lũy", "kế")
        || has_seq("luỹ", "kế")
        || has_seq("kết", "quả")
    {
        return (PeriodRole::Current, FactKind::Actual);
    }
    (PeriodRole::Unknown, FactKind::Actual)
}

/// A header, title or phrase → its period and role, or `None` when it names
/// no period. `reference` is the report's (year, month), for phrases without
/// a year ("6 tháng đầu năm", "tháng 10", "TH cùng kỳ").
pub fn parse_period_text(s: &str, reference: Option<(i32, u8)>) -> Option<(Period, PeriodRole)> {
    parse_period_header(s, reference).map(|h| (h.period, h.role))
}

/// Like [`parse_period_text`], with the kind of figure the header announces.
pub fn parse_period_header(s: &str, reference: Option<(i32, u8)>) -> Option<PeriodHeader> {
    let lower = lower_nfc(s);
    let (role, kind) = header_role(&lower);
    let mentions = scan_periods(&lower);
    let mention = mentions
        .iter()
        .find(|m| m.span.is_some() && !m.remainder && !m.date_only)
        .cloned();
    let period = match mention {
        Some(m) => {
            let reference = if role == PeriodRole::Prior && m.year.is_none() {
                reference.map(|(y, mo)| (y - 1, mo))
            } else {
                reference
            };
            m.resolve(reference)?
        }
        None => {
            // "TH cùng kỳ", "KH" with no span: the reference month, a year back for the prior.
            let (y, mo) = reference?;
            match role {
                PeriodRole::Prior => Period::new(y - 1, PeriodSpan::Cumulative(mo.clamp(1, 12))),
                PeriodRole::Plan
                    if lower.contains("năm") || lower.split_whitespace().any(|w| w == "kh") =>
                {
                    Period::new(y, PeriodSpan::Year)
                }
                _ => return None,
            }
        }
    };
    Some(PeriodHeader { period, role, kind })
}

/// The period a file name names: "DongDa_9T2022.xlsx", "BC 9 thang 2022.docx",
/// "bao_cao_quy_3_2023.txt", "BC_thang_10_2022".
pub fn parse_period_file_name(name: &str) -> Option<Period> {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match stem.rfind('.') {
        Some(i) if i > 0 => stem.get(..i).unwrap_or(stem),
        _ => stem,
    };
    let lower = lower_nfc(stem);
    // Put the diacritics back on the ASCII spellings file names use.
    let words: Vec<String> = lower
        .split(|c: char| c == '_' || c == '-' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "thang" => "tháng".to_string(),
            "nam" => "năm".to_string(),
            "quy" => "quý".to_string(),
            "dau" => "đầu".to_string(),
            "cuoi" => "cuối".to_string(),
            "ca" => "cả".to_string(),
            "luy" | "lũy" => "lũy".to_string(),
            "ke" => "kế".to_string(),
            w => w.to_string(),
        })
        .collect();
    let text = words.join(" ");
    // "quý 3 2023", "tháng 10 2022": a bare year after the span
    static QY: OnceLock<Regex> = OnceLock::new();
    let qy = QY.get_or_init(|| {
        Regex::new(r"\b(quý|tháng)\s+(\d{1,2}|iv|iii|ii|i)\s+((?:19|20)\d{2})\b")
            .unwrap_or_else(|e| panic!("{e}"))
    });
    let text = qy.replace_all(&text, "$1 $2 năm $3").into_owned();
    static NY: OnceLock<Regex> = OnceLock::new();
    let ny = NY.get_or_init(|| {
        Regex::new(r"\b(\d{1,2})\s+tháng\s+((?:19|20)\d{2})\b").unwrap_or_else(|e| panic!("{e}"))
    });
    let text = ny.replace_all(&text, "$1 tháng năm $2").into_owned();
    let mentions = scan_periods(&text);
    let m = mentions
        .iter()
        .find(|m| m.span.is_some() && !m.remainder && !m.date_only && m.year.is_some())?;
    m.resolve(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str, r: Option<(i32, u8)>) -> Option<(String, PeriodRole)> {
        parse_period_text(s, r).map(|(p, r)| (p.to_string(), r))
    }

    #[test]
    fn headers() {
        let r = Some((2022, 10));
        assert_eq!(
            p("ƯTH 9 tháng năm 2022", r),
            Some(("2022-9M".into(), PeriodRole::Current))
        );
        let h = parse_period_header("ƯTH 9 tháng năm 2022", r).unwrap();
        assert_eq!(h.kind, FactKind::Estimate);
        assert_eq!(
            p("KH năm 2022", r),
            Some(("2022-Y".into(), PeriodRole::Plan))
        );
        assert_eq!(
            p("TH cùng kỳ", Some((2022, 9))),
            Some(("2021-9M".into(), PeriodRole::Prior))
        );
        assert_eq!(
            p("Thực hiện 9 tháng năm 2021", r),
            Some(("2021-9M".into(), PeriodRole::Current))
        );
        assert_eq!(
            p("TH 9 tháng cùng kỳ", r),
            Some(("2021-9M".into(), PeriodRole::Prior))
        );
        assert_eq!(
            p("Ước thực hiện 9 tháng đầu năm 2022", r),
            Some(("2022-9M".into(), PeriodRole::Current))
        );
        assert_eq!(p("9T2022", None).map(|x| x.0), Some("2022-9M".into()));
        assert_eq!(p("quý III/2023", None).map(|x| x.0), Some("2023-Q3".into()));
        assert_eq!(
            p("6 tháng đầu năm", Some((2024, 7))).map(|x| x.0),
            Some("2024-H1".into())
        );
        assert_eq!(p("tháng 10", r).map(|x| x.0), Some("2022-M10".into()));
        assert_eq!(
            p("lũy kế 10 tháng", Some((2023, 10))).map(|x| x.0),
            Some("2023-10M".into())
        );
        assert_eq!(p("năm 2022", None).map(|x| x.0), Some("2022-Y".into()));
        assert_eq!(p("cả năm", r).map(|x| x.0), Some("2022-Y".into()));
        assert_eq!(
            p("tính đến 31/10/2023", None).map(|x| x.0),
            Some("2023-10M".into())
        );
        assert_eq!(
            p("Ba tháng đầu năm 2018", None).map(|x| x.0),
            Some("2018-Q1".into())
        );
        assert_eq!(
            p("nửa đầu năm 2017", None).map(|x| x.0),
            Some("2017-H1".into())
        );
        assert_eq!(
            p("tháng 12", Some((2022, 1))).map(|x| x.0),
            Some("2021-M12".into())
        );
        assert_eq!(p("3 tháng cuối năm 2022", r), None);
        assert_eq!(p("Tổng thu ngân sách", r), None);
    }

    #[test]
    fn file_names() {
        let f = |s: &str| parse_period_file_name(s).map(|p| p.to_string());
        assert_eq!(f("DongDa_9T2022.xlsx").as_deref(), Some("2022-9M"));
        assert_eq!(f("BC 9 thang 2022.docx").as_deref(), Some("2022-9M"));
        assert_eq!(f("data/bao_cao_quy_3_2023.txt").as_deref(), Some("2023-Q3"));
        assert_eq!(f("BC_thang_10_2022.xlsx").as_deref(), Some("2022-M10"));
        assert_eq!(f("Q3-2023_CauGiay.xlsx").as_deref(), Some("2023-Q3"));
        assert_eq!(f("bao_cao.xlsx"), None);
    }

    #[test]
    fn scanning_running_text() {
        let t = "so với cùng kỳ năm 2021, 9 tháng đầu năm tăng; 3 tháng cuối năm 2022 và ngày 25/9/2020";
        let ms = scan_periods(t);
        assert!(ms
            .iter()
            .any(|m| m.span == Some(PeriodSpan::Year) && m.year == Some(2021)));
        assert!(ms.iter().any(|m| m.span == Some(PeriodSpan::Cumulative(9))));
        assert!(ms.iter().any(|m| m.remainder && m.year == Some(2022)));
        assert!(ms.iter().any(|m| m.date_only));
    }
}
