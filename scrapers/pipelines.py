"""Item pipelines: validate each outcome, then write outcomes in batches into one CrawlRun.

The store pipeline owns the run: it opens it when the spider opens, records every listing's
outcome (a listing the crawl never finished gets a failure too), and closes it with a status.
"""

from __future__ import annotations

import logging
import os
import sys
from decimal import Decimal
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from sqlalchemy import Engine

from pricing import db
from pricing.currency import UnknownCurrency, normalise_currency
from pricing.models import Availability, CrawlStatus, FailureKind
from pricing.recording import (
    FailureIn,
    ObservationIn,
    finish_crawl_run,
    record_batch,
    start_crawl_run,
)
from scrapers.items import FailureItem, PriceItem
from scrapers.targets import latest_prices

logger = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 2.0


class ValidationPipeline:
    """Rejects impossible prices (recorded as ``invalid``) and flags implausible jumps."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_jump = Decimal(str(crawler.settings.getfloat("SALESOPS_SUSPICIOUS_JUMP", 0.8)))
        self.previous: dict[int, tuple[Decimal, str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        spider = spider or self.crawler.spider
        ids = list(getattr(spider, "targets", {}))
        engine = db.make_engine(self.crawler.settings.get("SALESOPS_DATABASE_URL"))
        try:
            with db.session_scope(engine) as session:
                self.previous = latest_prices(session, ids)
        finally:
            engine.dispose()

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not isinstance(item, PriceItem):
            return item
        problem = self.problem(item)
        if problem:
            return FailureItem(item.listing_id, item.url, FailureKind.invalid, problem)
        item.currency = normalise_currency(item.currency or "")
        if item.availability is not None:
            item.availability = Availability(item.availability)
        item.suspicious_reason = self.suspicion(item)
        item.suspicious = item.suspicious_reason is not None
        return item

    @staticmethod
    def problem(item: PriceItem) -> str | None:
        if item.price is None or not item.price.is_finite():
            return "no usable price"
        if item.price <= 0:
            return f"price {item.price} is not above zero"
        if not item.currency:
            shown = f" (the page shows {item.currency_shown!r})" if item.currency_shown else ""
            return f"price {item.price} has no known ISO 4217 currency{shown}"
        try:
            normalise_currency(item.currency)
        except UnknownCurrency as exc:
            return str(exc)
        if item.availability is not None and item.availability not in Availability.__members__:
            return f"unknown availability {item.availability!r}"
        return None

    def suspicion(self, item: PriceItem) -> str | None:
        before = self.previous.get(item.listing_id)
        if before is None or item.price is None:
            return None
        old_price, old_currency = before
        if old_currency != item.currency:
            return f"currency changed from {old_currency} to {item.currency}"
        if old_price <= 0:
            return None
        change = (item.price - old_price) / old_price
        if abs(change) > self.max_jump:
            return (
                f"price moved {change:+.0%} since the last observation ({old_price} {old_currency})"
            )
        return None


class StorePipeline:
    """Writes outcomes in batches (one transaction each) into the run it opened."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.batch_size = crawler.settings.getint("SALESOPS_WRITE_BATCH", 100)
        self.engine: Engine | None = None
        self.run_id: int | None = None
        self.observations: list[ObservationIn] = []
        self.failures: list[FailureIn] = []
        self.done: set[int] = set()
        self.finished = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self, spider: Spider | None = None) -> None:
        spider = spider or self.crawler.spider
        self.engine = db.make_engine(self.crawler.settings.get("SALESOPS_DATABASE_URL"))
        with db.session_scope(self.engine) as session:
            run = start_crawl_run(
                session, trigger=spider.trigger, competitor_id=spider.competitor_id
            )
            self.run_id = run.id
        spider.crawl_run_id = self.run_id
        logger.info("crawl run %s opened (%s listings)", self.run_id, len(spider.targets))
        limit = self.crawler.settings.getfloat("SALESOPS_CRAWL_TIME_LIMIT")
        if limit > 0:
            from twisted.internet import reactor

            reactor.callLater(limit, self.time_limit_reached)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if item.listing_id in self.done or self.finished:
            return item  # one outcome per listing and run; a late duplicate changes nothing
        self.done.add(item.listing_id)
        if isinstance(item, PriceItem):
            self.observations.append(
                ObservationIn(
                    listing_id=item.listing_id,
                    observed_at=item.observed_at,
                    price=item.price,
                    currency=item.currency,
                    regular_price=item.regular_price,
                    currency_shown=item.currency_shown,
                    availability=item.availability,
                    price_source=item.price_source,
                    suspicious=item.suspicious,
                    suspicious_reason=item.suspicious_reason,
                )
            )
        elif isinstance(item, FailureItem):
            self.failures.append(FailureIn(item.listing_id, item.kind, item.detail))
        if len(self.observations) + len(self.failures) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        if not (self.observations or self.failures) or self.run_id is None:
            return
        with db.session_scope(self.engine) as session:
            record_batch(session, self.run_id, self.observations, self.failures)
        self.observations, self.failures = [], []

    def close_spider(self, spider: Spider | None = None) -> None:
        self.flush()  # the run is closed on spider_closed, the first moment the reason is known

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.finish(spider, reason)
        if self.engine is not None:
            self.engine.dispose()

    def time_limit_reached(self) -> None:
        """Close the run now, then stop the crawl: pages still downloading are not waited for
        (Scrapy's own closing would wait for every request already in flight)."""
        spider = self.crawler.spider
        limit = self.crawler.settings.getfloat("SALESOPS_CRAWL_TIME_LIMIT")
        logger.warning("crawl time limit of %ss reached: closing run %s", limit, self.run_id)
        self.finish(spider, f"time limit of {limit:g}s reached")
        from twisted.internet import reactor

        reactor.callLater(0, _schedule_close, self.crawler)
        reactor.callLater(STOP_GRACE_SECONDS, _force_exit, spider)

    def finish(self, spider: Spider, reason: str) -> None:
        """Give every listing without an outcome a failure, flush, and close the run (once)."""
        if self.run_id is None or self.finished:
            return
        self.finished = True
        interrupted = reason != "finished"
        for lid in (lid for lid in spider.targets if lid not in self.done):
            if interrupted:
                detail = f"the crawl stopped ({reason}) before this page was done"
                self.failures.append(FailureIn(lid, FailureKind.timeout, detail))
            else:
                detail = "no response: the request was dropped before reaching the site"
                self.failures.append(FailureIn(lid, FailureKind.http_error, detail))
            self.done.add(lid)
        try:
            self.flush()
        finally:
            status = CrawlStatus.interrupted if interrupted else CrawlStatus.finished
            note = f"stopped: {reason}" if interrupted else None
            with db.session_scope(self.engine) as session:
                run = finish_crawl_run(session, self.run_id, status=status, note=note)
            logger.info(
                "crawl run %s %s: %s ok, %s failed, %s blocked",
                run.id,
                run.status.value,
                run.pages_ok,
                run.pages_failed,
                run.pages_blocked,
            )


def _schedule_close(crawler: Crawler) -> None:
    from scrapy.utils.defer import deferred_from_coro

    if crawler.engine is not None and crawler.engine.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason="closespider_timelimit"))


def _force_exit(spider: Spider) -> None:
    """Still closing after the grace period: downloads in flight would be awaited one by one,
    and the run is already stored, so end the process (only ever a crawl's own process)."""
    logger.warning("requests still in flight after the time limit: ending the crawl process")
    reader = getattr(spider, "reader", None)
    if reader is not None:
        reader.terminate()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
