//! The administrative-unit registry (`units.toml`): provinces, district-level
//! units and wards/communes with their GSO codes, levels, parents, aliases and
//! validity years; resolving a written name to a unit, finding the units a
//! text mentions, and placing a text in the district its wards belong to.
//!
//! All matching runs on folded text (`normalize::fold`): case, tone placement
//! ("Hoà" = "Hòa"), whitespace and hyphen spacing ("Bà Rịa-Vũng Tàu") do not
//! matter, and a name written without diacritics ("Dong Da") matches through
//! the loose form.

use crate::error::{Error, Result};
use crate::normalize::fold::{
    fold_chars, is_alphanumeric, is_uppercase, strip_char, strip_diacritics,
};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use toml::Spanned;

/// The levels of the province tier.
pub const PROVINCE_LEVELS: &[&str] = &["tinh"];
/// The district-level levels (no longer used after the July 2025 reform).
pub const DISTRICT_LEVELS: &[&str] = &["thanh_pho", "quan", "huyen", "thi_xa"];
/// The ward/commune levels.
pub const WARD_LEVELS: &[&str] = &["phuong", "xa", "thi_tran"];

// ---------------------------------------------------------------------------
// The file
// ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitsFile {
    /// Level words and their abbreviations.
    #[serde(default)]
    pub word: Vec<WordEntry>,
    #[serde(default)]
    pub province: Vec<UnitEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordEntry {
    /// As it starts a full name: "quận", "thành phố".
    pub text: Spanned<String>,
    /// Level ids it names; the first word naming a level makes the default full name.
    pub levels: Vec<Spanned<String>>,
    /// "Q.", "TP", "TX."; a one-letter one also without its dot before a number ("Q1").
    #[serde(default)]
    pub abbreviations: Vec<String>,
}

/// One unit; a province lists its districts under `district` and a district
/// (or, after the 2025 reform, a province) its wards under `wards`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    pub code: Spanned<String>,
    pub name: String,
    /// Defaults to "<Word> <name>" (or the name of a numbered unit, "Quận 1").
    #[serde(default)]
    pub full_name: Option<String>,
    pub level: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The statistics office's code where the registry code differs (historic units).
    #[serde(default)]
    pub gso: Option<String>,
    #[serde(default)]
    pub valid_from: Option<i32>,
    #[serde(default)]
    pub valid_to: Option<i32>,
    #[serde(default)]
    pub district: Vec<UnitEntry>,
    #[serde(default)]
    pub wards: Vec<UnitEntry>,
}

// ---------------------------------------------------------------------------
// The compiled registry
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminUnit {
    pub code: String,
    /// Without its level word ("Đống Đa"), except numbered units ("Quận 1").
    pub name: String,
    pub full_name: String,
    pub level: String,
    pub parent: Option<String>,
    /// The province code, for any unit below a province.
    pub province: Option<String>,
    pub valid_from: Option<i32>,
    pub valid_to: Option<i32>,
    pub aliases: Vec<String>,
    /// The statistics office's code (differs from `code` for historic units whose code was reused).
    pub gso_code: String,
}

impl AdminUnit {
    /// Whether the unit existed in `year`.
    pub fn valid_in(&self, year: i32) -> bool {
        self.valid_from.is_none_or(|f| year >= f) && self.valid_to.is_none_or(|t| year <= t)
    }
}

/// How a written name resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution<'a> {
    Unique(&'a AdminUnit),
    /// Several units fit, in registry order; the caller must not pick one silently.
    Ambiguous(Vec<&'a AdminUnit>),
    NotFound,
}

/// A unit named in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    pub code: String,
    /// Written with a level word or abbreviation ("quận", "Q.", "TP."), or as
    /// an item of a list that follows one ("phường Ngã Tư Sở, Nam Đồng").
    pub explicit_level: bool,
}

/// A name found in text with every unit it may denote (before context narrowing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionCandidates {
    pub start: usize,
    pub end: usize,
    /// Codes in registry order.
    pub codes: Vec<String>,
    pub explicit_level: bool,
}

/// The district a text's named wards place it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WardPlacement {
    /// Code of the wards' parent (a district-level unit).
    pub district: String,
    /// Registry names of the named wards that belong to it, in text order.
    pub wards: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Tier {
    Province,
    District,
    Ward,
}

fn tier_of(level: &str) -> Option<Tier> {
    if PROVINCE_LEVELS.contains(&level) {
        Some(Tier::Province)
    } else if DISTRICT_LEVELS.contains(&level) {
        Some(Tier::District)
    } else if WARD_LEVELS.contains(&level) {
        Some(Tier::Ward)
    } else {
        None
    }
}

/// Per-unit facts the matcher needs.
#[derive(Debug, Clone)]
struct Meta {
    tier: Tier,
    /// Index into `words` of the word its full name starts with.
    word: Option<usize>,
    /// "Quận 1", "Phường 7": the text after it must not read as a period ("quận 6 tháng").
    numbered: bool,
    parent: Option<u32>,
    province: Option<u32>,
}

#[derive(Debug, Clone)]
struct Word {
    /// Folded, normalised text ("thành phố").
    key: String,
    tiers: Vec<Tier>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    /// The word itself; must be followed by a space.
    Word,
    /// Ends with a dot ("q.", "tp."): the name may follow directly.
    Dotted,
    /// Without dot ("tp", "tx"); must be followed by a space.
    Plain,
    /// One letter without its dot, directly before a number ("q1").
    DigitOnly,
}

#[derive(Debug, Clone)]
struct Form {
    /// Normalised ("q.", "thành phố"; "thanh pho" in the loose index).
    key: String,
    word: usize,
    kind: FormKind,
}

/// Lookups of one text form (exact folded, or loose without diacritics).
#[derive(Default)]
struct Index {
    /// Normalised name or alias → units (registry order).
    names: HashMap<String, Vec<u32>>,
    /// Level words and abbreviations, leftmost-longest.
    levels: Option<AhoCorasick>,
    level_forms: Vec<Form>,
    /// Bare names of provinces and district-level units, and every alias.
    bare: Option<AhoCorasick>,
    /// Per pattern of `bare`: units and whether the form carries a level word.
    bare_units: Vec<(Vec<u32>, bool)>,
}

/// The compiled registry: units in file order with folded lookups.
#[derive(Default)]
pub struct UnitRegistry {
    units: Vec<AdminUnit>,
    meta: Vec<Meta>,
    by_code: HashMap<String, u32>,
    children: Vec<Vec<u32>>,
    words: Vec<Word>,
    exact: Index,
    loose: Index,
    /// Longest normalised name, in bytes: bounds the name search after a level word.
    max_name_len: usize,
}

impl std::fmt::Debug for UnitRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnitRegistry")
            .field("units", &self.units.len())
            .field("names", &self.exact.names.len())
            .finish_non_exhaustive()
    }
}

struct Builder<'a> {
    path: &'a Path,
    text: &'a str,
    errors: Vec<Error>,
    reg: UnitRegistry,
    /// Level id → index of the first word naming it.
    default_word: HashMap<String, usize>,
    /// Word display text (as written in the file) by index.
    word_text: Vec<String>,
}

impl UnitRegistry {
    pub fn compile(file: UnitsFile, path: &Path, text: &str) -> Result<UnitRegistry> {
        let mut b = Builder {
            path,
            text,
            errors: Vec::new(),
            reg: UnitRegistry::default(),
            default_word: HashMap::new(),
            word_text: Vec::new(),
        };
        b.words(&file.word);
        for p in file.province {
            b.unit(p, None, Tier::Province);
        }
        let Builder {
            mut errors,
            mut reg,
            ..
        } = b;
        if errors.len() > 1 {
            return Err(Error::ConfigMany(errors));
        }
        if let Some(e) = errors.pop() {
            return Err(e);
        }
        reg.index(&file.word).map_err(|m| Error::Config {
            file: path.to_path_buf(),
            line: 0,
            column: 0,
            key: "-".into(),
            message: format!("cannot build the name matcher: {m}"),
        })?;
        Ok(reg)
    }

    /// All units in registry (file) order.
    pub fn units(&self) -> &[AdminUnit] {
        &self.units
    }

    pub fn get(&self, code: &str) -> Option<&AdminUnit> {
        self.by_code.get(code).and_then(|&i| self.unit(i))
    }

    /// Direct children (districts of a province, wards of a district), in registry order.
    pub fn children(&self, code: &str) -> Vec<&AdminUnit> {
        self.by_code
            .get(code)
            .and_then(|&i| self.children.get(i as usize))
            .map(|cs| cs.iter().filter_map(|&c| self.unit(c)).collect())
            .unwrap_or_default()
    }

    /// The units of a province at the given levels, in registry order
    /// (Hà Nội "01" with `DISTRICT_LEVELS`: its 30 district-level units),
    /// historic ones included; `scope_in` keeps those of one year.
    pub fn scope(&self, province_code: &str, levels: &[&str]) -> Vec<&AdminUnit> {
        self.units
            .iter()
            .filter(|u| {
                u.province.as_deref() == Some(province_code) && levels.contains(&u.level.as_str())
            })
            .collect()
    }

    /// `scope` restricted to the units that existed in `year` (Hồ Chí Minh's
    /// district-level units: 24 in 2020, 22 from 2021).
    pub fn scope_in(&self, province_code: &str, levels: &[&str], year: i32) -> Vec<&AdminUnit> {
        self.scope(province_code, levels)
            .into_iter()
            .filter(|u| u.valid_in(year))
            .collect()
    }

    fn unit(&self, i: u32) -> Option<&AdminUnit> {
        self.units.get(i as usize)
    }

    fn meta(&self, i: u32) -> Option<&Meta> {
        self.meta.get(i as usize)
    }

    fn tier(&self, i: u32) -> Option<Tier> {
        self.meta(i).map(|m| m.tier)
    }

    // -----------------------------------------------------------------------
    // resolve
    // -----------------------------------------------------------------------

    /// Resolve a name as written ("Q. Đống Đa", "Dong Da", "quận 1", "TP.HCM",
    /// "Gia Lai", "Hòa Thành"). A level word restricts the level (to the same
    /// tier when no unit of that exact word fits: "huyện Thủy Nguyên" finds the
    /// city it became). A bare name prefers provinces and district-level units
    /// over wards, and a province over the same-named city inside it ("Thanh
    /// Hóa"); same-named units elsewhere stay Ambiguous unless
    /// `within_province` (a province code) tells them apart. A name qualified
    /// by its province ("Sơn Tây, Hà Nội", "Huyện Chư Pưh (Gia Lai)", "quận 12
    /// - TP HCM") resolves within it when the whole does not resolve.
    pub fn resolve(&self, written: &str, within_province: Option<&str>) -> Resolution<'_> {
        self.resolve_at(written, within_province, None)
    }

    /// `resolve` among the units that existed in `year` (a 2024 report's "Đạ
    /// Huoai" is the huyện merged away at the end of 2024, not its successor).
    pub fn resolve_at(
        &self,
        written: &str,
        within_province: Option<&str>,
        year: Option<i32>,
    ) -> Resolution<'_> {
        let whole = self.resolve_whole(written, within_province, year);
        if matches!(whole, Resolution::Unique(_)) {
            return whole;
        }
        let qualified = [",", "(", " - ", " – "].iter().find_map(|sep| {
            let (head, tail) = written.split_once(sep)?;
            let tail = tail.trim_matches(|c: char| c.is_whitespace() || c == ')' || c == '.');
            let Resolution::Unique(p) = self.resolve_whole(tail, None, year) else {
                return None;
            };
            let fits = p.level == "tinh" && within_province.is_none_or(|w| w == p.code);
            fits.then(|| self.resolve_whole(head, Some(&p.code), year))
        });
        match qualified {
            Some(r @ Resolution::Unique(_)) => r,
            _ => whole,
        }
    }

    /// Find units by their registry name ("Đống Đa", "Quận 1"; folded, then
    /// without diacritics), optionally of one level, in registry order.
    pub fn find_by_name(&self, name: &str, level: Option<&str>) -> Vec<&AdminUnit> {
        let k = key(name);
        let l = loose_key(&k);
        let Some(hits) = self.loose.names.get(&l) else {
            return Vec::new();
        };
        let named: Vec<(&AdminUnit, String)> = hits
            .iter()
            .filter_map(|&u| self.unit(u))
            .filter(|u| level.is_none_or(|x| u.level == x))
            .map(|u| (u, key(&u.name)))
            .filter(|(_, n)| loose_key(n) == l)
            .collect();
        let exact: Vec<&AdminUnit> = named
            .iter()
            .filter(|(_, n)| *n == k)
            .map(|(u, _)| *u)
            .collect();
        if exact.is_empty() {
            named.into_iter().map(|(u, _)| u).collect()
        } else {
            exact
        }
    }

    fn resolve_whole(
        &self,
        written: &str,
        within_province: Option<&str>,
        year: Option<i32>,
    ) -> Resolution<'_> {
        let exact = Side::exact(written);
        let mut found = self.resolve_side(&exact, &self.exact, false);
        if found.is_empty() {
            let loose = exact.loose();
            found = self.resolve_side(&loose, &self.loose, true);
        }
        if let Some(p) = within_province {
            found.retain(|&(u, _)| self.in_province(u, p));
        }
        if let Some(y) = year {
            found.retain(|&(u, _)| self.unit(u).is_some_and(|x| x.valid_in(y)));
        }
        let explicit = found.iter().any(|&(_, e)| e);
        let mut ids: Vec<u32> = found
            .into_iter()
            .filter(|&(_, e)| e == explicit)
            .map(|(u, _)| u)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if !explicit {
            ids = self.prefer_bare(ids);
        }
        match ids.as_slice() {
            [] => Resolution::NotFound,
            [one] => self
                .unit(*one)
                .map_or(Resolution::NotFound, Resolution::Unique),
            many => Resolution::Ambiguous(many.iter().filter_map(|&i| self.unit(i)).collect()),
        }
    }

    /// Every unit a whole written form may denote, with whether it carried a level word.
    fn resolve_side(&self, side: &Side<'_>, idx: &Index, loose: bool) -> Vec<(u32, bool)> {
        let s = side
            .s
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let mut out = Vec::new();
        if s.is_empty() {
            return out;
        }
        if let Some(us) = idx.names.get(s) {
            let explicit = self.is_explicit_form(s);
            out.extend(us.iter().map(|&u| (u, explicit)));
        }
        // "<level word> <name>": try every level form that starts the string.
        for form in &idx.level_forms {
            let Some(rest) = s.strip_prefix(form.key.as_str()) else {
                continue;
            };
            if !form_boundary_ok(form.kind, rest) {
                continue;
            }
            let rest = rest.trim_start_matches([' ', ':']);
            for u in self.lookup_after_word(idx, form.word, rest, loose) {
                out.push((u, true));
            }
        }
        out
    }

    fn in_province(&self, u: u32, p: &str) -> bool {
        self.unit(u)
            .is_some_and(|x| x.code == p || x.province.as_deref() == Some(p))
    }

    /// A bare name: provinces and district-level units before wards; a
    /// province before the same-named units inside it.
    fn prefer_bare(&self, ids: Vec<u32>) -> Vec<u32> {
        let upper: Vec<u32> = ids
            .iter()
            .copied()
            .filter(|&u| self.tier(u) != Some(Tier::Ward))
            .collect();
        let ids = if upper.is_empty() { ids } else { upper };
        let provinces: Vec<u32> = ids
            .iter()
            .copied()
            .filter(|&u| self.tier(u) == Some(Tier::Province))
            .collect();
        if let [p] = provinces.as_slice() {
            let all_inside = ids
                .iter()
                .all(|&u| u == *p || self.meta(u).is_some_and(|m| m.province == Some(*p)));
            if all_inside {
                return vec![*p];
            }
        }
        ids
    }

    /// Units named `rest` (exactly, the whole of it) after a level word:
    /// those of that word first, else those of the word's tiers.
    fn lookup_after_word(&self, idx: &Index, word: usize, rest: &str, loose: bool) -> Vec<u32> {
        let Some(w) = self.words.get(word) else {
            return Vec::new();
        };
        let numbered_key;
        let hits = match idx.names.get(rest) {
            Some(h) => h,
            // "quận 1", "P.7": numbered units are named with their word.
            None if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) => {
                let key = if loose {
                    strip_diacritics(&w.key)
                } else {
                    w.key.clone()
                };
                numbered_key = format!("{key} {rest}");
                match idx.names.get(&numbered_key) {
                    Some(h) => h,
                    None => return Vec::new(),
                }
            }
            None => return Vec::new(),
        };
        let same: Vec<u32> = hits
            .iter()
            .copied()
            .filter(|&u| self.meta(u).is_some_and(|m| m.word == Some(word)))
            .collect();
        if !same.is_empty() {
            return same;
        }
        hits.iter()
            .copied()
            .filter(|&u| self.tier(u).is_some_and(|t| w.tiers.contains(&t)))
            .collect()
    }

    /// Whether a normalised form starts with a level word or abbreviation
    /// ("quận 1", "tp.hcm", "tphcm", "q1", and without diacritics "quan dong da").
    fn is_explicit_form(&self, s: &str) -> bool {
        let loose = loose_key(s);
        let starts = |idx: &Index, s: &str| {
            idx.level_forms.iter().any(|f| {
                let Some(rest) = s.strip_prefix(f.key.as_str()) else {
                    return false;
                };
                match f.kind {
                    // "tphcm": a two-letter abbreviation glued to its name still names the level.
                    FormKind::Plain => f.key.len() >= 2 && !rest.trim().is_empty(),
                    k => form_boundary_ok(k, rest) && !rest.trim().is_empty(),
                }
            })
        };
        starts(&self.exact, s) || starts(&self.loose, &loose)
    }

    // -----------------------------------------------------------------------
    // find_mentions
    // -----------------------------------------------------------------------

    /// Every unit mentioned in running (NFC) text, leftmost-longest and not
    /// overlapping. Wards and communes count only with their level word
    /// ("phường Ngã Tư Sở") or in a comma/"và" list after one ("phường Ngã Tư
    /// Sở, Nam Đồng"); bare province and district names only at word
    /// boundaries, capitalised, and when they name one unit — directly or
    /// because the text's other mentions leave one candidate (a "phường Quang
    /// Trung" in a text naming "quận Đống Đa"). Ambiguous names are left out;
    /// `find_candidates` lists them.
    pub fn find_mentions(&self, text: &str) -> Vec<Mention> {
        self.mentions_of(&self.scan_text(text))
    }

    /// The names a text holds, found once for `mentions_of` and
    /// `place_by_wards_of` (a text with no given unit needs both).
    pub fn scan_text(&self, text: &str) -> TextNames {
        TextNames {
            raws: self.raw_mentions(text),
        }
    }

    /// `find_mentions` of the text `names` was found in.
    pub fn mentions_of(&self, names: &TextNames) -> Vec<Mention> {
        let raws = &names.raws;
        // What the unambiguous mentions establish: the units and their parents and provinces.
        let mut unique: HashSet<u32> = HashSet::new();
        for r in raws {
            if let [u] = r.units.as_slice() {
                unique.insert(*u);
                if let Some(m) = self.meta(*u) {
                    unique.extend(m.parent);
                    unique.extend(m.province);
                }
            }
        }
        let mut out = Vec::new();
        for r in raws {
            let chosen = match r.units.as_slice() {
                [u] => Some(*u),
                [] => None,
                many => self.narrow(many, &unique),
            };
            if let Some(u) = chosen.and_then(|u| self.unit(u)) {
                out.push(Mention {
                    start: r.start,
                    end: r.end,
                    code: u.code.clone(),
                    explicit_level: r.explicit,
                });
            }
        }
        out
    }

    /// Like `find_mentions`, but every found name with all units it may
    /// denote (bare names already narrowed to provinces and districts), ambiguous ones included.
    pub fn find_candidates(&self, text: &str) -> Vec<MentionCandidates> {
        self.raw_mentions(text)
            .into_iter()
            .map(|r| MentionCandidates {
                start: r.start,
                end: r.end,
                codes: r
                    .units
                    .iter()
                    .filter_map(|&u| self.unit(u))
                    .map(|u| u.code.clone())
                    .collect(),
                explicit_level: r.explicit,
            })
            .collect()
    }

    /// One candidate of an ambiguous mention whose district, else province,
    /// the text names unambiguously.
    fn narrow(&self, many: &[u32], unique: &HashSet<u32>) -> Option<u32> {
        let by_parent: Vec<u32> = many
            .iter()
            .copied()
            .filter(|&u| {
                self.meta(u)
                    .and_then(|m| m.parent)
                    .is_some_and(|p| unique.contains(&p))
            })
            .collect();
        if let [u] = by_parent.as_slice() {
            return Some(*u);
        }
        if !by_parent.is_empty() {
            return None;
        }
        let by_province: Vec<u32> = many
            .iter()
            .copied()
            .filter(|&u| {
                self.meta(u)
                    .and_then(|m| m.province)
                    .is_some_and(|p| unique.contains(&p))
            })
            .collect();
        match by_province.as_slice() {
            [u] => Some(*u),
            _ => None,
        }
    }

    /// The found names, non-overlapping, with their candidate units.
    fn raw_mentions(&self, text: &str) -> Vec<Raw> {
        let (exact, loose) = Side::pair(text);
        let cased = text.chars().any(is_uppercase);
        let mut raws = Vec::new();
        self.scan(&exact, &self.exact, false, cased, &mut raws);
        self.scan(&loose, &self.loose, true, cased, &mut raws);
        // Leftmost, then longest, then exact before loose and explicit before bare.
        raws.sort_by(|a, b| {
            (a.start, std::cmp::Reverse(a.end), a.loose, !a.explicit).cmp(&(
                b.start,
                std::cmp::Reverse(b.end),
                b.loose,
                !b.explicit,
            ))
        });
        let mut out: Vec<Raw> = Vec::new();
        let mut last_end = 0;
        for r in raws {
            if r.start >= last_end && !r.units.is_empty() {
                last_end = r.end;
                out.push(r);
            }
        }
        out
    }

    fn scan(&self, side: &Side<'_>, idx: &Index, loose: bool, cased: bool, out: &mut Vec<Raw>) {
        let s = side.s.as_str();
        // Level word, then a name (and a list of names).
        if let Some(ac) = &idx.levels {
            for m in ac.find_iter(s) {
                let Some(form) = idx.level_forms.get(m.pattern().as_usize()) else {
                    continue;
                };
                if !side.boundary_before(m.start()) {
                    continue;
                }
                let Some(after) = s.get(m.end()..) else {
                    continue;
                };
                if !form_boundary_ok(form.kind, after) {
                    continue;
                }
                let mut p = m.end();
                while matches!(side.byte(p), Some(b' ' | b':')) {
                    p += 1;
                }
                let Some((end, units)) = self.name_at(side, idx, form.word, p, loose, cased) else {
                    continue;
                };
                let units = self.sorted(units);
                let tier = units.first().and_then(|&u| self.tier(u));
                let parents: HashSet<u32> = units
                    .iter()
                    .filter_map(|&u| self.meta(u).and_then(|m| m.parent))
                    .collect();
                out.push(side.raw(m.start(), end, units, true, loose));
                // "phường Ngã Tư Sở, Nam Đồng và Khâm Thiên"; "phường 1, 2 và 3".
                // Items are siblings of the head; anything else ends the list
                // ("phường Láng Hạ, Đống Đa" goes on to the district, "huyện
                // Vĩnh Lộc, Thanh Hóa" to the province).
                let mut q = end;
                while let Some(next) = side.list_item_start(q, loose) {
                    let Some((e, us)) = self.name_at(side, idx, form.word, next, loose, cased)
                    else {
                        break;
                    };
                    let us: Vec<u32> = us
                        .into_iter()
                        .filter(|&u| {
                            self.meta(u).is_some_and(|m| {
                                let sibling = match m.parent {
                                    Some(p) => parents.contains(&p),
                                    None => parents.is_empty(), // provinces
                                };
                                Some(m.tier) == tier
                                    && sibling
                                    && (m.tier != Tier::District || m.word == Some(form.word))
                            })
                        })
                        .collect();
                    if us.is_empty() {
                        break;
                    }
                    out.push(side.raw(next, e, self.sorted(us), true, loose));
                    q = e;
                }
            }
        }
        // Bare names and aliases.
        if let Some(ac) = &idx.bare {
            for m in ac.find_overlapping_iter(s) {
                let Some((units, explicit)) = idx.bare_units.get(m.pattern().as_usize()) else {
                    continue;
                };
                let (a, e) = (m.start(), m.end());
                if !side.boundary_before(a) || !side.boundary_after(e) {
                    continue;
                }
                if loose && !side.plain(a, e) {
                    continue;
                }
                let mut units = units.clone();
                if !*explicit {
                    if !side.capitalised(a, e) || !side.single_word_ok(a, e) {
                        continue;
                    }
                    // Wards need their level word.
                    units.retain(|&u| self.tier(u) != Some(Tier::Ward));
                    units = self.prefer_bare(units);
                }
                units.retain(|&u| !self.meta(u).is_some_and(|m| m.numbered) || side.number_ok(e));
                if !units.is_empty() {
                    out.push(side.raw(a, e, units, *explicit, loose));
                }
            }
        }
    }

    fn sorted(&self, mut units: Vec<u32>) -> Vec<u32> {
        units.sort_unstable();
        units.dedup();
        units
    }

    /// The longest name starting at byte `p` of the side that a unit of
    /// `word` (or its tiers) has: its end and units.
    fn name_at(
        &self,
        side: &Side<'_>,
        idx: &Index,
        word: usize,
        p: usize,
        loose: bool,
        cased: bool,
    ) -> Option<(usize, Vec<u32>)> {
        let s = side.s.as_str();
        let first = s.get(p..)?.chars().next()?;
        if !is_alphanumeric(first) {
            return None;
        }
        let limit = (p + self.max_name_len).min(s.len());
        let mut ends: Vec<usize> = Vec::new();
        let mut prev_alnum = false;
        for (off, c) in s.get(p..)?.char_indices() {
            let at = p + off;
            if at > limit {
                break;
            }
            if !is_alphanumeric(c) && prev_alnum {
                ends.push(at);
            }
            prev_alnum = is_alphanumeric(c);
        }
        if prev_alnum && s.len() <= limit {
            ends.push(s.len());
        }
        for &e in ends.iter().rev() {
            let name = s.get(p..e)?;
            let units = self.lookup_after_word(idx, word, name, loose);
            if units.is_empty() {
                continue;
            }
            if loose && !side.plain(p, e) {
                continue;
            }
            if cased && !side.capitalised(p, e) {
                continue;
            }
            let numeric = name.chars().all(|c| c.is_ascii_digit());
            if numeric && !side.number_ok(e) {
                return None;
            }
            return Some((e, units));
        }
        None
    }

    // -----------------------------------------------------------------------
    // place_by_wards
    // -----------------------------------------------------------------------

    /// The district-level unit a text that names its wards belongs to: the
    /// one all named wards (or a clear majority: at least two, more than half,
    /// and no other district with as many) belong to, counting only wards
    /// valid in `year` when given. None when no ward is named or it is ambiguous.
    pub fn place_by_wards(&self, text: &str, year: Option<i32>) -> Option<WardPlacement> {
        self.place_by_wards_of(text, &self.scan_text(text), year)
    }

    /// `place_by_wards` of `text`, whose names `names` holds.
    pub fn place_by_wards_of(
        &self,
        text: &str,
        names: &TextNames,
        year: Option<i32>,
    ) -> Option<WardPlacement> {
        let raws = &names.raws;
        // Each distinct written ward name with the wards it may be.
        let mut named: Vec<(String, Vec<u32>)> = Vec::new();
        for r in raws.iter().filter(|r| r.explicit) {
            let wards: Vec<u32> = r
                .units
                .iter()
                .copied()
                .filter(|&u| self.tier(u) == Some(Tier::Ward))
                .filter(|&u| year.is_none_or(|y| self.unit(u).is_some_and(|x| x.valid_in(y))))
                .collect();
            if wards.is_empty() {
                continue;
            }
            let key = key(text.get(r.start..r.end).unwrap_or(""));
            let key = self.strip_level_word(&key);
            match named.iter_mut().find(|(k, _)| *k == key) {
                Some((_, ws)) => ws.extend(wards),
                None => named.push((key, wards)),
            }
        }
        if named.is_empty() {
            return None;
        }
        let mut count: HashMap<u32, usize> = HashMap::new();
        for (_, ws) in &named {
            let parents: HashSet<u32> = ws
                .iter()
                .filter_map(|&w| self.meta(w).and_then(|m| m.parent))
                .collect();
            for p in parents {
                *count.entry(p).or_default() += 1;
            }
        }
        let best = count.values().copied().max()?;
        let leaders: Vec<u32> = count
            .iter()
            .filter(|&(_, &c)| c == best)
            .map(|(&p, _)| p)
            .collect();
        let [district] = leaders.as_slice() else {
            return None;
        };
        let n = named.len();
        if !(best == n || (best >= 2 && best * 2 > n)) {
            return None;
        }
        let mut wards: Vec<String> = Vec::new();
        for (_, ws) in &named {
            let hit = ws
                .iter()
                .filter(|&&w| self.meta(w).and_then(|m| m.parent) == Some(*district))
                .filter_map(|&w| self.unit(w))
                .next();
            if let Some(u) = hit {
                if !wards.contains(&u.name) {
                    wards.push(u.name.clone());
                }
            }
        }
        Some(WardPlacement {
            district: self.unit(*district)?.code.clone(),
            wards,
        })
    }

    /// "phường ngã tư sở" → "ngã tư sở", so a name counts once however written.
    fn strip_level_word(&self, key: &str) -> String {
        let longest = [&self.exact, &self.loose]
            .into_iter()
            .flat_map(|idx| idx.level_forms.iter())
            .filter_map(|f| {
                key.strip_prefix(f.key.as_str())
                    .filter(|r| form_boundary_ok(f.kind, r))
            })
            .map(|r| r.trim_start_matches([' ', ':']))
            .min_by_key(|r| r.len());
        match longest {
            Some(rest) if !rest.is_empty() && !rest.chars().all(|c| c.is_ascii_digit()) => {
                rest.to_string()
            }
            _ => key.to_string(),
        }
    }
}

fn form_boundary_ok(kind: FormKind, after: &str) -> bool {
    let next = after.chars().next();
    match kind {
        FormKind::Dotted => true,
        FormKind::Word | FormKind::Plain => next.is_none_or(|c| !is_alphanumeric(c)),
        FormKind::DigitOnly => next.is_some_and(|c| c.is_ascii_digit()),
    }
}

/// The names found in one text (`UnitRegistry::scan_text`).
#[derive(Debug, Clone)]
pub struct TextNames {
    raws: Vec<Raw>,
}

/// A found name before context narrowing.
#[derive(Debug, Clone)]
struct Raw {
    start: usize,
    end: usize,
    units: Vec<u32>,
    explicit: bool,
    loose: bool,
}

// ---------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------

impl Builder<'_> {
    fn err(&mut self, span: std::ops::Range<usize>, key: &str, msg: impl Into<String>) {
        self.errors
            .push(super::invalid(self.path, self.text, span, key, msg));
    }

    fn words(&mut self, words: &[WordEntry]) {
        for (i, w) in words.iter().enumerate() {
            let key = key(w.text.get_ref());
            if key.is_empty() {
                self.err(w.text.span(), "text", "a level word must not be empty");
            }
            let mut tiers = Vec::new();
            for l in &w.levels {
                match tier_of(l.get_ref()) {
                    Some(t) => {
                        if !tiers.contains(&t) {
                            tiers.push(t);
                        }
                        self.default_word.entry(l.get_ref().clone()).or_insert(i);
                    }
                    None => self.err(l.span(), "levels", unknown_level(l.get_ref())),
                }
            }
            self.word_text.push(w.text.get_ref().clone());
            self.reg.words.push(Word { key, tiers });
        }
    }

    fn unit(&mut self, e: UnitEntry, parent: Option<u32>, expected: Tier) {
        let code = e.code.get_ref().trim().to_string();
        let level = e.level.get_ref().clone();
        let tier = tier_of(&level);
        let ok_tier = match (tier, expected) {
            (None, _) => {
                self.err(e.level.span(), "level", unknown_level(&level));
                false
            }
            (Some(t), Tier::Province) if t != Tier::Province => {
                self.err(
                    e.level.span(),
                    "level",
                    format!("`{level}` is not a province level; `province` entries are `tinh`"),
                );
                false
            }
            (Some(Tier::Province), Tier::District | Tier::Ward) => {
                self.err(
                    e.level.span(),
                    "level",
                    format!(
                        "`{level}` is a province level; it cannot be listed under {code}'s parent"
                    ),
                );
                false
            }
            (Some(Tier::District), Tier::Ward) => {
                self.err(
                    e.level.span(),
                    "level",
                    format!("`{level}` is a district level; `wards` lists phuong/xa/thi_tran"),
                );
                false
            }
            (Some(Tier::Ward), Tier::District) => {
                self.err(
                    e.level.span(),
                    "level",
                    format!("`{level}` is a ward level; list it under `wards`"),
                );
                false
            }
            _ => true,
        };
        if code.is_empty() {
            self.err(e.code.span(), "code", "a unit code must not be empty");
            return;
        }
        if self.reg.by_code.contains_key(&code) {
            self.err(
                e.code.span(),
                "code",
                format!("unit code `{code}` is defined twice"),
            );
            return;
        }
        if e.name.trim().is_empty() {
            self.err(
                e.code.span(),
                "name",
                format!("unit `{code}` has an empty name"),
            );
        }
        if let (Some(f), Some(t)) = (e.valid_from, e.valid_to) {
            if f > t {
                self.err(
                    e.code.span(),
                    "valid_to",
                    format!("unit `{code}`: valid_to {t} is before valid_from {f}"),
                );
            }
        }
        if e.aliases.iter().any(|a| a.trim().is_empty()) {
            self.err(
                e.code.span(),
                "aliases",
                format!("unit `{code}` has an empty alias"),
            );
        }
        if tier == Some(Tier::Ward) && !e.district.is_empty() {
            self.err(
                e.code.span(),
                "district",
                format!("ward `{code}` cannot list districts"),
            );
        }
        if tier == Some(Tier::District) && !e.district.is_empty() {
            self.err(
                e.code.span(),
                "district",
                format!("`{code}` is a district; only provinces list districts"),
            );
        }
        if tier == Some(Tier::Ward) && !e.wards.is_empty() {
            self.err(
                e.code.span(),
                "wards",
                format!("ward `{code}` cannot list wards"),
            );
        }
        if !ok_tier {
            return;
        }
        let Some(tier) = tier else { return };
        let name = e.name.trim().to_string();
        let numbered = is_numbered(&name);
        let full_name = match &e.full_name {
            Some(f) => f.trim().to_string(),
            None if numbered => name.clone(),
            None => match self
                .default_word
                .get(&level)
                .and_then(|&w| self.word_text.get(w))
            {
                Some(w) => format!("{} {name}", capitalise(w)),
                None => name.clone(),
            },
        };
        // A derived full name starts with the level's default word; only
        // written ones are folded to find theirs (folding all 10,000 costs).
        let default_word = self.default_word.get(&level).copied();
        let word = match (&e.full_name, default_word) {
            (None, Some(w)) if !numbered => Some(w),
            _ => {
                let full_key = key(&full_name);
                self.reg
                    .words
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| {
                        full_key
                            .strip_prefix(w.key.as_str())
                            .is_some_and(|r| r.starts_with(' '))
                    })
                    .max_by_key(|(_, w)| w.key.len())
                    .map(|(i, _)| i)
            }
        };
        let (parent_code, province_code, province_idx) = match parent {
            None => (None, None, None),
            Some(p) => {
                let pu = self.reg.units.get(p as usize);
                let pm = self.reg.meta.get(p as usize);
                let prov_idx = match pm.map(|m| m.tier) {
                    Some(Tier::Province) => Some(p),
                    _ => pm.and_then(|m| m.province),
                };
                let prov_code = prov_idx
                    .and_then(|i| self.reg.units.get(i as usize))
                    .map(|u| u.code.clone());
                (pu.map(|u| u.code.clone()), prov_code, prov_idx)
            }
        };
        let idx = self.reg.units.len() as u32;
        self.reg.units.push(AdminUnit {
            gso_code: e.gso.clone().unwrap_or_else(|| code.clone()),
            code: code.clone(),
            name,
            full_name,
            level,
            parent: parent_code,
            province: province_code,
            valid_from: e.valid_from,
            valid_to: e.valid_to,
            aliases: e.aliases,
        });
        self.reg.meta.push(Meta {
            tier,
            word,
            numbered,
            parent,
            province: province_idx,
        });
        self.reg.children.push(Vec::new());
        if let Some(p) = parent.and_then(|p| self.reg.children.get_mut(p as usize)) {
            p.push(idx);
        }
        self.reg.by_code.insert(code, idx);
        for d in e.district {
            self.unit(d, Some(idx), Tier::District);
        }
        for w in e.wards {
            self.unit(w, Some(idx), Tier::Ward);
        }
    }
}

impl UnitRegistry {
    /// Build the name lookups and automata of both text forms.
    fn index(&mut self, words: &[WordEntry]) -> std::result::Result<(), String> {
        let mut exact_names: HashMap<String, Vec<u32>> = HashMap::new();
        let mut loose_names: HashMap<String, Vec<u32>> = HashMap::new();
        // Bare automaton patterns: normalised form → (units, explicit?).
        let mut exact_bare: HashMap<String, Vec<u32>> = HashMap::new();
        let mut loose_bare: HashMap<String, Vec<u32>> = HashMap::new();
        let mut max_len = 0;
        for (i, u) in self.units.iter().enumerate() {
            let i = i as u32;
            let tier = self.meta.get(i as usize).map(|m| m.tier);
            let mut forms: Vec<&str> = vec![u.name.as_str()];
            forms.extend(u.aliases.iter().map(String::as_str));
            for (n, f) in forms.into_iter().enumerate() {
                let k = key(f);
                if k.is_empty() {
                    continue;
                }
                let l = loose_key(&k);
                max_len = max_len.max(k.len()).max(l.len());
                // Ward names are found only after a level word; their aliases
                // (hand-written) and all province/district forms directly.
                if tier != Some(Tier::Ward) || n > 0 {
                    push_unique(exact_bare.entry(k.clone()).or_default(), i);
                    push_unique(loose_bare.entry(l.clone()).or_default(), i);
                }
                push_unique(exact_names.entry(k).or_default(), i);
                push_unique(loose_names.entry(l).or_default(), i);
            }
        }
        self.max_name_len = max_len;
        let (levels_exact, forms_exact, levels_loose, forms_loose) = level_automata(words)?;
        self.exact = Index {
            names: exact_names,
            levels: levels_exact,
            level_forms: forms_exact,
            ..Index::default()
        };
        self.loose = Index {
            names: loose_names,
            levels: levels_loose,
            level_forms: forms_loose,
            ..Index::default()
        };
        let (bare, units) = self.bare_automaton(exact_bare)?;
        self.exact.bare = bare;
        self.exact.bare_units = units;
        let (bare, units) = self.bare_automaton(loose_bare)?;
        self.loose.bare = bare;
        self.loose.bare_units = units;
        Ok(())
    }

    #[allow(clippy::type_complexity)]
    fn bare_automaton(
        &self,
        forms: HashMap<String, Vec<u32>>,
    ) -> std::result::Result<(Option<AhoCorasick>, Vec<(Vec<u32>, bool)>), String> {
        let mut forms: Vec<(String, Vec<u32>)> = forms.into_iter().collect();
        forms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let units: Vec<(Vec<u32>, bool)> = forms
            .iter()
            .map(|(k, us)| (us.clone(), self.is_explicit_form(k)))
            .collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(forms.iter().map(|(k, _)| k.as_str()))
            .map_err(|e| e.to_string())?;
        Ok((Some(ac), units))
    }
}

#[allow(clippy::type_complexity)]
fn level_automata(
    words: &[WordEntry],
) -> std::result::Result<
    (
        Option<AhoCorasick>,
        Vec<Form>,
        Option<AhoCorasick>,
        Vec<Form>,
    ),
    String,
> {
    let mut exact: Vec<(String, Form)> = Vec::new();
    let mut loose: Vec<(String, Form)> = Vec::new();
    let mut add = |text: &str, word: usize, kind: FormKind| {
        let k = key(text);
        if k.is_empty() {
            return;
        }
        let l = loose_key(&k);
        if !exact.iter().any(|(x, _)| *x == k) {
            exact.push((k.clone(), Form { key: k, word, kind }));
        }
        if !loose.iter().any(|(k, _)| *k == l) {
            loose.push((l.clone(), Form { key: l, word, kind }));
        }
    };
    for (i, w) in words.iter().enumerate() {
        add(w.text.get_ref(), i, FormKind::Word);
        for a in &w.abbreviations {
            let a = a.trim();
            match a.strip_suffix('.') {
                Some(bare) => {
                    add(a, i, FormKind::Dotted);
                    if bare.chars().count() == 1 {
                        add(bare, i, FormKind::DigitOnly);
                    }
                }
                None => add(a, i, FormKind::Plain),
            }
        }
    }
    let build = |forms: &[(String, Form)]| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(forms.iter().map(|(k, _)| k.as_str()))
            .map_err(|e| e.to_string())
    };
    let le = build(&exact)?;
    let ll = build(&loose)?;
    Ok((
        Some(le),
        exact.into_iter().map(|(_, f)| f).collect(),
        Some(ll),
        loose.into_iter().map(|(_, f)| f).collect(),
    ))
}

fn push_unique(v: &mut Vec<u32>, i: u32) {
    if !v.contains(&i) {
        v.push(i);
    }
}

fn unknown_level(level: &str) -> String {
    let all: Vec<&str> = PROVINCE_LEVELS
        .iter()
        .chain(DISTRICT_LEVELS)
        .chain(WARD_LEVELS)
        .copied()
        .collect();
    format!("unknown level `{level}` (known: {})", all.join(", "))
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// "Quận 1", "Phường 12": a level word and a number.
fn is_numbered(name: &str) -> bool {
    let mut parts = name.split_whitespace();
    match (parts.next(), parts.next(), parts.next()) {
        (Some(w), Some(n), None) => {
            w.chars().all(char::is_alphabetic) && n.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Text sides
// ---------------------------------------------------------------------------

const UPPER: u8 = 1;
const PLAIN: u8 = 2;

/// A text folded for matching, with every byte mapped back to the original.
/// Whitespace runs become one space, trimmed; dashes become '-' and quotes
/// '\'', with no space around a hyphen or after an in-word apostrophe
/// ("Bà Rịa – Vũng Tàu" → "bà rịa-vũng tàu", "Ia H' Drai" → "ia h'drai").
struct Side<'t> {
    /// The original text: a char's end is read from it, not stored.
    orig: &'t str,
    s: String,
    /// Per byte of `s`: the original byte offset of the char it came from.
    start: Vec<usize>,
    /// Per byte: UPPER (the original char is upper case), PLAIN (no diacritics).
    flags: Vec<u8>,
}

/// The normalised folded form of a name, as `Side::exact` makes it of a text.
fn key(s: &str) -> String {
    Side::build(s, false, None).s
}

/// `key` without diacritics.
fn loose_key(key: &str) -> String {
    if key.is_ascii() {
        key.to_string()
    } else {
        strip_diacritics(key)
    }
}

impl<'t> Side<'t> {
    fn exact(text: &'t str) -> Side<'t> {
        Side::build(text, true, None)
    }

    /// The exact side and its loose form, built in one pass over the text.
    fn pair(text: &'t str) -> (Side<'t>, Side<'t>) {
        let mut loose = Side::empty(text, text.len());
        let exact = Side::build(text, true, Some(&mut loose));
        (exact, loose)
    }

    fn empty(orig: &'t str, cap: usize) -> Side<'t> {
        Side {
            orig,
            s: String::with_capacity(cap),
            start: Vec::with_capacity(cap),
            flags: Vec::with_capacity(cap),
        }
    }

    /// `track`: keep the byte map and flags (texts); names need only the
    /// string. `loose`: also build the loose form there, char by char.
    fn build(text: &'t str, track: bool, mut loose: Option<&mut Side<'t>>) -> Side<'t> {
        let folded = fold_chars(text);
        let mut side = Side::empty(text, 0);
        side.s.reserve(text.len());
        if track {
            side.start.reserve(text.len());
            side.flags.reserve(text.len());
        }
        let mut pending_space: Option<usize> = None;
        // The last two chars of `side.s` (the last one first), kept here so
        // that gluing needs no look back into the string.
        let mut last: Option<char> = None;
        let mut before_last: Option<char> = None;
        // folding keeps one char per char: the original is read alongside
        for (c, (a, orig)) in folded.into_iter().zip(text.char_indices()) {
            if c.is_whitespace() {
                if pending_space.is_none() {
                    pending_space = Some(a);
                }
                continue;
            }
            let c = match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
                '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
                c => c,
            };
            // an apostrophe right after a letter ("h'") glues the next word
            let apostrophe_in_word =
                last == Some('\'') && before_last.is_some_and(char::is_alphabetic);
            let glued = c == '-' || last == Some('-') || apostrophe_in_word;
            if let Some(sa) = pending_space.take() {
                if last.is_some() && !glued {
                    if track {
                        side.push(' ', sa, 0);
                        if let Some(l) = loose.as_deref_mut() {
                            l.push(' ', sa, PLAIN);
                        }
                    } else {
                        side.s.push(' ');
                    }
                    last = Some(' ');
                }
            }
            before_last = last;
            last = Some(c);
            if !track {
                side.s.push(c);
                continue;
            }
            let upper = if orig.is_ascii() {
                orig.is_ascii_uppercase()
            } else {
                is_uppercase(orig)
            };
            let f = if upper { UPPER } else { 0 };
            side.push(c, a, f);
            if let Some(l) = loose.as_deref_mut() {
                l.push_loose(c, a, f);
            }
        }
        side
    }

    /// The same text without diacritics, keeping the map.
    fn loose(&self) -> Side<'t> {
        let mut side = Side::empty(self.orig, self.s.len());
        for (b, c) in self.s.char_indices() {
            let a = self.start.get(b).copied().unwrap_or(0);
            let f = self.flags.get(b).copied().unwrap_or(0);
            side.push_loose(c, a, f);
        }
        side
    }

    /// Push the loose form of the exact side's char `c` (from original byte
    /// `a`, with flags `f`).
    #[inline(always)]
    fn push_loose(&mut self, c: char, a: usize, f: u8) {
        if c.is_ascii() {
            self.push(c, a, f | PLAIN);
            return;
        }
        if let Some(d) = strip_char(c) {
            self.push(d, a, if d == c { f | PLAIN } else { f & !PLAIN });
            return;
        }
        let mut buf = [0u8; 4];
        let stripped = strip_diacritics(c.encode_utf8(&mut buf));
        let plain = stripped.chars().eq(std::iter::once(c));
        for d in stripped.chars() {
            self.push(d, a, if plain { f | PLAIN } else { f & !PLAIN });
        }
    }

    #[inline(always)]
    fn push(&mut self, c: char, a: usize, flags: u8) {
        self.s.push(c);
        // most chars of a text are ASCII: one byte, one entry
        if c.is_ascii() {
            self.start.push(a);
            self.flags.push(flags);
            return;
        }
        let n = c.len_utf8();
        self.start.extend(std::iter::repeat_n(a, n));
        self.flags.extend(std::iter::repeat_n(flags, n));
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.s.as_bytes().get(i).copied()
    }

    fn char_before(&self, i: usize) -> Option<char> {
        self.s.get(..i).and_then(|x| x.chars().next_back())
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.s.get(i..).and_then(|x| x.chars().next())
    }

    fn boundary_before(&self, i: usize) -> bool {
        self.char_before(i).is_none_or(|c| !is_alphanumeric(c))
    }

    fn boundary_after(&self, i: usize) -> bool {
        self.char_at(i).is_none_or(|c| !is_alphanumeric(c))
    }

    /// No char of [a, e) had diacritics (a loose match counts only in text written without them).
    fn plain(&self, a: usize, e: usize) -> bool {
        self.flags
            .get(a..e)
            .is_some_and(|fs| fs.iter().all(|f| f & PLAIN != 0))
    }

    /// Every word of [a, e) starts with an upper-case letter or a digit (proper names).
    fn capitalised(&self, a: usize, e: usize) -> bool {
        let Some(span) = self.s.get(a..e) else {
            return false;
        };
        let mut prev: Option<char> = None;
        for (off, c) in span.char_indices() {
            let word_start = prev.is_none_or(|p| p == ' ' || p == '-');
            if word_start
                && c.is_alphabetic()
                && self.flags.get(a + off).is_none_or(|f| f & UPPER == 0)
            {
                return false;
            }
            prev = Some(c);
        }
        true
    }

    /// A one-word bare name ("Vinh", "Huế") opening a sentence and followed by
    /// a lower-case word is an ordinary word ("Vinh danh …").
    fn single_word_ok(&self, a: usize, e: usize) -> bool {
        let one_word = self.s.get(a..e).is_some_and(|x| !x.contains([' ', '-']));
        if !one_word {
            return true;
        }
        let sentence_start = self
            .s
            .get(..a)
            .map(|x| x.trim_end_matches([' ', '"', '\'', '(']))
            .is_none_or(|x| x.is_empty() || x.ends_with(['.', '!', '?', '\n', ':']));
        if !sentence_start {
            return true;
        }
        let next_lower = self.byte(e) == Some(b' ')
            && self.char_at(e + 1).is_some_and(char::is_alphabetic)
            && self.flags.get(e + 1).is_some_and(|f| f & UPPER == 0);
        !next_lower
    }

    /// A number ending at `e` names a unit, not a period or an amount
    /// ("quận 6 tháng đầu năm", "Q1/2023", "phường 1,5").
    fn number_ok(&self, e: usize) -> bool {
        let rest = self.s.get(e..).unwrap_or("");
        let mut cs = rest.chars();
        match (cs.next(), cs.next()) {
            (Some('/' | '-' | ',' | '.'), Some(d)) if d.is_ascii_digit() => return false,
            _ => {}
        }
        let next_word: String = rest
            .trim_start_matches(' ')
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        const PERIOD_WORDS: &[&str] = &[
            "tháng", "thang", "năm", "nam", "quý", "quy", "ngày", "ngay", "tuần", "tuan",
        ];
        if rest.starts_with(' ') && PERIOD_WORDS.contains(&next_word.as_str()) {
            return false;
        }
        // A year right after ("Quận 1 2023") reads as a date.
        !(rest.starts_with(' ')
            && next_word.len() == 4
            && next_word.chars().all(|c| c.is_ascii_digit()))
    }

    /// Where the next item of a list starts after byte `q`: after ",", ";"
    /// or "và" (", và"); None when no separator follows.
    fn list_item_start(&self, q: usize, loose: bool) -> Option<usize> {
        let rest = self.s.get(q..)?;
        let t = rest.trim_start_matches(' ');
        let conj = if loose { "va " } else { "và " };
        let after = if let Some(x) = t.strip_prefix([',', ';']) {
            let x = x.trim_start_matches(' ');
            x.strip_prefix(conj).unwrap_or(x)
        } else {
            t.strip_prefix(conj)?
        };
        let after = after.trim_start_matches(' ');
        Some(self.s.len() - after.len())
    }

    /// A found name, in original offsets.
    fn raw(&self, a: usize, e: usize, units: Vec<u32>, explicit: bool, loose: bool) -> Raw {
        let start = self.start.get(a).copied().unwrap_or(0);
        // the end of the original char the last byte came from
        let end = e
            .checked_sub(1)
            .and_then(|l| self.start.get(l))
            .map_or(start, |&o| {
                o + self
                    .orig
                    .get(o..)
                    .and_then(|r| r.chars().next())
                    .map_or(0, char::len_utf8)
            });
        Raw {
            start,
            end,
            units,
            explicit,
            loose,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::OnceLock;

    fn path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config/units.toml")
    }

    fn load() -> UnitRegistry {
        let p = path();
        let (file, text) = crate::config::load_toml::<UnitsFile>(&p).unwrap();
        UnitRegistry::compile(file, &p, &text).unwrap()
    }

    fn reg() -> &'static UnitRegistry {
        static R: OnceLock<UnitRegistry> = OnceLock::new();
        R.get_or_init(load)
    }

    fn code<'a>(r: Resolution<'a>) -> Option<&'a str> {
        match r {
            Resolution::Unique(u) => Some(u.code.as_str()),
            _ => None,
        }
    }

    fn count(level: &[&str]) -> usize {
        reg()
            .units()
            .iter()
            .filter(|u| level.contains(&u.level.as_str()))
            .count()
    }

    /// Units of these levels in the source list (no end year).
    fn current(levels: &[&str]) -> usize {
        reg()
            .units()
            .iter()
            .filter(|u| levels.contains(&u.level.as_str()) && u.valid_to.is_none())
            .count()
    }

    #[test]
    fn counts_match_the_reference_list() {
        assert_eq!(current(PROVINCE_LEVELS), 63);
        assert_eq!(current(DISTRICT_LEVELS), 696);
        assert_eq!(current(WARD_LEVELS), 10_047);
        // Two wards of Phú Nhuận typed "Xã" in the source are "Phường 5"/"Phường 15".
        assert_eq!(current(&["phuong"]), 1724 + 2);
        assert_eq!(current(&["xa"]), 7706 - 2);
        assert_eq!(current(&["thi_tran"]), 617);
        // Historic units older reports still name.
        assert_eq!(count(DISTRICT_LEVELS), 696 + 20);
        assert_eq!(count(WARD_LEVELS), 10_047 + 6);
        assert_eq!(reg().scope("01", DISTRICT_LEVELS).len(), 30);
        assert_eq!(reg().scope("01", &["quan"]).len(), 12);
        let hn = reg().get("01").unwrap();
        assert_eq!(
            (hn.name.as_str(), hn.full_name.as_str(), hn.level.as_str()),
            ("Hà Nội", "Thành phố Hà Nội", "tinh")
        );
        assert_eq!(reg().children("01").len(), 30);
        let dd = reg().get("006").unwrap();
        assert_eq!(
            (
                dd.name.as_str(),
                dd.full_name.as_str(),
                dd.parent.as_deref()
            ),
            ("Đống Đa", "Quận Đống Đa", Some("01"))
        );
        let q1 = reg().get("760").unwrap();
        assert_eq!(
            (q1.name.as_str(), q1.full_name.as_str()),
            ("Quận 1", "Quận 1")
        );
        let w = reg().get("00178").unwrap();
        assert_eq!(
            (
                w.full_name.as_str(),
                w.parent.as_deref(),
                w.province.as_deref()
            ),
            ("Phường Cát Linh", Some("006"), Some("01"))
        );
        assert_eq!(reg().get("769").unwrap().level, "thanh_pho");
        assert_eq!(reg().get("755").unwrap().name, "Côn Đảo");
        assert_eq!(reg().scope_in("79", DISTRICT_LEVELS, 2020).len(), 24);
        assert_eq!(reg().scope_in("79", DISTRICT_LEVELS, 2022).len(), 22);
        assert_eq!(reg().scope("79", DISTRICT_LEVELS).len(), 25);
        let ns = reg().find_by_name("Nông Sơn", Some("huyen"));
        assert_eq!(
            (ns.len(), ns[0].valid_to, ns[0].parent.as_deref()),
            (1, Some(2024), Some("49"))
        );
    }

    #[test]
    fn dong_da_had_21_wards_before_2025() {
        let wards = reg().children("006");
        assert_eq!(wards.iter().filter(|w| w.valid_in(2022)).count(), 21);
        assert_eq!(wards.iter().filter(|w| w.valid_in(2025)).count(), 17);
        let nts = wards.iter().find(|w| w.name == "Ngã Tư Sở").unwrap();
        assert_eq!((nts.valid_to, nts.gso_code.as_str()), (Some(2024), "00235"));
    }

    #[test]
    fn resolves_written_forms() {
        let r = reg();
        for w in [
            "Q. Đống Đa",
            "Q.Đống Đa",
            "Dong Da",
            "quận Đống Đa",
            "Đống Đa",
            "Quan Dong Da",
            "QUẬN ĐỐNG ĐA",
        ] {
            assert_eq!(code(r.resolve(w, None)), Some("006"), "{w}");
        }
        for w in [
            "TP.HCM",
            "TPHCM",
            "TP HCM",
            "TP. Hồ Chí Minh",
            "Sài Gòn",
            "Hồ Chí Minh",
            "thành phố Hồ Chí Minh",
            "Tp.HCM",
        ] {
            assert_eq!(code(r.resolve(w, None)), Some("79"), "{w}");
        }
        assert_eq!(code(r.resolve("H. Gia Lâm", None)), Some("018"));
        assert_eq!(code(r.resolve("huyện Gia Lâm", None)), Some("018"));
        assert_eq!(code(r.resolve("Quận 1", Some("79"))), Some("760"));
        assert_eq!(code(r.resolve("quận 1", None)), Some("760"));
        assert_eq!(code(r.resolve("Q1", None)), Some("760"));
        assert_eq!(code(r.resolve("quận 12", None)), Some("761"));
        assert_eq!(code(r.resolve("Gia Lai", None)), Some("64"));
        assert_eq!(code(r.resolve("Hòa Thành", None)), Some("709"));
        assert_eq!(code(r.resolve("Hoà Thành", None)), Some("709"));
        assert_eq!(code(r.resolve("TX. Sơn Tây", None)), Some("269"));
        assert_eq!(code(r.resolve("thị xã Sơn Tây", None)), Some("269"));
        assert_eq!(code(r.resolve("TP. Vũng Tàu", None)), Some("747"));
        assert_eq!(code(r.resolve("HN", None)), Some("01"));
        assert_eq!(code(r.resolve("Hà Nội", None)), Some("01"));
        assert_eq!(code(r.resolve("tỉnh Quảng Nam", None)), Some("49"));
        assert_eq!(code(r.resolve("BR-VT", None)), Some("77"));
        assert_eq!(code(r.resolve("Bà Rịa – Vũng Tàu", None)), Some("77"));
        assert_eq!(code(r.resolve("Huế", None)), Some("46"));
        assert_eq!(code(r.resolve("Thừa Thiên Huế", None)), Some("46"));
        // A province before the same-named city inside it; the level word picks the city.
        assert_eq!(code(r.resolve("Thanh Hóa", None)), Some("38"));
        assert_eq!(code(r.resolve("TP. Thanh Hóa", None)), Some("380"));
        assert_eq!(code(r.resolve("thành phố Thái Nguyên", None)), Some("164"));
        // A level word of the same tier still finds a unit whose level changed.
        assert_eq!(code(r.resolve("huyện Thủy Nguyên", None)), Some("311"));
        // Wards need nothing more when the name is theirs alone.
        assert_eq!(
            code(r.resolve("phường Ngã Tư Sở", None)),
            Some("00235-2024")
        );
        assert_eq!(code(r.resolve("Phường Cát Linh", None)), Some("00178"));
    }

    #[test]
    fn ambiguity_is_reported_not_guessed() {
        let r = reg();
        // Sơn Tây: a thị xã of Hà Nội and a huyện of Quảng Ngãi.
        match r.resolve("Sơn Tây", None) {
            Resolution::Ambiguous(us) => assert_eq!(us.len(), 2),
            other => panic!("{other:?}"),
        }
        assert_eq!(code(r.resolve("Sơn Tây", Some("01"))), Some("269"));
        assert!(matches!(
            r.resolve("Châu Thành", None),
            Resolution::Ambiguous(_)
        ));
        assert!(matches!(
            r.resolve("Quảng Ninh", None),
            Resolution::Ambiguous(_)
        ));
        assert_eq!(code(r.resolve("Quảng Ninh", Some("22"))), Some("22"));
        assert!(matches!(
            r.resolve("phường Quang Trung", None),
            Resolution::Ambiguous(_)
        ));
        assert!(matches!(
            r.resolve("Quận 1", Some("01")),
            Resolution::NotFound
        ));
        assert_eq!(r.resolve("Không Có Nơi Này", None), Resolution::NotFound);
        assert_eq!(r.resolve("", None), Resolution::NotFound);
        // Two units named Đạ Huoai, one before and one after the 2025 merger.
        assert!(matches!(
            r.resolve("huyện Đạ Huoai", None),
            Resolution::Ambiguous(_)
        ));
        assert_eq!(
            code(r.resolve_at("huyện Đạ Huoai", None, Some(2024))),
            Some("681-2024")
        );
        assert_eq!(
            code(r.resolve_at("huyện Đạ Huoai", None, Some(2025))),
            Some("682")
        );
        assert_eq!(
            code(r.resolve_at("Quận 2", Some("79"), Some(2019))),
            Some("769-2020")
        );
        assert_eq!(
            r.resolve_at("Quận 2", Some("79"), Some(2022)),
            Resolution::NotFound
        );
        assert_eq!(r.resolve("quận", None), Resolution::NotFound);
    }

    fn mentions(text: &str) -> Vec<(String, String, bool)> {
        reg()
            .find_mentions(text)
            .into_iter()
            .map(|m| (text[m.start..m.end].to_string(), m.code, m.explicit_level))
            .collect()
    }

    #[test]
    fn finds_mentions_in_running_text() {
        let m =
            mentions("Huyện Chư Pưh (Gia Lai) vừa sơ kết kinh tế - xã hội 6 tháng đầu năm 2024.");
        assert_eq!(
            m,
            vec![
                ("Huyện Chư Pưh".into(), "639".into(), true),
                ("Gia Lai".into(), "64".into(), false)
            ]
        );
        let m = mentions("UBND quận 12 - TP HCM tổng kết phong trào thi đua");
        assert_eq!(
            m,
            vec![
                ("quận 12".into(), "761".into(), true),
                ("TP HCM".into(), "79".into(), true)
            ]
        );
        let m = mentions(
            "Nhiều năm liền giữ vị trí dẫn đầu TP.HCM về thu ngân sách, năm 2021 Quận 1 ước thu",
        );
        assert_eq!(
            m,
            vec![
                ("TP.HCM".into(), "79".into(), true),
                ("Quận 1".into(), "760".into(), true)
            ]
        );
        let m = mentions("Ba tháng đầu năm 2018, TPHCM ước thu ngân sách");
        assert_eq!(m, vec![("TPHCM".into(), "79".into(), true)]);
        let m = mentions("thương mại ở tỉnh Thanh Hóa phục hồi; các tân binh huyện Vĩnh Lộc (Thanh Hóa) lên đường");
        assert_eq!(
            m,
            vec![
                ("tỉnh Thanh Hóa".into(), "38".into(), true),
                ("huyện Vĩnh Lộc".into(), "393".into(), true),
                ("Thanh Hóa".into(), "38".into(), false),
            ]
        );
        let m = mentions(
            "Lâm Đồng và Nghệ An đều tăng; Ban Chấp hành Đảng bộ thành phố Thái Nguyên họp",
        );
        let codes: Vec<&str> = m.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(codes, vec!["68", "40", "164"]);
        // Words alone, periods after a numbered level word, and common words are not mentions.
        assert!(
            mentions("kinh tế trên địa bàn quận 9 tháng đầu năm; quận 6 tháng cuối năm").is_empty()
        );
        assert!(
            mentions("Quận ủy và các phường, xã; kinh tế - xã hội; dự toán TP, quận giao")
                .is_empty()
        );
        assert!(mentions("Vinh danh các tập thể. Thống nhất cao trong Đảng bộ quận").is_empty());
        // Unaccented text.
        let m = mentions("Bao cao cua Quan Dong Da, Ha Noi");
        assert_eq!(
            m,
            vec![
                ("Quan Dong Da".into(), "006".into(), true),
                ("Ha Noi".into(), "01".into(), false)
            ]
        );
    }

    #[test]
    fn ward_mentions_need_a_level_word_or_a_list() {
        let m = mentions(
            "đã xử lý công trình vi phạm tại phường Ngã Tư Sở, Nam Đồng và một số phường.",
        );
        let codes: Vec<&str> = m.iter().map(|x| x.1.as_str()).collect();
        // Nam Đồng is also a ward elsewhere; Ngã Tư Sở (only in Đống Đa) settles it.
        assert_eq!(codes, vec!["00235-2024", "00208"]);
        assert_eq!(m[1].0, "Nam Đồng");
        // Bare ward names are ordinary words.
        assert!(mentions("Tân Phú và An Khánh").is_empty());
        // A ward name shared across the country stays out unless the text's district settles it.
        assert!(mentions("phường Quang Trung").is_empty());
        let m = mentions("quận Đống Đa: phường Quang Trung, Kim Liên và Trung Tự");
        let codes: Vec<&str> = m.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(codes, vec!["006", "00214", "00229", "00226-2024"]);
        let c = reg().find_candidates("phường Quang Trung");
        assert!(c.len() == 1 && c[0].codes.len() > 5);
        // Numbered wards in a list.
        let m = mentions("Quận Phú Nhuận: phường 1, 2 và 7");
        assert_eq!(m.len(), 4, "{m:?}");
    }

    #[test]
    fn places_the_seed_report_by_its_wards() {
        let seed = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/seeds/000_748c56fe5ba81c01.txt"),
        );
        // The shared folder sits beside the repo on development machines and in CI.
        let text = seed.unwrap_or_else(|_| {
            "xử lý công trình vi phạm tại phường Ngã Tư Sở, Nam Đồng và một số phường".into()
        });
        let p = reg().place_by_wards(&text, Some(2022)).unwrap();
        assert_eq!(p.district, "006");
        assert_eq!(
            p.wards,
            vec!["Ngã Tư Sở".to_string(), "Nam Đồng".to_string()]
        );
        // In 2025 Ngã Tư Sở no longer exists: alone it places nothing, and
        // Nam Đồng alone is a ward name of two districts.
        assert_eq!(
            reg().place_by_wards("tại phường Ngã Tư Sở", Some(2025)),
            None
        );
        assert_eq!(
            reg().place_by_wards("tại phường Nam Đồng", Some(2022)),
            None
        );
        assert_eq!(
            reg().place_by_wards("quận đã hoàn thành chỉ tiêu", Some(2022)),
            None
        );
        let p = reg()
            .place_by_wards("các phường Kim Liên, Khâm Thiên và Láng Hạ", None)
            .unwrap();
        assert_eq!(p.district, "006");
    }

    #[test]
    fn loads_the_whole_registry() {
        // Load time is measured by the benchmarks, not asserted here.
        let r = load();
        assert_eq!(r.units().len(), 63 + 716 + 10_053);
    }

    #[test]
    fn qualified_names_and_lookup_by_name() {
        let r = reg();
        assert_eq!(code(r.resolve("Sơn Tây, Hà Nội", None)), Some("269"));
        assert_eq!(
            code(r.resolve("Huyện Chư Pưh (Gia Lai)", None)),
            Some("639")
        );
        assert_eq!(code(r.resolve("quận 12 - TP HCM", None)), Some("761"));
        assert_eq!(code(r.resolve("Châu Thành, Long An", None)), Some("808"));
        // The qualifier contradicts the given province.
        assert_eq!(
            r.resolve("Sơn Tây, Hà Nội", Some("51")),
            Resolution::NotFound
        );
        let dd = r.find_by_name("Đống Đa", None);
        assert_eq!(dd.len(), 4);
        assert_eq!(r.find_by_name("Dong Da", Some("quan"))[0].code, "006");
        assert_eq!(
            r.find_by_name("Thái Nguyên", Some("thanh_pho"))[0].code,
            "164"
        );
        assert_eq!(r.find_by_name("Quận 1", None)[0].code, "760");
        assert!(r.find_by_name("HN", None).is_empty());
    }

    #[test]
    fn lists_and_address_chains() {
        let codes = |t: &str| -> Vec<String> {
            reg().find_mentions(t).into_iter().map(|m| m.code).collect()
        };
        assert_eq!(
            codes("các tỉnh Quảng Ninh, Hòa Bình và Hà Tĩnh"),
            vec!["22", "17", "42"]
        );
        // Bare, Quảng Ninh is also a huyện of Quảng Bình.
        assert!(codes("Quảng Ninh").is_empty());
        assert_eq!(
            codes("các quận Đống Đa, Ba Đình và Hoàn Kiếm"),
            vec!["006", "001", "002"]
        );
        assert_eq!(
            codes("Quận 1, 3 và 10 của TP.HCM"),
            vec!["760", "770", "771", "79"]
        );
        // An address, not a list: the ward, then its district, then the city.
        assert_eq!(
            codes("số 1 Thái Hà, phường Láng Hạ, Đống Đa, Hà Nội"),
            vec!["00199", "006", "01"]
        );
        assert_eq!(codes("huyện Vĩnh Lộc, Thanh Hóa"), vec!["393", "38"]);
        // Level word and name glued, abbreviated, with spaced hyphens.
        assert_eq!(
            codes("Q.Đống Đa và TX. Sơn Tây; T.P. Vũng Tàu"),
            vec!["006", "269", "747"]
        );
        assert_eq!(codes("tỉnh Bà Rịa – Vũng Tàu"), vec!["77"]);
        // Same name, two levels in one province: only the level word decides.
        assert!(codes("Kỳ Anh").is_empty());
        assert_eq!(codes("thị xã Kỳ Anh"), vec!["449"]);
        // "Q1/2023" is a quarter.
        assert!(codes("Doanh thu Q1/2023 tăng").is_empty());
        assert!(codes("").is_empty());
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let text = "[[word]]\ntext = \"quận\"\nlevels = [\"quan\"]\n\n[[province]]\ncode = \"01\"\nname = \"Hà Nội\"\nlevel = \"tinh\"\nalias = [\"HN\"]\n";
        let err =
            crate::config::parse_toml::<UnitsFile>(Path::new("units.toml"), text).unwrap_err();
        match err {
            Error::Config { line, key, .. } => {
                assert_eq!(line, 9, "{key}");
                assert_eq!(key, "alias");
            }
            other => panic!("{other:?}"),
        }
        let ward = "[[province]]\ncode = \"01\"\nname = \"A\"\nlevel = \"tinh\"\n\n[[province.district]]\ncode = \"001\"\nname = \"B\"\nlevel = \"quan\"\nwards = [\n  { code = \"00001\", name = \"C\", level = \"phuong\", valid = 2024 },\n]\n";
        let err =
            crate::config::parse_toml::<UnitsFile>(Path::new("units.toml"), ward).unwrap_err();
        assert!(matches!(err, Error::Config { line: 11, .. }), "{err}");
    }

    #[test]
    fn invalid_values_name_the_line() {
        let text = "[[province]]\ncode = \"01\"\nname = \"A\"\nlevel = \"tinh\"\n\n[[province.district]]\ncode = \"01\"\nname = \"B\"\nlevel = \"quận\"\n";
        let file: UnitsFile = crate::config::parse_toml(Path::new("u.toml"), text).unwrap();
        let err = UnitRegistry::compile(file, Path::new("u.toml"), text).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("u.toml:9") && msg.contains("unknown level"),
            "{msg}"
        );
        let dup = "[[province]]\ncode = \"01\"\nname = \"A\"\nlevel = \"tinh\"\n\n[[province.district]]\ncode = \"01\"\nname = \"B\"\nlevel = \"quan\"\n";
        let file: UnitsFile = crate::config::parse_toml(Path::new("u.toml"), dup).unwrap();
        let msg = UnitRegistry::compile(file, Path::new("u.toml"), dup)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("u.toml:7") && msg.contains("defined twice"),
            "{msg}"
        );
    }
}
