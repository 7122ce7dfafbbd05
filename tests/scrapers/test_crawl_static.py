"""The product spider against the fixture shop in static mode, on SQLite and PostgreSQL:
every markup kind, every failure kind, retries, robots.txt, and price history across two days."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from pricing import db
from pricing.models import (
    CrawlRun,
    CrawlStatus,
    FailureKind,
    Listing,
    PriceObservation,
    ScrapeFailure,
)
from salesops.settings import get_settings

OK_PAGES = [
    ("megamart", "hd-100"),  # JSON-LD
    ("techhaus", "hd-100"),  # microdata, de-DE
    ("bonprix-electro", "hd-100"),  # no markup, fr-FR "179,55 €"
    ("casa-digitale", "hd-100"),  # RDFa, it-IT
    ("nordlicht", "sp-310"),  # OpenGraph only, nl-NL
    ("megamart", "tv-650"),  # over a thousand: "€1,842.03"
    ("techhaus", "nb-140"),  # "1.299,00 €"
    ("megamart", "hd-200"),  # sale, struck-through regular price
    ("techhaus", "kb-420"),  # sale in microdata
    ("megamart", "mn-270"),  # ProductGroup with variants
    ("megamart", "kb-420"),  # JSON-LD @graph
    ("megamart", "cm-900"),  # malformed JSON-LD
    ("megamart", "bl-450"),  # 301 redirect
    ("megamart", "sp-310"),  # 500 first, then OK
    ("megamart", "ms-110"),  # 429 + Retry-After first, then OK
    ("megamart", "pb-200"),  # drops 90% on day 2
    ("casa-digitale", "ch-500"),  # out of stock
]
FAILING_PAGES = {
    ("techhaus", "lp-140"): FailureKind.robots,
    ("techhaus", "wc-080"): FailureKind.blocked,  # CAPTCHA with 200
    ("techhaus", "rt-600"): FailureKind.blocked,  # 403 challenge
    ("bonprix-electro", "pb-200"): FailureKind.http_error,  # 404
    ("megamart", "lp-140"): FailureKind.parse_error,  # price 0.00 is no price
    ("bonprix-electro", "cm-900"): FailureKind.parse_error,  # no price on the page
    ("techhaus", "dk-160"): FailureKind.parse_error,  # price only via JavaScript
}


def _outcomes(engine, run_id):
    with db.session_scope(engine) as session:
        obs = {
            o.listing.url: o
            for o in session.scalars(
                select(PriceObservation).where(PriceObservation.crawl_run_id == run_id)
            )
        }
        fails = {
            f.listing.url: f
            for f in session.scalars(
                select(ScrapeFailure).where(ScrapeFailure.crawl_run_id == run_id)
            )
        }
        run = session.get(CrawlRun, run_id)
        return run, obs, fails


@pytest.mark.slow
def test_two_days_of_crawling_store_prices_failures_and_history(engine, shop, stock, crawl):
    stock(engine, OK_PAGES + list(FAILING_PAGES))
    slow_url = shop.url("megamart", "hd-100") + "?delay=3"
    with db.session_scope(engine) as session:
        template = session.scalar(select(Listing).where(Listing.url.like("%megamart%")))
        session.add(
            Listing(
                url=slow_url,
                competitor_id=template.competitor_id,
                product_id=template.product_id,
                match_method=template.match_method,
            )
        )
    fast = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1}

    day1 = crawl(engine, render="static", settings=fast)
    run, obs, fails = _outcomes(engine, day1)
    total = len(OK_PAGES) + len(FAILING_PAGES) + 1
    assert run.status is CrawlStatus.finished
    assert (run.pages_ok, run.pages_failed + run.pages_blocked) == (len(OK_PAGES), total - 17)
    assert run.pages_blocked == 2

    for name, slug in OK_PAGES:
        expected = shop.expected(name, slug)
        got = obs[shop.url(name, slug)]
        assert (got.price, got.currency) == (expected.price, "EUR"), (name, slug)
        assert got.availability == expected.availability, (name, slug)
        assert got.regular_price == expected.regular_price, (name, slug)
        assert not got.suspicious
    assert obs[shop.url("megamart", "hd-100")].price_source == "jsonld"
    assert obs[shop.url("techhaus", "hd-100")].price_source == "microdata"
    assert obs[shop.url("casa-digitale", "hd-100")].price_source == "rdfa"
    assert obs[shop.url("nordlicht", "sp-310")].price_source == "opengraph"

    for (name, slug), kind in FAILING_PAGES.items():
        assert fails[shop.url(name, slug)].kind is kind, (name, slug, fails[shop.url(name, slug)])
    assert fails[slow_url].kind is FailureKind.timeout
    assert "CAPTCHA" in fails[shop.url("techhaus", "wc-080")].detail
    assert set(obs).isdisjoint(fails)

    # Politeness and retries, as the shop saw them.
    assert shop.hits("/techhaus/p/lp-140") == []  # robots.txt obeyed: never fetched
    assert len(shop.hits("/robots.txt")) == 1
    flaky = shop.hits("/megamart/p/sp-310")
    assert len(flaky) == 2 and flaky[1].at - flaky[0].at >= 0.2  # backed off before retrying
    limited = shop.hits("/megamart/p/ms-110")
    assert limited[1].at - limited[0].at >= 0.95  # waited for Retry-After: 1
    assert shop.hits("/megamart/p/bl-450-2026")  # followed the redirect
    assert {h.user_agent for h in shop.hits()} == {get_settings().user_agent}

    shop.day = 2
    day2 = crawl(engine, render="static", settings=fast)
    assert day2 != day1
    run2, obs2, _ = _outcomes(engine, day2)
    assert run2.pages_ok == len(OK_PAGES)
    for name, slug in OK_PAGES:
        assert obs2[shop.url(name, slug)].price == shop.expected(name, slug).price
    crash = obs2[shop.url("megamart", "pb-200")]
    assert crash.price == Decimal("4.00") and crash.suspicious
    assert "-" in crash.suspicious_reason and "%" in crash.suspicious_reason
    assert [u for u, o in obs2.items() if o.suspicious] == [shop.url("megamart", "pb-200")]
    moved = [u for u in obs2 if obs2[u].price != obs[u].price]
    assert len(moved) >= 3  # the shop's prices moved overnight and history shows it
