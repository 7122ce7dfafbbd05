"""Browser rendering through scrapy-playwright and Debian's Chromium: every markup kind renders,
the JavaScript-only price appears, heavy resources are never fetched, contexts are rotated, and
``auto`` falls back to the browser only where static extraction finds no price."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pricing import db
from pricing.models import CrawlRun, FailureKind, PriceObservation, ScrapeFailure

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("needs_chromium")]

BROWSER = [
    ("techhaus", "dk-160"),  # price only rendered by JavaScript
    ("megamart", "hd-100"),  # JSON-LD
    ("techhaus", "hd-200"),  # microdata
    ("casa-digitale", "sp-310"),  # RDFa
    ("nordlicht", "kb-420"),  # OpenGraph
    ("bonprix-electro", "ms-110"),  # no markup
    ("megamart", "hd-200"),  # sale
    ("techhaus", "wc-080"),  # CAPTCHA (200)
]
AUTO = [
    ("casa-digitale", "dk-160"),  # JavaScript-only: static finds no price, so it is rendered
    ("nordlicht", "hd-100"),  # static is enough
    ("megamart", "sp-310"),  # static is enough, after a 500 and a retry
]


def _by_url(engine, model, run_id):
    with db.session_scope(engine) as session:
        rows = session.scalars(select(model).where(model.crawl_run_id == run_id))
        return {row.listing.url: row for row in rows}


def test_browser_and_auto_rendering(sqlite_engine, shop, stock, crawl):
    modes = {page: "browser" for page in BROWSER} | {page: "auto" for page in AUTO}
    stock(sqlite_engine, BROWSER + AUTO, render=modes)
    settings = {"SALESOPS_BROWSER_PAGES_PER_CONTEXT": 3, "CONCURRENT_REQUESTS": 1}
    run_id = crawl(sqlite_engine, settings=settings)
    obs = _by_url(sqlite_engine, PriceObservation, run_id)
    fails = _by_url(sqlite_engine, ScrapeFailure, run_id)

    for name, slug in BROWSER[:-1] + AUTO:
        got = obs[shop.url(name, slug)]
        assert got.price == shop.expected(name, slug).price, (name, slug)
    assert obs[shop.url("techhaus", "dk-160")].price_source == "heuristic"
    sale = obs[shop.url("megamart", "hd-200")]
    assert sale.regular_price == shop.expected("megamart", "hd-200").regular_price
    assert fails[shop.url("techhaus", "wc-080")].kind is FailureKind.blocked
    with db.session_scope(sqlite_engine) as session:
        assert session.get(CrawlRun, run_id).pages_ok == len(BROWSER) - 1 + len(AUTO)

    # auto: static first everywhere; only the JavaScript page was fetched again, to render it.
    assert len(shop.hits("/casa-digitale/p/dk-160")) == 2
    assert len(shop.hits("/nordlicht/p/hd-100")) == 1
    # The browser rendered pages (stylesheets were loaded) without images, fonts or media.
    paths = shop.requested_paths()
    assert "/static/shop.css" in paths
    assert not [p for p in paths if p.startswith(("/static/img/", "/static/fonts/"))]
    # Three pages per context: the 9 rendered pages (one at a time) came from 3 browser
    # contexts, each with its own cookie jar, so the shop saw exactly 3 visitor sessions.
    sessions = {h.session for h in shop.hits("/static/shop.css")}
    assert len(sessions) == 3 and None not in sessions
