"""Schemathesis over the OpenAPI document: no 5xx and no response outside the documented schema.

Bounded (a few examples per operation) so it runs in well under a minute; the admin key
reaches every operation. Runs on PostgreSQL (stricter about strings than SQLite: NUL bytes,
lengths), on SQLite when PostgreSQL is unreachable.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from api_helpers import seed_catalog
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine, update

from api.app import create_app
from api.keys import create_key
from pricing import db
from pricing.models import ApiRole, Listing
from salesops.settings import get_settings

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]


@pytest.fixture
def fuzz_store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    try:
        engine = request.getfixturevalue("pg_engine")
    except pytest.skip.Exception:
        engine = request.getfixturevalue("sqlite_engine")
    monkeypatch.setenv("SALESOPS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    seed_catalog(engine, products=2, competitors=2)
    with engine.begin() as conn:  # POST /crawl-runs must not start crawls of *.example hosts
        conn.execute(update(Listing).values(active=False))
    yield engine
    get_settings.cache_clear()
    db.get_engine.cache_clear()


@pytest.fixture
def api_schema(fuzz_store: Engine):  # noqa: ANN201 - a schemathesis schema
    return schemathesis.openapi.from_asgi("/openapi.json", create_app())


@pytest.fixture
def admin_headers(fuzz_store: Engine) -> dict[str, str]:
    with db.session_scope(fuzz_store) as s:
        return {"X-API-Key": create_key(s, ApiRole.admin, "fuzz").token}


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_honours_its_openapi_contract(case, admin_headers: dict[str, str]) -> None:  # noqa: ANN001
    if case.path == "/territories/plans" and case.method == "POST":
        case.body = None  # no planning jobs from fuzzed files: each spawns a process
    case.call_and_validate(headers=admin_headers, checks=CHECKS)
