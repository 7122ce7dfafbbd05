"""API test fixtures: a TestClient on the migrated store (both databases), a key per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.keys import create_key
from pricing import db
from pricing.models import ApiRole


@dataclass(frozen=True)
class Keys:
    viewer: dict[str, str]
    analyst: dict[str, str]
    admin: dict[str, str]


@pytest.fixture
def client(store_env: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def keys(store_env: Engine) -> Keys:
    with db.session_scope(store_env) as s:
        tokens = {role: create_key(s, role, f"{role.value} test key").token for role in ApiRole}
    return Keys(*({"X-API-Key": tokens[r]} for r in ApiRole))
