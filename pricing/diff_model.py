"""What the price diff report is made of: offers, per-product figures and the report itself.

Kept apart from the code that computes them, because two computations fill the same shapes:
:mod:`pricing.diff_reference` (offer by offer, as the figures are defined) and
:mod:`pricing.diff_bulk` (the whole store in one pass).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal

from pricing.models import Availability
from pricing.review import SuspiciousObservation

# Half-even (banker's) rounding through a context's method: a third of the cost of
# ``quantize(..., rounding=...)``, which shows at 200,000 offers.
round_half_even = Context(rounding=ROUND_HALF_EVEN, prec=28).quantize
HUNDRED = Decimal(100)
TWO = Decimal(2)
ZERO = Decimal(0)
PERCENT = Decimal("0.01")
# Stored strings (or members) to members: a dict look-up is the cheapest conversion.
AVAILABILITY: dict[str, Availability] = {a.value: a for a in Availability}


class Change(enum.StrEnum):
    """How a listing moved since its previous crawl."""

    new = "new"
    up = "up"
    down = "down"
    unchanged = "unchanged"
    disappeared = "disappeared"
    back_in_stock = "back in stock"
    out_of_stock = "out of stock"


class OfferStatus(enum.StrEnum):
    ok = "ok"
    stale = "stale"
    out_of_stock = "out of stock"
    not_comparable = "not comparable"
    no_data = "no data"


class UnknownProduct(LookupError):
    def __init__(self, sku: str) -> None:
        super().__init__(
            f"no product with SKU {sku!r} in the catalog (see `salesops catalog list`)"
        )
        self.sku = sku


class UnknownCompetitor(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no competitor named {name!r} (see `salesops watchlist list`)")
        self.name = name


@dataclass(slots=True)
class CompetitorOffer:
    """One competitor listing of a product, as the report time sees it."""

    listing_id: int
    competitor: str
    url: str
    price: Decimal | None
    regular_price: Decimal | None
    currency: str | None
    availability: Availability | None
    observed_at: datetime | None
    age: timedelta | None
    # The price in our currency (converted if needed); None when there is no rate.
    comparable_price: Decimal | None
    difference: Decimal | None  # competitor minus us, in our currency: negative = undercut
    difference_percent: Decimal | None
    status: OfferStatus
    counted: bool  # part of min/max/mean/median/rank/index/undercut
    undercuts: bool
    cheapest: bool
    change: Change | None
    previous_price: Decimal | None


@dataclass(slots=True)
class ProductDiff:
    sku: str
    name: str
    our_price: Decimal
    currency: str
    offers: tuple[CompetitorOffer, ...]
    competitors_counted: int
    min_price: Decimal | None
    max_price: Decimal | None
    mean_price: Decimal | None
    median_price: Decimal | None
    cheapest: tuple[str, ...]  # every competitor at the minimum (ties included)
    our_rank: int | None  # 1 = cheapest; competitors at our price share our rank
    price_index: Decimal | None  # our price / mean competitor price x 100
    undercut_count: int


@dataclass(frozen=True)
class DiffReport:
    as_of: datetime
    staleness_days: int
    include_out_of_stock: bool
    products: list[ProductDiff]
    suspicious: list[SuspiciousObservation]


# Enum members bound once: ``OfferStatus.ok`` is a class-attribute look-up (~0.1 us) that
# the loops over offers would otherwise repeat a million times.
OK, STALE, OOS, NOT_COMPARABLE, NO_DATA = (
    OfferStatus.ok, OfferStatus.stale, OfferStatus.out_of_stock, OfferStatus.not_comparable,
    OfferStatus.no_data,
)  # fmt: skip
NEW, UP, DOWN, SAME, GONE, BACK, SOLD_OUT = (
    Change.new, Change.up, Change.down, Change.unchanged, Change.disappeared,
    Change.back_in_stock, Change.out_of_stock,
)  # fmt: skip
