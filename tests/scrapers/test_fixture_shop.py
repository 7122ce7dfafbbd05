"""The fixture shop itself: enough pages, every case the crawler must handle, moving prices."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from scrapers.fixture_shop import SHOPS, SPECIAL, FixtureShop, products
from scrapers.fixture_shop.catalog import RETRY_AFTER_SECONDS


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_at_least_forty_product_pages_and_every_case():
    assert len(SHOPS) * len(products()) >= 40
    assert {s.markup for s in SHOPS.values()} == {
        "jsonld",
        "microdata",
        "rdfa",
        "opengraph",
        "none",
    }
    cases = set(SPECIAL.values())
    assert {
        "sale", "out_of_stock", "variants", "js_price", "robots", "flaky", "rate_limited",
        "captcha", "challenge", "malformed_jsonld", "huge", "redirect", "graph",
    } <= cases  # fmt: skip


def test_pages_answer_as_their_case_says(shop: FixtureShop):
    status, _, body = fetch(shop.url("megamart", "hd-100"))
    assert status == 200 and b'"@type": "Product"' in body
    assert fetch(shop.url("megamart", "sp-310"))[0] == 500  # first request of the day
    assert fetch(shop.url("megamart", "sp-310"))[0] == 200
    status, headers, _ = fetch(shop.url("megamart", "ms-110"))
    assert status == 429 and headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert fetch(shop.url("megamart", "ms-110"))[0] == 200
    status, headers, _ = fetch(shop.url("megamart", "bl-450"))
    assert status == 301 and headers["Location"].endswith("/megamart/p/bl-450-2026")
    status, _, body = fetch(shop.url("techhaus", "wc-080"))
    assert status == 200 and b"g-recaptcha" in body
    assert fetch(shop.url("techhaus", "rt-600"))[0] == 403
    assert fetch(shop.url("bonprix-electro", "pb-200"))[0] == 404
    status, _, body = fetch(shop.url("techhaus", "ssd-1t"))
    assert status == 200 and len(body) >= 5 * 1024 * 1024
    _, _, robots = fetch(shop.base_url + "/robots.txt")
    assert b"Disallow: /techhaus/p/lp-140" in robots
    _, _, js = fetch(shop.url("techhaus", "dk-160"))
    assert b"699" not in js.split(b"<footer")[0].split(b'class="sku"')[1]  # price only via JS
    _, _, plain = fetch(shop.url("techhaus", "nb-140"))
    assert "1.299,00\xa0€".encode() in plain  # de-DE grouping and decimal comma


def test_prices_and_stock_move_with_the_day(shop: FixtureShop):
    day1 = {(s, p): shop.expected(s, p) for s in SHOPS for p in products()}
    fetch(shop.url("megamart", "sp-310"))  # use up the day's 500
    shop.day = 2
    day2 = {(s, p): shop.expected(s, p) for s in SHOPS for p in products()}
    changed = [k for k in day1 if day1[k].price != day2[k].price]
    assert len(changed) >= len(day1) // 4
    assert any(day1[k].availability != day2[k].availability for k in day1)
    assert fetch(shop.url("megamart", "sp-310"))[0] == 500  # a new day, a new hiccup
    _, _, body = fetch(shop.url("megamart", "pb-200"))
    assert f'"price": "{day2[("megamart", "pb-200")].price}"'.encode() in body
    with pytest.raises(ValueError, match="day must be 1 or later"):
        shop.day = 0


def test_a_busy_port_is_reported_clearly(shop: FixtureShop):
    with pytest.raises(OSError, match=f"cannot serve the fixture shop on 127.0.0.1:{shop.port}"):
        FixtureShop(port=shop.port).start()
