"""Crawl runs, the price diff report and price history, mirroring pricing's dataclasses."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from pricing.models import Availability, CrawlStatus, CrawlTrigger, FailureKind, RenderMode


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CrawlRunOut(_Out):
    id: int
    started_at: datetime
    finished_at: datetime | None
    trigger: CrawlTrigger
    status: CrawlStatus
    competitor_id: int | None
    pages_ok: int
    pages_failed: int
    pages_blocked: int
    note: str | None


class FailureOut(BaseModel):
    listing_id: int
    url: str
    kind: FailureKind
    detail: str | None
    occurred_at: datetime


class CrawlRunDetailOut(CrawlRunOut):
    competitor: str | None
    failures_total: int
    failures: list[FailureOut] = Field(description="The first 1000 failures, oldest first.")


class CrawlRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    competitor: str | None = Field(
        None, min_length=1, max_length=200, description="Crawl only this competitor (default all)."
    )
    render: RenderMode | None = Field(None, description="Override every page's render mode.")


class CrawlStarted(BaseModel):
    run_id: int
    status_url: str


class OfferOut(_Out):
    listing_id: int
    competitor: str
    url: str
    price: Decimal | None
    regular_price: Decimal | None
    currency: str | None
    availability: Availability | None
    observed_at: datetime | None
    age: timedelta | None
    comparable_price: Decimal | None
    difference: Decimal | None
    difference_percent: Decimal | None
    status: str
    counted: bool
    undercuts: bool
    cheapest: bool
    change: str | None
    previous_price: Decimal | None


class ProductDiffOut(_Out):
    sku: str
    name: str
    our_price: Decimal
    currency: str
    offers: list[OfferOut]
    competitors_counted: int
    min_price: Decimal | None
    max_price: Decimal | None
    mean_price: Decimal | None
    median_price: Decimal | None
    cheapest: list[str]
    our_rank: int | None
    price_index: Decimal | None
    undercut_count: int


class SuspiciousOut(_Out):
    observation_id: int
    sku: str
    competitor: str
    url: str
    observed_at: datetime
    price: Decimal
    currency: str
    reason: str | None
    crawl_run_id: int


class DiffReportOut(_Out):
    as_of: datetime
    staleness_days: int
    include_out_of_stock: bool
    products: list[ProductDiffOut]
    suspicious: list[SuspiciousOut]


class HistoryPointOut(_Out):
    observed_at: datetime
    price: Decimal
    regular_price: Decimal | None
    currency: str
    availability: Availability | None
    suspicious: bool
    crawl_run_id: int


class ListingHistoryOut(_Out):
    listing_id: int
    competitor: str
    url: str
    points: list[HistoryPointOut]


class ProductHistoryOut(_Out):
    sku: str
    name: str
    our_price: Decimal
    currency: str
    since: datetime | None
    until: datetime | None
    series: list[ListingHistoryOut]
