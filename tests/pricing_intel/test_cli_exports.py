"""The CLI end to end on a small store: tables, CSV/JSON/XLSX, charts, alerts and FX."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

import pricing.alerts_cli
import pricing.intel_cli
from pricing import db
from pricing.models import Availability, CrawlRun
from salesops.cli import app

from .conftest import NOW, StoreBuilder

runner = CliRunner()


@pytest.fixture
def cli_store(store_env: Engine, monkeypatch) -> Engine:
    """KETTLE at 100.00 EUR: a 95.00, b 120.00 (USD, converted), c out of stock; 2 runs."""
    for module in (pricing.intel_cli, pricing.alerts_cli):
        monkeypatch.setattr(module.console, "width", 250)
    with db.session_scope(store_env) as session:
        store = StoreBuilder(session)
        p = store.product("KETTLE", "100.00")
        a, b, c = store.listing(p, "a"), store.listing(p, "b"), store.listing(p, "c")
        store.run(NOW - timedelta(days=2), {a: ("97.00",), b: ("132.00", "USD"), c: ("90.00",)})
        store.run(
            NOW - timedelta(days=1),
            {a: ("95.00",), b: ("132.00", "USD"), c: ("90.00", "EUR", Availability.OutOfStock)},
        )
    return store_env


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    return result


def test_fx_then_diff_table_csv_json(cli_store, tmp_path):
    as_of = ["--as-of", NOW.isoformat()]
    before = invoke("prices", "diff", *as_of)
    assert before.exit_code == 0, before.output
    assert "not comparable" in before.stdout  # no USD rate yet
    assert invoke("fx", "set", "EUR", "USD", "1.10", "--date", "2026-01-01").exit_code == 0
    rates = tmp_path / "rates.csv"
    rates.write_text("base,quote,rate,date\nGBP,EUR,1.17,2026-01-01\n")
    imported = invoke("fx", "import", str(rates))
    assert imported.exit_code == 0 and "1 rate(s)" in imported.stdout
    assert "1.17" in invoke("fx", "list").stdout
    table = invoke("prices", "diff", *as_of)
    assert table.exit_code == 0, table.output
    assert "KETTLE" in table.stdout and "★ a" in table.stdout and "index 93.02" in table.stdout
    out = invoke("prices", "diff", *as_of, "--format", "csv")
    rows = {r["competitor"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    assert rows["a"]["difference"] == "-5.00" and rows["a"]["change"] == "down"
    assert rows["b"]["comparable_price"] == "120.00" and rows["b"]["difference_percent"] == "20.00"
    assert rows["c"]["status"] == "out of stock" and rows["c"]["change"] == "out of stock"
    assert rows["a"]["mean_price"] == "107.50" and rows["a"]["our_rank"] == "2"
    data = json.loads(invoke("prices", "diff", *as_of, "--format", "json").stdout)
    (product,) = data["products"]
    assert product["price_index"] == "93.02" and product["cheapest"] == ["a"]
    under = invoke("prices", "diff", *as_of, "--undercut-only", "--competitor", "b", "-f", "csv")
    assert under.stdout.strip() == ",".join(csv_header(under.stdout))  # header only


def csv_header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


def test_diff_xlsx_has_header_formats_and_frozen_panes(cli_store, tmp_path):
    path = tmp_path / "diff.xlsx"
    result = invoke("prices", "diff", "--as-of", NOW.isoformat(), "-f", "xlsx", "-o", str(path))
    assert result.exit_code == 0, result.output
    ws = load_workbook(path).active
    assert ws.freeze_panes == "C2"
    header = [c.value for c in ws[1]]
    assert header[:4] == ["sku", "product", "our_price", "currency"] and ws["A1"].font.b
    col = {name: i for i, name in enumerate(header)}
    first = list(ws.iter_rows(min_row=2, max_row=2))[0]
    assert D(str(first[col["price"]].value)) == D("95")
    assert first[col["price"]].number_format == "#,##0.00"
    assert first[col["difference_percent"]].number_format == "0.00"
    assert first[col["observed_at"]].number_format == "yyyy-mm-dd hh:mm"
    assert ws.max_row == 4  # header + 3 offers


def test_history_table_csv_chart(cli_store, tmp_path):
    chart = tmp_path / "history.png"
    result = invoke("prices", "history", "KETTLE", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 10_000
    assert "132.00 USD" in result.stdout
    out = invoke("prices", "history", "KETTLE", "-c", "a", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["price"] for r in rows] == ["97.00", "95.00"]
    since = (NOW - timedelta(days=1, hours=1)).isoformat()
    out = invoke("prices", "history", "KETTLE", "-c", "a", "--since", since, "-f", "csv")
    assert [r["price"] for r in csv.DictReader(io.StringIO(out.stdout))] == ["95.00"]


def test_alert_rules_and_listing(cli_store):
    added = invoke("alerts", "rules", "add", "cheap", "--kind", "undercut_percent", "-t", "3")
    assert added.exit_code == 0, added.output
    assert "undercut_percent" in invoke("alerts", "rules", "list").stdout
    with db.session_scope(cli_store) as session:
        last_run = session.scalar(select(func.max(CrawlRun.id)))
    evaluated = invoke("alerts", "evaluate", str(last_run), "--no-notify")
    assert evaluated.exit_code == 0, evaluated.output
    assert "1 opened" in evaluated.stdout
    listed = invoke("alerts", "list", "--open")
    assert "undercuts us by 5.00%" in listed.stdout and "open" in listed.stdout
    assert invoke("alerts", "rules", "remove", "cheap").exit_code == 0
    assert "Alerts (0" in invoke("alerts", "list").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prices", "diff", "--sku", "NOPE"], "no product with SKU 'NOPE'"),
        (["prices", "diff", "--competitor", "zz"], "no competitor named 'zz'"),
        (["prices", "diff", "--format", "xml"], "unknown format 'xml'"),
        (["prices", "diff", "--format", "xlsx"], "give --out FILE.xlsx"),
        (["prices", "history", "KETTLE", "--chart", "x.gif"], "must end in .png"),
        (["fx", "set", "EUR", "EUR", "1"], "two different currencies"),
        (["fx", "set", "EUR", "XXY", "1"], "unknown currency code 'XXY'"),
        (["fx", "set", "EUR", "USD", "0"], "must be a positive number"),
        (["alerts", "rules", "add", "x", "--kind", "cheaper"], "unknown alert kind"),
        (["alerts", "rules", "remove", "nothing"], "no alert rule 'nothing'"),
        (["alerts", "evaluate", "99999"], "crawl run 99999 does not exist"),
    ],
)
def test_bad_input_is_named(cli_store, args, message):
    result = invoke(*args)
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())


def test_bad_date_is_a_usage_error(cli_store):
    result = invoke("prices", "diff", "--as-of", "yesterday")
    assert result.exit_code == 2 and "not an ISO date" in " ".join(result.output.split())


def test_demo_step_prints_the_report_and_draws_the_chart(cli_store, tmp_path):
    from rich.console import Console

    from pricing.intel_demo import price_intelligence_demo

    screen = Console(file=io.StringIO(), width=250)
    price_intelligence_demo(tmp_path, screen)
    text = screen.file.getvalue()
    assert "KETTLE" in text and "history chart of KETTLE (6 observations)" in text
    assert (tmp_path / "price-history-KETTLE.png").stat().st_size > 10_000
    assert load_workbook(tmp_path / "price-diff.xlsx").active.max_row == 4
