"""Suspicious observations (flagged by the scrapers' validation): left out of every figure
and alert, and listed so a person can check them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from pricing.models import Competitor, Listing, PriceObservation, Product


@dataclass(frozen=True, slots=True)
class SuspiciousObservation:
    """A price the scrapers flagged: left out of every figure, listed for a person to check."""

    observation_id: int
    sku: str
    competitor: str
    url: str
    observed_at: datetime
    price: Decimal
    currency: str
    reason: str | None
    crawl_run_id: int


def skipped_suspicious(
    session: Session,
    rows: list[tuple],
    products: dict[int, tuple[str, str, Decimal, str]],
    names: dict[int, str],
    since: datetime,
    as_of: datetime,
) -> list[SuspiciousObservation]:
    """Flagged observations newer than the listing's valid price (the ones the report skipped)."""
    by_listing = {r[0]: r for r in rows}
    po = PriceObservation
    stmt = (
        select(
            po.id,
            po.listing_id,
            po.observed_at,
            po.price,
            po.currency,
            po.suspicious_reason,
            po.crawl_run_id,
            Listing.url,
        )
        .join(Listing, Listing.id == po.listing_id)
        # Spelled as the bare column so both databases use the partial index on it.
        .where(literal_column("price_observation.suspicious"))
        .where(po.observed_at > since, po.observed_at <= as_of)
        .order_by(po.observed_at, po.id)  # ties in a stable order, as diff_product lists them
    )
    if len(by_listing) <= 1000:
        stmt = stmt.where(po.listing_id.in_(list(by_listing)))
    rows = session.execute(stmt)
    out = []
    for obs_id, listing_id, observed_at, price, currency, reason, run_id, url in rows:
        row = by_listing.get(listing_id)
        if row is None or (row[6] is not None and row[6] >= observed_at):
            continue
        out.append(
            SuspiciousObservation(
                obs_id,
                products[row[1]][0],
                names[row[2]],
                url,
                observed_at,
                price,
                currency,
                reason,
                run_id,
            )
        )
    return out


def run_suspicious(session: Session, crawl_run_id: int) -> list[SuspiciousObservation]:
    po = PriceObservation
    rows = session.execute(
        select(
            po.id,
            Product.sku,
            Competitor.name,
            Listing.url,
            po.observed_at,
            po.price,
            po.currency,
            po.suspicious_reason,
            po.crawl_run_id,
        )  # fmt: skip
        .join(Listing, Listing.id == po.listing_id)
        .join(Product, Product.id == Listing.product_id)
        .join(Competitor, Competitor.id == Listing.competitor_id)
        .where(po.crawl_run_id == crawl_run_id, po.suspicious.is_(True))
        .order_by(Product.sku, Competitor.name)
    )
    return [SuspiciousObservation(*row) for row in rows]
