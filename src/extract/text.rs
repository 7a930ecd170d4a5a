//! Text reports: every indicator figure in Vietnamese prose, with the reason
//! for each number found.
//!
//! How a text is read ([`TextExtractor::extract`]):
//!
//! 1. The ` date YYYY-MM ` line (or the file date) gives the report's month.
//! 2. The text is lower-cased without changing byte offsets, and tone-mark
//!    placement is folded the way the catalogue's phrases are ("hoà" = "hòa").
//! 3. It is split into sentences (a `.` ends one only before a space and not
//!    after an abbreviation like "TP." or "Q."; `8.599,3` stays whole) and
//!    clauses (`;`).
//! 4. In each sentence the extractor finds indicator phrases (catalogue
//!    `phrases`, minus `not_phrases`), unit mentions (the registry), period
//!    phrases, comparisons ("đạt 67,8% dự toán", "tăng 12,5% so với cùng kỳ",
//!    "bằng 105,4% so với cùng kỳ", "gấp 3,3 lần cùng kỳ", "vượt 28,6%") and
//!    quantities (a number with its measure: "8.599,3 tỷ đồng", "43/62
//!    trường", "10,38 triệu lượt khách").
//! 5. A quantity belongs to the phrase right after it ("21.000 người được
//!    giải quyết việc làm") or else to the nearest phrase before it in the same
//!    clause with no other quantity in between; a comparison belongs to the
//!    latest quantity (or phrase with no quantity yet) before it in the clause.
//! 6. The unit of a fact is the unit the sentence names before it (a
//!    province in parentheses after a district only qualifies it); else the
//!    document's unit: `assumed_unit` resolved with the text's own mentions,
//!    else the unit the text's wards place it in, else its first named unit;
//!    with none, a Problem and no fact.
//! 7. The period is the nearest period phrase before the figure in its
//!    sentence, else the one in force from earlier sentences. Comparison
//!    bases ("so với cùng kỳ năm 2021"), plan bases ("kế hoạch vốn năm
//!    2023"), the rest of the year ("3 tháng cuối năm") and future periods
//!    never become the period.
//! 8. Targets ("phấn đấu", "mục tiêu", "kế hoạch … là", "dự kiến"/"sẽ" for a
//!    period not yet over) get kind `target`; "ước" gives `estimate`.
//!
//! Every number found gets an [`Explanation`]: what it was attached to and
//! why, or why it was skipped.

use crate::config::indicators::Catalogue;
use crate::config::units::{AdminUnit, Resolution, UnitRegistry};
use crate::model::{Fact, FactKind, Period, PeriodSpan, Problem, Severity, SourceKind};
use crate::normalize::measure::{measure_prefix, Measure};
use crate::normalize::number::{
    convention_votes, is_number_word, parse_fraction, parse_number, parse_words, Convention,
};
use crate::normalize::period::{scan_periods, PeriodMention};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What the caller knows about a text besides its words.
#[derive(Debug, Clone)]
pub struct TextContext<'a> {
    pub file: &'a str,
    pub source_kind: SourceKind,
    /// The report's (year, month) from its file name or metadata.
    pub file_date: Option<(i32, u8)>,
    /// A unit name as written (`--unit "Vũng Tàu"`, a path pattern).
    pub assumed_unit: Option<&'a str>,
    pub assumed_period: Option<Period>,
}

/// Why a number was attached or skipped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Explanation {
    pub location: String,
    pub number: String,
    pub outcome: String,
}

#[derive(Debug, Clone, Default)]
pub struct TextExtraction {
    pub facts: Vec<Fact>,
    pub problems: Vec<Problem>,
    pub explain: Vec<Explanation>,
}

/// Extract the facts of one text. Compiles the catalogue's phrases on each
/// call; reuse a [`TextExtractor`] for many files.
pub fn extract(
    text: &str,
    ctx: &TextContext,
    catalogue: &Catalogue,
    units: &UnitRegistry,
) -> TextExtraction {
    TextExtractor::new(catalogue, units).extract(text, ctx)
}

// ---------------------------------------------------------------------------
// Folding that keeps byte offsets

/// Lower-case `s` char by char where that keeps the UTF-8 length (all
/// Vietnamese letters do), and fold tone placement of "oa/oe/uy" pairs at a
/// syllable end where both spellings have the same length. Every byte offset
/// of the result is an offset of `s`.
pub fn lower_keep_len(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // Runs of ASCII are copied whole (lower-cased below); only the other chars
    // need the table.
    while !rest.is_empty() {
        let n = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (ascii, tail) = rest.split_at(n);
        out.push_str(ascii);
        let mut cs = tail.chars();
        let Some(c) = cs.next() else { break };
        let x = crate::normalize::fold::lower_char(c);
        out.push(if x.len_utf8() == c.len_utf8() { x } else { c });
        rest = cs.as_str();
    }
    // only ASCII bytes change: the other chars' UTF-8 bytes are all >= 0x80
    out.make_ascii_lowercase();
    fold_tone_pairs(out)
}

const TONED_O: [char; 5] = ['ò', 'ó', 'ỏ', 'õ', 'ọ'];
const TONED_U: [char; 5] = ['ù', 'ú', 'ủ', 'ũ', 'ụ'];
const TONED_A: [char; 5] = ['à', 'á', 'ả', 'ã', 'ạ'];
const TONED_E: [char; 5] = ['è', 'é', 'ẻ', 'ẽ', 'ẹ'];
const TONED_Y: [char; 5] = ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'];

/// "òa" → "oà", "òe" → "oè", "ùy" → "uỳ" at a syllable end (not after "q"),
/// where both spellings have the same length; rewritten in place.
fn fold_tone_pairs(mut s: String) -> String {
    // A pair is a non-ASCII char (a toned o/u) followed by an ASCII a/e/y:
    // only the a/e/y right after a byte >= 0x80 are looked at. Every pair is
    // judged on the text before any rewrite.
    let mut swaps: Vec<(usize, usize, char, char)> = Vec::new();
    let bytes = s.as_bytes();
    for (j, w) in bytes.windows(2).enumerate() {
        let &[lead, next] = w else { continue };
        if lead < 0x80 || !matches!(next, b'a' | b'e' | b'y') {
            continue;
        }
        let j = j + 1;
        let Some(c) = char_before(&s, j) else {
            continue;
        };
        let i = j - c.len_utf8();
        if let Some(swap) = tone_pair_swap(&s, i, c, char::from(next)) {
            swaps.push(swap);
        }
    }
    for (a, e, x, y) in swaps {
        let mut buf = [0u8; 8];
        let n = x.encode_utf8(&mut buf[..4]).len();
        let m = y.encode_utf8(&mut buf[n..]).len();
        if let Some(src) = buf.get(..n + m) {
            if e - a == src.len() {
                if let Ok(rep) = std::str::from_utf8(src) {
                    s.replace_range(a..e, rep);
                }
            }
        }
    }
    s
}

/// The rewrite of the pair `c` (at byte `i`) + `next` when it is one: its
/// byte range and the two new chars.
fn tone_pair_swap(s: &str, i: usize, c: char, next: char) -> Option<(usize, usize, char, char)> {
    let j = i + c.len_utf8();
    let after_is_letter = s
        .get(j + next.len_utf8()..)
        .and_then(|r| r.chars().next())
        .is_some_and(is_word_char);
    if after_is_letter || char_before(s, i) == Some('q') {
        return None;
    }
    let (a, b) = if let Some(t) = TONED_O.iter().position(|&x| x == c) {
        match next {
            'a' => TONED_A.get(t).map(|&b| ('o', b)),
            'e' => TONED_E.get(t).map(|&b| ('o', b)),
            _ => None,
        }
    } else if let Some(t) = TONED_U.iter().position(|&x| x == c) {
        TONED_Y.get(t).filter(|_| next == 'y').map(|&b| ('u', b))
    } else {
        None
    }?;
    (a.len_utf8() + b.len_utf8() == c.len_utf8() + next.len_utf8()).then_some((
        i,
        j + next.len_utf8(),
        a,
        b,
    ))
}

/// A phrase as the matcher stores it: folded, single-spaced.
fn fold_phrase(p: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let nfc: String = p.nfc().collect();
    let l = lower_keep_len(&nfc);
    l.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Vietnamese letters live in Latin-1, Latin Extended-A/B and Latin Extended Additional.
    matches!(c, '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}')
        || c.is_alphanumeric()
}

fn char_before(s: &str, at: usize) -> Option<char> {
    s.get(..at).and_then(|x| x.chars().next_back())
}

fn char_at(s: &str, at: usize) -> Option<char> {
    s.get(at..).and_then(|x| x.chars().next())
}

/// The words (letters, digits, `%`) just before `at`, nearest last.
fn words_before(s: &str, at: usize, n: usize) -> Vec<&str> {
    let head = s.get(window_start(s, at, WORDS_WINDOW)..at).unwrap_or("");
    let mut out: Vec<&str> = head
        .rsplit(|c: char| !(is_word_char(c) || c == '%'))
        .filter(|w| !w.is_empty())
        .take(n)
        .collect();
    out.reverse();
    out
}

/// The text between two offsets has only spaces.
fn only_spaces(s: &str, a: usize, b: usize) -> bool {
    a <= b
        && s.get(a..b)
            .is_some_and(|x| x.chars().all(char::is_whitespace))
}

// ---------------------------------------------------------------------------
// The compiled extractor

#[derive(Debug, Clone)]
struct PhraseInfo {
    indicator: usize,
    /// A `not_phrases` entry: a look-alike that is not the indicator.
    negative: bool,
    /// The phrase as configured.
    text: String,
    /// For "a … b" phrases: the folded tail that must follow within a few words.
    tail: Option<String>,
}

/// The catalogue and registry compiled for text extraction; reuse it across files.
pub struct TextExtractor<'c> {
    catalogue: &'c Catalogue,
    units: &'c UnitRegistry,
    matcher: Option<AhoCorasick>,
    phrases: Vec<PhraseInfo>,
    /// Indicators whose value is a growth rate ("Tốc độ tăng trưởng GRDP").
    growth: Vec<bool>,
    /// Indicators of output value ("giá trị sản xuất"): a bare "tăng X%" of
    /// them is their growth rate at comparable prices, not the change of the value.
    output_value: Vec<bool>,
    /// Build an [`Explanation`] for every number (`--explain`); on by default.
    explanations: bool,
}

impl std::fmt::Debug for TextExtractor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextExtractor")
            .field("phrases", &self.phrases.len())
            .finish_non_exhaustive()
    }
}

struct Patterns {
    plan: Regex,
    yoy: Regex,
    bare: Regex,
    prior_growth: Regex,
    plan_g: Groups,
    yoy_g: Groups,
    bare_g: Groups,
    prior_growth_g: Groups,
}

/// A pattern's named groups by index: a capture is then read without a
/// look-up of its name.
#[derive(Debug, Clone, Copy)]
struct Groups {
    verb: usize,
    num: usize,
    basis: usize,
    u: usize,
    base: usize,
}

impl Groups {
    fn of(re: &Regex) -> Groups {
        // a name the pattern lacks gets an index no capture has
        let at = |name: &str| {
            re.capture_names()
                .position(|n| n == Some(name))
                .unwrap_or(usize::MAX)
        };
        Groups {
            verb: at("verb"),
            num: at("num"),
            basis: at("basis"),
            u: at("u"),
            base: at("base"),
        }
    }
}

const NUM: &str = r"\d[\d.,]*\d|\d";
const QUAL: &str = r"(?:(?:gần|hơn|trên|khoảng|xấp xỉ|mức|dưới)\s+)?";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let r = |s: &str| Regex::new(s).unwrap_or_else(|e| panic!("text pattern {s}: {e}"));
        let plan = r(&format!(
                r"(?:(?P<verb>chỉ đạt|mới đạt|đạt|bằng|tương đương|hoàn thành|vượt|và)\s+)?{QUAL}(?P<num>{NUM})\s*%\s*(?:so\s+(?:với\s+)?)?(?P<basis>kế hoạch|dự toán|chỉ tiêu|nghị quyết|kh|nq)(?-u:\b)"
        ));
        let yoy = r(&format!(
                r"(?P<verb>tăng trưởng|tăng|giảm|bằng|gấp|đạt)\s+{QUAL}(?P<num>{NUM})\s*(?P<u>%|lần)(?P<tail>\s*(?:so\s+(?:với\s+)?)?(?P<base>cùng kỳ|cùng kì|ck|năm trước|năm ngoái|năm \d{{4}}|tháng trước|cuối năm|đầu năm|thời điểm|kế hoạch|dự toán))?"
        ));
        let bare = r(&format!(
            r"(?P<verb>chỉ đạt|mới đạt|đạt|bằng|tương đương|chiếm)\s+{QUAL}(?P<num>{NUM})\s*%"
        ));
        let prior_growth = r(&format!(
                r"cùng kỳ(?:\s+năm\s+(?:trước|ngoái|\d{{4}}))?\s+(?P<verb>tăng|giảm|tăng trưởng)\s+{QUAL}(?P<num>{NUM})\s*%"
        ));
        Patterns {
            plan_g: Groups::of(&plan),
            yoy_g: Groups::of(&yoy),
            bare_g: Groups::of(&bare),
            prior_growth_g: Groups::of(&prior_growth),
            plan,
            yoy,
            bare,
            prior_growth,
        }
    })
}

impl<'c> TextExtractor<'c> {
    pub fn new(catalogue: &'c Catalogue, units: &'c UnitRegistry) -> Self {
        let mut phrases: Vec<PhraseInfo> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        // Positive phrases first: a look-alike listed as another indicator's
        // `not_phrases` ("tỷ lệ hộ nghèo" for poor_households) stays the phrase
        // of the indicator that names it.
        let entries = catalogue
            .indicators
            .iter()
            .enumerate()
            .flat_map(|(idx, ind)| {
                ind.phrases
                    .iter()
                    .chain(std::iter::once(&ind.name))
                    .map(move |p| (idx, p, false))
            });
        let negatives = catalogue
            .indicators
            .iter()
            .enumerate()
            .flat_map(|(idx, ind)| ind.not_phrases.iter().map(move |p| (idx, p, true)));
        for (idx, p, negative) in entries.chain(negatives) {
            let (head, tail) = match p.split_once('…').or_else(|| p.split_once("...")) {
                Some((h, t)) => (
                    fold_phrase(h),
                    Some(fold_phrase(t)).filter(|t| !t.is_empty()),
                ),
                None => (fold_phrase(p), None),
            };
            if head.is_empty() {
                continue;
            }
            let key = format!("{head}\u{0}{}", tail.as_deref().unwrap_or(""));
            if seen.contains_key(&key) {
                continue;
            }
            seen.insert(key, phrases.len());
            keys.push(head);
            phrases.push(PhraseInfo {
                indicator: idx,
                negative,
                text: p.clone(),
                tail,
            });
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .ok();
        let growth = catalogue
            .indicators
            .iter()
            .map(|i| {
                let n = fold_phrase(&i.name);
                i.unit == "pct" && (n.contains("tăng trưởng") || n.contains("tốc độ tăng"))
            })
            .collect();
        let output_value = catalogue
            .indicators
            .iter()
            .map(|i| fold_phrase(&i.name).contains("giá trị sản xuất"))
            .collect();
        TextExtractor {
            catalogue,
            units,
            matcher,
            phrases,
            growth,
            output_value,
            explanations: true,
        }
    }

    /// Whether [`TextExtraction::explain`] is filled (on by default). Without
    /// it the facts and problems are the same, and the run is cheaper.
    pub fn with_explanations(mut self, on: bool) -> Self {
        self.explanations = on;
        self
    }

    /// Extract the facts of one text.
    pub fn extract(&self, text: &str, ctx: &TextContext) -> TextExtraction {
        let mut run = Run::new(self, text, ctx);
        run.go();
        run.finish()
    }
}

// ---------------------------------------------------------------------------
// One run over one text

#[derive(Debug, Clone)]
struct PhraseHit {
    start: usize,
    end: usize,
    /// Index into `TextExtractor::phrases`.
    phrase: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CompKind {
    /// % of plan: value, basis start/end.
    Plan,
    /// y/y change in % (already signed and converted).
    Yoy,
    /// "đạt 69,35%": % of plan, a stated share, or the value of a rate.
    Bare,
    /// "cùng kỳ tăng 7,46%": the same figure a year earlier.
    PriorGrowth,
    /// A change that is not y/y (month on month, against the end of last year…).
    NotYoy,
}

#[derive(Debug, Clone)]
struct Comparison {
    start: usize,
    end: usize,
    num_start: usize,
    num_end: usize,
    kind: CompKind,
    value: f64,
    /// For plans: the basis slug ("du_toan", "ke_hoach_nam").
    basis: Option<String>,
    /// For plans: where the basis words end (an indicator phrase may follow).
    basis_end: usize,
    /// The verb was a growth verb (tăng/giảm/tăng trưởng).
    growth_verb: bool,
    note: String,
}

#[derive(Debug, Clone)]
#[allow(dead_code)] // `written` is kept for debugging output
struct Quantity {
    start: usize,
    /// End of the number (before the measure).
    num_end: usize,
    /// End of the measure (or the number).
    end: usize,
    written: String,
    value: f64,
    measure: Option<Measure>,
    fraction: Option<(f64, f64)>,
    /// The two readings of an unresolved `d.ddd` token.
    ambiguous: Option<(f64, f64)>,
    qualifier: Vec<&'static str>,
}

#[derive(Debug, Clone)]
enum Anchor {
    /// A quantity (index into the sentence's quantities).
    Quantity(usize),
    /// A phrase hit with no quantity yet (index into the sentence's phrases).
    Phrase(usize),
}

/// A draft with its unit, period, kind and clause.
type Placed<'c> = (
    Draft,
    Option<UnitChoice<'c>>,
    Option<Period>,
    FactKind,
    String,
);

/// A fact under construction.
#[derive(Debug, Clone)]
#[allow(dead_code)] // `phrase`, `written_unit`: provenance kept for debugging output
struct Draft {
    indicator: usize,
    phrase: usize,
    phrase_start: usize,
    quantity: Option<usize>,
    value: Option<f64>,
    written_unit: Option<Measure>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    stated_pct: Option<f64>,
    plan_pcts: Vec<f64>,
    plan_bases: Vec<String>,
    yoy: Option<f64>,
    qualifier: Vec<&'static str>,
    start: usize,
    end: usize,
    rule: String,
    /// For growth indicators whose figure is a "tăng X%".
    growth_value: bool,
    prior_period: bool,
    /// Only a growth rate of an output value was given: not emitted.
    growth_rate_only: bool,
}

struct Run<'a, 'c> {
    x: &'a TextExtractor<'c>,
    text: &'a str,
    lower: String,
    ctx: &'a TextContext<'a>,
    reference: Option<(i32, u8)>,
    line_starts: Vec<usize>,
    convention: Convention,
    periods: Vec<PeriodMention>,
    /// Unit mentions usable for attribution: (start, end, code).
    mentions: Vec<(usize, usize, String)>,
    /// End of the leading " date YYYY-MM " line, 0 when there is none.
    date_line_end: usize,
    /// Spans of every unit name found (numbers inside them are names).
    name_spans: Spans,
    doc_unit: Option<UnitChoice<'c>>,
    running_period: Option<Period>,
    doc_period: Option<Period>,
    last_basis: Option<String>,
    out: TextExtraction,
    /// Spans of numbers already explained.
    explained: Spans,
    /// Characters before each `CHUNK`-byte block of the text, for `loc`.
    chunk_chars: Vec<usize>,
    /// Period mentions as spans (numbers inside them are not words-numbers).
    period_spans: Spans,
    /// `periods` is sorted by start (then a sentence's mentions are found by bisection).
    periods_sorted: bool,
    /// `mentions` is sorted by start.
    mentions_sorted: bool,
    /// Level word counts already computed (`level_word_count`).
    level_counts: std::cell::RefCell<HashMap<String, usize>>,
    /// Byte offset of each explanation, for ordering.
    explain_at: Vec<usize>,
}

/// Byte spans, asked whether one of them covers a given span.
#[derive(Debug, Default)]
struct Spans {
    /// start → the furthest end of a span starting there
    by_start: std::collections::BTreeMap<usize, usize>,
    longest: usize,
}

impl Spans {
    fn insert(&mut self, start: usize, end: usize) {
        let e = self.by_start.entry(start).or_insert(end);
        *e = (*e).max(end);
        self.longest = self.longest.max(end.saturating_sub(start));
    }

    /// Some span [a, b) has a <= start and end <= b.
    fn covers(&self, start: usize, end: usize) -> bool {
        self.by_start
            .range(start.saturating_sub(self.longest)..=start)
            .any(|(_, &b)| end <= b)
    }
}

#[derive(Debug, Clone)]
enum UnitChoice<'c> {
    Unit(&'c AdminUnit),
    /// Could not be resolved: the name as written.
    Name(String),
}

impl<'a, 'c> Run<'a, 'c> {
    fn new(x: &'a TextExtractor<'c>, text: &'a str, ctx: &'a TextContext<'a>) -> Self {
        let lower = lower_keep_len(text);
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let reference = date_line(&lower).or(ctx.file_date);
        let (dot, comma) = convention_votes(text);
        let convention = match (dot, comma) {
            (0, 0) => Convention::Unknown,
            (_, 0) => Convention::DotThousands,
            (0, _) => Convention::CommaThousands,
            _ => Convention::Unknown,
        };
        let periods = scan_periods(&lower);
        let mut period_spans = Spans::default();
        for m in &periods {
            period_spans.insert(m.start, m.end);
        }
        let periods_sorted = periods.windows(2).all(|w| match w {
            [a, b] => a.start <= b.start,
            _ => true,
        });
        let mut chunk_chars = Vec::with_capacity(text.len() / CHUNK + 1);
        let mut acc = 0usize;
        for block in text.as_bytes().chunks(CHUNK) {
            chunk_chars.push(acc);
            acc += count_chars(block);
        }
        let date_line_end = if date_line(&lower).is_some() {
            lower.find("date").map_or(0, |i| i + 12).min(lower.len())
        } else {
            0
        };
        Run {
            x,
            text,
            lower,
            ctx,
            reference,
            line_starts,
            convention,
            periods,
            mentions: Vec::new(),
            name_spans: Spans::default(),
            date_line_end,
            doc_unit: None,
            running_period: None,
            doc_period: None,
            last_basis: None,
            out: TextExtraction::default(),
            explained: Spans::default(),
            chunk_chars,
            period_spans,
            periods_sorted,
            mentions_sorted: true,
            level_counts: std::cell::RefCell::new(HashMap::new()),
            explain_at: Vec::new(),
        }
    }

    fn finish(mut self) -> TextExtraction {
        let mut order: Vec<usize> = (0..self.out.explain.len()).collect();
        order.sort_by_key(|&i| self.explain_at.get(i).copied().unwrap_or(usize::MAX));
        let mut ex: Vec<Option<Explanation>> = std::mem::take(&mut self.out.explain)
            .into_iter()
            .map(Some)
            .collect();
        self.out.explain = order
            .into_iter()
            .filter_map(|i| ex.get_mut(i).and_then(Option::take))
            .collect();
        self.out
    }

    /// Characters of the text before byte `at` (a char boundary).
    fn chars_before(&self, at: usize) -> usize {
        let b = self.text.as_bytes();
        let at = at.min(b.len());
        let k = at / CHUNK;
        self.chunk_chars.get(k).copied().unwrap_or(0) + b.get(k * CHUNK..at).map_or(0, count_chars)
    }

    /// Characters between two char boundaries `a <= b`: counted directly
    /// when close (a number, a short line), else from the block counts.
    fn chars_between(&self, a: usize, b: usize) -> usize {
        match self.text.as_bytes().get(a..b) {
            Some(span) if span.len() <= CHUNK => count_chars(span),
            _ => self.chars_before(b) - self.chars_before(a),
        }
    }

    fn loc(&self, start: usize, end: usize) -> String {
        let line = match self.line_starts.binary_search(&start) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let ls = self.line_starts.get(line).copied().unwrap_or(0);
        let chars = if ls <= start && self.text.is_char_boundary(start) {
            self.chars_between(ls, start)
        } else {
            0
        };
        let a = chars + 1;
        let b = a + if start <= end
            && self.text.is_char_boundary(end)
            && self.text.is_char_boundary(start)
        {
            self.chars_between(start, end)
        } else {
            0
        };
        // written by hand: `format!` costs more than counting the chars
        let mut out = String::with_capacity(32);
        out.push_str("line ");
        push_decimal(&mut out, line + 1);
        out.push_str(", chars ");
        push_decimal(&mut out, a);
        out.push('–');
        push_decimal(&mut out, b);
        out
    }

    fn explain(&mut self, start: usize, end: usize, outcome: impl Into<String>) {
        self.explain_with(start, end, |_| outcome.into());
    }

    /// `explain` with the outcome written only when it is kept: the number
    /// is not explained yet and explanations are on (most outcomes are
    /// formatted, and many numbers are explained by an earlier step).
    fn explain_with(&mut self, start: usize, end: usize, outcome: impl FnOnce(&Self) -> String) {
        if self.explained.covers(start, end) {
            return;
        }
        self.explained.insert(start, end);
        if !self.x.explanations {
            return;
        }
        let outcome = outcome(self);
        self.push_explanation(start, end, outcome);
    }

    fn push_explanation(&mut self, start: usize, end: usize, outcome: String) {
        self.explain_at.push(start);
        let number = self.text.get(start..end).unwrap_or("").to_string();
        let location = self.loc(start, end);
        self.out.explain.push(Explanation {
            location,
            number,
            outcome,
        });
    }

    fn problem(&mut self, sev: Severity, code: &str, start: usize, end: usize, msg: String) {
        let loc = self.loc(start, end);
        self.out
            .problems
            .push(Problem::new(sev, code, self.ctx.file, loc, msg));
    }

    // -- units ---------------------------------------------------------------

    fn resolve_units(&mut self) {
        let reg = self.x.units;
        let year = self.reference.map(|r| r.0);
        // found once: placing the text by its wards reads the same names
        let names = reg.scan_text(self.text);
        let raw = reg.mentions_of(&names);
        for m in &raw {
            self.name_spans.insert(m.start, m.end);
        }
        // Drop ward mentions and a province/city that only qualifies the unit
        // just before it ("huyện Chư Pưh (Gia Lai)", "quận 12 - TP HCM").
        let mut kept: Vec<(usize, usize, String)> = Vec::new();
        for m in &raw {
            let Some(u) = reg.get(&m.code) else { continue };
            if matches!(u.level.as_str(), "phuong" | "xa" | "thi_tran") {
                continue;
            }
            if let Some((ps, pe, pc)) = kept.last() {
                let gap = self.text.get(*pe..m.start).unwrap_or("x");
                let is_ancestor = reg.get(pc).is_some_and(|prev| {
                    prev.parent.as_deref() == Some(u.code.as_str())
                        || prev.province.as_deref() == Some(u.code.as_str())
                });
                if is_ancestor
                    && gap.chars().count() <= 4
                    && gap.chars().all(|c| c.is_whitespace() || "(-–,".contains(c))
                {
                    let _ = ps;
                    continue;
                }
            }
            kept.push((m.start, m.end, m.code.clone()));
        }
        self.mentions_sorted = kept.windows(2).all(|w| match w {
            [a, b] => a.0 <= b.0,
            _ => true,
        });
        self.mentions = kept;
        // The document's unit.
        let mentioned: Vec<&AdminUnit> = self
            .mentions
            .iter()
            .filter_map(|(_, _, c)| reg.get(c))
            .collect();
        let mut choice: Option<UnitChoice<'c>> = None;
        if let Some(name) = self.ctx.assumed_unit.filter(|n| !n.trim().is_empty()) {
            choice = Some(match reg.resolve(name, None) {
                Resolution::Unique(u) => UnitChoice::Unit(u),
                Resolution::Ambiguous(cands) => match self.disambiguate(&cands, &mentioned) {
                    Some(u) => UnitChoice::Unit(u),
                    None => {
                        self.problem(
                            Severity::Warning,
                            "ambiguous_unit",
                            0,
                            0,
                            format!(
                                "Tên đơn vị \"{name}\" chỉ nhiều đơn vị ({}); giữ nguyên tên",
                                cands
                                    .iter()
                                    .map(|u| u.full_name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                        UnitChoice::Name(name.trim().to_string())
                    }
                },
                Resolution::NotFound => {
                    self.problem(
                        Severity::Warning,
                        "unknown_unit",
                        0,
                        0,
                        format!("Không tìm thấy đơn vị \"{name}\" trong danh mục; giữ nguyên tên"),
                    );
                    UnitChoice::Name(name.trim().to_string())
                }
            });
        }
        if choice.is_none() {
            if let Some(p) = reg.place_by_wards_of(self.text, &names, year) {
                if let Some(u) = reg.get(&p.district) {
                    choice = Some(UnitChoice::Unit(u));
                }
            }
        }
        if choice.is_none() {
            if let Some(u) = self.main_mention(&mentioned) {
                choice = Some(UnitChoice::Unit(u));
            }
        }
        self.doc_unit = choice;
    }

    /// Of several units a name may denote, the one the text supports: named
    /// in it, or a parent/child of what it names, or of the level its
    /// generic words use ("thành phố", "tỉnh").
    fn disambiguate(
        &self,
        cands: &[&'c AdminUnit],
        mentioned: &[&AdminUnit],
    ) -> Option<&'c AdminUnit> {
        let direct: Vec<&'c AdminUnit> = cands
            .iter()
            .copied()
            .filter(|c| mentioned.iter().any(|m| m.code == c.code))
            .collect();
        if let [one] = direct.as_slice() {
            return Some(one);
        }
        let related: Vec<&'c AdminUnit> = cands
            .iter()
            .copied()
            .filter(|c| {
                mentioned.iter().any(|m| {
                    m.parent.as_deref() == Some(c.code.as_str())
                        || c.parent.as_deref() == Some(m.code.as_str())
                        || c.province.as_deref() == Some(m.code.as_str())
                })
            })
            .collect();
        if let [one] = related.as_slice() {
            return Some(one);
        }
        let by_level: Vec<&'c AdminUnit> = cands
            .iter()
            .copied()
            .filter(|c| self.level_word_count(&c.level) > 0)
            .collect();
        if let [one] = by_level.as_slice() {
            return Some(one);
        }
        let best = cands
            .iter()
            .copied()
            .max_by_key(|c| self.level_word_count(&c.level))?;
        let n = self.level_word_count(&best.level);
        let ties = cands
            .iter()
            .filter(|c| self.level_word_count(&c.level) == n)
            .count();
        if n > 0 && ties == 1 {
            Some(best)
        } else {
            None
        }
    }

    /// How often the text uses the generic word of a level ("quận", "thành phố").
    fn level_word_count(&self, level: &str) -> usize {
        if let Some(&n) = self.level_counts.borrow().get(level) {
            return n;
        }
        let n = self.count_level_words(level);
        self.level_counts.borrow_mut().insert(level.to_string(), n);
        n
    }

    fn count_level_words(&self, level: &str) -> usize {
        let words: &[&str] = match level {
            "quan" => &["quận"],
            "huyen" => &["huyện"],
            "thi_xa" => &["thị xã"],
            "thanh_pho" => &["thành phố"],
            "tinh" => &["tỉnh"],
            _ => &[],
        };
        words
            .iter()
            .map(|w| {
                self.lower
                    .match_indices(w)
                    .filter(|(i, _)| {
                        !char_before(&self.lower, *i).is_some_and(is_word_char)
                            && !char_at(&self.lower, i + w.len()).is_some_and(is_word_char)
                    })
                    .count()
            })
            .sum()
    }

    /// The named unit the text is about: the one whose level its generic words use most, else the first.
    fn main_mention(&self, mentioned: &[&'c AdminUnit]) -> Option<&'c AdminUnit> {
        let reg = self.x.units;
        let units: Vec<&'c AdminUnit> = self
            .mentions
            .iter()
            .filter_map(|(_, _, c)| reg.get(c))
            .collect();
        let _ = mentioned;
        let first = units.first().copied()?;
        let mut first_at: HashMap<&str, usize> = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            first_at.entry(u.code.as_str()).or_insert(i);
        }
        let best = units.iter().copied().max_by_key(|u| {
            (
                self.level_word_count(&u.level),
                std::cmp::Reverse(first_at.get(u.code.as_str()).copied()),
            )
        })?;
        if self.level_word_count(&best.level) > 0 {
            Some(best)
        } else {
            Some(first)
        }
    }

    fn unit_at(&self, sent_start: usize, pos: usize) -> Option<UnitChoice<'c>> {
        let reg = self.x.units;
        let m = if self.mentions_sorted {
            let a = self.mentions.partition_point(|m| m.0 < sent_start);
            let b = self.mentions.partition_point(|m| m.0 <= pos);
            self.mentions
                .get(a..b.max(a))
                .and_then(|ms| ms.iter().rfind(|(s, e, _)| *s >= sent_start && *e <= pos))
        } else {
            self.mentions
                .iter()
                .rfind(|(s, e, _)| *s >= sent_start && *e <= pos)
        };
        if let Some((_, _, code)) = m {
            if let Some(u) = reg.get(code) {
                return Some(UnitChoice::Unit(u));
            }
        }
        self.doc_unit.clone()
    }

    // -- periods -------------------------------------------------------------

    /// Whether a period mention is a comparison base, a plan basis or inside a target.
    fn period_role(&self, m: &PeriodMention, sent_start: usize) -> Option<&'static str> {
        if m.relative_year == Some(-1) {
            return Some("a comparison with last year");
        }
        if m.remainder {
            return Some("the rest of the year, not a result period");
        }
        if m.date_only {
            return Some("a date");
        }
        let before = self
            .lower
            .get(sent_start.min(m.start)..m.start)
            .unwrap_or("");
        let win: String = before
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let tail_words: Vec<&str> = win
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .collect();
        let last = |n: usize| {
            tail_words
                .iter()
                .rev()
                .take(n)
                .rev()
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let l2 = last(2);
        let l3 = last(3);
        let l1 = last(1);
        if l2 == "cùng kỳ"
            || l2 == "cùng kì"
            || l1 == "so"
            || l2 == "so với"
            || l3.ends_with("so với thời điểm")
            || l1 == "ck"
        {
            return Some("the base of a comparison");
        }
        // "kế hoạch vốn năm 2023", "dự toán năm 2022", "KH năm 2022"
        let win6 = last(6);
        if (win6.contains("kế hoạch") || win6.contains("dự toán") || l1 == "kh")
            && !win6.contains("thực hiện")
        {
            if let Some(pos) = win.rfind(['.', ',', ';', '(']) {
                let after = win.get(pos..).unwrap_or("");
                if after.contains("kế hoạch") || after.contains("dự toán") {
                    return Some("the period of a plan");
                }
            } else {
                return Some("the period of a plan");
            }
        }
        None
    }

    fn resolve_mention(&self, m: &PeriodMention, year_hint: Option<i32>) -> Option<Period> {
        if m.year.is_none() && m.relative_year.is_none() {
            if let Some(y) = year_hint {
                let mut m2 = m.clone();
                m2.year = Some(y);
                return m2.resolve(self.reference);
            }
        }
        m.resolve(self.reference)
    }

    fn is_future(&self, p: &Period) -> bool {
        let Some((ry, rm)) = self.reference else {
            return false;
        };
        let start_month = match p.span {
            PeriodSpan::Month(m) => m,
            PeriodSpan::Quarter(q) => (q - 1) * 3 + 1,
            _ => 1,
        };
        (p.year, start_month) > (ry, rm)
    }

    fn is_over(&self, p: &Period) -> bool {
        let Some((ry, rm)) = self.reference else {
            return true;
        };
        (p.year, p.end_month()) < (ry, rm) || (p.year < ry)
    }

    /// A quarter or month still to come when the report was written: it has
    /// not begun before the report's month and ends after it ("quý IV" in a
    /// report of October), or it begins after the period the file is filed
    /// under ("quý IV" in a 9-month report). Its figures are tasks and targets.
    fn is_coming(&self, p: &Period) -> bool {
        let start_month = match p.span {
            PeriodSpan::Month(m) => m,
            PeriodSpan::Quarter(q) => (q - 1) * 3 + 1,
            _ => return false,
        };
        let by_date = self.reference.is_some_and(|(ry, rm)| {
            (p.year, start_month) >= (ry, rm) && (p.year, p.end_month()) > (ry, rm)
        });
        let by_filing = self.ctx.assumed_period.is_some_and(|a| {
            a.year == p.year && a.span != PeriodSpan::Year && start_month > a.end_month()
        });
        by_date || by_filing
    }

    /// Apply a sentence's period mentions in order; returns (offset, period,
    /// coming) for each usable one (`coming`: a period of tasks, see
    /// [`Run::is_coming`]; usable by targets only), and the offsets of
    /// mentions of the rest of the year ("3 tháng cuối năm").
    fn sentence_periods(
        &mut self,
        s: usize,
        e: usize,
        targets: &[(usize, usize)],
    ) -> (Vec<(usize, Period, bool)>, Vec<usize>) {
        let range = if self.periods_sorted {
            let a = self.periods.partition_point(|m| m.start < s);
            let b = self.periods.partition_point(|m| m.start <= e);
            self.periods.get(a..b.max(a)).unwrap_or(&[])
        } else {
            &self.periods[..]
        };
        let ms: Vec<PeriodMention> = range
            .iter()
            .filter(|m| m.start >= s && m.end <= e)
            .cloned()
            .collect();
        let mut out = Vec::new();
        let mut rest_of_year = Vec::new();
        let mut year_hint: Option<i32> = self
            .running_period
            .map(|p| p.year)
            .or(self.reference.map(|r| r.0));
        for m in ms {
            let label = self.text.get(m.start..m.end).unwrap_or("").to_string();
            if let Some(role) = self.period_role(&m, s) {
                if m.remainder {
                    rest_of_year.push(m.start);
                }
                self.explain_numbers_in(m.start, m.end, |_| {
                    format!("skipped: in \"{label}\", {role}")
                });
                continue;
            }
            let Some(p) = self.resolve_mention(&m, year_hint) else {
                continue;
            };
            if m.year.is_some() {
                year_hint = Some(p.year);
            }
            let in_target = targets.iter().any(|&(a, b)| m.start >= a && m.start < b);
            if self.is_coming(&p) {
                self.explain_numbers_in(m.start, m.end, |_| {
                    format!("skipped: period \"{label}\" ({p}), still to come: tasks, not results")
                });
                out.push((m.start, p, true));
                continue;
            }
            if self.is_future(&p) && !in_target {
                self.explain_numbers_in(m.start, m.end, |_| {
                    format!("skipped: year of \"{label}\", a later period ({p})")
                });
                continue;
            }
            // A bare "năm 2024" inside a shorter period of that year keeps the shorter period.
            let p = if m.bare_year {
                match self.running_period {
                    Some(r) if r.year == p.year && r.span != PeriodSpan::Year => r,
                    _ => p,
                }
            } else {
                p
            };
            self.explain_numbers_in(m.start, m.end, |_| {
                format!("skipped: period \"{label}\" ({p})")
            });
            if !in_target {
                self.running_period = Some(p);
                if self.doc_period.is_none() {
                    self.doc_period = Some(p);
                }
            }
            out.push((m.start, p, false));
        }
        (out, rest_of_year)
    }

    /// Explain every number in `s..e` the same way; `why` is written once,
    /// and only when one of them is explained here.
    fn explain_numbers_in(&mut self, s: usize, e: usize, why: impl FnOnce(&Self) -> String) {
        let mut why = Some(why);
        let mut text = String::new();
        for (a, b) in number_spans(&self.lower, s, e) {
            if self.explained.covers(a, b) {
                continue;
            }
            self.explained.insert(a, b);
            if !self.x.explanations {
                continue;
            }
            if let Some(f) = why.take() {
                text = f(self);
            }
            self.push_explanation(a, b, text.clone());
        }
    }

    // -- main loop -----------------------------------------------------------

    fn go(&mut self) {
        self.resolve_units();
        let sentences = split_sentences(&self.lower);
        let mut drafts_all: Vec<Placed<'c>> = Vec::new();
        for (s, e) in sentences {
            let mut v = self.sentence(s, e);
            drafts_all.append(&mut v);
        }
        self.emit(drafts_all);
    }

    fn phrase_hits(&self, s: usize, e: usize) -> Vec<PhraseHit> {
        let Some(ac) = &self.x.matcher else {
            return Vec::new();
        };
        let Some(seg) = self.lower.get(s..e) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.find_iter(seg) {
            let (a, b) = (s + m.start(), s + m.end());
            if char_before(&self.lower, a).is_some_and(is_word_char)
                || char_at(&self.lower, b).is_some_and(is_word_char)
            {
                continue;
            }
            let pi = m.pattern().as_usize();
            let Some(info) = self.x.phrases.get(pi) else {
                continue;
            };
            let mut end = b;
            if let Some(tail) = &info.tail {
                // "ngân sách … thu", "chi bộ … đại hội": the tail within ten words, no punctuation between.
                let rest = self.lower.get(b..e).unwrap_or("");
                let mut found = None;
                let mut off = 0;
                for (k, w) in rest.split(' ').enumerate() {
                    if k > 11
                        || w.contains([',', ';', '.', '(', ')', ':'])
                            && !rest.get(off..).unwrap_or("").starts_with(tail.as_str())
                    {
                        break;
                    }
                    if rest
                        .get(off..)
                        .is_some_and(|r| r.starts_with(tail.as_str()))
                        && !char_at(rest, off + tail.len()).is_some_and(is_word_char)
                    {
                        found = Some(b + off + tail.len());
                        break;
                    }
                    off += w.len() + 1;
                }
                match found {
                    Some(x) => end = x,
                    None => continue,
                }
            }
            if info.negative {
                continue;
            }
            out.push(PhraseHit {
                start: a,
                end,
                phrase: pi,
            });
        }
        out
    }

    fn comparisons(&self, s: usize, e: usize) -> Vec<Comparison> {
        let p = patterns();
        let Some(seg) = self.lower.get(s..e) else {
            return Vec::new();
        };
        let mut out: Vec<Comparison> = Vec::new();
        // every pattern needs a "%" (or, for "gấp … lần", a "lần"): most sentences have none
        let has_pct = seg.contains('%');
        if !has_pct && !seg.contains("lần") {
            return out;
        }
        let prior_growth = if has_pct && seg.contains("cùng kỳ") {
            Some(p.prior_growth.captures_iter(seg))
        } else {
            None
        };
        let plan = has_pct.then(|| p.plan.captures_iter(seg));
        let bare = has_pct.then(|| p.bare.captures_iter(seg));
        let taken = |out: &Vec<Comparison>, a: usize| out.iter().any(|c| c.num_start == a);
        // the patterns have no leading word boundary (an ASCII one fails before "đạt"): check it here
        let glued = |a: usize| char_before(seg, a).is_some_and(is_word_char);
        let g = p.prior_growth_g;
        for c in prior_growth.into_iter().flatten() {
            let (Some(all), Some(num), Some(verb)) = (c.get(0), c.get(g.num), c.get(g.verb)) else {
                continue;
            };
            if glued(all.start()) {
                continue;
            }
            let Some(v) = pct_value(num.as_str()) else {
                continue;
            };
            let sign = if verb.as_str() == "giảm" { -1.0 } else { 1.0 };
            out.push(Comparison {
                start: s + all.start(),
                end: s + all.end(),
                num_start: s + num.start(),
                num_end: s + num.end(),
                kind: CompKind::PriorGrowth,
                value: sign * v,
                basis: None,
                basis_end: s + all.end(),
                growth_verb: true,
                note: format!(
                    "the same period a year earlier ({} {}%)",
                    verb.as_str(),
                    num.as_str()
                ),
            });
        }
        let g = p.plan_g;
        for c in plan.into_iter().flatten() {
            // "giải ngân 100% kế hoạch vốn": a % right before its basis needs no verb
            let (Some(all), Some(num), Some(basis)) = (c.get(0), c.get(g.num), c.get(g.basis))
            else {
                continue;
            };
            let verb = c.get(g.verb).map_or("", |v| v.as_str());
            if glued(all.start()) {
                continue;
            }
            if taken(&out, s + num.start()) {
                continue;
            }
            let Some(mut v) = pct_value(num.as_str()) else {
                continue;
            };
            if verb == "vượt" {
                v += 100.0;
            }
            let (slug, bend) = basis_slug(seg, basis.start(), &self.x.matcher);
            out.push(Comparison {
                start: s + all.start(),
                end: s + all.end(),
                num_start: s + num.start(),
                num_end: s + num.end(),
                kind: CompKind::Plan,
                value: v,
                basis: Some(slug.clone()),
                basis_end: s + bend,
                growth_verb: false,
                note: format!("{v}% of the plan ({slug})"),
            });
        }
        let g = p.yoy_g;
        for c in p.yoy.captures_iter(seg) {
            let (Some(all), Some(num), Some(verb), Some(u)) =
                (c.get(0), c.get(g.num), c.get(g.verb), c.get(g.u))
            else {
                continue;
            };
            if glued(all.start()) {
                continue;
            }
            if taken(&out, s + num.start()) {
                continue;
            }
            let Some(x) = pct_value(num.as_str()) else {
                continue;
            };
            let base = c.get(g.base).map(|b| b.as_str());
            let verb = verb.as_str();
            let yoy_base = match base {
                None => None,
                Some("cùng kỳ")
                | Some("cùng kì")
                | Some("ck")
                | Some("năm trước")
                | Some("năm ngoái") => Some(true),
                Some(b) if b.starts_with("năm ") => Some(true),
                Some(_) => Some(false),
            };
            let (kind, value, note) = match (verb, u.as_str(), yoy_base) {
                (_, _, Some(false)) => (
                    CompKind::NotYoy,
                    x,
                    format!("a change against {}, not year on year", base.unwrap_or("")),
                ),
                ("tăng" | "tăng trưởng", "%", _) => {
                    (CompKind::Yoy, x, format!("+{x}% year on year"))
                }
                ("giảm", "%", _) => (CompKind::Yoy, -x, format!("-{x}% year on year")),
                ("bằng" | "đạt", "%", Some(true)) => (
                    CompKind::Yoy,
                    round2(x - 100.0),
                    format!("{x}% of the same period = {:+}%", round2(x - 100.0)),
                ),
                ("gấp", "lần", Some(true)) => (
                    CompKind::Yoy,
                    round2((x - 1.0) * 100.0),
                    format!(
                        "{x} times the same period = {:+}%",
                        round2((x - 1.0) * 100.0)
                    ),
                ),
                ("gấp", "lần", None) => (
                    CompKind::NotYoy,
                    x,
                    format!("{x} times, against no stated base"),
                ),
                _ => continue,
            };
            // "(cùng kỳ tăng 7,46%)" was taken above; "tăng" right after "cùng kỳ" never is y/y.
            out.push(Comparison {
                start: s + all.start(),
                end: s + all.end(),
                num_start: s + num.start(),
                num_end: s + num.end(),
                kind,
                value,
                basis: None,
                basis_end: s + all.end(),
                growth_verb: matches!(verb, "tăng" | "giảm" | "tăng trưởng"),
                note,
            });
        }
        let g = p.bare_g;
        for c in bare.into_iter().flatten() {
            let (Some(all), Some(num)) = (c.get(0), c.get(g.num)) else {
                continue;
            };
            if glued(all.start()) {
                continue;
            }
            if taken(&out, s + num.start()) {
                continue;
            }
            let Some(v) = pct_value(num.as_str()) else {
                continue;
            };
            out.push(Comparison {
                start: s + all.start(),
                end: s + all.end(),
                num_start: s + num.start(),
                num_end: s + num.end(),
                kind: CompKind::Bare,
                value: v,
                basis: None,
                basis_end: s + all.end(),
                growth_verb: false,
                note: format!("{v}%"),
            });
        }
        // "bằng 113% kế hoạch Tỉnh giao và 103% kế hoạch thành phố giao": a second basis without its verb.
        out.sort_by_key(|c| c.start);
        out
    }

    /// Target scopes of a sentence: (start, end) byte ranges.
    fn target_scopes(
        &self,
        s: usize,
        e: usize,
        clauses: &[(usize, usize)],
    ) -> Vec<(usize, usize, &'static str)> {
        let seg = self.lower.get(s..e).unwrap_or("");
        let mut out = Vec::new();
        let strong = ["phấn đấu", "mục tiêu", "chỉ tiêu phấn đấu"];
        for w in strong {
            for (i, _) in seg.match_indices(w) {
                let a = s + i;
                if char_before(&self.lower, a).is_some_and(is_word_char) {
                    continue;
                }
                let start = comma_clause_start(&self.lower, s, a);
                let end = clause_at(clauses, a).map_or(e, |c| c.1);
                out.push((
                    start,
                    end,
                    if w == "mục tiêu" {
                        "mục tiêu"
                    } else {
                        "phấn đấu"
                    },
                ));
            }
        }
        for w in ["dự kiến", "sẽ"] {
            for (i, _) in seg.match_indices(w) {
                let a = s + i;
                if char_before(&self.lower, a).is_some_and(is_word_char)
                    || char_at(&self.lower, a + w.len()).is_some_and(is_word_char)
                {
                    continue;
                }
                let end = clause_at(clauses, a).map_or(e, |c| c.1);
                out.push((a, end, if w == "sẽ" { "sẽ" } else { "dự kiến" }));
            }
        }
        // "Kế hoạch vốn … năm 2023 là 1.379 tỷ", "chỉ tiêu giao … là"
        for (cs, ce) in clauses {
            let mut k = *cs;
            loop {
                let st = comma_clause_start_fwd(&self.lower, k, *ce);
                let body = self.lower.get(st..*ce).unwrap_or("");
                let body_t = body.trim_start();
                let lead = st + (body.len() - body_t.len());
                if ["kế hoạch", "chỉ tiêu", "mục tiêu", "dự toán", "kh "]
                    .iter()
                    .any(|w| body_t.starts_with(w))
                {
                    // " là " before the next comma (it holds none itself)
                    let comma = body_t.find([',', ';']);
                    let end_c = comma.map_or(*ce, |x| lead + x);
                    let head = comma.and_then(|x| body_t.get(..x)).unwrap_or(body_t);
                    if let Some(la) = head.find(" là ") {
                        if la < end_c.saturating_sub(lead) {
                            out.push((lead, end_c.max(lead + la + 4), "kế hoạch … là"));
                        }
                    }
                }
                match self.lower.get(st..*ce).and_then(|b| b.find(',')) {
                    Some(c) => k = st + c + 1,
                    None => break,
                }
                if k >= *ce {
                    break;
                }
            }
        }
        out
    }

    fn sentence(&mut self, s: usize, e: usize) -> Vec<Placed<'c>> {
        let clauses = split_clauses(&self.lower, s, e);
        let mut targets_w = self.target_scopes(s, e, &clauses);
        let targets: Vec<(usize, usize)> = targets_w.iter().map(|t| (t.0, t.1)).collect();
        let (periods, rest_of_year) = self.sentence_periods(s, e, &targets);
        // "Quý IV, quận phấn đấu …; …", "Ba tháng cuối năm, …": a sentence
        // headed by a period still to come sets tasks and targets.
        for at in periods
            .iter()
            .filter(|p| p.2)
            .map(|p| p.0)
            .chain(rest_of_year.iter().copied())
        {
            if heads_sentence(&self.lower, s, at) {
                targets_w.push((at, e, "kỳ tới"));
            }
        }
        let phrases = self.phrase_hits(s, e);
        let comps = self.comparisons(s, e);
        for c in &comps {
            if c.kind == CompKind::Plan {
                self.last_basis = c.basis.clone();
            }
        }
        let quantities = self.quantities(s, e, &comps);
        let clause_of = |pos: usize| clause_index(&clauses, pos).unwrap_or(0);

        // 1. Attach quantities to phrases.
        let mut drafts: Vec<Draft> = Vec::new();
        let mut used_phrase = vec![false; phrases.len()];
        let mut q_draft: Vec<Option<usize>> = vec![None; quantities.len()];
        let mut q_growth_phrase: Vec<Option<usize>> = vec![None; quantities.len()];
        let mut phrase_q: HashMap<usize, usize> = HashMap::new();
        for (qi, q) in quantities.iter().enumerate() {
            // forward: the phrase right after the number or its measure
            let fwd = phrases.iter().position(|p| {
                (p.start >= q.num_end && p.start <= q.end && p.start > q.start)
                    || only_spaces(&self.lower, q.end, p.start)
            });
            let back = if fwd.is_none() {
                phrases
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.end <= q.start && p.start >= s)
                    .filter(|(_, p)| clause_of(p.start) == clause_of(q.start))
                    .filter(|(_, p)| {
                        !quantities
                            .iter()
                            .any(|o| o.start >= p.end && o.end <= q.start)
                    })
                    .rfind(|(_, p)| q.start - p.end <= 160)
                    .map(|(i, _)| i)
            } else {
                None
            };
            let (pi, how) = match (fwd, back) {
                (Some(i), _) => (i, "after"),
                (None, Some(i)) => (i, "before"),
                _ => {
                    let why = skip_reason_no_phrase(&self.lower, q);
                    self.explain(q.start, q.num_end, why);
                    continue;
                }
            };
            let Some(hit) = phrases.get(pi) else { continue };
            let Some(info) = self.x.phrases.get(hit.phrase) else {
                continue;
            };
            let Some(ind) = self.x.catalogue.indicators.get(info.indicator) else {
                continue;
            };
            // Unit of measure must fit the indicator.
            let fits = match (&q.measure, q.fraction) {
                (Some(m), _) => m.unit == ind.unit,
                (None, Some(_)) => crate::normalize::measure::is_count_unit(&ind.unit),
                (None, None) => {
                    crate::normalize::measure::is_count_unit(&ind.unit) && how == "before" && {
                        let gap = self.lower.get(hit.end..q.start).unwrap_or("");
                        gap.split_whitespace().count() <= 3 && !gap.contains([',', ';', '('])
                    }
                }
            };
            if !fits {
                if self.x.growth.get(info.indicator).copied().unwrap_or(false) {
                    q_growth_phrase[qi] = Some(pi);
                }
                let written = q
                    .measure
                    .map_or("no unit".to_string(), |m| m.unit.to_string());
                let t = self.text.get(q.start..q.end).unwrap_or("").to_string();
                self.explain_with(q.start, q.num_end, |_| {
                    format!(
                        "skipped: \"{t}\" is in {written}, not the unit of {} ({}) named by \"{}\"",
                        ind.id, ind.unit, info.text
                    )
                });
                continue;
            }
            if let Some((a, b)) = q.ambiguous {
                let t = self.text.get(q.start..q.num_end).unwrap_or("").to_string();
                self.problem(
                    Severity::Warning,
                    "ambiguous_number",
                    q.start,
                    q.num_end,
                    format!(
                        "Số \"{t}\" ({}) có thể đọc là {a} hoặc {b}; không tự chọn",
                        ind.id
                    ),
                );
                self.explain(
                    q.start,
                    q.num_end,
                    format!("skipped: ambiguous, {a} or {b} ({})", ind.id),
                );
                continue;
            }
            used_phrase[pi] = true;
            if how == "after" {
                phrase_q.insert(pi, qi);
            }
            let value = match q.measure {
                Some(m) => Some(m.apply(q.value)),
                None => Some(q.value),
            };
            let mut qualifier = q.qualifier.clone();
            let span_words = self
                .lower
                .get(hit.start.min(q.start)..q.start.max(hit.start))
                .unwrap_or("");
            let before = words_before(&self.lower, hit.start.min(q.start), 2);
            if !qualifier.contains(&"estimate")
                && (span_words
                    .split(|c: char| !is_word_char(c))
                    .any(|w| w == "ước")
                    || before.contains(&"ước"))
            {
                qualifier.insert(0, "estimate");
            }
            q_draft[qi] = Some(drafts.len());
            drafts.push(Draft {
                indicator: info.indicator,
                phrase: hit.phrase,
                phrase_start: hit.start,
                quantity: Some(qi),
                value,
                written_unit: q.measure,
                numerator: q.fraction.map(|f| f.0),
                denominator: q.fraction.map(|f| f.1),
                stated_pct: None,
                plan_pcts: Vec::new(),
                plan_bases: Vec::new(),
                yoy: None,
                qualifier,
                start: hit.start.min(q.start),
                end: hit.end.max(q.end),
                rule: format!("phrase \"{}\" {} the number", info.text, how),
                growth_value: false,
                prior_period: false,
                growth_rate_only: false,
            });
        }

        // 2. Comparisons → the latest anchor before them in the clause.
        for c in &comps {
            // "100% chỉ tiêu giao quân": a phrase inside or right after the plan basis.
            let basis_phrase = if c.kind == CompKind::Plan {
                phrases.iter().position(|p| {
                    p.start >= c.num_end && p.start <= c.basis_end + 1 && p.end >= c.end
                })
            } else {
                None
            };
            let anchor = if let Some(pi) = basis_phrase {
                Some(Anchor::Phrase(pi))
            } else {
                let cl = clause_of(c.start);
                let lq = quantities
                    .iter()
                    .enumerate()
                    .rfind(|(_, q)| q.end <= c.start && clause_of(q.start) == cl);
                let lp = phrases
                    .iter()
                    .enumerate()
                    .rfind(|(_, p)| p.end <= c.start && clause_of(p.start) == cl);
                let lp_q = lp.and_then(|(pi, _)| phrase_q.get(&pi).copied());
                match (lq, lp) {
                    (Some((qi, q)), Some((pi, p))) => {
                        if let Some(aq) = lp_q {
                            Some(Anchor::Quantity(aq.max(qi)))
                        } else if p.start > q.end {
                            Some(Anchor::Phrase(pi))
                        } else {
                            Some(Anchor::Quantity(qi))
                        }
                    }
                    (Some((qi, _)), None) => Some(Anchor::Quantity(qi)),
                    (None, Some((pi, _))) => Some(Anchor::Phrase(pi)),
                    (None, None) => None,
                }
            };
            let num_txt = self
                .text
                .get(c.num_start..c.num_end)
                .unwrap_or("")
                .to_string();
            let Some(anchor) = anchor else {
                self.explain_with(c.num_start, c.num_end, |_| {
                    format!("skipped: {} with nothing it compares", c.note)
                });
                continue;
            };
            // Find or make the draft.
            let di = match anchor {
                Anchor::Quantity(qi) => match q_draft.get(qi).copied().flatten() {
                    Some(d) => Some(d),
                    None => {
                        // a growth indicator named before a value in another unit: "GRDP … 260.317 tỷ đồng, tăng 7,64%"
                        match q_growth_phrase.get(qi).copied().flatten() {
                            Some(pi) if c.growth_verb || c.kind == CompKind::PriorGrowth => {
                                let existing = drafts.iter().position(|d| {
                                    d.quantity.is_none()
                                        && !d.prior_period
                                        && phrases
                                            .get(pi)
                                            .is_some_and(|p| p.start == d.phrase_start)
                                });
                                match existing {
                                    Some(d) => Some(d),
                                    None => {
                                        let q = quantities.get(qi);
                                        let qual =
                                            q.map(|q| q.qualifier.clone()).unwrap_or_default();
                                        Some(self.phrase_draft(
                                            &phrases,
                                            pi,
                                            &mut drafts,
                                            &mut used_phrase,
                                            qual,
                                        ))
                                    }
                                }
                            }
                            _ => None,
                        }
                    }
                },
                Anchor::Phrase(pi) => {
                    let existing = drafts.iter().position(|d| {
                        d.quantity.is_none()
                            && !d.prior_period
                            && phrases.get(pi).is_some_and(|p| p.start == d.phrase_start)
                    });
                    match existing {
                        Some(d) => Some(d),
                        None => {
                            let qual = qualifier_before(&self.lower, c.num_start);
                            Some(self.phrase_draft(
                                &phrases,
                                pi,
                                &mut drafts,
                                &mut used_phrase,
                                qual,
                            ))
                        }
                    }
                }
            };
            let Some(di) = di else {
                self.explain_with(c.num_start, c.num_end, |_| {
                    format!("skipped: {} of a figure that is not an indicator", c.note)
                });
                continue;
            };
            let Some(d) = drafts.get_mut(di) else {
                continue;
            };
            let ind_growth = self.x.growth.get(d.indicator).copied().unwrap_or(false);
            let ind_unit = self
                .x
                .catalogue
                .indicators
                .get(d.indicator)
                .map(|i| i.unit.as_str())
                .unwrap_or("");
            let is_fraction = d.numerator.is_some();
            let outcome;
            match c.kind {
                CompKind::PriorGrowth if ind_growth && d.value.is_some() && !d.prior_period => {
                    // a separate fact for the earlier period
                    let mut p = d.clone();
                    p.value = Some(c.value);
                    p.prior_period = true;
                    p.plan_pcts.clear();
                    p.plan_bases.clear();
                    p.yoy = None;
                    p.qualifier.clear();
                    p.start = c.start;
                    p.end = c.end;
                    p.rule = format!("{} (cùng kỳ)", d.rule);
                    outcome = format!(
                        "value of the same period a year earlier for {}",
                        self.ind_id(d.indicator)
                    );
                    drafts.push(p);
                }
                CompKind::PriorGrowth => {
                    outcome = format!("skipped: {}", c.note);
                }
                CompKind::Yoy | CompKind::Bare
                    if ind_growth && d.value.is_none() && c.kind == CompKind::Yoy =>
                {
                    d.value = Some(c.value);
                    d.growth_value = true;
                    d.end = d.end.max(c.end);
                    outcome = format!("value of {} ({})", self.ind_id(d.indicator), c.note);
                }
                CompKind::Yoy => {
                    if d.yoy.is_none() {
                        d.yoy = Some(c.value);
                        d.end = d.end.max(c.end);
                        outcome = format!("yoy_pct of {}: {}", self.ind_id(d.indicator), c.note);
                    } else {
                        outcome =
                            format!("skipped: a second change for {}", self.ind_id(d.indicator));
                    }
                }
                CompKind::Plan => {
                    d.plan_pcts.push(c.value);
                    d.plan_bases
                        .push(c.basis.clone().unwrap_or_else(|| "ke_hoach".into()));
                    d.end = d.end.max(c.end);
                    outcome = format!("plan_pct of {}: {}", self.ind_id(d.indicator), c.note);
                }
                CompKind::Bare => {
                    if is_fraction {
                        d.stated_pct = Some(c.value);
                        d.end = d.end.max(c.end);
                        outcome = format!("stated share of {}", self.ind_id(d.indicator));
                    } else if ind_unit == "pct" && d.value.is_none() {
                        d.value = Some(c.value);
                        d.end = d.end.max(c.end);
                        outcome = format!("value of {}", self.ind_id(d.indicator));
                    } else if d.value.is_some() || d.quantity.is_none() {
                        let basis = self.last_basis.clone().unwrap_or_else(|| "ke_hoach".into());
                        d.plan_pcts.push(c.value);
                        d.plan_bases.push(basis.clone());
                        d.end = d.end.max(c.end);
                        outcome = format!(
                            "plan_pct of {} (a bare \"đạt {}%\", basis {basis})",
                            self.ind_id(d.indicator),
                            c.value
                        );
                    } else {
                        outcome = "skipped: a share with nothing it is a share of".into();
                    }
                }
                CompKind::NotYoy => {
                    outcome = format!("skipped: {}", c.note);
                }
            }
            let _ = num_txt;
            self.explain(c.num_start, c.num_end, outcome);
        }

        // 2b. "hoàn thành 100% chỉ tiêu giao quân với 118 thanh niên nhập ngũ":
        // a plan % given to the indicator's phrase belongs to the figure of the
        // same indicator in the same clause.
        let mut merges: Vec<(usize, usize)> = Vec::new();
        for (i, d) in drafts.iter().enumerate() {
            if d.value.is_some() || d.quantity.is_some() || d.plan_pcts.is_empty() || d.prior_period
            {
                continue;
            }
            let cl = clause_of(d.phrase_start);
            let into = drafts.iter().enumerate().position(|(j, o)| {
                j != i
                    && o.indicator == d.indicator
                    && o.quantity.is_some()
                    && o.value.is_some()
                    && o.plan_pcts.is_empty()
                    && !o.prior_period
                    && !(o.yoy.is_some() && d.yoy.is_some())
                    && clause_of(o.start) == cl
                    && !merges.iter().any(|m| m.1 == j)
            });
            if let Some(j) = into {
                merges.push((i, j));
            }
        }
        for &(i, j) in &merges {
            let Some(d) = drafts.get(i).cloned() else {
                continue;
            };
            if let Some(o) = drafts.get_mut(j) {
                o.plan_pcts.extend(d.plan_pcts);
                o.plan_bases.extend(d.plan_bases);
                o.yoy = o.yoy.or(d.yoy);
                o.start = o.start.min(d.start);
                o.end = o.end.max(d.end);
            }
        }
        if !merges.is_empty() {
            let gone: Vec<usize> = merges.iter().map(|m| m.0).collect();
            let mut k = 0;
            drafts.retain(|_| {
                k += 1;
                !gone.contains(&(k - 1))
            });
        }

        // 3. Output values given only as growth: a growth rate, not in the catalogue.
        for d in drafts.iter_mut() {
            if d.value.is_none()
                && d.plan_pcts.is_empty()
                && d.yoy.is_some()
                && self
                    .x
                    .output_value
                    .get(d.indicator)
                    .copied()
                    .unwrap_or(false)
            {
                d.growth_rate_only = true;
            }
        }

        // 4. Unit, period, kind for each draft.
        let mut out = Vec::new();
        for d in drafts {
            if d.value.is_none() && d.plan_pcts.is_empty() && d.yoy.is_none() {
                continue;
            }
            let pos = d
                .quantity
                .and_then(|qi| quantities.get(qi))
                .map_or(d.phrase_start, |q| q.start);
            let unit = self.unit_at(s, d.phrase_start.min(pos));
            let mut period = periods
                .iter()
                .rfind(|(at, _, coming)| !coming && *at < pos.max(d.phrase_start))
                .map(|x| x.1)
                .or(self.running_period)
                .or(self.doc_period)
                .or(self.ctx.assumed_period);
            let target = targets_w.iter().find(|(a, b, _)| *a <= pos && pos < *b);
            let mut kind = if d.qualifier.contains(&"estimate") {
                FactKind::Estimate
            } else {
                FactKind::Actual
            };
            let mut why_target = None;
            if let Some((_, _, w)) = target {
                let conditional = *w == "dự kiến" || *w == "sẽ";
                let over = period.is_some_and(|p| self.is_over(&p));
                if conditional && over {
                    kind = FactKind::Estimate;
                } else {
                    kind = FactKind::Target;
                    why_target = Some(*w);
                }
            }
            // A target inside the sentence may carry its own (future) period;
            // one set for the last quarter or the rest of the year, or for no
            // stated period, is the year's ("hoàn thành dự toán", "cả năm").
            if kind == FactKind::Target {
                let year_of = |p: Period| Period::new(p.year, PeriodSpan::Year);
                period = match periods.iter().rfind(|(at, _, _)| *at < d.end + 40) {
                    Some((_, p, true)) if p.end_month() == 12 => Some(year_of(*p)),
                    Some((_, p, _)) => Some(*p),
                    None => period.map(year_of),
                };
            }
            if d.prior_period {
                period = period.map(|p| Period::new(p.year - 1, p.span));
            }
            let clause = self
                .text
                .get(d.start..d.end)
                .unwrap_or("")
                .trim()
                .to_string();
            let mut rule = d.rule.clone();
            if let Some(w) = why_target {
                rule.push_str(&format!("; target (\"{w}\")"));
            }
            if d.growth_rate_only {
                let id = self.ind_id(d.indicator);
                let (a, b) = (d.start, d.end);
                self.explain(a, b, format!("skipped: a growth rate of {id} (the catalogue has no growth indicator for it)"));
                continue;
            }
            let mut d = d;
            d.rule = rule;
            out.push((d, unit, period, kind, clause));
        }
        // Quantities attached: explain them.
        for (d, _, p, k, _) in &out {
            if let Some(q) = d.quantity.and_then(|qi| quantities.get(qi)) {
                self.explain_with(q.start, q.num_end, |r| {
                    format!(
                        "{} = {} {} ({}, {}; {})",
                        r.ind_id(d.indicator),
                        d.value.map_or("-".into(), fmt_num),
                        r.x.catalogue
                            .indicators
                            .get(d.indicator)
                            .map_or("", |i| i.unit.as_str()),
                        p.map_or("no period".into(), |p| p.to_string()),
                        k.as_str(),
                        d.rule
                    )
                });
            }
        }
        let _ = used_phrase;
        out
    }

    fn ind_id(&self, i: usize) -> String {
        self.x
            .catalogue
            .indicators
            .get(i)
            .map_or(String::new(), |x| x.id.clone())
    }

    fn phrase_draft(
        &self,
        phrases: &[PhraseHit],
        pi: usize,
        drafts: &mut Vec<Draft>,
        used: &mut [bool],
        qualifier: Vec<&'static str>,
    ) -> usize {
        let hit = phrases.get(pi).cloned().unwrap_or(PhraseHit {
            start: 0,
            end: 0,
            phrase: 0,
        });
        if let Some(u) = used.get_mut(pi) {
            *u = true;
        }
        let info = self.x.phrases.get(hit.phrase);
        let mut qual = qualifier;
        // "Ngân sách ước thu", "ước chi": the estimate is in the phrase
        let pt = self.lower.get(hit.start..hit.end).unwrap_or("");
        let before = words_before(&self.lower, hit.start, 2);
        if (pt.contains("ước") || before.contains(&"ước")) && !qual.contains(&"estimate") {
            qual.insert(0, "estimate");
        }
        drafts.push(Draft {
            indicator: info.map_or(0, |i| i.indicator),
            phrase: hit.phrase,
            phrase_start: hit.start,
            quantity: None,
            value: None,
            written_unit: None,
            numerator: None,
            denominator: None,
            stated_pct: None,
            plan_pcts: Vec::new(),
            plan_bases: Vec::new(),
            yoy: None,
            qualifier: qual,
            start: hit.start,
            end: hit.end,
            rule: format!("phrase \"{}\"", info.map_or("", |i| i.text.as_str())),
            growth_value: false,
            prior_period: false,
            growth_rate_only: false,
        });
        drafts.len() - 1
    }

    // -- numbers ---------------------------------------------------------------

    /// The quantities of a sentence (numbers with measures), explaining every
    /// number that is none.
    fn quantities(&mut self, s: usize, e: usize, comps: &[Comparison]) -> Vec<Quantity> {
        let mut out = Vec::new();
        let toks = number_tokens(&self.lower, s, e);
        let mut skip_until = 0usize;
        for t in toks {
            if t.start < skip_until {
                continue;
            }
            if comps
                .iter()
                .any(|c| c.num_start <= t.start && t.end <= c.num_end)
            {
                continue;
            }
            if self.explained.covers(t.start, t.end) {
                continue;
            }
            if self.date_line_end > t.start {
                self.explain(
                    t.start,
                    t.end.max(t.range.map_or(0, |r| r.1)),
                    "skipped: the report's date line",
                );
                skip_until = t.range.map_or(t.end, |r| r.1).max(t.end);
                continue;
            }
            if let Some(why) = self.number_skip_reason(&t) {
                let end = t.range.map_or(t.end, |r| r.1).max(t.end);
                self.explain(t.start, end, why);
                skip_until = end;
                continue;
            }
            let raw = self.lower.get(t.start..t.end).unwrap_or("");
            // fraction x/y
            if let Some(fe) = t.fraction_end {
                let ftxt = self.lower.get(t.start..fe).unwrap_or("");
                if let Some((a, b)) = parse_fraction(ftxt) {
                    let (measure, mend) = measure_after(&self.lower, fe);
                    skip_until = fe;
                    out.push(Quantity {
                        start: t.start,
                        num_end: fe,
                        end: mend,
                        written: ftxt.to_string(),
                        value: a,
                        measure,
                        fraction: Some((a, b)),
                        ambiguous: None,
                        qualifier: qualifier_before(&self.lower, t.start),
                    });
                } else {
                    self.explain(t.start, fe, "skipped: not a fraction");
                    skip_until = fe;
                }
                continue;
            }
            let reading = match parse_number(raw, Convention::Unknown) {
                Ok(r) => r,
                Err(err) => {
                    self.explain_with(t.start, t.end, |_| format!("skipped: {err}"));
                    continue;
                }
            };
            let (mut measure, mut mend) = if char_at(&self.lower, t.end) == Some('%') {
                (Some(Measure::new("pct", 1.0)), t.end + 1)
            } else {
                measure_after(&self.lower, t.end)
            };
            let mut value = reading.value;
            let mut ambiguous = None;
            if let Some(alt) = reading.alternative {
                match self.resolve_ambiguous(raw, reading.value, alt, measure.as_ref()) {
                    Some(v) => value = v,
                    None => ambiguous = Some((reading.value, alt)),
                }
            }
            // composite amount: "218 tỷ 477 triệu đồng" = 218,477 tỷ đồng
            if measure.is_none() {
                if let Some((v2, m2, end2)) = composite_amount(&self.lower, value, t.end) {
                    value = v2;
                    measure = Some(m2);
                    mend = end2;
                }
            }
            if measure.is_none()
                && self
                    .lower
                    .get(t.end..)
                    .is_some_and(|r| r.trim_start().starts_with("phường"))
            {
                self.explain(t.start, t.end, "skipped: a count of wards");
                continue;
            }
            // "756/758 chi bộ đã tổ chức đại hội, 2 chi bộ còn lại …": the rest of a total
            if self
                .lower
                .get(mend..)
                .is_some_and(|r| r.trim_start().starts_with("còn lại"))
            {
                self.explain(
                    t.start,
                    t.end,
                    "skipped: the rest of a total (\"… còn lại\"), not a figure of its own",
                );
                continue;
            }
            out.push(Quantity {
                start: t.start,
                num_end: t.end,
                end: mend,
                written: raw.to_string(),
                value,
                measure,
                fraction: None,
                ambiguous,
                qualifier: qualifier_before(&self.lower, t.start),
            });
        }
        // numbers in words with a measure: "hai mươi nghìn người"
        for (ws, we, v) in word_numbers(&self.lower, s, e) {
            if out.iter().any(|q| q.start <= ws && ws < q.end)
                || self.period_spans.covers(ws, ws + 1)
            {
                continue;
            }
            let (measure, mend) = measure_after(&self.lower, we);
            if measure.is_none() {
                continue;
            }
            out.push(Quantity {
                start: ws,
                num_end: we,
                end: mend,
                written: self.lower.get(ws..we).unwrap_or("").to_string(),
                value: v,
                measure,
                fraction: None,
                ambiguous: None,
                qualifier: qualifier_before(&self.lower, ws),
            });
        }
        out.sort_by_key(|q| q.start);
        out
    }

    /// One reading of an ambiguous `d.ddd` token, or `None` to report it.
    fn resolve_ambiguous(
        &self,
        raw: &str,
        value: f64,
        alt: f64,
        measure: Option<&Measure>,
    ) -> Option<f64> {
        let sep_dot = raw.contains('.');
        let thousands = value.max(alt);
        let decimal = value.min(alt);
        // a decimal is not written with three trailing zeros
        if raw.ends_with("000") {
            return Some(thousands);
        }
        if let Some(m) = measure {
            if m.unit == "pct" {
                return Some(decimal);
            }
            if m.is_count() && m.factor == 1.0 {
                return Some(thousands);
            }
        }
        match self.convention {
            Convention::DotThousands => Some(if sep_dot { thousands } else { decimal }),
            Convention::CommaThousands => Some(if sep_dot { decimal } else { thousands }),
            Convention::Unknown => None,
        }
    }

    fn number_skip_reason(&self, t: &NumTok) -> Option<String> {
        let l = &self.lower;
        let raw = l.get(t.start..t.end).unwrap_or("");
        // inside a unit's name ("Quận 1")
        if self.name_spans.covers(t.start, t.end) {
            return Some("skipped: part of a unit's name".into());
        }
        // glued to a word: Covid-19, F0, 4.0
        let prev = char_before(l, t.start);
        if prev.is_some_and(|c| c.is_alphabetic()) {
            return Some(format!(
                "skipped: part of a name ({})",
                word_around(self.text, t.start, t.end)
            ));
        }
        if prev == Some('-')
            && l.get(..t.start.saturating_sub(1))
                .and_then(|x| x.chars().next_back())
                .is_some_and(|c| c.is_alphabetic())
        {
            return Some(format!(
                "skipped: part of a name ({})",
                word_around(self.text, t.start, t.end)
            ));
        }
        if char_at(l, t.end).is_some_and(|c| c.is_alphabetic())
            && !l
                .get(t.end..)
                .is_some_and(|r| r.starts_with("tỷ") || r.starts_with("tr"))
        {
            return Some(format!(
                "skipped: part of a name ({})",
                word_around(self.text, t.start, t.end)
            ));
        }
        if t.date {
            return Some("skipped: a date".into());
        }
        let before = words_before(l, t.start, 3);
        let last = before.last().copied().unwrap_or("");
        let last2 = before
            .iter()
            .rev()
            .take(2)
            .rev()
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some((a, b)) = t.range {
            let span = self.text.get(t.start..b).unwrap_or("");
            if (1900..=2100).contains(&(a as i64)) {
                let what = if last == "kỳ" || last2 == "nhiệm kỳ" {
                    "a term of office"
                } else {
                    "a span of years"
                };
                return Some(format!("skipped: {what} ({span})"));
            }
            let _ = a;
        }
        let plain_int = raw.bytes().all(|b| b.is_ascii_digit());
        let (m, _) = measure_after(l, t.end);
        if plain_int && raw.len() == 4 && m.is_none() && char_at(l, t.end) != Some('%') {
            if let Ok(y) = raw.parse::<i32>() {
                if (1900..=2100).contains(&y) {
                    return Some(format!("skipped: a year ({y})"));
                }
            }
        }
        if last == "thứ" {
            return Some(format!("skipped: an ordinal (\"thứ {raw}\")"));
        }
        if ["định", "quyết", "tư", "thị", "số", "văn", "lệnh", "luật"].contains(&last)
            && [
                "nghị định",
                "nghị quyết",
                "quyết định",
                "thông tư",
                "chỉ thị",
                "số",
                "công văn",
                "pháp lệnh",
                "luật",
            ]
            .iter()
            .any(|w| last2.ends_with(w))
        {
            return Some(format!(
                "skipped: a document number ({})",
                word_around(self.text, t.start, t.end)
            ));
        }
        if ["đoàn", "khu", "đội"].contains(&last)
            && [
                "sư đoàn",
                "trung đoàn",
                "quân khu",
                "quân đoàn",
                "lữ đoàn",
                "tiểu đoàn",
                "đại đội",
            ]
            .iter()
            .any(|w| last2.ends_with(w))
        {
            return Some(format!("skipped: the name of a unit ({last2} {raw})"));
        }
        if last2 == "mức độ" || last == "khóa" || last == "khoá" {
            return Some(format!("skipped: a level or term number ({last2} {raw})"));
        }
        if plain_int && (last == "ngày" || last == "sáng" || last == "chiều") {
            return Some("skipped: a date".into());
        }
        None
    }

    // -- facts -----------------------------------------------------------------

    fn emit(&mut self, drafts: Vec<Placed<'c>>) {
        let mut facts: Vec<Fact> = Vec::new();
        type FactKey = (String, Option<String>, Option<String>, bool);
        let mut fact_at: HashMap<FactKey, usize> = HashMap::new();
        for (d, unit, period, kind, clause) in drafts {
            let Some(ind) = self.x.catalogue.indicators.get(d.indicator) else {
                continue;
            };
            let loc = self.loc(d.start, d.end);
            let Some(unit) = unit else {
                self.out.problems.push(
                    Problem::new(
                        Severity::Warning,
                        "unit_not_resolved",
                        self.ctx.file,
                        loc.clone(),
                        format!("Không xác định được đơn vị hành chính của số liệu \"{clause}\"; bỏ qua"),
                    )
                    .with_indicator(Some(ind.id.clone())),
                );
                continue;
            };
            let mut f = Fact {
                indicator: ind.id.clone(),
                unit: ind.unit.clone(),
                kind,
                source_kind: self.ctx.source_kind.as_str().to_string(),
                source_file: self.ctx.file.to_string(),
                source_loc: loc.clone(),
                source_text: clause.clone(),
                rule: d.rule.clone(),
                ..Fact::default()
            };
            match unit {
                UnitChoice::Unit(u) => {
                    f.unit_code = Some(u.code.clone());
                    f.unit_name = Some(u.name.clone());
                    f.unit_level = Some(u.level.clone());
                    f.parent = u.parent.clone();
                }
                UnitChoice::Name(n) => f.unit_name = Some(n),
            }
            match period {
                Some(p) => f.period = Some(p.to_string()),
                None => {
                    self.out.problems.push(
                        Problem::new(
                            Severity::Warning,
                            "period_not_resolved",
                            self.ctx.file,
                            loc.clone(),
                            format!("Không xác định được kỳ báo cáo của số liệu \"{clause}\""),
                        )
                        .with_indicator(Some(ind.id.clone()))
                        .with_unit(f.unit_name.clone()),
                    );
                }
            }
            f.value = d.value;
            f.numerator = d.numerator;
            f.denominator = d.denominator;
            f.stated_pct = d.stated_pct;
            f.plan_pct = d.plan_pcts.first().copied();
            if !d.plan_bases.is_empty() {
                f.plan_basis = Some(d.plan_bases.join(";"));
            }
            f.yoy_pct = d.yoy;
            let mut q: Vec<&str> = Vec::new();
            if kind == FactKind::Estimate || d.qualifier.contains(&"estimate") {
                q.push("estimate");
            }
            for w in &d.qualifier {
                if *w != "estimate" && !q.contains(w) {
                    q.push(w);
                }
            }
            if !q.is_empty() {
                f.qualifier = Some(q.join("+"));
            }
            if kind == FactKind::Actual && q.contains(&"estimate") {
                f.kind = FactKind::Estimate;
            }
            // x/y and its stated %
            if let (Some(n), Some(dn), Some(sp)) = (f.numerator, f.denominator, f.stated_pct) {
                let calc = n / dn * 100.0;
                if (calc - sp).abs() > 0.051 {
                    self.out.problems.push(
                        Problem::new(
                            Severity::Warning,
                            "ratio_mismatch",
                            self.ctx.file,
                            loc.clone(),
                            format!("{n}/{dn} = {calc:.2}% nhưng văn bản ghi {sp}%"),
                        )
                        .with_indicator(Some(ind.id.clone())),
                    );
                }
            }
            if let (Some(v), Some((lo, hi))) = (f.value, ind.range) {
                if v < lo || v > hi {
                    self.out.problems.push(
                        Problem::new(
                            Severity::Warning,
                            "out_of_range",
                            self.ctx.file,
                            loc.clone(),
                            format!("{} = {v} ngoài khoảng hợp lý [{lo}, {hi}]", ind.id),
                        )
                        .with_indicator(Some(ind.id.clone())),
                    );
                }
            }
            // One figure per unit, period, indicator and kind: the first one
            // (the headline) stands; a later different one is a Problem.
            let key: FactKey = (
                f.indicator.clone(),
                f.unit_name.clone(),
                f.period.clone(),
                f.kind == FactKind::Target,
            );
            let same = fact_at.get(&key).copied();
            if let Some(gi) = same {
                let (gv, fv) = (facts.get(gi).and_then(|g| g.value), f.value);
                let same_value = match (gv, fv) {
                    (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                    (None, None) => true,
                    _ => false,
                };
                if !same_value {
                    let first = facts
                        .get(gi)
                        .map(|g| g.source_loc.clone())
                        .unwrap_or_default();
                    self.out.problems.push(
                        Problem::new(
                            Severity::Info,
                            "repeated_indicator",
                            self.ctx.file,
                            loc.clone(),
                            format!(
                                "\"{clause}\" cũng gán cho {} (cùng đơn vị, kỳ); giữ số liệu đầu tiên ở {first}",
                                ind.id
                            ),
                        )
                        .with_indicator(Some(ind.id.clone()))
                        .with_unit(f.unit_name.clone())
                        .with_period(f.period.clone()),
                    );
                    if self.x.explanations {
                        self.explain_at.push(d.start);
                        self.out.explain.push(Explanation {
                            location: loc,
                            number: f.value.map_or("-".into(), fmt_num),
                            outcome: format!(
                            "dropped: {} already has a figure for this unit and period ({first})",
                            ind.id
                        ),
                        });
                    }
                }
                continue;
            }
            fact_at.insert(key, facts.len());
            facts.push(f);
        }
        self.out.facts = facts;
        // Every number not yet explained.
        let all = number_tokens(&self.lower, 0, self.lower.len());
        for t in all {
            if !self.explained.covers(t.start, t.end) {
                self.explain(t.start, t.end, "skipped: no indicator phrase governs it");
            }
        }
    }
}

/// Block size of the character counts kept for locations.
const CHUNK: usize = 256;

/// Characters in a byte slice of UTF-8 (bytes that do not continue a character).
fn count_chars(b: &[u8]) -> usize {
    // Eight bytes at a time: a continuation byte (10xxxxxx) has its top bit
    // set and the one below it clear.
    const TOP: u64 = 0x8080_8080_8080_8080;
    let mut words = b.chunks_exact(8);
    let mut continuing = 0;
    for w in &mut words {
        let w = <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes);
        continuing += (w & !(w << 1) & TOP).count_ones() as usize;
    }
    continuing += words
        .remainder()
        .iter()
        .filter(|&&x| (x & 0xC0) == 0x80)
        .count();
    b.len() - continuing
}

/// `n` in decimal, as `{}` writes it.
fn push_decimal(out: &mut String, n: usize) {
    // a usize has at most 20 digits; written last digit first
    let mut digits = [0u8; 20];
    let mut k = 0;
    let mut n = n;
    loop {
        if let Some(d) = digits.get_mut(k) {
            *d = b'0' + (n % 10) as u8;
        }
        k += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits.iter().take(k).rev() {
        out.push(char::from(d));
    }
}

fn fmt_num(v: f64) -> String {
    let s = format!("{v}");
    s
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A percentage as written ("67,8", "129.4", "48,91"): a decimal whichever the separator.
fn pct_value(s: &str) -> Option<f64> {
    let r = parse_number(s, Convention::Unknown).ok()?;
    match r.alternative {
        Some(a) => Some(r.value.min(a)),
        None => Some(r.value),
    }
}

/// The report month from a leading " date YYYY-MM " line.
fn date_line(lower: &str) -> Option<(i32, u8)> {
    let t = lower.trim_start();
    let rest = t.strip_prefix("date")?.trim_start();
    let y: i32 = rest.get(..4)?.parse().ok()?;
    let m: u8 = rest.get(5..7)?.parse().ok()?;
    if rest.get(4..5)? != "-" || !(1..=12).contains(&m) {
        return None;
    }
    Some((y, m))
}

/// Sentence spans: a `.`/`!`/`?`/`…` followed by a space or the end ends one
/// (not after an abbreviation of one or two capitals, "TP.", "Q."), and so
/// does every line break.
fn split_sentences(lower: &str) -> Vec<(usize, usize)> {
    let b = lower.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let end_here = match c {
            b'\n' => true,
            b'.' | b'!' | b'?' => {
                let next = b.get(i + 1).copied();
                let followed =
                    next.is_none_or(|n| n == b' ' || n == b'\n' || n == b'\r' || n == b'\t');
                followed && !abbreviation_before(lower, i)
            }
            _ => false,
        };
        if end_here {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < b.len() {
        out.push((start, b.len()));
    }
    if out.iter().any(|&(s, e)| e - s > MAX_SENTENCE) {
        out = out
            .into_iter()
            .flat_map(|(s, e)| cut_long_sentence(lower, s, e))
            .collect();
    }
    out
}

/// Longest sentence read as one (report sentences are well under 1 KB);
/// a longer one is cut at a `;`, else a `,`, else a space, so that a text
/// without sentence ends is still read in linear time.
const MAX_SENTENCE: usize = 4096;

fn cut_long_sentence(lower: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = s;
    while e - a > MAX_SENTENCE {
        let mut hi = a + MAX_SENTENCE;
        while hi > a && !lower.is_char_boundary(hi) {
            hi -= 1;
        }
        let lo = a + MAX_SENTENCE / 2;
        let win = lower.get(lo..hi).unwrap_or("");
        let sep = win
            .rfind(';')
            .or_else(|| win.rfind(','))
            .or_else(|| win.rfind(' '))
            .map(|i| lo + i);
        match sep {
            Some(c) => {
                out.push((a, c));
                a = c + 1;
            }
            None if hi > a => {
                out.push((a, hi));
                a = hi;
            }
            None => break,
        }
    }
    if a < e {
        out.push((a, e));
    }
    out
}

/// "TP.", "Q.", "H.", "TX.", "T.Ư." — a short word before a dot.
fn abbreviation_before(lower: &str, dot: usize) -> bool {
    let w: Vec<char> = lower
        .get(..dot)
        .unwrap_or("")
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .take(3)
        .collect();
    matches!(w.len(), 1 | 2) && {
        let word: String = w.iter().rev().collect();
        [
            "tp", "q", "h", "p", "tx", "tt", "ts", "ths", "ư", "t", "x", "đ",
        ]
        .contains(&word.as_str())
    }
}

/// The period mention at `at` opens its sentence: at most three words
/// before it ("Quý IV, …", "Về nhiệm vụ 3 tháng cuối năm, …").
fn heads_sentence(lower: &str, s: usize, at: usize) -> bool {
    lower.get(s..at).is_some_and(|head| {
        !head.contains(|c: char| c.is_ascii_digit() || ",;:".contains(c))
            && head.split_whitespace().count() <= 3
    })
}

/// Clause spans of a sentence, split at `;`.
fn split_clauses(lower: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = s;
    if let Some(seg) = lower.get(s..e) {
        for (i, c) in seg.char_indices() {
            if c == ';' {
                out.push((a, s + i));
                a = s + i + 1;
            }
        }
    }
    out.push((a, e));
    out
}

/// Index of the clause (sorted, disjoint) containing `pos`.
fn clause_index(clauses: &[(usize, usize)], pos: usize) -> Option<usize> {
    let i = clauses.partition_point(|c| c.1 <= pos);
    clauses.get(i).filter(|c| c.0 <= pos).map(|_| i)
}

fn clause_at(clauses: &[(usize, usize)], pos: usize) -> Option<(usize, usize)> {
    clause_index(clauses, pos).and_then(|i| clauses.get(i).copied())
}

/// Start of the comma-clause containing `at` (after the previous `,`/`;`, within the sentence).
fn comma_clause_start(lower: &str, s: usize, at: usize) -> usize {
    lower
        .get(s..at)
        .and_then(|x| x.rfind([',', ';']))
        .map_or(s, |i| s + i + 1)
}

fn comma_clause_start_fwd(_lower: &str, k: usize, _ce: usize) -> usize {
    k
}

#[derive(Debug, Clone)]
struct NumTok {
    start: usize,
    end: usize,
    /// "43/62": end of the denominator.
    fraction_end: Option<usize>,
    /// "2022-2025", "2021 - 2026": (first value, end of the second).
    range: Option<(f64, usize)>,
    /// "31/10/2023", "20-7".
    date: bool,
}

/// Digit tokens of `lower[s..e]`, with fractions, dates and year ranges recognised.
fn number_tokens(lower: &str, s: usize, e: usize) -> Vec<NumTok> {
    let b = lower.as_bytes();
    let e = e.min(b.len());
    let mut out = Vec::new();
    let mut i = s;
    while i < e {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        let mut end = i;
        while j < e && (b[j].is_ascii_digit() || b[j] == b'.' || b[j] == b',') {
            if b[j].is_ascii_digit() {
                end = j + 1;
            }
            j += 1;
        }
        // a trailing separator belongs to the sentence ("2022.", "12,5%,")
        let mut tok = NumTok {
            start,
            end,
            fraction_end: None,
            range: None,
            date: false,
        };
        let mut next = end;
        if b.get(end) == Some(&b'/') && b.get(end + 1).is_some_and(|c| c.is_ascii_digit()) {
            // x/y or d/m/y
            let mut k = end + 1;
            let mut k_end = k;
            while k < e && (b[k].is_ascii_digit() || b[k] == b'.' || b[k] == b',') {
                if b[k].is_ascii_digit() {
                    k_end = k + 1;
                }
                k += 1;
            }
            let second_sep =
                b.get(k_end) == Some(&b'/') && b.get(k_end + 1).is_some_and(|c| c.is_ascii_digit());
            let first_small = end - start <= 2 && k_end - (end + 1) <= 2;
            if second_sep || (first_small && looks_like_date(lower, start, k_end)) {
                tok.date = true;
                let mut m = k_end;
                if second_sep {
                    m = k_end + 1;
                    while m < e && b[m].is_ascii_digit() {
                        m += 1;
                    }
                }
                tok.end = m;
                next = m;
            } else {
                tok.fraction_end = Some(k_end);
                next = k_end;
            }
        } else if b.get(end) == Some(&b'-')
            || (b.get(end) == Some(&b' ')
                && b.get(end + 1) == Some(&b'-')
                && b.get(end + 2) == Some(&b' '))
        {
            // "2022-2025", "2021 - 2026", "20-7"
            let k0 = if b.get(end) == Some(&b'-') {
                end + 1
            } else {
                end + 3
            };
            let mut k = k0;
            while k < e && b[k].is_ascii_digit() {
                k += 1;
            }
            if k > k0 && !b.get(k).is_some_and(|c| c.is_ascii_alphabetic()) {
                let a: f64 = lower
                    .get(start..end)
                    .and_then(|x| x.parse().ok())
                    .unwrap_or(-1.0);
                if (1900.0..=2100.0).contains(&a) {
                    tok.range = Some((a, k));
                    next = k;
                } else if end - start <= 2 && k - k0 <= 2 && b.get(end) == Some(&b'-') {
                    tok.date = true;
                    tok.end = k;
                    next = k;
                }
            }
        }
        out.push(tok);
        i = next.max(j).max(i + 1);
    }
    out
}

fn looks_like_date(lower: &str, start: usize, _end: usize) -> bool {
    let w = words_before(lower, start, 2);
    w.iter()
        .any(|x| ["ngày", "đến", "hết", "tới", "sáng", "chiều", "tối", "từ"].contains(x))
}

/// Number spans inside `lower[s..e]` (for explaining the digits of a period phrase).
fn number_spans(lower: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    number_tokens(lower, s, e)
        .into_iter()
        .map(|t| {
            (
                t.start,
                t.end
                    .max(t.range.map_or(0, |r| r.1))
                    .max(t.fraction_end.unwrap_or(0)),
            )
        })
        .collect()
}

/// Bytes after a number looked at for its measure.
const MEASURE_WINDOW: usize = 512;

/// Bytes before a position looked at for its words.
const WORDS_WINDOW: usize = 1024;

/// Start of the window of `s` ending at `at`, at most `len` bytes, on a char boundary.
fn window_start(s: &str, at: usize, len: usize) -> usize {
    let mut a = at.saturating_sub(len);
    while a < at && !s.is_char_boundary(a) {
        a += 1;
    }
    a
}

/// The measure written after a number: (measure, end offset).
fn measure_after(lower: &str, at: usize) -> (Option<Measure>, usize) {
    let rest = lower.get(at..).unwrap_or("");
    if rest.starts_with('%') {
        return (Some(Measure::new("pct", 1.0)), at + 1);
    }
    // Five words of a measure fit in a short window; cut it after its last
    // whole word so no word is read in part.
    let rest = if rest.len() > MEASURE_WINDOW {
        let mut k = MEASURE_WINDOW;
        while k > 0 && !rest.is_char_boundary(k) {
            k -= 1;
        }
        let w = rest.get(..k).unwrap_or("");
        w.rfind([' ', '\n']).and_then(|i| w.get(..i)).unwrap_or("")
    } else {
        rest
    };
    // a line break ends the sentence, and the measure with it ("còn 42 hộ.\n")
    let rest = rest.split('\n').next().unwrap_or("");
    if let Some(r) = rest.strip_prefix('%') {
        let _ = r;
        return (Some(Measure::new("pct", 1.0)), at + 1);
    }
    // up to 5 words, stopping at punctuation
    let mut words: [&str; 5] = [""; 5];
    let mut ends: [usize; 5] = [0; 5];
    let mut n = 0;
    let mut off = 0;
    for piece in rest.split(' ') {
        let p_start = off;
        off += piece.len() + 1;
        if piece.is_empty() {
            if n == 0 && p_start == 0 {
                continue;
            }
            break;
        }
        let t = piece.trim_end_matches([',', ';', ':', '.', ')', '(']);
        let w = t.trim_start_matches('(');
        if w.is_empty() {
            break;
        }
        // `w` starts after the '(' trimmed off the front of `piece`
        let lead = t.len() - w.len();
        let (Some(slot), Some(end)) = (words.get_mut(n), ends.get_mut(n)) else {
            break;
        };
        *slot = w;
        *end = at + p_start + lead + w.len();
        n += 1;
        if w.len() != piece.len() || n >= 5 {
            break;
        }
    }
    if n == 0 {
        return (None, at);
    }
    match measure_prefix(words.get(..n).unwrap_or(&[])) {
        Some((m, k)) if k > 0 => (Some(m), ends.get(k - 1).copied().unwrap_or(at)),
        _ => (None, at),
    }
}

/// "218 tỷ 477 triệu đồng" → 218,477 tỷ đồng.
fn composite_amount(lower: &str, first: f64, at: usize) -> Option<(f64, Measure, usize)> {
    let rest = lower.get(at..)?;
    let words: Vec<&str> = rest.split_whitespace().take(4).collect();
    match words.as_slice() {
        ["tỷ" | "tỉ", n, "triệu", d, ..]
            if d.starts_with("đồng") && n.bytes().all(|b| b.is_ascii_digit()) && n.len() <= 3 =>
        {
            let v: f64 = n.parse().ok()?;
            let total = first + v / 1000.0;
            let end = at + rest.find(d)? + "đồng".len();
            Some((total, Measure::new("ty_dong", 1.0), end))
        }
        _ => None,
    }
}

/// Qualifier words right before a number: ước → estimate; hơn, trên → above;
/// khoảng → about; gần, xấp xỉ → nearly; dưới → below.
fn qualifier_before(lower: &str, at: usize) -> Vec<&'static str> {
    let w = words_before(lower, at, 5);
    let mut out = Vec::new();
    let n = w.len();
    let last = w.get(n.wrapping_sub(1)).copied().unwrap_or("");
    let prev = if n >= 2 {
        w.get(n - 2).copied().unwrap_or("")
    } else {
        ""
    };
    let q = match (prev, last) {
        ("xấp", "xỉ") => Some("nearly"),
        ("ít", "nhất") => Some("above"),
        (_, "hơn") | (_, "trên") => Some("above"),
        (_, "khoảng") => Some("about"),
        (_, "gần") => Some("nearly"),
        (_, "dưới") => Some("below"),
        _ => None,
    };
    // "ước", "ước đạt", "ước tính", "ước thu được hơn", "dự kiến … thu được"
    if w.iter().rev().take(5).any(|x| *x == "ước") {
        out.push("estimate");
    }
    if let Some(q) = q {
        out.push(q);
    }
    out
}

/// The plan basis as a slug ("kế hoạch tỉnh giao" → `ke_hoach_tinh_giao`),
/// and where its words end. Stops at punctuation, a verb, a year or an indicator phrase.
fn basis_slug(seg: &str, at: usize, _m: &Option<AhoCorasick>) -> (String, usize) {
    let rest = seg.get(at..).unwrap_or("");
    let mut words: Vec<&str> = Vec::new();
    let mut end = at;
    let mut off = 0;
    let stop = [
        "và", "tăng", "giảm", "bằng", "đạt", "so", "với", "cùng", "gồm", "trong", "của", "được",
        "nhưng", "là",
    ];
    for piece in rest.split(' ') {
        let p_start = off;
        off += piece.len() + 1;
        let w = piece.trim_end_matches(|c: char| ",;:.)(".contains(c));
        if w.is_empty() {
            break;
        }
        if !words.is_empty() && (stop.contains(&w) || w.bytes().all(|b| b.is_ascii_digit())) {
            break;
        }
        let first_two = words.len() < 2;
        // "chỉ tiêu giao quân": after the basis word itself, stop before an indicator's own words
        if !first_two && words.len() >= 2 && words.first() == Some(&"chỉ") && w == "giao" {
            break;
        }
        words.push(w);
        end = at + p_start + w.len();
        if w.len() != piece.len() || words.len() >= 6 {
            break;
        }
    }
    let slug: String = crate::normalize::fold::strip_diacritics(&words.join(" "))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_");
    let slug = match slug.as_str() {
        "kh" => "ke_hoach".to_string(),
        "nq" => "nghi_quyet".to_string(),
        s => s.to_string(),
    };
    (slug, end)
}

/// Why a quantity governed by no phrase was skipped.
fn skip_reason_no_phrase(lower: &str, q: &Quantity) -> String {
    let m = q.measure.map_or("", |m| m.unit);
    if m == "xa"
        || lower
            .get(q.end..)
            .is_some_and(|r| r.trim_start().starts_with("phường"))
    {
        return "skipped: a count of wards/communes, no indicator phrase".into();
    }
    "skipped: no indicator phrase governs it".into()
}

/// Bytes each side of a number looked at for the name it is part of.
const NAME_WINDOW: usize = 64;

/// The word containing a span, for messages ("Covid-19"); at most
/// `NAME_WINDOW` bytes each side.
fn word_around(text: &str, s: usize, e: usize) -> String {
    let w0 = window_start(text, s, NAME_WINDOW);
    let a = text
        .get(w0..s)
        .and_then(|h| {
            h.char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace() || "(,;".contains(*c))
                .map(|(i, c)| w0 + i + c.len_utf8())
        })
        .unwrap_or(w0);
    let mut w1 = e.saturating_add(NAME_WINDOW).min(text.len());
    while w1 < text.len() && !text.is_char_boundary(w1) {
        w1 += 1;
    }
    let b = text
        .get(e..w1)
        .and_then(|t| {
            t.char_indices()
                .find(|(_, c)| c.is_whitespace() || ",;)".contains(*c))
                .map(|(i, _)| e + i)
        })
        .unwrap_or(w1);
    text.get(a..b)
        .unwrap_or("")
        .trim_end_matches(['.', '…'])
        .to_string()
}

/// Numbers written in words that carry a magnitude or are more than one word:
/// (start, end, value).
fn word_numbers(lower: &str, s: usize, e: usize) -> Vec<(usize, usize, f64)> {
    let seg = lower.get(s..e).unwrap_or("");
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in seg.char_indices() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(a) = start.take() {
            words.push((s + a, s + i));
        }
    }
    if let Some(a) = start {
        words.push((s + a, e));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len()
            && j - i < 12
            && words
                .get(j)
                .and_then(|&(a, b)| lower.get(a..b))
                .is_some_and(is_number_word)
        {
            j += 1;
        }
        if j > i {
            // longest parseable run
            let mut best = None;
            for k in (i + 1..=j).rev() {
                let (a, _) = words[i];
                let (_, b) = words[k - 1];
                let txt = lower.get(a..b).unwrap_or("");
                let n_words = k - i;
                let single_ok = n_words > 1
                    || ![
                        "một", "năm", "ba", "tư", "không", "trăm", "nghìn", "ngàn", "triệu", "tỷ",
                        "tỉ", "nửa", "mốt", "lăm", "mươi", "chục", "linh", "lẻ", "âm", "chấm",
                        "phẩy", "rưỡi", "vạn",
                    ]
                    .contains(&txt);
                if !single_ok {
                    continue;
                }
                if let Some(v) = parse_words(txt) {
                    best = Some((a, b, v, k));
                    break;
                }
            }
            if let Some((a, b, v, k)) = best {
                out.push((a, b, v));
                i = k;
                continue;
            }
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_display_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 1234, 65_535, usize::MAX] {
            let mut s = String::new();
            push_decimal(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn counts_chars_of_any_slice() {
        let t =
            "Quận Đống Đa: 8.599,3 tỷ đồng — tăng 12,5% so với cùng kỳ; ổn định 😀 xã Ia H'Drai";
        let b = t.as_bytes();
        for a in 0..b.len() {
            for e in a..=b.len() {
                let slow = b[a..e].iter().filter(|&&x| (x & 0xC0) != 0x80).count();
                assert_eq!(count_chars(&b[a..e]), slow, "{a}..{e}");
            }
        }
    }

    #[test]
    fn lowering_keeps_offsets() {
        let s = "Quận ĐỐNG ĐA, Hoà Bình, THUỶ";
        let l = lower_keep_len(s);
        assert_eq!(l.len(), s.len());
        assert!(l.starts_with("quận đống đa"));
        assert_eq!(lower_keep_len("hoà"), lower_keep_len("hòa"));
    }

    #[test]
    fn sentences_keep_numbers_and_abbreviations() {
        let t = "thu 8.599,3 tỷ. TP. Hà Nội có Q. Đống Đa.\nDòng hai";
        let s = split_sentences(&lower_keep_len(t));
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn number_tokens_classify() {
        let l = lower_keep_len("có 43/62 trường, ngày 31/10/2023, nhiệm kỳ 2022-2025, 8.599,3 tỷ.");
        let t = number_tokens(&l, 0, l.len());
        assert!(t[0].fraction_end.is_some());
        assert!(t[1].date);
        assert!(t[2].range.is_some());
        assert_eq!(l.get(t[3].start..t[3].end), Some("8.599,3"));
    }

    #[test]
    fn qualifiers() {
        let l = "ước đạt hơn 7.900";
        assert_eq!(
            qualifier_before(l, l.find('7').unwrap_or(0)),
            vec!["estimate", "above"]
        );
    }
}
