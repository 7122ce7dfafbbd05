"""Diff reports and price histories as CSV, JSON and XLSX files analysts open elsewhere.

XLSX files get a bold header row, frozen panes, an auto-filter and number formats at each
currency's minor unit, so a spreadsheet shows what the CLI shows.
"""

from __future__ import annotations

import csv
import dataclasses
import enum
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from pricing.currency import minor_unit
from pricing.diff import DiffReport
from pricing.history import ProductHistory
from pricing.money import money

FORMATS = ("csv", "json", "xlsx")


class UnsupportedFormat(ValueError):
    def __init__(self, fmt: str) -> None:
        super().__init__(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


DIFF_COLUMNS = (
    "sku", "product", "our_price", "currency", "competitor", "url", "price", "regular_price",
    "offer_currency", "comparable_price", "difference", "difference_percent", "availability",
    "observed_at", "age_hours", "status", "change", "previous_price", "cheapest", "undercuts",
    "min_price", "max_price", "mean_price", "median_price", "cheapest_competitors", "our_rank",
    "price_index", "undercut_count",
)  # fmt: skip
# Columns holding amounts in the product's (or the offer's) currency, and plain numbers.
MONEY_IN_OUR_CURRENCY = {
    "our_price", "comparable_price", "difference", "min_price", "max_price", "mean_price",
    "median_price",
}  # fmt: skip
MONEY_IN_OFFER_CURRENCY = {"price", "regular_price", "previous_price"}
PERCENT_COLUMNS = {"difference_percent", "price_index"}
HISTORY_COLUMNS = (
    "sku", "competitor", "url", "observed_at", "price", "regular_price", "currency",
    "availability", "suspicious", "crawl_run_id",
)  # fmt: skip


def diff_rows(report: DiffReport) -> Iterator[dict[str, Any]]:
    """One flat row per offer, the product's figures repeated on each (easy to filter)."""
    for p in report.products:
        for o in p.offers:
            yield {
                "sku": p.sku,
                "product": p.name,
                "our_price": money(p.our_price, p.currency),
                "currency": p.currency,
                "competitor": o.competitor,
                "url": o.url,
                "price": money(o.price, o.currency),
                "regular_price": money(o.regular_price, o.currency),
                "offer_currency": o.currency,
                "comparable_price": o.comparable_price,
                "difference": o.difference,
                "difference_percent": o.difference_percent,
                "availability": o.availability,
                "observed_at": o.observed_at,
                "age_hours": round(o.age.total_seconds() / 3600, 1) if o.age else None,
                "status": o.status,
                "change": o.change,
                "previous_price": money(o.previous_price, o.currency),
                "cheapest": o.cheapest,
                "undercuts": o.undercuts,
                "min_price": p.min_price,
                "max_price": p.max_price,
                "mean_price": p.mean_price,
                "median_price": p.median_price,
                "cheapest_competitors": ", ".join(p.cheapest),
                "our_rank": p.our_rank,
                "price_index": p.price_index,
                "undercut_count": p.undercut_count,
            }


def history_rows(history: ProductHistory) -> Iterator[dict[str, Any]]:
    for series in history.series:
        for pt in series.points:
            yield {
                "sku": history.sku,
                "competitor": series.competitor,
                "url": series.url,
                "observed_at": pt.observed_at,
                "price": money(pt.price, pt.currency),
                "regular_price": money(pt.regular_price, pt.currency),
                "currency": pt.currency,
                "availability": pt.availability,
                "suspicious": pt.suspicious,
                "crawl_run_id": pt.crawl_run_id,
            }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def write_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: IO[str]) -> None:
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(row[c]) for c in columns])


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # exact: a JSON float would lose cents
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(obj: Any) -> str:
    """Dataclass reports as JSON, money as strings so no digit is lost."""
    return json.dumps(dataclasses.asdict(obj), default=_json_default, indent=2)


def _number_format(column: str, currency: str | None) -> str | None:
    if column in PERCENT_COLUMNS:
        return "0.00"
    if column in MONEY_IN_OUR_CURRENCY or column in MONEY_IN_OFFER_CURRENCY:
        digits = minor_unit(currency) if currency else 2
        return "#,##0" + ("." + "0" * digits if digits else "")
    if column == "observed_at":
        return "yyyy-mm-dd hh:mm"
    return None


def write_xlsx(
    rows: Iterable[dict[str, Any]], columns: tuple[str, ...], path: Path, title: str
) -> None:
    """A sheet with a frozen, filterable header row and typed, formatted cells."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = "C2"  # the header and the first two columns stay in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(col) + 4))
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        header.append(cell)
    ws.append(header)
    for row in rows:
        cells = []
        for col in columns:
            value = row[col]
            if isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, datetime):
                value = value.astimezone(UTC).replace(tzinfo=None)  # Excel has no time zones
            cell = WriteOnlyCell(ws, value=value)
            currency = row.get("currency")
            if col in MONEY_IN_OFFER_CURRENCY:
                currency = row.get("offer_currency", currency)
            if value is not None and (fmt := _number_format(col, currency)):
                cell.number_format = fmt
            cells.append(cell)
        ws.append(cells)
    wb.save(path)


def export(
    rows: Iterable[dict[str, Any]],
    columns: tuple[str, ...],
    fmt: str,
    *,
    report: Any,
    out: Path | None,
    title: str,
) -> str | None:
    """Write ``fmt`` to ``out``; without ``out`` return the text (csv/json) for stdout."""
    if fmt not in FORMATS:
        raise UnsupportedFormat(fmt)
    if fmt == "xlsx":
        if out is None:
            raise ValueError("XLSX is a binary file: give --out FILE.xlsx")
        write_xlsx(rows, columns, out, title)
        return None
    if fmt == "json":
        text = to_json(report)
    else:
        buf = io.StringIO()
        write_csv(rows, columns, buf)
        text = buf.getvalue()
    if out is None:
        return text
    out.write_text(text, encoding="utf-8")
    return None
