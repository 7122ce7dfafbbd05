"""Reading the tabular files analysts hand us (CSV or XLSX), detected by content, not name."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX table we can read; the message says why."""


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line (CSV) or sheet row (XLSX) as a spreadsheet user would count it
    values: dict[str, str]
    extra: int = 0  # how many more cells than the header has (a malformed CSV row)


@dataclass(frozen=True)
class Table:
    name: str
    header: list[str]
    rows: list[Row]


def _clean_header(cells: list[object]) -> list[str]:
    return [str(c or "").strip().lower().lstrip("\ufeff") for c in cells]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores GTINs and whole prices as floats; 4006381333931.0 must read as digits.
        return str(int(value))
    return str(value).strip()


def read_table(source: str | Path | bytes, name: str | None = None) -> Table:
    if isinstance(source, bytes):
        data, name = source, name or "<upload>"
    else:
        path = Path(source)
        name = name or str(source)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UnreadableFile(f"{name}: no such file") from None
        except IsADirectoryError:
            raise UnreadableFile(f"{name}: is a directory, expected a CSV or XLSX file") from None
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, name)
    return _read_csv(data, name)


def _read_xlsx(data: bytes, name: str) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken zip/xml
        raise UnreadableFile(f"{name}: not a readable XLSX workbook ({exc})") from exc
    ws = wb.worksheets[0]
    rows_iter = ws.iter_rows(values_only=True)
    try:
        header = _clean_header(list(next(rows_iter)))
    except StopIteration:
        raise UnreadableFile(f"{name}: the first sheet is empty") from None
    while header and header[-1] == "":
        header.pop()
    rows: list[Row] = []
    for lineno, cells in enumerate(rows_iter, start=2):
        values = [_cell(c) for c in cells]
        if not any(values):
            continue
        extra_cells = values[len(header) :]
        extra = sum(1 for v in extra_cells if v)
        padded = values[: len(header)] + [""] * max(0, len(header) - len(values))
        rows.append(Row(lineno, dict(zip(header, padded, strict=True)), extra))
    wb.close()
    return Table(name, header, rows)


def _read_csv(data: bytes, name: str) -> Table:
    if b"\x00" in data[:4096]:
        raise UnreadableFile(f"{name}: binary content, expected a CSV or XLSX file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"{name}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8"
        ) from None
    if not text.strip():
        raise UnreadableFile(f"{name}: the file is empty")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text.split("\n", 1)[0], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = _clean_header(next(reader))
        rows: list[Row] = []
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            values = [c.strip() for c in cells]
            if not any(values):
                continue
            extra = max(0, len(values) - len(header))
            padded = values[: len(header)] + [""] * max(0, len(header) - len(values))
            rows.append(Row(line, dict(zip(header, padded, strict=True)), extra))
    except csv.Error as exc:
        raise UnreadableFile(f"{name}: malformed CSV at line {reader.line_num}: {exc}") from None
    return Table(name, header, rows)
