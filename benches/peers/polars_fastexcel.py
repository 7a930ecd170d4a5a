"""The consolidation as an analyst writes it with polars + fastexcel: read every
workbook (fastexcel, calamine underneath), find the header, read Vietnamese
text numbers, build the long table and the indicator × unit pivot with a city
total, write one xlsx (polars' write_excel, xlsxwriter underneath).

    python benches/peers/polars_fastexcel.py INPUT_DIR OUT.xlsx
"""

import sys
import time
from pathlib import Path

import fastexcel
import polars as pl
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import catalogue, rows_to_records  # noqa: E402


def main(inp: str, out: str):
    t0 = time.perf_counter()
    labels = catalogue()
    facts, problems = [], []
    files = sorted(Path(inp).rglob("*.xlsx"))
    for path in files:
        reader = fastexcel.read_excel(str(path))
        for name in reader.sheet_names:
            # Mixed columns (numbers and "1.234,5" text) come back as strings.
            df = reader.load_sheet(name, header_row=None, dtype_coercion="coerce").to_polars()
            rows = [list(r) for r in df.iter_rows()]
            f, p = rows_to_records(rows, path, name, labels)
            facts += f
            problems += p
    schema_overrides = {k: pl.Float64 for k in ("value", "plan_value", "prior_value", "plan_pct", "yoy_pct")}
    long = pl.DataFrame(facts, schema_overrides=schema_overrides, infer_schema_length=None)
    t1 = time.perf_counter()
    chosen = long.unique(["unit", "period", "indicator"], keep="first", maintain_order=True)
    pivot = chosen.pivot(on="unit", index="indicator", values="value", aggregate_function="first")
    total = chosen.group_by("indicator").agg(pl.col("value").sum().alias("Toàn thành phố"))
    pivot = pivot.join(total, on="indicator", how="left")
    t2 = time.perf_counter()
    with xlsxwriter.Workbook(out) as wb:
        pivot.write_excel(wb, worksheet="Tổng hợp")
        long.write_excel(wb, worksheet="Dữ liệu")
        pl.DataFrame(problems, infer_schema_length=None).write_excel(wb, worksheet="Kiểm tra")
    t3 = time.perf_counter()
    print(f"peer=polars_fastexcel files={len(files)} facts={long.height} problems={len(problems)} "
          f"read_s={t1 - t0:.3f} consolidate_s={t2 - t1:.3f} write_s={t3 - t2:.3f} total_s={t3 - t0:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
