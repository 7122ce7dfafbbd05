"""What each watched listing looks like at a point in time: its latest and previous valid prices.

This is the one query the diff report, the alerts and the API share. The database does the
heavy lifting (the two newest valid observations per listing through the
``(listing_id, observed_at)`` index); Python only assembles plain values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session, aliased

from pricing.models import (
    Availability,
    Competitor,
    CrawlRun,
    CrawlStatus,
    Listing,
    PriceObservation,
    Product,
)

PO = PriceObservation
# Availabilities where a shopper cannot buy now; the rest (pre/back order, limited) still sell.
UNAVAILABLE = frozenset({Availability.OutOfStock, Availability.Discontinued})


def in_stock(availability: Availability | None) -> bool:
    """Unknown availability counts as in stock: most shops only mark the exceptions."""
    return availability not in UNAVAILABLE


@dataclass(slots=True)
class ObservedPrice:
    observation_id: int
    crawl_run_id: int
    observed_at: datetime
    price: object  # Decimal; typed loosely so rows map straight in without conversion
    regular_price: object
    currency: str
    availability: Availability | None


@dataclass(slots=True)
class ListingState:
    listing_id: int
    product_id: int
    competitor_id: int
    url: str
    current: ObservedPrice | None
    previous: ObservedPrice | None
    # The latest finished run covering this listing recorded nothing for it (failed or gone).
    missing_in_latest_run: bool


def _valid_before(as_of: datetime, offset: int):  # noqa: ANN202 - a SQL scalar subquery
    return (
        select(PO.id)
        .where(PO.listing_id == Listing.id, PO.observed_at <= as_of, PO.suspicious.is_(False))
        .order_by(PO.observed_at.desc())
        .limit(1)
        .offset(offset)
        .correlate(Listing)
        .scalar_subquery()
    )


def _scope(
    stmt: Select,
    skus: Sequence[str] | None,
    competitors: Sequence[str] | None,
    listing_ids: Sequence[int] | None,
) -> Select:
    stmt = stmt.where(Listing.active.is_(True))
    if skus:
        stmt = stmt.where(Listing.product_id.in_(select(Product.id).where(Product.sku.in_(skus))))
    if competitors:
        stmt = stmt.where(
            Listing.competitor_id.in_(select(Competitor.id).where(Competitor.name.in_(competitors)))
        )
    if listing_ids is not None:
        stmt = stmt.where(Listing.id.in_(listing_ids))
    return stmt


def listing_states(
    session: Session,
    as_of: datetime,
    *,
    skus: Sequence[str] | None = None,
    competitors: Sequence[str] | None = None,
    listing_ids: Sequence[int] | None = None,
) -> list[ListingState]:
    """Latest and previous valid (not suspicious) observation of every active listing in scope."""
    ids = _scope(
        select(
            Listing.id.label("listing_id"),
            Listing.product_id,
            Listing.competitor_id,
            Listing.url,
            _valid_before(as_of, 0).label("cur_id"),
            _valid_before(as_of, 1).label("prev_id"),
        ),
        skus,
        competitors,
        listing_ids,
    ).cte("listing_ids")
    ids = ids.prefix_with("MATERIALIZED")
    cur, prev = aliased(PO), aliased(PO)
    cols = ("id", "crawl_run_id", "observed_at", "price", "regular_price", "currency")
    stmt = (
        select(
            ids.c.listing_id,
            ids.c.product_id,
            ids.c.competitor_id,
            ids.c.url,
            *(getattr(cur, c) for c in cols),
            cur.availability,
            *(getattr(prev, c) for c in cols),
            prev.availability,
        )
        .select_from(ids)
        .outerjoin(cur, cur.id == ids.c.cur_id)
        .outerjoin(prev, prev.id == ids.c.prev_id)
    )
    rows = session.execute(stmt).all()
    latest_run = _latest_runs(session, as_of)
    states: list[ListingState] = []
    # Listings whose newest observation predates the newest run covering them: did it fail?
    suspects: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        current = ObservedPrice(*r[4:11]) if r[4] is not None else None
        previous = ObservedPrice(*r[11:18]) if r[11] is not None else None
        states.append(ListingState(r[0], r[1], r[2], r[3], current, previous, False))
        run = latest_run.get(r[2]) or latest_run.get(None)
        if run and (current is None or current.observed_at < run[1]):
            suspects[run[0]].append(r[0])
    missing = _without_observation(session, suspects)
    if missing:
        for state in states:
            if state.listing_id in missing:
                state.missing_in_latest_run = True
    return states


def _latest_runs(session: Session, as_of: datetime) -> dict[int | None, tuple[int, datetime]]:
    """Per competitor id (None = runs over everyone): the newest finished run started by as_of."""
    runs = session.execute(
        select(CrawlRun.id, CrawlRun.started_at, CrawlRun.competitor_id)
        .where(CrawlRun.started_at <= as_of, CrawlRun.status == CrawlStatus.finished)
        .order_by(CrawlRun.started_at, CrawlRun.id)
    ).all()
    every: tuple[int, datetime] | None = None
    latest: dict[int | None, tuple[int, datetime]] = {}
    for run_id, started, competitor_id in runs:
        latest[competitor_id] = (run_id, started)
        if competitor_id is None:
            every = (run_id, started)
    if every:
        # A full run after a competitor-only run is the newer one for that competitor too.
        for key, value in list(latest.items()):
            if key is not None and value[1] < every[1]:
                latest[key] = every
    return latest


def _without_observation(session: Session, by_run: dict[int, list[int]]) -> set[int]:
    missing: set[int] = set()
    for run_id, listing_ids in by_run.items():
        for chunk in _chunks(listing_ids, 5000):
            seen = set(
                session.scalars(
                    select(PO.listing_id).where(
                        and_(PO.crawl_run_id == run_id, PO.listing_id.in_(chunk))
                    )
                )
            )
            missing.update(i for i in chunk if i not in seen)
    return missing


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
