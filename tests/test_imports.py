"""Catalog and watchlist imports: validation of every bad-row kind, all-or-nothing, upserts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from pricing import db
from pricing.identifiers import gtin_check_digit, is_valid_gtin, normalise_gtin
from pricing.imports import ImportRejected, import_catalog, import_watchlist
from pricing.models import Competitor, Listing, MatchMethod, Product, RenderMode
from pricing.tables import UnreadableFile

HEADER = "sku,name,brand,gtin,mpn,price,currency,cost,map_price"
GOOD = [
    "A-1,Widget,Acme,4006381333931,W-1,19.99,EUR,10.00,18.00",
    "A-2,Gadget,Acme,,G-2,5.50,usd,,",
    "A-3,Gizmo,Bolt,036000291452,,1200,JPY,,",
]


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(engine: Engine, model: type) -> int:
    with db.session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def load_catalog(engine: Engine, path: Path, **kw: bool):
    with db.session_scope(engine) as s:
        return import_catalog(s, path, **kw)


def load_watchlist(engine: Engine, path: Path, **kw: bool):
    with db.session_scope(engine) as s:
        return import_watchlist(s, path, **kw)


def test_catalog_import_and_idempotency(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "cat.csv", [HEADER, *GOOD])
    first = load_catalog(engine, path)
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    again = load_catalog(engine, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert count(engine, Product) == 3
    changed = write(tmp_path, "cat2.csv", [HEADER, GOOD[0].replace("19.99", "17.49"), *GOOD[1:]])
    third = load_catalog(engine, changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    with db.session_scope(engine) as s:
        p = s.scalars(select(Product).where(Product.sku == "A-1")).one()
        jpy = s.scalars(select(Product).where(Product.sku == "A-3")).one()
        usd = s.scalars(select(Product).where(Product.sku == "A-2")).one()
    assert p.our_price == Decimal("17.49") and p.cost == Decimal("10.00")
    assert p.map_price == Decimal("18.00") and p.gtin == "04006381333931"
    assert usd.currency == "USD" and usd.gtin is None and usd.cost is None
    assert jpy.gtin == normalise_gtin("036000291452")


BAD_CATALOG = [
    ("A-9,Widget,Acme,,,abc,EUR,,", "price", "bad price"),
    ("A-9,Widget,Acme,,,-3,EUR,,", "price", "above zero"),
    ("A-9,Widget,Acme,,,,EUR,,", "price", "missing price"),
    ("A-9,Widget,Acme,,,3,EURO,,", "currency", "unknown currency"),
    ("A-9,Widget,Acme,,,3,XQZ,,", "currency", "unknown currency"),
    ("A-9,Widget,Acme,4006381333932,,3,EUR,,", "gtin", "check digit"),
    ("A-9,Widget,Acme,12345,,3,EUR,,", "gtin", "invalid GTIN"),
    (",Widget,Acme,,,3,EUR,,", "sku", "missing sku"),
    ("A-9,,Acme,,,3,EUR,,", "name", "missing name"),
    ("A-9,Widget,Acme,,,3,EUR,x,", "cost", "bad cost"),
    ("A-1,Widget,Acme,,,3,EUR,,", "sku", "duplicate sku"),
    ("A-9,Widget,Acme,,,3,EUR,,,extra", "", "more cell"),
]


@pytest.mark.parametrize(("row", "column", "message"), BAD_CATALOG)
def test_catalog_bad_rows_reject_whole_file(
    engine: Engine, tmp_path: Path, row: str, column: str, message: str
) -> None:
    path = write(tmp_path, "bad.csv", [HEADER, *GOOD, row])
    with pytest.raises(ImportRejected) as info:
        load_catalog(engine, path)
    problems = info.value.report.problems
    assert [(p.line, p.column) for p in problems] == [(5, column)]
    assert message in problems[0].message
    assert count(engine, Product) == 0


def test_missing_column_is_reported(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", ["sku,name,brand,gtin,mpn,currency", "A,b,c,,,EUR"])
    with pytest.raises(ImportRejected, match="missing column 'price'"):
        load_catalog(engine, path)


def test_skip_invalid_imports_good_rows_and_lists_bad(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.csv", [HEADER, GOOD[0], "B,x,y,,,zero,EUR,,", GOOD[1]])
    report = load_catalog(engine, path, skip_invalid=True)
    assert report.created == 2 and report.rejected_lines == [3]
    assert count(engine, Product) == 2


def test_xlsx_catalog(engine: Engine, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(["X-1", "Excel row", "Acme", 4006381333931, "M", 12.5, "EUR", None, None])
    ws.append(["X-2", "Bad row", "Acme", None, None, "n/a", "EUR", None, None])
    path = tmp_path / "cat.xlsx"
    wb.save(path)
    with pytest.raises(ImportRejected) as info:
        load_catalog(engine, path)
    assert [(p.line, p.column) for p in info.value.report.problems] == [(3, "price")]
    report = load_catalog(engine, path, skip_invalid=True)
    assert report.created == 1
    with db.session_scope(engine) as s:
        p = s.scalars(select(Product)).one()
    assert p.gtin == "04006381333931" and p.our_price == Decimal("12.5")


def test_xlsx_detected_by_content_not_name(engine: Engine, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(HEADER.split(","))
    wb.active.append(["X-1", "n", "b", None, None, 3, "EUR", None, None])
    path = tmp_path / "catalog.csv"  # misnamed
    wb.save(path)
    assert load_catalog(engine, path).created == 1


def test_unreadable_files(engine: Engine, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes((HEADER + "\nA,Caf\xe9,b,,,3,EUR,,\n").encode("latin-1"))
    with pytest.raises(UnreadableFile, match="UTF-8"):
        load_catalog(engine, latin)
    with pytest.raises(UnreadableFile, match="no such file"):
        load_catalog(engine, tmp_path / "nope.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(UnreadableFile, match="empty"):
        load_catalog(engine, empty)


WL_HEADER = "competitor,url,sku,render"


def _catalog(engine: Engine, tmp_path: Path) -> None:
    load_catalog(engine, write(tmp_path, "cat.csv", [HEADER, *GOOD]))


def test_watchlist_import_matches_and_upserts(engine: Engine, tmp_path: Path) -> None:
    _catalog(engine, tmp_path)
    lines = [
        "competitor,url,sku,render,gtin,mpn",
        "acme,https://www.acme.example/p/1,A-1,,,",
        "acme,https://www.acme.example/p/2,A-2,browser,,",
        "bolt,http://bolt.example/x?id=3#reviews,,,0036000291452,",
        "bolt,http://bolt.example/x?id=4,,,,W-1",
    ]
    report = load_watchlist(engine, write(tmp_path, "wl.csv", lines))
    assert report.created == 4 and sorted(report.competitors_created) == ["acme", "bolt"]
    again = load_watchlist(engine, write(tmp_path, "wl.csv", lines))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    with db.session_scope(engine) as s:
        by_url = {item.url: item for item in s.scalars(select(Listing))}
        acme = s.scalars(select(Competitor).where(Competitor.name == "acme")).one()
        skus = {item.url: item.product.sku for item in by_url.values()}
    assert acme.base_domain == "acme.example"
    assert by_url["https://www.acme.example/p/2"].render_mode is RenderMode.browser
    assert by_url["http://bolt.example/x?id=3"].match_method is MatchMethod.gtin
    assert skus["http://bolt.example/x?id=3"] == "A-3"
    assert by_url["http://bolt.example/x?id=4"].match_method is MatchMethod.mpn
    assert skus["http://bolt.example/x?id=4"] == "A-1"
    moved = lines[:1] + ["acme,https://www.acme.example/p/1,A-2,,,"]
    assert load_watchlist(engine, write(tmp_path, "wl2.csv", moved)).updated == 1


BAD_WATCHLIST = [
    ("acme,ftp://acme.example/p,A-1,", "url", "non-http"),
    ("acme,not a url,A-1,", "url", "URL"),
    ("acme,https://,A-1,", "url", "no host"),
    ("acme,https://acme.example:99999/p,A-1,", "url", "malformed URL"),
    ("acme,https://acme.example/p/1,A-1,", "url", "duplicate URL"),
    ("acme,https://acme.example/p/9,NOPE,", "sku", "unknown sku"),
    ("acme,https://acme.example/p/9,,", "sku", "missing sku"),
    (",https://acme.example/p/9,A-1,", "competitor", "missing competitor"),
    ("acme,https://acme.example/p/9,A-1,turbo", "render", "unknown render mode"),
]


@pytest.mark.parametrize(("row", "column", "message"), BAD_WATCHLIST)
def test_watchlist_bad_rows(
    engine: Engine, tmp_path: Path, row: str, column: str, message: str
) -> None:
    _catalog(engine, tmp_path)
    path = write(tmp_path, "wl.csv", [WL_HEADER, "acme,https://acme.example/p/1,A-1,", row])
    with pytest.raises(ImportRejected) as info:
        load_watchlist(engine, path)
    problems = info.value.report.problems
    assert [(p.line, p.column) for p in problems] == [(3, column)]
    assert message in problems[0].message
    assert count(engine, Listing) == 0 and count(engine, Competitor) == 0


def test_currency_line_7_and_url_line_12_rejected_store_unchanged(
    engine: Engine, tmp_path: Path
) -> None:
    """The issue's acceptance case: both lines named, nothing written, earlier data intact."""
    _catalog(engine, tmp_path)
    before = count(engine, Product)
    lines = [HEADER + ",url"]
    for i in range(2, 15):
        currency = "EUX" if i == 7 else "EUR"
        url = "htp:/broken" if i == 12 else f"https://shop.example/p/{i}"
        lines.append(f"N-{i},Item {i},Acme,,,{i}.00,{currency},,,{url}")
    with pytest.raises(ImportRejected) as info:
        load_catalog(engine, write(tmp_path, "bad.csv", lines))
    assert info.value.report.rejected_lines == [7, 12]
    text = str(info.value)
    assert "line 7 [currency]" in text and "line 12 [url]" in text
    assert count(engine, Product) == before


def test_multiline_csv_row_numbers(engine: Engine, tmp_path: Path) -> None:
    lines = [HEADER, 'M-1,"two\nline name",b,,,3,EUR,,', "M-2,ok,b,,,oops,EUR,,"]
    with pytest.raises(ImportRejected) as info:
        load_catalog(engine, write(tmp_path, "ml.csv", lines))
    assert info.value.report.rejected_lines == [4]


def test_semicolon_csv(engine: Engine, tmp_path: Path) -> None:
    lines = [HEADER.replace(",", ";"), "S-1;Name;b;;;3.10;EUR;;"]
    assert load_catalog(engine, write(tmp_path, "semi.csv", lines)).created == 1


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_gtin_check_digit_property(body: str) -> None:
    full = body + str(gtin_check_digit(body))
    if len(full) in (8, 12, 13, 14):
        assert is_valid_gtin(full)
        wrong = full[:-1] + str((int(full[-1]) + 1) % 10)
        assert not is_valid_gtin(wrong)
