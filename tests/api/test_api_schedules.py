"""/schedules over scheduler.schedules: the same validation as `salesops schedule`."""

from __future__ import annotations

from api_helpers import assert_problem, seed_catalog
from fastapi.testclient import TestClient
from sqlalchemy import Engine


def test_schedule_lifecycle(client: TestClient, keys, store_env: Engine) -> None:  # noqa: ANN001
    seed_catalog(store_env, products=1, competitors=1)
    body = {"competitor": "shop1", "cron": "0 6 * * 1-5", "timezone": "Europe/Berlin"}
    made = client.post("/schedules", headers=keys.admin, json=body)
    assert made.status_code == 201, made.text
    schedule = made.json()
    assert schedule["name"] == "shop1" and schedule["enabled"] is True
    assert schedule["when"] == "cron 0 6 * * 1-5 (Europe/Berlin)"
    assert schedule["next_run_at"] is not None
    nightly = {"competitor": "all", "every": "6h", "name": "everyone"}
    assert client.post("/schedules", headers=keys.admin, json=nightly).status_code == 201
    names = [s["name"] for s in client.get("/schedules", headers=keys.viewer).json()]
    assert names == ["everyone", "shop1"]
    assert_problem(client.post("/schedules", headers=keys.admin, json=body), 409, "exists")
    paused = client.patch("/schedules/shop1", headers=keys.admin, json={"enabled": False})
    assert paused.json()["enabled"] is False and paused.json()["next_run_at"] is None
    got = client.get("/schedules/everyone", headers=keys.viewer).json()
    assert got["interval_seconds"] == 6 * 3600 and got["competitor"] == "all"
    assert client.delete("/schedules/shop1", headers=keys.admin).status_code == 204
    assert_problem(client.get("/schedules/shop1", headers=keys.viewer), 404, "shop1")


def test_bad_schedules_are_rejected_with_the_reason(
    client: TestClient,
    keys,  # noqa: ANN001
    store_env: Engine,
) -> None:
    seed_catalog(store_env, products=1, competitors=1)
    cases = [
        ({"competitor": "shop1"}, 422, "exactly one"),
        ({"competitor": "shop1", "cron": "61 * * * *"}, 422, ""),
        ({"competitor": "shop1", "every": "soon"}, 422, "soon"),
        ({"competitor": "shop1", "every": "1h", "timezone": "Mars/Base"}, 422, "Mars/Base"),
        ({"competitor": "nobody", "every": "1h"}, 404, "nobody"),
        ({"competitor": "shop1", "every": "1h", "colour": "red"}, 422, "colour"),
    ]
    for body, status, word in cases:
        assert_problem(client.post("/schedules", headers=keys.admin, json=body), status, word)
    assert client.get("/schedules", headers=keys.viewer).json() == []
