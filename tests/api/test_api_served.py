"""The app `salesops serve` runs freezes its start-up objects; the plain factory does not."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app, create_served_app


def test_served_app_freezes_startup_objects(store_env: Engine) -> None:
    gc.unfreeze()
    try:
        with TestClient(create_app()) as client:
            assert client.get("/health").status_code == 200
            assert gc.get_freeze_count() == 0  # tests build many apps: no freezing there
        with TestClient(create_served_app()) as client:
            assert client.get("/health").status_code == 200
            assert gc.get_freeze_count() > 10_000  # the imports' objects, kept from the GC
    finally:
        gc.unfreeze()
