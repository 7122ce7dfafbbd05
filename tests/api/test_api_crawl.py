"""POST /crawl-runs starts a real crawl of the fixture shop in its own process."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from api_helpers import assert_problem
from fastapi.testclient import TestClient

from scrapers.fixture_shop import FixtureShop

CATALOG = Path(__file__).resolve().parents[2] / "pricing" / "data" / "sample_catalog.csv"
pytestmark = pytest.mark.slow


def test_start_a_crawl_and_follow_it(
    client: TestClient,
    keys,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SALESOPS_ALLOWED_PRIVATE_HOSTS", '["127.0.0.1"]')
    assert_problem(client.post("/crawl-runs", headers=keys.analyst, json={}), 422, "no active")
    with FixtureShop() as shop:
        client.post("/products/import", headers=keys.admin, files={"file": CATALOG.read_bytes()})
        pages = [("megamart", "hd-100"), ("megamart", "kb-420"), ("techhaus", "hd-100")]
        watch = {"file": ("watch.csv", shop.watchlist_csv(pages))}
        assert client.post("/listings/import", headers=keys.admin, files=watch).status_code == 200
        assert_problem(
            client.post("/crawl-runs", headers=keys.analyst, json={"competitor": "nobody"}), 404
        )
        started = client.post("/crawl-runs", headers=keys.analyst, json={"competitor": "megamart"})
        assert started.status_code == 202, started.text
        run_id = started.json()["run_id"]
        assert started.json()["status_url"] == f"/crawl-runs/{run_id}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run = client.get(f"/crawl-runs/{run_id}", headers=keys.viewer).json()
            if run["status"] != "running":
                break
            time.sleep(0.5)
        assert run["status"] == "finished", run
        assert run["trigger"] == "api" and run["competitor"] == "megamart"
        assert (run["pages_ok"], run["pages_failed"]) == (2, 0)
        assert not shop.hits("/techhaus/p/hd-100")
        expected = shop.expected("megamart", "hd-100").price
    history = client.get("/prices/history/HD-100?competitor=megamart", headers=keys.viewer)
    points = history.json()["series"][0]["points"]
    assert [p["crawl_run_id"] for p in points] == [run_id]
    assert float(points[0]["price"]) == float(expected)
