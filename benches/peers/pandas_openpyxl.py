"""The consolidation as an analyst writes it with pandas + openpyxl: read every
workbook, find the header, read Vietnamese text numbers, build the long table
and the indicator × unit pivot with a city total, write one xlsx (openpyxl).

    python benches/peers/pandas_openpyxl.py INPUT_DIR OUT.xlsx
"""

import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import catalogue, rows_to_records  # noqa: E402


def main(inp: str, out: str):
    t0 = time.perf_counter()
    labels = catalogue()
    facts, problems = [], []
    files = sorted(Path(inp).rglob("*.xlsx"))
    for path in files:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        for name, df in sheets.items():
            rows = [[None if pd.isna(v) else v for v in row] for row in df.itertuples(index=False)]
            f, p = rows_to_records(rows, path, name, labels)
            facts += f
            problems += p
    long = pd.DataFrame(facts)
    t1 = time.perf_counter()
    # One figure per unit and indicator (the first file wins), then the pivot and the city total.
    chosen = long.drop_duplicates(["unit", "period", "indicator"], keep="first")
    pivot = chosen.pivot_table(index="indicator", columns="unit", values="value", aggfunc="first")
    pivot["Toàn thành phố"] = chosen.groupby("indicator")["value"].sum()
    t2 = time.perf_counter()
    with pd.ExcelWriter(out, engine="openpyxl") as xw:
        pivot.reset_index().to_excel(xw, sheet_name="Tổng hợp", index=False)
        long.to_excel(xw, sheet_name="Dữ liệu", index=False)
        pd.DataFrame(problems).to_excel(xw, sheet_name="Kiểm tra", index=False)
    t3 = time.perf_counter()
    print(f"peer=pandas_openpyxl files={len(files)} facts={len(long)} problems={len(problems)} "
          f"read_s={t1 - t0:.3f} consolidate_s={t2 - t1:.3f} write_s={t3 - t2:.3f} total_s={t3 - t0:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
