"""`salesops extract`: one record per file, errors named per file, formats for people and tools."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from scrapers.extract.cli import extract_command

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture()
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("extract")(extract_command)
    app.command("noop")(lambda: None)  # keep typer from collapsing to a single command
    return app


@pytest.fixture()
def pages(tmp_path: Path) -> dict[str, Path]:
    plain = tmp_path / "de.html"
    plain.write_bytes((CORPUS / "tiny_nomarkup_de.html").read_bytes())
    zipped = tmp_path / "fr.html.gz"
    zipped.write_bytes(gzip.compress((CORPUS / "prestashop_fr.html").read_bytes()))
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    broken_gz = tmp_path / "broken.html.gz"
    broken_gz.write_bytes(b"not gzip at all")
    return {"plain": plain, "zipped": zipped, "binary": binary, "broken_gz": broken_gz}


def run(app: typer.Typer, *args: str):
    return CliRunner().invoke(app, ["extract", *args])


def test_json_records_per_file_with_source_as_given(app, pages):
    result = run(app, str(pages["plain"]), str(pages["zipped"]), "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["source"] for r in records] == [str(pages["plain"]), str(pages["zipped"])]
    assert (records[0]["price"], records[0]["currency"]) == ("1299.00", "EUR")
    assert (records[1]["price"], records[1]["regular_price"]) == ("44.90", "49.90")
    assert records[0]["evidence"]["price"]["source"] == "heuristic"


def test_bad_files_become_error_records_and_the_batch_goes_on(app, pages, tmp_path):
    missing = str(tmp_path / "missing.html")
    result = run(
        app,
        str(pages["binary"]),
        missing,
        str(pages["broken_gz"]),
        str(pages["plain"]),
        "--format",
        "jsonl",
    )
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == [
        str(pages["binary"]),
        missing,
        str(pages["broken_gz"]),
        str(pages["plain"]),
    ]
    assert "binary" in records[0]["error"]
    assert records[1]["error"] == "no such file"
    assert "gzip" in records[2]["error"]
    assert records[3]["price"] == "1299.00"
    assert "3 of 4" in result.stderr


def test_a_directory_stands_for_its_pages(app):
    result = run(app, str(CORPUS), "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(list(CORPUS.glob("*.html")))
    assert all("error" not in r for r in records)


def test_url_selects_the_variant(app):
    page = str(CORPUS / "shopify_variant_selected.html")
    url = "https://mapleknit.example/products/merino-crew-sock?variant=41000000000001"
    record = json.loads(run(app, page, "--url", url, "--format", "json").stdout)[0]
    assert (record["sku"], record["price"]) == ("MK-CREW-S", "36.0")


def test_selectors_file(app, tmp_path):
    selectors = tmp_path / "sel.json"
    selectors.write_text(json.dumps({"price": "#cost", "sku": "#pn"}))
    page = str(CORPUS / "selectors_custom_shop.html")
    record = json.loads(run(app, page, "--selectors", str(selectors), "--format", "json").stdout)[0]
    assert (record["price"], record["sku"], record["price_source"]) == (
        "12.48",
        "RPS-77812",
        "selectors",
    )
    selectors.write_text(json.dumps({"price": "div[[["}))
    result = run(app, page, "--selectors", str(selectors))
    assert result.exit_code != 0
    assert "invalid selector for 'price'" in result.output


def test_table_for_people(app, pages):
    result = run(app, str(pages["plain"]), str(pages["binary"]))
    assert result.exit_code == 1
    assert "1299.00" in result.stdout and "error" in result.stdout
