"""The one-product fast lane answers exactly as the route would, and leaves it everything else."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from api_helpers import assert_problem
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from test_api_prices import T0, priced  # noqa: F401 - the fixture, shared

import api.fastlane
import api.routers.prices
import pricing.diff
from api.app import create_app

NOW = T0 + timedelta(hours=13)  # after both crawls of the fixture


class _Frozen(datetime):
    @classmethod
    def now(cls, tz=None):  # noqa: ANN001, ANN206 - datetime's own signature
        return NOW


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both paths stamp the report "now": the same now, so whole bodies compare."""
    monkeypatch.setattr(pricing.diff, "datetime", _Frozen)  # the synchronous report's now
    monkeypatch.setattr(api.fastlane, "utcnow", lambda: NOW)
    monkeypatch.setattr(api.routers.prices, "utcnow", lambda: NOW)


@pytest.fixture
def plain(store_env: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(fast_lane=False), raise_server_exceptions=False) as c:
        yield c


QUERIES = [
    "sku=P-1",
    "sku=P-1&undercut_only=true",
    "sku=P-1&include_out_of_stock=1&staleness_days=0",
    "sku=P-2&format=json&staleness_days=30",
]


@pytest.mark.parametrize("query", QUERIES)
def test_lane_answers_as_the_route_does(
    client: TestClient,
    plain: TestClient,
    keys,  # noqa: ANN001
    priced,  # noqa: ANN001, F811
    frozen: None,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
) -> None:
    expected = plain.get(f"/prices/diff?{query}", headers=keys.viewer)
    assert expected.status_code == 200 and expected.json()["products"]
    client.get("/competitors", headers=keys.viewer)  # the key is now verified and cached
    if engine.dialect.name == "postgresql":
        # From here the route cannot answer: a 200 can only come from the lane.
        def route_must_not_run(*args: object, **kwargs: object) -> None:
            raise AssertionError("the route answered")

        monkeypatch.setattr(api.routers.prices, "one_product_report", route_must_not_run)
    got = client.get(f"/prices/diff?{query}", headers=keys.viewer)
    assert got.status_code == 200
    assert got.headers["content-type"] == expected.headers["content-type"]
    assert got.content == expected.content


@pytest.mark.parametrize("bearer", [False, True])
def test_lane_takes_the_key_either_way(
    client: TestClient,
    keys,  # noqa: ANN001
    priced,  # noqa: ANN001, F811
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    bearer: bool,
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the lane reads through the asyncio read pool, which is PostgreSQL only")
    headers = keys.viewer
    if bearer:
        headers = {"Authorization": f"Bearer {keys.viewer['X-API-Key']}"}
    client.get("/competitors", headers=headers)
    monkeypatch.setattr(api.routers.prices, "one_product_report", None)  # route would fail
    assert client.get("/prices/diff?sku=P-1", headers=headers).status_code == 200


def test_everything_else_goes_to_the_route(
    client: TestClient,
    keys,  # noqa: ANN001
    priced,  # noqa: ANN001, F811
) -> None:
    client.get("/competitors", headers=keys.viewer)
    get = client.get
    assert_problem(get("/prices/diff?sku=NOPE", headers=keys.viewer), 404, "NOPE")
    assert_problem(get("/prices/diff?sku=P-1&staleness_days=-1", headers=keys.viewer), 422)
    assert_problem(get("/prices/diff?sku=P-1&undercut_only=maybe", headers=keys.viewer), 422)
    assert_problem(get("/prices/diff?sku=P-1"), 401, "API key")
    assert_problem(get("/prices/diff?sku=P-1", headers={"X-API-Key": "so_x_y"}), 401)
    two = get("/prices/diff?sku=P-1&sku=P-2", headers=keys.viewer).json()
    assert [p["sku"] for p in two["products"]] == ["P-1", "P-2"]
    one_shop = get("/prices/diff?sku=P-1&competitor=shop1", headers=keys.viewer).json()
    assert [o["competitor"] for o in one_shop["products"][0]["offers"]] == ["shop1"]
    csv = get("/prices/diff?sku=P-1&format=csv", headers=keys.viewer)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
