"""What the spider hands to the pipelines: one outcome per listing (a price, or why not)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from pricing.models import FailureKind


@dataclass
class PriceItem:
    """A price read from a listing's page; the validation pipeline may still reject it."""

    listing_id: int
    url: str
    observed_at: datetime
    price: Decimal | None
    currency: str | None
    regular_price: Decimal | None = None
    currency_shown: str | None = None
    availability: str | None = None
    price_source: str | None = None
    rendered: bool = False  # fetched through the browser
    suspicious: bool = False
    suspicious_reason: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class FailureItem:
    """A listing that yielded no price this run, and what went wrong."""

    listing_id: int
    url: str
    kind: FailureKind
    detail: str
