#!/usr/bin/env python3
"""Generate config/units.toml, the administrative-unit registry, from the
statistics office's unit list (shared/reference/admin_units_vn_2025-03-01.tsv).

    python3 tools/gen_units.py [TSV] [-o config/units.toml | -o -]

TSV defaults to ../shared/reference/admin_units_vn_2025-03-01.tsv and the
output to config/units.toml, both relative to the repository root. The output
is deterministic: units in TSV order, with the hand-kept tables below merged
in at their code position. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TSV = REPO / ".." / "shared" / "reference" / "admin_units_vn_2025-03-01.tsv"
DEFAULT_OUT = REPO / "config" / "units.toml"

# ---------------------------------------------------------------------------
# Hand-kept data. Edit here and regenerate; do not edit units.toml by hand.
# ---------------------------------------------------------------------------

# Level words as they start a unit's full name, the level ids they name (the
# first word naming a level gives a unit's default full name), and the
# abbreviations reports write for them. The registry matches every unit as
# "<word> <name>" and "<abbreviation> <name>" ("Q. Đống Đa", "Q.Đống Đa",
# "TX Sơn Tây"; a one-letter abbreviation also without its dot before a
# number: "Q1", "P7").
LEVEL_WORDS: list[tuple[str, list[str], list[str]]] = [
    ("tỉnh", ["tinh"], []),
    ("thành phố", ["tinh", "thanh_pho"], ["TP.", "TP", "T.P."]),
    ("quận", ["quan"], ["Q."]),
    ("huyện", ["huyen"], ["H."]),
    ("thị xã", ["thi_xa"], ["TX.", "TX", "T.X."]),
    ("phường", ["phuong"], ["P."]),
    ("xã", ["xa"], ["X."]),
    ("thị trấn", ["thi_tran"], ["TT.", "TT", "T.T."]),
]

# Level id by the type word of a full name; `tinh` also for the centrally-run
# cities ("Thành phố Hà Nội"), `thanh_pho` for a city under a province.
PROVINCE_LEVEL = "tinh"
DISTRICT_LEVELS = {"thành phố": "thanh_pho", "quận": "quan", "huyện": "huyen", "thị xã": "thi_xa"}
WARD_LEVELS = {"phường": "phuong", "xã": "xa", "thị trấn": "thi_tran"}

# District-level units with no ward or commune under them (island districts),
# so the ward-per-row TSV does not list them. Codes from the GSO list.
# (province code, district code, full name)
WARDLESS_DISTRICTS: list[tuple[str, str, str]] = [
    ("31", "318", "Huyện Bạch Long Vĩ"),
    ("45", "471", "Huyện Cồn Cỏ"),
    ("48", "498", "Huyện Hoàng Sa"),
    ("51", "536", "Huyện Lý Sơn"),
    ("77", "755", "Huyện Côn Đảo"),
]

# Wards that older reports still name but that merged away before the TSV's
# date. Đống Đa (Hà Nội, 006) had 21 wards until 31 Dec 2024: Cát Linh, Hàng
# Bột, Khâm Thiên, Khương Thượng, Kim Liên, Láng Hạ, Láng Thượng, Nam Đồng,
# Ngã Tư Sở, Ô Chợ Dừa, Phương Liên, Phương Mai, Quang Trung, Quốc Tử Giám,
# Thịnh Quang, Thổ Quan, Trung Liệt, Trung Phụng, Trung Tự, Văn Chương, Văn
# Miếu; the TSV has 17. Those not in the TSV are listed here with the GSO code
# they had (the list in force 2020-2024). The GSO reused some of these codes
# for the merged wards, so a historic unit's registry code is its GSO code
# suffixed with its last valid year, and `gso` keeps the original.
# (district code, GSO code, full name, valid_to)
HISTORIC_WARDS: list[tuple[str, str, str, int]] = [
    ("006", "00181", "Phường Văn Miếu", 2024),
    ("006", "00184", "Phường Quốc Tử Giám", 2024),
    ("006", "00211", "Phường Trung Phụng", 2024),
    ("006", "00220", "Phường Phương Liên", 2024),
    ("006", "00226", "Phường Trung Tự", 2024),
    ("006", "00235", "Phường Ngã Tư Sở", 2024),
]

# District-level units that older reports name as their own unit but that
# were merged away before the TSV's date (mergers took effect on 1 January of
# the year after valid_to). GSO codes from the list in force before; codes are
# suffixed like HISTORIC_WARDS. (province code, GSO code, full name, valid_to)
HISTORIC_DISTRICTS: list[tuple[str, str, str, int]] = [
    ("04", "044", "Huyện Thông Nông", 2019),     # into Hà Quảng
    ("04", "046", "Huyện Trà Lĩnh", 2019),       # into Trùng Khánh
    ("04", "049", "Huyện Quảng Uyên", 2019),     # with Phục Hòa into Quảng Hòa
    ("04", "050", "Huyện Phục Hòa", 2019),
    ("17", "151", "Huyện Kỳ Sơn", 2019),         # into TP Hòa Bình
    ("22", "204", "Huyện Hoành Bồ", 2019),       # into TP Hạ Long
    ("24", "221", "Huyện Yên Dũng", 2024),       # into TP Bắc Giang
    ("36", "358", "Huyện Mỹ Lộc", 2024),         # into TP Nam Định
    ("37", "369", "Thành phố Ninh Bình", 2024),  # with huyện Hoa Lư into TP Hoa Lư
    ("46", "474", "Thành phố Huế", 2024),        # split into Thuận Hóa and Phú Xuân
    ("49", "519", "Huyện Nông Sơn", 2024),       # into Quế Sơn
    ("51", "526", "Huyện Tây Trà", 2019),        # into Trà Bồng
    ("68", "681", "Huyện Đạ Huoai", 2024),       # with Đạ Tẻh, Cát Tiên into the new Đạ Huoai
    ("68", "682", "Huyện Đạ Tẻh", 2024),
    ("68", "683", "Huyện Cát Tiên", 2024),
    ("77", "752", "Huyện Long Điền", 2024),      # with Đất Đỏ into Long Đất
    ("77", "753", "Huyện Đất Đỏ", 2024),
    ("79", "762", "Quận Thủ Đức", 2020),         # with Quận 2, Quận 9 into TP Thủ Đức
    ("79", "763", "Quận 9", 2020),
    ("79", "769", "Quận 2", 2020),
]

# Units of the TSV formed by those mergers (new units, or a new name on a
# reused code): valid from the merger. (code, valid_from)
MERGED_FROM: dict[str, int] = {
    "00181": 2025,  # Phường Văn Miếu - Quốc Tử Giám
    "00226": 2025,  # Phường Phương Liên - Trung Tự
    "049": 2020,    # Huyện Quảng Hòa
    "474": 2025,    # Quận Thuận Hóa
    "475": 2025,    # Quận Phú Xuân
    "682": 2025,    # Huyện Đạ Huoai
    "753": 2025,    # Huyện Long Đất
    "769": 2021,    # Thành phố Thủ Đức
}

# The well-known names and abbreviations that no rule derives, by unit code.
HAND_ALIASES: dict[str, list[str]] = {
    "01": ["HN", "TP.HN", "TP. HN", "Hanoi", "Thủ đô Hà Nội"],
    "79": ["TP.HCM", "TPHCM", "TP HCM", "TP. HCM", "Tp.HCM", "HCM", "HCMC",
           "Thành phố HCM", "Sài Gòn", "Saigon"],
    "31": ["TP.HP"],
    "46": ["Thừa Thiên Huế", "Thừa Thiên - Huế", "tỉnh Thừa Thiên Huế",
           "TT-Huế", "TT Huế"],
    "48": ["TP.ĐN", "Danang"],
    "77": ["BR-VT", "BRVT", "Bà Rịa Vũng Tàu", "Bà Rịa-Vũng Tàu"],
    "66": ["Đăk Lăk", "Đắc Lắc", "Đắk Lăk", "Daklak"],
    "67": ["Đăk Nông", "Đắc Nông", "Daknong"],
    "769": ["TP Thủ Đức"],
    "407": ["Tĩnh Gia"],  # huyện Tĩnh Gia until it became thị xã Nghi Sơn (2020)
}

# ---------------------------------------------------------------------------

NUMBERED = re.compile(r"^(Quận|Phường) \d+$")
SPACES = re.compile(r"\s+")


def clean(s: str) -> str:
    """NFC, whitespace collapsed (the TSV has stray double and trailing spaces)."""
    return SPACES.sub(" ", unicodedata.normalize("NFC", s)).strip()


def split_type(full: str, words: list[str]) -> tuple[str, str]:
    """("Quận Đống Đa") -> ("quận", "Đống Đa"); numbered units keep the word
    in their name ("Quận 1" -> ("quận", "Quận 1"))."""
    low = full.lower()
    for w in sorted(words, key=len, reverse=True):
        if low.startswith(w + " "):
            rest = full[len(w) + 1 :].strip()
            if NUMBERED.match(full):
                # The TSV writes some type words capitalised ("Thị Trấn").
                return w, w.capitalize() + " " + rest
            return w, rest
    raise ValueError(f"no level word in {full!r}")


def strip_marks(s: str) -> str:
    out = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", out.replace("đ", "d").replace("Đ", "D"))


def level_word_forms(word: str, name: str) -> list[str]:
    """The written forms of a province or district-level unit that carry its
    level word: "quận Đống Đa", "Q. Đống Đa", "Q.Đống Đa", "Quan Dong Da",
    and for numbered units "Q1", "Q.1"."""
    abbrevs = {w: a for w, _, a in LEVEL_WORDS}[word]
    forms: list[str] = []
    m = re.match(r"^\S+ (\d+)$", name)
    if m:
        num = m.group(1)
        forms.append(f"{word} {num}")
        for a in abbrevs:
            forms.append(f"{a}{num}" if a.endswith(".") else f"{a} {num}")
            if a.endswith("."):
                forms.append(f"{a} {num}")
                forms.append(f"{a[:-1]}{num}")
        forms.append(f"{strip_marks(word).capitalize()} {num}")
        return forms
    forms.append(f"{word} {name}")
    for a in abbrevs:
        forms.append(f"{a} {name}")
        if a.endswith("."):
            forms.append(f"{a}{name}")
    forms.append(f"{strip_marks(word).capitalize()} {strip_marks(name)}")
    return forms


def aliases_for(code: str, word: str, name: str, full: str) -> list[str]:
    forms = level_word_forms(word, name)
    if not NUMBERED.match(name) and strip_marks(name) != name:
        forms.insert(0, strip_marks(name))
    forms += HAND_ALIASES.get(code, [])
    out: list[str] = []
    for f in forms:
        if f not in out and f != name and f != full:
            out.append(f)
    return out


def toml_str(s: str) -> str:
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def toml_list(xs: list[str]) -> str:
    return "[" + ", ".join(toml_str(x) for x in xs) + "]"


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [{k: clean(v or "") for k, v in r.items()} for r in csv.DictReader(f, delimiter="\t")]
    need = {"province_code", "province_name", "district_code", "district_name",
            "ward_code", "ward_name", "ward_type"}
    if rows and not need <= rows[0].keys():
        raise SystemExit(f"{path}: missing columns {sorted(need - rows[0].keys())}")
    return rows


def build(rows: list[dict[str, str]]) -> list[dict]:
    """Provinces → districts → wards, in first-appearance (TSV) order."""
    provinces: dict[str, dict] = {}
    districts: dict[str, dict] = {}
    district_words = list(DISTRICT_LEVELS)
    ward_words = list(WARD_LEVELS)
    for r in rows:
        pc, dc = r["province_code"], r["district_code"]
        if pc not in provinces:
            pw, pname = split_type(r["province_name"], ["tỉnh", "thành phố"])
            provinces[pc] = {"code": pc, "word": pw, "name": pname,
                             "full": r["province_name"], "districts": []}
        if dc not in districts:
            dw, dname = split_type(r["district_name"], district_words)
            d = {"code": dc, "word": dw, "name": dname, "full": r["district_name"],
                 "level": DISTRICT_LEVELS[dw], "wards": [], "province": pc,
                 "gso": None, "valid_from": MERGED_FROM.get(dc), "valid_to": None}
            districts[dc] = d
            provinces[pc]["districts"].append(d)
        elif districts[dc]["province"] != pc:
            raise SystemExit(f"district {dc} listed under provinces {districts[dc]['province']} and {pc}")
        ww, wname = split_type(r["ward_name"], ward_words)
        level = WARD_LEVELS[ww]
        # The name's own type word wins over the type column: two wards of
        # Phú Nhuận are "Phường 5"/"Phường 15" typed "Xã" in the TSV.
        typed = WARD_LEVELS.get(r["ward_type"].lower())
        if typed and typed != level:
            print(f"note: {r['ward_code']} {r['ward_name']!r} typed {r['ward_type']!r}; using {level}",
                  file=sys.stderr)
        districts[dc]["wards"].append({"code": r["ward_code"], "gso": None, "name": wname,
                                       "full": r["ward_name"], "level": level,
                                       "valid_from": MERGED_FROM.get(r["ward_code"]),
                                       "valid_to": None})

    for pc, dc, full in WARDLESS_DISTRICTS:
        if dc in districts:
            raise SystemExit(f"WARDLESS_DISTRICTS: {dc} is already in the TSV")
        dw, dname = split_type(full, district_words)
        d = {"code": dc, "word": dw, "name": dname, "full": full,
             "level": DISTRICT_LEVELS[dw], "wards": [], "province": pc,
             "gso": None, "valid_from": None, "valid_to": None}
        ds = provinces[pc]["districts"]
        at = next((i for i, x in enumerate(ds) if x["code"] > dc), len(ds))
        ds.insert(at, d)
        districts[dc] = d

    for pc, gso, full, valid_to in HISTORIC_DISTRICTS:
        dw, dname = split_type(full, district_words)
        ds = provinces[pc]["districts"]
        if any(x["full"] == full and x["code"] == gso for x in ds):
            raise SystemExit(f"HISTORIC_DISTRICTS: {gso} {full} is still in the TSV")
        d = {"code": f"{gso}-{valid_to}", "word": dw, "name": dname, "full": full,
             "level": DISTRICT_LEVELS[dw], "wards": [], "province": pc,
             "gso": gso, "valid_from": None, "valid_to": valid_to}
        at = next((i for i, x in enumerate(ds) if (x["gso"] or x["code"]) > gso), len(ds))
        ds.insert(at, d)

    for dc, gso, full, valid_to in HISTORIC_WARDS:
        ww, wname = split_type(full, ward_words)
        ws = districts[dc]["wards"]
        if any(w["name"] == wname and w["valid_to"] is None for w in ws):
            raise SystemExit(f"HISTORIC_WARDS: {full} is still in the TSV under {dc}")
        w = {"code": f"{gso}-{valid_to}", "gso": gso, "name": wname, "full": full,
             "level": WARD_LEVELS[ww], "valid_from": None, "valid_to": valid_to}
        at = next((i for i, x in enumerate(ws) if (x["gso"] or x["code"]) > gso), len(ws))
        ws.insert(at, w)
    return list(provinces.values())


HEADER = """\
# Administrative units of Viet Nam: provinces, district-level units and their
# wards/communes, with GSO codes. GENERATED by tools/gen_units.py from
# {source}; edit the script's tables (aliases, historic
# units) and regenerate rather than editing this file.
#
# Levels: tinh (provinces and centrally-run cities), thanh_pho (a city under a
# province), quan, huyen, thi_xa; phuong, xa, thi_tran. Nesting gives the
# parent. A unit without valid_from/valid_to exists in the source list
# ({date}); historic units carry the years they existed, so older reports
# still resolve. Matching folds case, tone placement and (for text written
# without them) diacritics, so aliases list only the forms folding cannot give.
#
# Every unit is also matched as "<word> <name>" and "<abbreviation> <name>"
# with the words below; wards and communes are found in running text only
# with their level word (or in a list after one).
"""


def render(provinces: list[dict], source: str, date: str) -> str:
    out = [HEADER.format(source=source, date=date)]
    for word, levels, abbrevs in LEVEL_WORDS:
        out.append(f"\n[[word]]\ntext = {toml_str(word)}\nlevels = {toml_list(levels)}\n"
                   f"abbreviations = {toml_list(abbrevs)}\n")
    n_d = n_w = n_hd = n_hw = 0
    for p in provinces:
        out.append(f"\n[[province]]\ncode = {toml_str(p['code'])}\nname = {toml_str(p['name'])}\n"
                   f"full_name = {toml_str(p['full'])}\nlevel = \"{PROVINCE_LEVEL}\"\n"
                   f"aliases = {toml_list(aliases_for(p['code'], p['word'], p['name'], p['full']))}\n")
        for d in p["districts"]:
            n_d += d["valid_to"] is None
            n_hd += d["valid_to"] is not None
            out.append(f"\n[[province.district]]\ncode = {toml_str(d['code'])}\nname = {toml_str(d['name'])}\n"
                       f"full_name = {toml_str(d['full'])}\nlevel = \"{d['level']}\"\n"
                       f"aliases = {toml_list(aliases_for(d['code'], d['word'], d['name'], d['full']))}\n")
            if d["gso"]:
                out.append(f"gso = {toml_str(d['gso'])}\n")
            if d["valid_from"] is not None:
                out.append(f"valid_from = {d['valid_from']}\n")
            if d["valid_to"] is not None:
                out.append(f"valid_to = {d['valid_to']}\n")
            if not d["wards"]:
                out.append("wards = []\n")
                continue
            out.append("wards = [\n")
            for w in d["wards"]:
                n_w += w["valid_to"] is None
                n_hw += w["valid_to"] is not None
                fields = [f"code = {toml_str(w['code'])}", f"name = {toml_str(w['name'])}",
                          f"level = \"{w['level']}\""]
                # full_name only where "<Word> <name>" does not give it back.
                derived = w["name"] if NUMBERED.match(w["name"]) else \
                    {"phuong": "Phường", "xa": "Xã", "thi_tran": "Thị trấn"}[w["level"]] + " " + w["name"]
                if w["full"] != derived:
                    fields.append(f"full_name = {toml_str(w['full'])}")
                if w["gso"]:
                    fields.append(f"gso = {toml_str(w['gso'])}")
                if w["valid_from"] is not None:
                    fields.append(f"valid_from = {w['valid_from']}")
                if w["valid_to"] is not None:
                    fields.append(f"valid_to = {w['valid_to']}")
                out.append("  { " + ", ".join(fields) + " },\n")
            out.append("]\n")
    print(f"{len(provinces)} provinces, {n_d} district-level units, {n_w} wards/communes; "
          f"historic: {n_hd} district-level, {n_hw} wards", file=sys.stderr)
    return "".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv", nargs="?", default=str(DEFAULT_TSV))
    ap.add_argument("-o", "--output", default=str(DEFAULT_OUT), help="'-' for standard output")
    args = ap.parse_args()
    tsv = Path(args.tsv)
    rows = read_tsv(tsv)
    m = re.search(r"(\d{4}-\d{2}-\d{2})", tsv.name)
    text = render(build(rows), source=tsv.name, date=m.group(1) if m else "source date")
    if args.output == "-":
        sys.stdout.write(text)
        return
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so an interrupted run never leaves half a registry.
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".units.", suffix=".toml")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
