"""The crawler's rules as plain functions: what counts as private, how long Retry-After asks
to wait, which prices are invalid or suspicious, and how download errors are classified."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from pricing.models import FailureKind
from scrapers.items import FailureItem, PriceItem
from scrapers.middlewares import AddressPolicy, PrivateAddressRefused, retry_after_seconds
from scrapers.pipelines import ValidationPipeline
from scrapers.spiders.product import classify_failure


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.4", "169.254.169.254", "::1",
     "[::1]", "fe80::1", "::ffff:127.0.0.1", "0.0.0.0", "100.64.0.1", "localhost"],
)  # fmt: skip
def test_private_loopback_and_link_local_hosts_are_refused(host):
    assert asyncio.run(AddressPolicy([]).refusal(host)) is not None


def test_public_addresses_pass_and_the_allow_list_wins():
    assert asyncio.run(AddressPolicy([]).refusal("93.184.216.34")) is None
    assert asyncio.run(AddressPolicy([]).refusal("2606:4700::6810:85e5")) is None
    assert asyncio.run(AddressPolicy(["127.0.0.1", "Shop.Local"]).refusal("127.0.0.1")) is None
    assert asyncio.run(AddressPolicy(["shop.local"]).refusal("SHOP.local")) is None
    message = str(PrivateAddressRefused("intranet", "10.0.0.8"))
    assert "10.0.0.8" in message and "SALESOPS_ALLOWED_PRIVATE_HOSTS" in message


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds("Sun, 22 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Sun, 22 Nov 2026 11:00:00 GMT", now) == 0.0  # already past
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def _item(price: str | None, currency: str | None = "EUR", listing_id: int = 1) -> PriceItem:
    return PriceItem(
        listing_id=listing_id,
        url="https://shop.example/p/1",
        observed_at=datetime.now(UTC),
        price=None if price is None else Decimal(price),
        currency=currency,
        availability="InStock",
    )


@pytest.fixture
def validation() -> ValidationPipeline:
    pipeline = ValidationPipeline(get_crawler(settings_dict={"SALESOPS_SUSPICIOUS_JUMP": 0.8}))
    pipeline.previous = {1: (Decimal("100.00"), "EUR")}
    return pipeline


@pytest.mark.parametrize(
    ("price", "currency", "message"),
    [
        ("0", "EUR", "not above zero"),
        ("-5", "EUR", "not above zero"),
        ("10", "XYZ", "unknown currency code 'XYZ'"),
        ("10", None, "no known ISO 4217 currency"),
    ],
)
def test_impossible_prices_become_invalid_failures(validation, price, currency, message):
    out = validation.process_item(_item(price, currency))
    assert isinstance(out, FailureItem) and out.kind is FailureKind.invalid
    assert message in out.detail


@pytest.mark.parametrize(
    ("price", "suspicious"),
    [("181.00", True), ("19.00", True), ("179.00", False), ("21.00", False), ("100", False)],
)
def test_jumps_over_eighty_percent_are_kept_but_flagged(validation, price, suspicious):
    out = validation.process_item(_item(price))
    assert isinstance(out, PriceItem) and out.suspicious is suspicious
    if suspicious:
        assert "%" in out.suspicious_reason and "100.00" in out.suspicious_reason


def test_a_first_observation_or_a_new_currency(validation):
    assert not validation.process_item(_item("5000", listing_id=2)).suspicious
    moved = validation.process_item(_item("100", currency="usd"))
    assert moved.currency == "USD" and "currency changed from EUR to USD" in moved.suspicious_reason


def _failure(exc: Exception, request: Request) -> Failure:
    try:
        raise exc
    except Exception:
        return Failure()


def test_download_errors_are_classified_by_what_the_user_can_do():
    request = Request("https://shop.example/p/1", meta={"retry_times": 2})

    def http(status: int, body: bytes = b"<html><body>x</body></html>") -> tuple:
        response = HtmlResponse(request.url, status=status, body=body, request=request)
        return classify_failure(_failure(HttpError(response), request), request)

    assert http(404) == (FailureKind.http_error, "HTTP 404 after 3 tries")
    assert http(503)[0] is FailureKind.http_error
    assert http(403)[0] is FailureKind.blocked
    assert http(429)[0] is FailureKind.blocked
    challenge = b"<html><title>Just a moment...</title><body>challenge-platform</body></html>"
    assert http(403, challenge)[0] is FailureKind.blocked
    robots = IgnoreRequest("Forbidden by robots.txt")
    assert classify_failure(_failure(robots, request), request)[0] is FailureKind.robots
    slow = DownloadTimeoutError("Getting it took longer than 2 seconds.")
    assert classify_failure(_failure(slow, request), request)[0] is FailureKind.timeout
    refused = PrivateAddressRefused("intranet", "10.0.0.8")
    assert classify_failure(_failure(refused, request), request)[0] is FailureKind.invalid
    kind, detail = classify_failure(_failure(ConnectionRefusedError("nope"), request), request)
    assert kind is FailureKind.http_error and "ConnectionRefusedError" in detail


def test_a_shorter_backoff_does_not_cut_short_a_retry_after_pause():
    """Another page of the same shop timing out must not end the server's Retry-After early."""
    from types import SimpleNamespace

    from scrapy.core.downloader import Slot

    from scrapers.middlewares import BackoffRetryMiddleware

    slot = Slot(concurrency=1, delay=0.0, jitter=0.0)
    calls: list[Slot] = []
    downloader = SimpleNamespace(slots={"shop": slot}, _latercall=calls.append)
    crawler = get_crawler(settings_dict={"RETRY_BACKOFF_BASE": 0.2})
    crawler.engine = SimpleNamespace(downloader=downloader)  # type: ignore[assignment]
    mw = BackoffRetryMiddleware(crawler.settings)
    mw.crawler = crawler
    request = Request("http://shop.example/p/1", meta={"download_slot": "shop"})

    async def pauses() -> None:  # Scrapy's call_later needs a running loop (or a reactor)
        try:
            mw._pause(request, 30.0)  # Retry-After: 30
            retry_after = slot.latercall
            assert retry_after is not None
            mw._pause(request, 0.2)  # a timeout's first backoff
            assert slot.latercall is retry_after
            mw._pause(request, 60.0)  # a longer pause still wins
            assert slot.latercall is not retry_after
        finally:
            if slot.latercall is not None:
                slot.latercall.cancel()

    asyncio.run(pauses())
    assert calls == []
