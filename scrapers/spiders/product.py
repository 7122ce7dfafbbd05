"""The ``product`` spider: fetch every active listing, extract its price, yield one outcome.

Run it as any Scrapy spider (``scrapy crawl product -a competitor=megamart -a render=auto``)
or through ``salesops scrape``. It only reads the store; the pipelines write.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from playwright.async_api import TimeoutError as BrowserTimeout
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TCPTimedOutError
from twisted.internet.error import TimeoutError as ConnectTimeout
from twisted.python.failure import Failure

from pricing import db
from pricing.models import CrawlTrigger, FailureKind, RenderMode
from scrapers.extract import detect_block_page
from scrapers.items import FailureItem, PriceItem
from scrapers.middlewares import GAVE_UP, AddressPolicy, BrowserRequestFilter, PrivateAddressRefused
from scrapers.spiders.browser import ContextRotation
from scrapers.spiders.reading import PageReader, PageReading, default_workers
from scrapers.targets import (
    CrawlTarget,
    NothingToCrawl,
    competitor_paces,
    load_targets,
    parse_render,
    resolve_competitor,
)

logger = logging.getLogger(__name__)
BLOCKING_STATUSES = {401, 403, 429}
MIN_SLOT_DELAY = 0.001


def database_url(crawler: Crawler) -> str:
    return crawler.settings.get("SALESOPS_DATABASE_URL")


class ProductSpider(scrapy.Spider):
    name = "product"

    def __init__(
        self,
        competitor: str | None = None,
        render: str | None = None,
        trigger: str = CrawlTrigger.manual.value,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.competitor = competitor or None
        self.render = parse_render(render)
        self.trigger = CrawlTrigger(trigger)
        self.targets: dict[int, CrawlTarget] = {}
        self.competitor_id: int | None = None
        self.crawl_run_id: int | None = None  # set by the store pipeline when the run opens
        self.contexts: ContextRotation | None = None
        self.reader = PageReader(0)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ProductSpider:
        spider: ProductSpider = super().from_crawler(crawler, *args, **kwargs)
        spider._plan(crawler)
        workers = crawler.settings.get("SALESOPS_EXTRACT_WORKERS")
        spider.reader = PageReader(default_workers() if workers is None else int(workers))
        crawler.signals.connect(spider.reader.close, signal=signals.spider_closed)
        return spider

    def _plan(self, crawler: Crawler) -> None:
        """Load the listings and turn per-competitor pace and render needs into settings."""
        engine = db.make_engine(database_url(crawler))
        try:
            with db.session_scope(engine) as session:
                comp = resolve_competitor(session, self.competitor)
                self.competitor_id = comp.id if comp else None
                targets = load_targets(session, self.competitor, self.render)
                paces = competitor_paces(session, targets)
        finally:
            engine.dispose()
        if not targets:
            raise NothingToCrawl(self.competitor)
        self.targets = {t.listing_id: t for t in targets}
        settings = crawler.settings
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        for slot, pace in paces.items():
            # Scrapy 2.19 only enforces a slot's concurrency between delayed dispatches: with a
            # delay of exactly 0 it starts every queued request at once. A millisecond keeps
            # "one at a time" true at no real cost.
            delay = max(pace.delay, MIN_SLOT_DELAY)
            slots.setdefault(slot, {"concurrency": pace.concurrency, "delay": delay})
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        if any(t.render is not RenderMode.static for t in targets):
            settings.set(
                "DOWNLOAD_HANDLERS", settings.getdict("PLAYWRIGHT_DOWNLOAD_HANDLERS"), "spider"
            )
            policy = AddressPolicy(settings.getlist("SALESOPS_ALLOWED_PRIVATE_HOSTS"))
            settings.set("PLAYWRIGHT_ABORT_REQUEST", BrowserRequestFilter(policy), "spider")
            self.contexts = ContextRotation(settings.getint("SALESOPS_BROWSER_PAGES_PER_CONTEXT"))

    async def start(self) -> AsyncIterator[Request]:
        for target in self.targets.values():
            yield self.request_for(target, browser=target.render is RenderMode.browser)

    def request_for(self, target: CrawlTarget, browser: bool) -> Request:
        meta: dict[str, Any] = {"listing_id": target.listing_id, "download_slot": target.slot}
        if browser:
            assert self.contexts is not None, "browser requested but no browser configured"
            meta.update(
                playwright=True,
                playwright_include_page=True,  # so pages and contexts are closed by us, promptly
                playwright_context=self.contexts.assign(),
                playwright_page_goto_kwargs={"wait_until": "load"},
                dont_merge_cookies=True,  # the browser context keeps its own cookies
            )
        return Request(
            target.url, callback=self.parse, errback=self.failed, meta=meta, dont_filter=True
        )

    # -- outcomes ----------------------------------------------------------------------------

    async def parse(self, response: Response) -> AsyncIterator[PriceItem | FailureItem | Request]:
        rendered = bool(response.meta.get("playwright"))
        if rendered and self.contexts is not None:
            await self.contexts.release(response.meta)
        target = self.targets[response.meta["listing_id"]]
        if not isinstance(response, TextResponse):
            yield self._failure(target, FailureKind.parse_error, "not an HTML page")
            return
        try:
            reading = await self.reader.read(
                response.text, response.url, target.selectors, response.status
            )
        except Exception as exc:  # an extractor bug must not lose the rest of the run
            logger.exception("extraction crashed on %s", response.url)
            yield self._failure(target, FailureKind.parse_error, f"extractor crashed: {exc!r}")
            return
        for outcome in self._outcome(target, reading, response.url, rendered):
            yield outcome

    def _outcome(
        self, target: CrawlTarget, reading: PageReading, url: str, rendered: bool
    ) -> Iterator[PriceItem | FailureItem | Request]:
        product = reading.product
        if reading.error or product is None:
            yield self._failure(target, FailureKind.parse_error, reading.error or "unreadable")
            return
        if reading.blocked:
            yield self._failure(target, FailureKind.blocked, reading.blocked)
            return
        if product.price is None:
            if target.render is RenderMode.auto and not rendered:
                yield self.request_for(target, browser=True)  # static found no price: render
                return
            where = "after rendering in the browser" if rendered else "in the page"
            yield self._failure(target, FailureKind.parse_error, f"no price found {where}")
            return
        yield PriceItem(
            listing_id=target.listing_id,
            url=url,
            observed_at=datetime.now(UTC),
            price=product.price,
            currency=product.currency,
            regular_price=product.regular_price,
            currency_shown=product.currency_shown,
            availability=product.availability,
            price_source=product.price_source,
            rendered=rendered,
        )

    async def failed(self, failure: Failure) -> AsyncIterator[FailureItem]:
        request: Request = failure.request  # type: ignore[attr-defined]
        if request.meta.get("playwright") and self.contexts is not None:
            await self.contexts.release(request.meta)
        target = self.targets[request.meta["listing_id"]]
        kind, detail = classify_failure(failure, request)
        yield self._failure(target, kind, detail)

    @staticmethod
    def _failure(target: CrawlTarget, kind: FailureKind, detail: str) -> FailureItem:
        return FailureItem(target.listing_id, target.url, kind, detail)


def classify_failure(failure: Failure, request: Request) -> tuple[FailureKind, str]:
    """Turn a download error into a failure kind a user can act on."""
    tries = request.meta.get("retry_times", 0) + 1
    after = f" after {tries} tries" if tries > 1 else ""
    if failure.check(HttpError):
        response: Response = failure.value.response
        status = response.status
        text = response.text if isinstance(response, TextResponse) else ""
        reason = detect_block_page(text, status)
        detail = request.meta.get(GAVE_UP) or f"HTTP {status}{after}"
        if reason:
            return FailureKind.blocked, reason
        if status in BLOCKING_STATUSES:
            return FailureKind.blocked, detail
        return FailureKind.http_error, detail
    if failure.check(PrivateAddressRefused):
        return FailureKind.invalid, str(failure.value)
    if failure.check(IgnoreRequest):
        message = str(failure.value)
        if "robots.txt" in message:
            return FailureKind.robots, "disallowed by the site's robots.txt"
        return FailureKind.http_error, message or "request dropped"
    if failure.check(DownloadTimeoutError, ConnectTimeout, TCPTimedOutError, BrowserTimeout):
        return FailureKind.timeout, f"{failure.getErrorMessage()}{after}"
    return FailureKind.http_error, f"{failure.type.__name__}: {failure.getErrorMessage()}{after}"
