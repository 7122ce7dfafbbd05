"""Price history of one product (or one listing) over a period, per competitor listing.

One product has a handful of listings, each walked through the ``(listing_id, observed_at)``
index, so this stays cheap however large the store grows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pricing.diff import UnknownCompetitor, UnknownProduct
from pricing.models import Availability, Competitor, Listing, PriceObservation, Product


class UnknownListing(LookupError):
    def __init__(self, listing_id: int, sku: str) -> None:
        super().__init__(f"listing {listing_id} does not watch product {sku!r}")


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    observed_at: datetime
    price: Decimal
    regular_price: Decimal | None
    currency: str
    availability: Availability | None
    suspicious: bool
    crawl_run_id: int


@dataclass(frozen=True, slots=True)
class ListingHistory:
    listing_id: int
    competitor: str
    url: str
    points: tuple[HistoryPoint, ...]


@dataclass(frozen=True, slots=True)
class ProductHistory:
    sku: str
    name: str
    our_price: Decimal
    currency: str
    since: datetime | None
    until: datetime | None
    series: tuple[ListingHistory, ...]


def price_history(
    session: Session,
    sku: str,
    *,
    competitor: str | None = None,
    listing_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> ProductHistory:
    """Every observation of the product's listings in ``[since, until]``, oldest first.

    Suspicious observations are included and marked, so a chart or export can show them apart.
    """
    for bound in (since, until):
        if bound is not None and bound.tzinfo is None:
            raise ValueError(f"{bound.isoformat()} has no timezone (e.g. add +00:00)")
    product = session.execute(
        select(Product.id, Product.name, Product.our_price, Product.currency).where(
            Product.sku == sku
        )
    ).first()
    if product is None:
        raise UnknownProduct(sku)
    product_id, name, our_price, currency = product
    stmt = (
        select(Listing.id, Competitor.name, Listing.url)
        .join(Competitor, Competitor.id == Listing.competitor_id)
        .where(Listing.product_id == product_id)
        .order_by(Competitor.name, Listing.url)
    )
    if competitor:
        if session.scalar(select(Competitor.id).where(Competitor.name == competitor)) is None:
            raise UnknownCompetitor(competitor)
        stmt = stmt.where(Competitor.name == competitor)
    if listing_id is not None:
        stmt = stmt.where(Listing.id == listing_id)
    listings = session.execute(stmt).all()
    if listing_id is not None and not listings:
        raise UnknownListing(listing_id, sku)
    po = PriceObservation
    points: dict[int, list[HistoryPoint]] = {lid: [] for lid, _, _ in listings}
    if listings:
        obs = select(
            po.listing_id,
            po.observed_at,
            po.price,
            po.regular_price,
            po.currency,
            po.availability,
            po.suspicious,
            po.crawl_run_id,
        ).where(po.listing_id.in_(list(points)))
        if since is not None:
            obs = obs.where(po.observed_at >= since)
        if until is not None:
            obs = obs.where(po.observed_at <= until)
        for row in session.execute(obs.order_by(po.listing_id, po.observed_at)):
            points[row[0]].append(HistoryPoint(*row[1:]))
    series = tuple(
        ListingHistory(lid, comp, url, tuple(points[lid])) for lid, comp, url in listings
    )
    return ProductHistory(sku, name, our_price, currency, since, until, series)
