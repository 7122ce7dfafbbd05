"""Downloader middlewares and the throttle: safety, retries with backoff, polite delays.

Each class has one job and is switched on in ``scrapers/settings.py``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Request, Response
from scrapy.utils.asyncio import call_later
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from typing import Self

    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler

GAVE_UP = "salesops_gave_up"  # request meta: why retrying stopped early (shown in the failure)
BLOCKED_RESOURCES = frozenset({"image", "font", "media"})


# -- safety: no crawling into private networks ---------------------------------------------------


class PrivateAddressRefused(IgnoreRequest):
    """A URL's host resolves to a private, loopback or link-local address and is not allowed."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(
            f"refused {host}: it resolves to {address}, a private/loopback/link-local address; "
            "add the host to SALESOPS_ALLOWED_PRIVATE_HOSTS if crawling it is intended"
        )
        self.host = host
        self.address = address


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class AddressPolicy:
    """Which hosts may be fetched: public addresses always, private ones only if allow-listed."""

    def __init__(self, allowed_hosts: Iterable[str]) -> None:
        self.allowed = {h.strip().lower() for h in allowed_hosts if h.strip()}
        self._verdicts: dict[str, str | None] = {}

    async def refusal(self, host: str) -> str | None:
        """The non-public address ``host`` resolves to, or None when it may be fetched."""
        host = host.strip("[]").lower()
        if host in self.allowed:
            return None
        if host not in self._verdicts:
            self._verdicts[host] = await self._resolve_and_judge(host)
        return self._verdicts[host]

    async def _resolve_and_judge(self, host: str) -> str | None:
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, None)
            except socket.gaierror:
                return None  # unresolvable: the download itself fails and says so
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        bad = [str(a) for a in addresses if not _is_public(a)]
        return bad[0] if bad else None


class PrivateAddressMiddleware:
    """Refuses requests (including redirects) to private networks unless the host is allowed."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(AddressPolicy(crawler.settings.getlist("SALESOPS_ALLOWED_PRIVATE_HOSTS")))

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        address = await self.policy.refusal(host)
        if address is not None:
            raise PrivateAddressRefused(host, address)


class BrowserRequestFilter:
    """Playwright's abort predicate: skip images, fonts and media; never reach private hosts."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    async def __call__(self, request: Any) -> bool:  # a playwright Request
        if request.resource_type in BLOCKED_RESOURCES:
            return True
        host = urlparse_cached(Request(request.url)).hostname if request.url[:4] == "http" else ""
        return bool(host) and await self.policy.refusal(host) is not None


# -- retries ---------------------------------------------------------------------------------


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, but waiting: exponential backoff on 5xx and timeouts, and the server's
    ``Retry-After`` on 429/503. The wait pauses the competitor's whole download slot, so the
    rest of its pages wait too (that is what the server asked for)."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 30.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)
        self._paused_until: dict[str, float] = {}  # slot key -> monotonic end of its pause

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = None
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None and wait > self.retry_after_max:
                request.meta[GAVE_UP] = (
                    f"server asked to retry after {wait:.0f}s, more than the "
                    f"{self.retry_after_max:.0f}s limit (RETRY_AFTER_MAX)"
                )
                return response
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        self._pause(request, wait if wait is not None else self._backoff(retry))
        return retry

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry"):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            self._pause(request, self._backoff(retry))
        return retry

    def _backoff(self, retry: Request) -> float:
        return min(self.backoff_max, self.backoff_base * 2 ** (retry.meta["retry_times"] - 1))

    def _pause(self, request: Request, seconds: float) -> None:
        """Hold the request's download slot for ``seconds`` (longer pauses win).

        A shorter backoff (another page of the same shop timing out) must not cut short a
        ``Retry-After`` the server asked for, so the slot's pause only ever moves later.
        """
        engine = self.crawler.engine
        slot: Slot | None = None
        key = request.meta.get("download_slot", "")
        if engine is not None:
            downloader = engine.downloader
            slot = downloader.slots.get(key)
        if slot is None or seconds <= 0:
            return
        until = time.monotonic() + seconds
        if slot.latercall is not None:
            if self._paused_until.get(key, 0.0) >= until:
                return
            slot.latercall.cancel()
        self._paused_until[key] = until
        slot.latercall = call_later(seconds, downloader._latercall, slot)


# -- throttle --------------------------------------------------------------------------------


class PoliteAutoThrottle(AutoThrottle):
    """AutoThrottle that never goes below a competitor's configured delay.

    Scrapy's AutoThrottle only knows one floor (DOWNLOAD_DELAY); on a fast site it would shrink
    a competitor's ``delay_seconds`` towards it. Here each slot keeps its own floor.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._floors: dict[str, float] = {
            key: float(conf.get("delay", 0.0))
            for key, conf in crawler.settings.getdict("DOWNLOAD_SLOTS").items()
        }
        self._floor = 0.0

    def _response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        self._floor = self._floors.get(request.meta.get("download_slot", ""), self.mindelay)
        super()._response_downloaded(response, request, spider)

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        target = latency / self.target_concurrency
        new_delay = max(target, (slot.delay + target) / 2.0)
        new_delay = min(max(self._floor, new_delay), max(self.maxdelay, self._floor))
        if response.status != 200 and new_delay <= slot.delay:
            return
        slot.delay = new_delay
