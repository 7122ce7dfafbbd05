"""``salesops extract PATH...``: run the extractor on saved pages, one record per file.

Analysts use it to see why a page reads the way it does; we use it to measure. Files are
handled one after another in one process, so a thousand files cost a thousand extractions and
nothing more; a file that cannot be read or parsed becomes an error record naming it.
"""

from __future__ import annotations

import gzip
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from scrapers.extract.model import ExtractionError, SelectorError
from scrapers.extract.product import extract_product
from scrapers.extract.selectors import validate_selectors


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _expand(paths: list[str]) -> list[str]:
    """Directories stand for the .html/.html.gz files in them (sorted); files pass as given."""
    out: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted([*path.glob("*.html"), *path.glob("*.html.gz")])
            out.extend(str(p) for p in found)
        else:
            out.append(given)
    return out


def read_saved_page(path: Path) -> bytes:
    """The bytes of a saved page; ``.gz`` files are decompressed."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ExtractionError(f"not a valid gzip file: {exc}") from exc
    return data


def extract_record(
    source: str, url: str | None = None, selectors: dict[str, str] | None = None
) -> dict[str, Any]:
    """One output record for one file: the product fields, or ``error`` saying what went wrong."""
    try:
        product = extract_product(read_saved_page(Path(source)), url=url, selectors=selectors)
    except FileNotFoundError:
        return {"source": source, "error": "no such file"}
    except IsADirectoryError:
        return {"source": source, "error": "is a directory"}
    except PermissionError:
        return {"source": source, "error": "permission denied"}
    except ExtractionError as exc:
        return {"source": source, "error": str(exc)}
    return {"source": source, **product.to_record()}


def _load_selectors(path: Path | None) -> dict[str, str] | None:
    if path is None:
        return None
    try:
        selectors = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(f"cannot read selectors from {path}: {exc}") from exc
    if not isinstance(selectors, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in selectors.items()
    ):
        raise typer.BadParameter(f"{path}: expected a JSON object of field -> selector strings")
    try:
        validate_selectors(selectors)
    except SelectorError as exc:
        raise typer.BadParameter(f"{path}: {exc}") from exc
    return selectors


def _table(records: list[dict[str, Any]]) -> Table:
    table = Table(show_lines=False)
    for column in ("source", "name", "price", "regular", "currency", "availability", "sku", "from"):
        table.add_column(column, overflow="fold")
    for r in records:
        if "error" in r:
            table.add_row(r["source"], f"[red]error: {r['error']}[/red]", *[""] * 6)
            continue
        table.add_row(
            r["source"],
            r["name"] or "",
            r["price"] or "",
            r["regular_price"] or "",
            r["currency"] or "",
            r["availability"] or "",
            r["sku"] or "",
            r["price_source"] or "",
        )
    return table


def extract_command(
    paths: list[str] = typer.Argument(
        ..., help="Saved pages (.html or .html.gz), or directories holding them."
    ),
    url: str | None = typer.Option(
        None, "--url", help="The URL the page(s) came from (picks the variant, resolves links)."
    ),
    output: OutputFormat = typer.Option(
        OutputFormat.table, "--format", "-f", help="table for people, json/jsonl for tools."
    ),
    selectors_file: Path | None = typer.Option(
        None, "--selectors", help="JSON file of field -> CSS/XPath selector, as in a competitor."
    ),
) -> None:
    """Extract the product from saved pages: one record per file, errors named per file."""
    selectors = _load_selectors(selectors_file)
    sources = _expand(paths)
    failed = 0
    records: list[dict[str, Any]] = []
    for source in sources:
        record = extract_record(source, url=url, selectors=selectors)
        failed += "error" in record
        if output is OutputFormat.jsonl:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            records.append(record)
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif output is OutputFormat.table:
        Console().print(_table(records))
    if failed:
        Console(stderr=True).print(f"{failed} of {len(sources)} file(s) could not be extracted")
        raise typer.Exit(1)
