"""What both peer scripts share: the catalogue's labels and the Vietnamese
number reading an analyst would write. Standard library only."""

import re
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fold(s: str) -> str:
    s = unicodedata.normalize("NFC", str(s)).lower().strip()
    s = re.sub(r"^[-–•+]\s*", "", s)
    s = re.sub(r"\s*\([^)]*\)\s*$", "", s)
    s = re.sub(r"[^\w%]+", " ", s)
    return " ".join(s.split())


def catalogue():
    """folded label -> (indicator id, canonical unit)"""
    with open(ROOT / "config" / "indicators.toml", "rb") as f:
        cat = tomllib.load(f)
    labels = {}
    for ind in cat["indicator"]:
        for lab in [ind["name"], *ind.get("labels", [])]:
            labels[fold(lab)] = (ind["id"], ind["unit"])
    return labels


GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def vn_number(v):
    """A cell as a float: numbers as they are; text "1.234,5", "12,5", "1.100"
    in the Vietnamese style (dot thousands, comma decimals); "x/y" gives x."""
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return None if v != v else float(v)
    s = str(v).strip().replace("\u00a0", "").replace(" ", "")
    if not s or s in {"-", "—", "x"}:
        return None
    if "/" in s:
        s = s.split("/", 1)[0]
    if GROUPED.match(s) or "," in s:
        s = s.replace(".", "").replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def find_columns(rows):
    """The header: the first row with a "chỉ tiêu" cell; with the row under it
    (two-row merged header). Returns (first data row, {role: column})."""
    for i, row in enumerate(rows[:40]):
        texts = [fold(c) if c is not None else "" for c in row]
        if any(t in ("chỉ tiêu", "nội dung", "chỉ tiêu chủ yếu") for t in texts):
            below = rows[i + 1] if i + 1 < len(rows) else []
            cols = {}
            for j, t in enumerate(texts):
                sub = fold(below[j]) if j < len(below) and below[j] is not None else ""
                if t == "stt":
                    cols["stt"] = j
                elif t in ("chỉ tiêu", "nội dung", "chỉ tiêu chủ yếu"):
                    cols["label"] = j
                elif t.startswith("đơn vị") or t == "đvt":
                    cols["unit"] = j
                elif t.startswith("kế hoạch") or t.startswith("kh "):
                    cols["plan"] = j
                elif t.startswith("ước") or t.startswith("ưth"):
                    cols["value"] = j
                elif t.startswith("thực hiện") or t.startswith("th "):
                    cols["prior"] = j
                elif "so sánh" in t or sub in ("kh năm", "cùng kỳ"):
                    if sub.startswith("kh"):
                        cols["plan_pct"] = j
                    if j + 1 < len(below) and below[j + 1] is not None and fold(below[j + 1]).startswith("cùng kỳ"):
                        cols["yoy_pct"] = j + 1
                    elif sub.startswith("cùng kỳ"):
                        cols["yoy_pct"] = j
            first = i + (2 if any(c is not None for c in below) else 1)
            return first, cols
    return None, {}


def unit_and_period(path: Path):
    """<…>/2022-9M/ba-dinh.xlsx -> ("ba-dinh", "2022-9M")"""
    return path.stem, path.parent.name


def col_letter(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def rows_to_records(rows, path: Path, sheet: str, labels):
    """Long-table records and problems of one sheet (rows: lists of cell values)."""
    first, cols = find_columns(rows)
    facts, problems = [], []
    if first is None or "label" not in cols or "value" not in cols:
        return facts, [dict(file=str(path), sheet=sheet, problem="no_table", text="")]
    unit, period = unit_and_period(path)
    for r in range(first, len(rows)):
        row = rows[r]
        get = lambda k: row[cols[k]] if k in cols and cols[k] < len(row) else None
        label = get("label")
        if label is None or str(label).strip() == "":
            continue
        if str(label).strip().lower().startswith("nơi nhận"):
            break
        value = vn_number(get("value"))
        if value is None:
            continue
        hit = labels.get(fold(label))
        if hit is None:
            problems.append(dict(file=str(path), sheet=sheet, cell=f"{col_letter(cols['label'])}{r + 1}",
                                 problem="unknown_label", text=str(label)))
            continue
        yoy = vn_number(get("yoy_pct"))
        facts.append(dict(
            unit=unit, period=period, indicator=hit[0], value=value, unit_of_measure=hit[1],
            plan_value=vn_number(get("plan")), prior_value=vn_number(get("prior")),
            plan_pct=vn_number(get("plan_pct")), yoy_pct=None if yoy is None else round(yoy - 100, 6),
            source_file=str(path), source_loc=f"{sheet}!{col_letter(cols['value'])}{r + 1}", label=str(label)))
    return facts, problems
