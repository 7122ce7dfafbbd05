"""Page reading inline and in a worker process: same readings, and the default worker count."""

from __future__ import annotations

import asyncio

import pytest

from scrapers.fixture_shop import pages
from scrapers.fixture_shop.catalog import SHOPS, offer, products
from scrapers.spiders import reading
from scrapers.spiders.reading import PageReader, PageReading, default_workers


async def _read_both(html: str, url: str, status: int) -> tuple[PageReading, PageReading]:
    pooled = PageReader(1)
    try:
        inline = await PageReader(0).read(html, url, None, status)
        return inline, await pooled.read(html, url, None, status)
    finally:
        pooled.close()


def test_a_worker_reads_pages_as_inline_reading_does():
    shop, product = SHOPS["techhaus"], products()["hd-100"]
    today = offer(shop, product, 1)
    url = "http://127.0.0.1/techhaus/p/hd-100"
    html = pages.product_page(shop, product, today, url, "")
    inline, pooled = asyncio.run(_read_both(html, url, 200))
    assert inline == pooled
    assert pooled.product is not None and pooled.product.price == today.price
    blocked_inline, blocked_pooled = asyncio.run(_read_both(pages.captcha_page(shop), url, 200))
    assert blocked_pooled.blocked and blocked_pooled == blocked_inline


@pytest.mark.parametrize(("cores", "workers"), [(1, 0), (2, 1), (3, 2), (4, 3), (16, 4)])
def test_pages_are_read_inline_only_on_one_core(monkeypatch, cores: int, workers: int):
    monkeypatch.setattr(reading.os, "cpu_count", lambda: cores)
    assert default_workers() == workers
