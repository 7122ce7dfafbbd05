"""Browser rendering through scrapy-playwright and Debian's Chromium: every markup kind renders,
the JavaScript-only price appears, heavy resources are never fetched, contexts are rotated, and
``auto`` falls back to the browser only where static extraction finds no price."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pricing import db
from pricing.models import CrawlRun, FailureKind, PriceObservation, ScrapeFailure

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("needs_chromium")]

RENDERED = [
    ("techhaus", "dk-160"),  # price only rendered by JavaScript
    ("megamart", "hd-100"),  # JSON-LD
    ("techhaus", "hd-200"),  # microdata
    ("casa-digitale", "sp-310"),  # RDFa
    ("nordlicht", "kb-420"),  # OpenGraph
    ("bonprix-electro", "ms-110"),  # no markup
    ("megamart", "hd-200"),  # sale
    ("techhaus", "wc-080"),  # CAPTCHA (200)
]


def _by_url(engine, model, run_id):
    with db.session_scope(engine) as session:
        rows = session.scalars(select(model).where(model.crawl_run_id == run_id))
        return {row.listing.url: row for row in rows}


def test_browser_mode_renders_every_kind_of_page(sqlite_engine, shop, stock, crawl):
    stock(sqlite_engine, RENDERED, concurrency=2)
    run_id = crawl(
        sqlite_engine,
        render="browser",
        settings={"SALESOPS_BROWSER_PAGES_PER_CONTEXT": 3, "CONCURRENT_REQUESTS": 1},
    )
    obs = _by_url(sqlite_engine, PriceObservation, run_id)
    fails = _by_url(sqlite_engine, ScrapeFailure, run_id)
    for name, slug in RENDERED[:-1]:
        got = obs[shop.url(name, slug)]
        assert got.price == shop.expected(name, slug).price, (name, slug)
    assert obs[shop.url("techhaus", "dk-160")].price_source == "heuristic"
    assert (
        obs[shop.url("megamart", "hd-200")].regular_price
        == shop.expected("megamart", "hd-200").regular_price
    )
    assert fails[shop.url("techhaus", "wc-080")].kind is FailureKind.blocked

    paths = shop.requested_paths()
    assert "/static/shop.css" in paths  # the browser really rendered the pages...
    assert not [p for p in paths if p.startswith(("/static/img/", "/static/fonts/"))]  # ...lean
    # Three pages per context: the 8 pages (rendered one at a time) came from 3 browser
    # contexts, each with its own cookie jar, so the shop saw exactly 3 visitor sessions.
    sessions = {h.session for h in shop.hits("/static/shop.css")}
    assert len(sessions) == 3 and None not in sessions


def test_auto_mode_renders_only_pages_without_a_static_price(sqlite_engine, shop, stock, crawl):
    pages = [("techhaus", "dk-160"), ("megamart", "sp-310"), ("nordlicht", "hd-100")]
    stock(sqlite_engine, pages)
    run_id = crawl(sqlite_engine, render="auto")
    obs = _by_url(sqlite_engine, PriceObservation, run_id)
    assert {u: o.price for u, o in obs.items()} == {
        shop.url(n, s): shop.expected(n, s).price for n, s in pages
    }
    # Static first everywhere; only the JavaScript page was fetched a second time, to render it.
    assert len(shop.hits("/techhaus/p/dk-160")) == 2
    assert len(shop.hits("/nordlicht/p/hd-100")) == 1
    assert shop.hits("/static/shop.css")  # the browser ran for the one page that needed it
    with db.session_scope(sqlite_engine) as session:
        assert session.get(CrawlRun, run_id).pages_ok == 3
