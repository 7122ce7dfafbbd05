"""The balance report: per territory totals, target, deviation, pieces and compactness.

The numbers are `layers.territory_frame` (itself `metrics.territory_table`), so the report,
the exports and the map tooltips always agree.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.table import Table

from territory.errors import UnsupportedFormat
from territory.export import replacing, write_xlsx
from territory.layers import territory_frame
from territory.planfile import PlanFile

REPORT_FORMATS = ("table", "csv", "xlsx")


def balance_table(pf: PlanFile) -> pd.DataFrame:
    frame = territory_frame(pf)
    return pd.DataFrame(frame.drop(columns=frame.geometry.name))


def rich_table(pf: PlanFile, table: pd.DataFrame) -> Table:
    """One row per territory and measure (fits a terminal); red past tolerance or in pieces."""
    plan = pf.plan
    out = Table(
        title=f"Balance of {plan.k} territories ({len(plan.units)} units)",
        caption="PP: Polsby-Popper compactness (1 = circle)" if "polsby_popper" in table else None,
    )
    out.add_column("rep", ratio=1)
    for name in ("units", "measure", "total", "target", "dev", "pieces", "PP"):
        if name == "PP" and "polsby_popper" not in table:
            continue
        out.add_column(name, justify="left" if name == "measure" else "right", no_wrap=True)
    for k, row in table.reset_index(drop=True).iterrows():
        for j, m in enumerate(plan.balance):
            dev = row[f"{m}_dev"]
            text = f"{dev:+.1%}"
            first = j == 0
            pieces = int(row["pieces"])
            cells = [
                rep_cell(pf, int(k), j),  # type: ignore[call-overload]
                str(row["units"]) if first else "",
                m,
                f"{row[m]:,.0f}",
                f"{row[f'{m}_target']:,.0f}",
                f"[red]{text}[/]" if abs(dev) > plan.tolerance[m] + 1e-9 else text,
                (f"[red]{pieces}[/]" if pieces > 1 else str(pieces)) if first else "",
            ]
            if "polsby_popper" in table:
                cells.append(f"{row['polsby_popper']:.3f}" if first else "")
            out.add_row(*cells, end_section=j == len(plan.balance) - 1)
    return out


def rep_cell(pf: PlanFile, k: int, line: int) -> str:
    """The rep id on a territory's first line, the rep's name under it."""
    rep_id, name = pf.plan.reps.ids[k], pf.plan.reps.names[k]
    if line == 0:
        return rep_id
    return name if line == 1 and name != rep_id else ""


def write_report(pf: PlanFile, fmt: str, out: Path | None) -> pd.DataFrame | Table:
    """`table` returns a rich Table to print; `csv` writes to `out` (or returns the frame for
    stdout); `xlsx` needs `out`."""
    fmt = fmt.lower()
    if fmt not in REPORT_FORMATS:
        raise UnsupportedFormat(f"unknown report format {fmt!r}; choose table, csv or xlsx")
    table = balance_table(pf)
    if fmt == "table":
        return rich_table(pf, table)
    if fmt == "xlsx":
        if out is None:
            raise UnsupportedFormat("--format xlsx needs --out FILE.xlsx")
        with replacing(out) as tmp:
            write_xlsx({"Balance": table}, tmp)
    elif out is not None:
        with replacing(out) as tmp:
            table.to_csv(tmp, index=False)
    return table
