"""Crawl runs, the diff report, price history and alerts, over a store written by real runs."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from api_helpers import assert_problem, seed_catalog
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine, select

from pricing import db
from pricing.alerts import evaluate_alerts
from pricing.models import Availability, FailureKind, Listing, Product
from pricing.recording import (
    FailureIn,
    ObservationIn,
    finish_crawl_run,
    record_batch,
    start_crawl_run,
)

T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)


def crawl(
    engine: Engine, at: datetime, prices: dict[str, str], failed: tuple[str, ...] = ()
) -> int:
    """One finished run: ``prices`` maps listing URL -> price; ``failed`` URLs get a failure."""
    with db.session_scope(engine) as s:
        ids = {url: lid for url, lid in s.execute(select(Listing.url, Listing.id))}
        run = start_crawl_run(s)
        run.started_at = at
        s.flush()
        record_batch(
            s,
            run.id,
            [
                ObservationIn(ids[url], at, Decimal(p), "EUR", availability=Availability.InStock)
                for url, p in prices.items()
            ],
            [FailureIn(ids[url], FailureKind.timeout, "no answer in 30 s") for url in failed],
        )
        finish_crawl_run(s, run.id)
        return run.id


@pytest.fixture
def priced(store_env: Engine) -> tuple[int, int]:
    """P-1 and P-2 at 10.00 EUR; shop1 and shop2 crawled twice, shop2's P-2 page failing once."""
    seed_catalog(store_env, products=2, competitors=2)
    url = "https://shop{}.example/p/P-{}".format
    first = crawl(
        store_env, T0, {url(1, 1): "11.00", url(2, 1): "9.00", url(1, 2): "10.00"}, (url(2, 2),)
    )
    second = crawl(
        store_env,
        T0 + timedelta(hours=12),
        {url(1, 1): "8.50", url(2, 1): "9.00", url(1, 2): "12.00", url(2, 2): "10.50"},
    )
    return first, second


def test_crawl_runs_list_and_detail(client: TestClient, keys, priced: tuple[int, int]) -> None:  # noqa: ANN001
    first, second = priced
    runs = client.get("/crawl-runs", headers=keys.viewer).json()["items"]
    assert [r["id"] for r in runs] == [second, first]  # newest first
    assert (runs[1]["pages_ok"], runs[1]["pages_failed"], runs[1]["status"]) == (3, 1, "finished")
    page = client.get("/crawl-runs?limit=1", headers=keys.viewer).json()
    assert [r["id"] for r in page["items"]] == [second]
    older = client.get(f"/crawl-runs?limit=1&cursor={page['next_cursor']}", headers=keys.viewer)
    assert [r["id"] for r in older.json()["items"]] == [first]
    assert older.json()["next_cursor"] is None
    detail = client.get(f"/crawl-runs/{first}", headers=keys.viewer).json()
    assert detail["failures_total"] == 1
    failure = detail["failures"][0]
    assert failure["kind"] == "timeout" and failure["url"].endswith("/p/P-2")
    assert failure["detail"] == "no answer in 30 s"
    assert client.get(f"/crawl-runs/{second}", headers=keys.viewer).json()["failures"] == []
    assert_problem(client.get("/crawl-runs/9999", headers=keys.viewer), 404, "9999")
    since = (T0 + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    later = client.get(f"/crawl-runs?since={since}", headers=keys.viewer).json()["items"]
    assert [r["id"] for r in later] == [second]
    assert client.get("/crawl-runs?status=failed", headers=keys.viewer).json()["items"] == []
    assert_problem(client.get("/crawl-runs?competitor=nobody", headers=keys.viewer), 404)


def test_diff_report_with_the_cli_filters(client: TestClient, keys, priced) -> None:  # noqa: ANN001
    report = client.get("/prices/diff", headers=keys.viewer).json()
    p1 = next(p for p in report["products"] if p["sku"] == "P-1")
    assert Decimal(p1["min_price"]) == Decimal("8.50") and p1["cheapest"] == ["shop1"]
    assert p1["undercut_count"] == 2 and p1["our_rank"] == 3
    offer = next(o for o in p1["offers"] if o["competitor"] == "shop1")
    assert offer["change"] == "down" and Decimal(offer["previous_price"]) == Decimal("11.00")
    assert Decimal(offer["difference"]) == Decimal("-1.50")

    only = client.get("/prices/diff?sku=P-2&competitor=shop2", headers=keys.viewer).json()
    assert [p["sku"] for p in only["products"]] == ["P-2"]
    assert [o["competitor"] for o in only["products"][0]["offers"]] == ["shop2"]
    undercut = client.get("/prices/diff?undercut_only=true", headers=keys.viewer).json()
    assert [p["sku"] for p in undercut["products"]] == ["P-1"]
    both = client.get("/prices/diff?sku=P-1&sku=P-2", headers=keys.viewer).json()
    assert len(both["products"]) == 2

    before = (T0 + timedelta(hours=1)).isoformat()
    then = client.get("/prices/diff", params={"as_of": before}, headers=keys.viewer).json()
    p1_then = next(p for p in then["products"] if p["sku"] == "P-1")
    assert Decimal(p1_then["min_price"]) == Decimal("9.00")

    assert_problem(client.get("/prices/diff?sku=NOPE", headers=keys.viewer), 404, "NOPE")
    assert_problem(client.get("/prices/diff?competitor=nobody", headers=keys.viewer), 404)
    naive = (T0 + timedelta(hours=1)).replace(tzinfo=None).isoformat()  # UTC, as in the CLI
    then_naive = client.get("/prices/diff", params={"as_of": naive}, headers=keys.viewer)
    assert then_naive.json()["products"] == then["products"]
    assert_problem(client.get("/prices/diff?as_of=yesterday", headers=keys.viewer), 422, "as_of")
    assert_problem(client.get("/prices/diff?format=pdf", headers=keys.viewer), 422, "format")


def test_diff_downloads(client: TestClient, keys, priced) -> None:  # noqa: ANN001
    csv = client.get("/prices/diff?format=csv", headers=keys.viewer)
    assert csv.status_code == 200, csv.text
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    assert "P-1" in csv.text and "shop1" in csv.text
    xlsx = client.get("/prices/diff?format=xlsx", headers=keys.viewer)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[1]]
    skus = {row[header.index("sku")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert skus == {"P-1", "P-2"}
    history = client.get("/prices/history/P-1?format=csv", headers=keys.viewer)
    assert history.status_code == 200 and history.text.count("\nP-1,shop1,") == 2


def test_price_history(client: TestClient, keys, priced, store_env: Engine) -> None:  # noqa: ANN001
    history = client.get("/prices/history/P-1", headers=keys.viewer).json()
    assert history["sku"] == "P-1" and len(history["series"]) == 2
    shop1 = next(s for s in history["series"] if s["competitor"] == "shop1")
    assert [Decimal(p["price"]) for p in shop1["points"]] == [Decimal("11.00"), Decimal("8.50")]
    since = (T0 + timedelta(hours=1)).isoformat()
    recent = client.get("/prices/history/P-1", params={"since": since}, headers=keys.viewer)
    assert all(len(s["points"]) == 1 for s in recent.json()["series"])
    one = client.get(
        "/prices/history/P-1", params={"competitor": "shop2"}, headers=keys.viewer
    ).json()
    assert [s["competitor"] for s in one["series"]] == ["shop2"]
    with db.session_scope(store_env) as s:
        other = s.scalar(select(Listing.id).join(Product).where(Product.sku == "P-2").limit(1))
    assert_problem(
        client.get(f"/prices/history/P-1?listing_id={other}", headers=keys.viewer), 404, "P-1"
    )
    assert_problem(client.get("/prices/history/NOPE", headers=keys.viewer), 404, "NOPE")


def test_alert_rules_and_alerts(client: TestClient, keys, priced, store_env: Engine) -> None:  # noqa: ANN001
    rule = {"name": "undercut 10%", "kind": "undercut_percent", "threshold": "10"}
    made = client.post("/alert-rules", headers=keys.admin, json=rule)
    assert made.status_code == 201, made.text
    rule_id = made.json()["id"]
    assert made.json()["sku"] is None and made.json()["active"] is True
    assert_problem(client.post("/alert-rules", headers=keys.admin, json=rule), 422, "exists")
    no_threshold = {"name": "x", "kind": "undercut_percent"}
    assert_problem(
        client.post("/alert-rules", headers=keys.admin, json=no_threshold), 422, "threshold"
    )
    scoped = {"name": "p2 oos", "kind": "out_of_stock", "sku": "NOPE"}
    assert_problem(client.post("/alert-rules", headers=keys.admin, json=scoped), 404, "NOPE")
    _, second = priced
    with db.session_scope(store_env) as s:
        evaluate_alerts(s, second)
    alerts = client.get("/alerts", headers=keys.viewer).json()["items"]
    assert [(a["sku"], a["competitor"], a["rule"]) for a in alerts] == [
        ("P-1", "shop1", "undercut 10%")
    ]
    assert alerts[0]["closed_at"] is None and "8.50" in alerts[0]["message"]
    assert client.get("/alerts?sku=P-2", headers=keys.viewer).json()["items"] == []
    assert len(client.get("/alerts?open_only=true", headers=keys.viewer).json()["items"]) == 1
    paused = client.patch(f"/alert-rules/{rule_id}", headers=keys.admin, json={"active": False})
    assert paused.json()["active"] is False
    listed = client.get("/alert-rules?active=false", headers=keys.viewer).json()["items"]
    assert [r["id"] for r in listed] == [rule_id]
    assert client.delete(f"/alert-rules/{rule_id}", headers=keys.admin).status_code == 204
    assert client.get("/alerts", headers=keys.viewer).json()["items"] == []
    assert_problem(client.get(f"/alert-rules/{rule_id}", headers=keys.viewer), 404)
    assert_problem(client.delete(f"/alert-rules/{rule_id}", headers=keys.admin), 404)
