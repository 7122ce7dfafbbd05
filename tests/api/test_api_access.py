"""Who may call what: 401 without a valid key, 403 below the route's role, keys never logged."""

from __future__ import annotations

import logging

import pytest
from api_helpers import assert_problem
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from api.app import create_app
from api.keys import RANKS
from pricing.models import ApiRole
from salesops.cli import app as cli

V, AN, AD = ApiRole.viewer, ApiRole.analyst, ApiRole.admin
# The access policy, written out so a changed dependency fails here, not in production.
POLICY: dict[tuple[str, str], ApiRole] = {
    ("GET", "/competitors"): V,
    ("POST", "/competitors"): AD,
    ("GET", "/competitors/{competitor_id}"): V,
    ("PATCH", "/competitors/{competitor_id}"): AD,
    ("POST", "/competitors/{competitor_id}/deactivate"): AD,
    ("GET", "/products"): V,
    ("POST", "/products"): AD,
    ("POST", "/products/import"): AD,
    ("GET", "/products/{product_id}"): V,
    ("PATCH", "/products/{product_id}"): AD,
    ("POST", "/products/{product_id}/deactivate"): AD,
    ("GET", "/listings"): V,
    ("POST", "/listings"): AD,
    ("POST", "/listings/import"): AD,
    ("GET", "/listings/{listing_id}"): V,
    ("PATCH", "/listings/{listing_id}"): AD,
    ("POST", "/listings/{listing_id}/deactivate"): AD,
    ("GET", "/crawl-runs"): V,
    ("POST", "/crawl-runs"): AN,
    ("GET", "/crawl-runs/{run_id}"): V,
    ("GET", "/prices/diff"): V,
    ("GET", "/prices/history/{sku}"): V,
    ("GET", "/alerts"): V,
    ("GET", "/alert-rules"): V,
    ("POST", "/alert-rules"): AD,
    ("GET", "/alert-rules/{rule_id}"): V,
    ("PATCH", "/alert-rules/{rule_id}"): AD,
    ("DELETE", "/alert-rules/{rule_id}"): AD,
    ("GET", "/schedules"): V,
    ("POST", "/schedules"): AD,
    ("GET", "/schedules/{name}"): V,
    ("PATCH", "/schedules/{name}"): AD,
    ("DELETE", "/schedules/{name}"): AD,
    ("GET", "/territories/plans"): V,
    ("POST", "/territories/plans"): AN,
    ("GET", "/territories/plans/{job_id}"): V,
    ("GET", "/territories/plans/{job_id}/export"): V,
    ("GET", "/territories/plans/{job_id}/map.png"): V,
    ("GET", "/territories/plans/{job_id}/map.html"): V,
    ("GET", "/api-keys"): AD,
    ("POST", "/api-keys"): AD,
    ("POST", "/api-keys/{key_id}/revoke"): AD,
}
OPEN = {("GET", "/health")}


def _routes() -> list[tuple[str, str]]:
    """Every (method, path) the app serves, from its OpenAPI document."""
    paths = create_app().openapi()["paths"]
    return sorted((m.upper(), path) for path, ops in paths.items() for m in ops)


def _concrete(path: str) -> str:
    return (
        path.replace("{name}", "nightly")
        .replace("{sku}", "P-1")
        .format_map(
            {k: 999 for k in ("competitor_id", "product_id", "listing_id", "run_id", "rule_id")}
            | {"job_id": 999, "key_id": 999}
        )
    )


def test_every_route_has_a_policy_and_nothing_else_is_open() -> None:
    routes = set(_routes())
    assert routes - OPEN <= set(POLICY), sorted(routes - OPEN - set(POLICY))
    # Routes of the policy the app does not serve yet are reported, not silently passed.
    missing = set(POLICY) - routes
    assert not missing, f"routes in the policy but not in the app: {sorted(missing)}"


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # policy, not storage: one store
def test_roles_are_enforced_on_every_route(client: TestClient, keys) -> None:  # noqa: ANN001
    headers = {V: keys.viewer, AN: keys.analyst, AD: keys.admin}
    for method, path in _routes():
        if (method, path) in OPEN:
            continue
        url, need = _concrete(path), POLICY[(method, path)]
        assert_problem(client.request(method, url), 401, "missing API key")
        for role in ApiRole:
            response = client.request(method, url, headers=headers[role])
            if RANKS[role] < RANKS[need]:
                assert_problem(response, 403, f"needs the {need.value} role")
            else:
                assert response.status_code not in (401, 403), (method, path, role)


def test_bad_revoked_and_bearer_keys(client: TestClient, keys, store_env: Engine) -> None:  # noqa: ANN001
    assert client.get("/competitors", headers=keys.viewer).status_code == 200
    token = keys.viewer["X-API-Key"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/competitors", headers=bearer).status_code == 200
    for bad in ("nope", token[:-1] + ("A" if token[-1] != "A" else "B"), "so__x", ""):
        response = client.get("/competitors", headers={"X-API-Key": bad})
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
    listed = client.get("/api-keys", headers=keys.admin).json()
    viewer = next(k for k in listed if k["role"] == "viewer")
    assert "key" not in viewer and token.split("_")[1] == viewer["prefix"]
    revoked = client.post(f"/api-keys/{viewer['id']}/revoke", headers=keys.admin).json()
    assert revoked["revoked_at"] is not None
    assert_problem(client.get("/competitors", headers=keys.viewer), 401, "revoked")
    assert_problem(client.post("/api-keys/12345/revoke", headers=keys.admin), 404, "12345")


def test_admin_creates_keys_that_work_once_shown(client: TestClient, keys) -> None:  # noqa: ANN001
    created = client.post("/api-keys", headers=keys.admin, json={"role": "analyst", "name": "ci"})
    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith("so_") and len(key) > 40
    listed = client.get("/api-keys", headers=keys.admin).json()
    assert all("key" not in k for k in listed)
    assert client.get("/crawl-runs", headers={"X-API-Key": key}).status_code == 200
    assert_problem(
        client.post("/api-keys", headers=keys.admin, json={"role": "root", "name": "x"}),
        422,
        "role",
    )


def test_keys_never_reach_the_logs(
    client: TestClient,
    keys,  # noqa: ANN001
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    token = keys.admin["X-API-Key"]
    client.get("/competitors", headers=keys.admin)
    client.post("/competitors", headers=keys.admin, json={"name": None})
    client.get("/competitors", headers={"X-API-Key": token + "x"})
    secret = token.split("_", 2)[2]
    assert secret not in caplog.text


def test_apikey_cli_create_list_revoke(store_env: Engine) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["apikey", "create", "--role", "analyst", "--name", "robot"])
    assert made.exit_code == 0, made.output
    token = made.output.strip().splitlines()[-1]
    assert token.startswith("so_")
    prefix = token.split("_")[1]
    listed = runner.invoke(cli, ["apikey", "list"])
    assert prefix in listed.output and "robot" in listed.output and token not in listed.output
    client = TestClient(create_app())
    assert client.get("/crawl-runs", headers={"X-API-Key": token}).status_code == 200
    assert runner.invoke(cli, ["apikey", "revoke", prefix]).exit_code == 0
    assert client.get("/crawl-runs", headers={"X-API-Key": token}).status_code == 401
    assert prefix not in runner.invoke(cli, ["apikey", "list"]).output
    assert prefix in runner.invoke(cli, ["apikey", "list", "--all"]).output
    missing = runner.invoke(cli, ["apikey", "revoke", "nosuchkey"])
    assert missing.exit_code == 1 and "nosuchkey" in missing.output
    bad_role = runner.invoke(cli, ["apikey", "create", "--role", "root"])
    assert bad_role.exit_code != 0


def test_health_needs_no_key_and_reports_the_scheduler(
    client: TestClient, store_env: Engine
) -> None:
    from pricing import db
    from scheduler.heartbeat import beat

    body = client.get("/health").json()
    assert body == {
        "status": "ok",
        "database": "ok",
        "scheduler_last_beat": None,
        "scheduler_heartbeat_age_seconds": None,
    }
    with db.session_scope(store_env) as s:
        beat(s, "host:1", running_crawls=0)
    body = client.get("/health").json()
    assert body["scheduler_last_beat"] is not None
    assert 0 <= body["scheduler_heartbeat_age_seconds"] < 60


@pytest.mark.parametrize("served", [False, True], ids=["threaded", "read-pool"])
def test_health_says_when_the_database_is_down(
    monkeypatch: pytest.MonkeyPatch, sqlite_engine: Engine, served: bool
) -> None:
    """Without its lifespan the app checks in a worker thread; served (with it), a PostgreSQL
    app checks on the async read pool, and a server that does not answer gives 503 within the
    check's timeout instead of hanging the probe."""
    from api.routers import health
    from pricing import db
    from salesops.settings import get_settings

    monkeypatch.setenv("SALESOPS_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    monkeypatch.setattr(health, "CHECK_TIMEOUT_SECONDS", 0.5)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        if served:
            with TestClient(create_app()) as c:
                assert c.app.state.read_pool is not None  # the async path is the one tested
                response = c.get("/health")
        else:
            response = TestClient(create_app()).get("/health")
    finally:
        get_settings.cache_clear()
        db.get_engine.cache_clear()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["database"].startswith("unreachable")


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the server, not the store
def test_salesops_serve_answers_on_loopback(store_env: Engine) -> None:
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "salesops", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(cmd, env=dict(os.environ))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None, "salesops serve exited"
                time.sleep(0.3)
        assert health.json()["database"] == "ok"
        docs = httpx.get(f"http://127.0.0.1:{port}/docs")
        assert docs.status_code == 200 and "swagger" in docs.text.lower()
        spec = httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()
        assert (
            "/prices/diff" in spec["paths"]
            and "APIKeyHeader" in spec["components"]["securitySchemes"]
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
