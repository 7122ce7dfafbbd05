"""Fixtures for crawler tests: the fixture shop on an ephemeral loopback port, and a store
stocked with the sample catalog and a watchlist pointing at that shop."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from pricing import db
from pricing.imports import import_catalog, import_watchlist
from pricing.models import Competitor, Listing
from salesops.demo import sample_path
from scrapers.crawl import run_crawl
from scrapers.fixture_shop import FixtureShop

# Fast but real: short backoffs and timeouts so failure paths finish in seconds.
TEST_SETTINGS: dict[str, Any] = {
    "SALESOPS_ALLOWED_PRIVATE_HOSTS": ["127.0.0.1"],
    "RETRY_BACKOFF_BASE": 0.2,
    "DOWNLOAD_TIMEOUT": 2,
    "LOG_LEVEL": "WARNING",
}


def chromium_missing() -> str | None:
    from salesops.settings import get_settings

    path = get_settings().chromium_path
    return None if shutil.which(path) else f"Chromium not found at {path}"


@pytest.fixture
def shop() -> Iterator[FixtureShop]:
    with FixtureShop(port=0, day=1) as running:
        yield running


Stock = Callable[..., dict[str, int]]


@pytest.fixture
def stock(shop: FixtureShop) -> Stock:
    """Import the catalog and a watchlist of ``pages`` (shop, slug) into ``engine``; returns
    {"shop/slug": listing id}. Competitors get no delay so tests run fast."""

    def _stock(
        engine: Engine,
        pages: list[tuple[str, str]] | None = None,
        render: dict[tuple[str, str], str] | None = None,
        concurrency: int = 4,
    ) -> dict[str, int]:
        with db.session_scope(engine) as session:
            import_catalog(session, sample_path("sample_catalog.csv"))
            import_watchlist(session, shop.watchlist_csv(pages), name="watchlist.csv")
            session.execute(update(Competitor).values(delay_seconds=0, max_concurrency=concurrency))
            ids = {}
            for listing in session.scalars(select(Listing)):
                key = "/".join(listing.url.split("/")[3:6:2])  # shop/slug
                ids[key] = listing.id
                if render and tuple(key.split("/")) in render:
                    listing.render_mode = render[tuple(key.split("/"))]  # type: ignore[index]
            return ids

    return _stock


@pytest.fixture
def crawl() -> Callable[..., int]:
    """Run a real crawl (its own process) against ``engine``; returns the run id."""

    def _crawl(engine: Engine, **kwargs: Any) -> int:
        settings = {**TEST_SETTINGS, **kwargs.pop("settings", {})}
        url = engine.url.render_as_string(hide_password=False)
        return run_crawl(url, settings=settings, **kwargs)

    return _crawl


@pytest.fixture
def needs_chromium() -> None:
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
