"""What each watched listing looks like at a point in time: its latest and previous valid prices.

This is the one query the diff report, the alerts and the API share. The database does the
heavy lifting (the two newest valid observations per listing through the
``(listing_id, observed_at)`` index); Python only assembles plain values.
"""

from __future__ import annotations

import functools
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Enum,
    Select,
    String,
    and_,
    delete,
    func,
    null,
    select,
    text,
    true,
    type_coerce,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import Null

from pricing.models import (
    Availability,
    Competitor,
    CrawlRun,
    CrawlStatus,
    LatestPrice,
    Listing,
    PriceObservation,
    Product,
    UTCDateTime,
)

PO = PriceObservation
# Availabilities where a shopper cannot buy now; the rest (pre/back order, limited) still sell.
UNAVAILABLE = frozenset({Availability.OutOfStock, Availability.Discontinued})


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building 200,000 small objects at once triggers the cyclic GC over and over (they
    hold no cycles); pausing it for the duration halves the report's time.

    On the way out, what was allocated meanwhile goes straight to the oldest generation
    (freeze + unfreeze): otherwise the first allocation after re-enabling runs a young
    collection over every one of those objects (~0.2 s for a full report). Cyclic garbage
    among them is still found by the next full collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


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
        .order_by(PO.observed_at.desc(), PO.id.desc())
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


# Same as migration 0002's backfill: the two newest valid observations of every listing.
REBUILD = """
INSERT INTO latest_price (listing_id, cur_id, cur_run_id, cur_observed_at, cur_price,
    cur_regular_price, cur_currency, cur_availability, prev_id, prev_run_id, prev_observed_at,
    prev_price, prev_regular_price, prev_currency, prev_availability)
WITH ranked AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY listing_id ORDER BY observed_at DESC, id DESC) AS rn
    FROM price_observation WHERE NOT suspicious
)
SELECT c.listing_id, c.id, c.crawl_run_id, c.observed_at, c.price, c.regular_price, c.currency,
    c.availability, p.id, p.crawl_run_id, p.observed_at, p.price, p.regular_price, p.currency,
    p.availability
FROM ranked c LEFT JOIN ranked p ON p.listing_id = c.listing_id AND p.rn = 2
WHERE c.rn = 1
"""

LISTING = (Listing.id, Listing.product_id, Listing.competitor_id, Listing.url)
OBS = ("id", "crawl_run_id", "observed_at", "price", "regular_price", "currency", "availability")
LP = LatestPrice
LATEST = (
    LP.cur_id, LP.cur_run_id, LP.cur_observed_at, LP.cur_price, LP.cur_regular_price,
    LP.cur_currency, LP.cur_availability, LP.prev_id, LP.prev_run_id, LP.prev_observed_at,
    LP.prev_price, LP.prev_regular_price, LP.prev_currency, LP.prev_availability,
)  # fmt: skip


LEAN_SKIP = {
    "cur_id",
    "cur_run_id",
    "prev_id",
    "prev_run_id",
    "prev_observed_at",
    "prev_regular_price",
}


def _plain(columns: Iterable, postgres: bool) -> list:  # noqa: ANN001 - SQL columns
    """On PostgreSQL, skip the per-value Python conversions the driver already did (aware
    datetimes in the session's UTC, Decimals); enum values stay plain strings."""
    if not postgres:
        return list(columns)
    out = []
    for col in columns:
        if isinstance(col, Null):
            pass
        elif isinstance(col.type, UTCDateTime):
            col = type_coerce(col, DateTime(timezone=True)).label(col.key)
        elif isinstance(col.type, Enum):
            col = type_coerce(col, String()).label(col.key)
        out.append(col)
    return out


def _rows_from_latest(
    session: Session, scope: dict, postgres: bool, lean: bool = False
) -> list[tuple]:
    """Now (the usual case): one row per listing from the trigger-kept ``latest_price``.

    ``lean`` leaves out (as NULL) what the diff report does not read: ids, the previous
    observation's time and regular price.
    """
    cols = LATEST
    if lean:
        cols = tuple(null() if c.key in LEAN_SKIP else c for c in LATEST)
    stmt = select(*_plain((*LISTING, *cols), postgres)).outerjoin(LP, LP.listing_id == Listing.id)
    conn = session.connection()
    if postgres and not any(v is not None for v in scope.values()):
        # The full report: 200,000 rows straight from the driver as plain tuples. SQLAlchemy's
        # Row objects add nothing here (no type processing is left) and cost ~0.5 us each.
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        return _fetch_streaming(cursor, _driver_sql(conn.dialect, lean))
    return conn.execute(_scope(stmt, **scope)).all()


# Rows per chunk when streaming: big enough that per-chunk costs vanish, small enough that
# the server keeps producing while the first chunks are converted.
STREAM_CHUNK = 5000


def _fetch_streaming(cursor: Any, sql: str) -> list[tuple]:
    """All rows of ``sql``, read in chunks so the server's work (join, send) overlaps with
    the driver turning earlier rows into Python values, instead of preceding it (libpq 17+;
    older ones read the whole result first)."""
    from psycopg import pq

    if pq.version() < 170000:
        cursor.execute(sql)
        return cursor.fetchall()
    return list(cursor.stream(sql, size=STREAM_CHUNK))


@functools.cache
def _driver_sql(dialect: Dialect, lean: bool) -> str:
    """The unfiltered ``latest_price`` read compiled once (it takes no parameters)."""
    cols = tuple(null() if lean and c.key in LEAN_SKIP else c for c in LATEST)
    stmt = select(*_plain((*LISTING, *cols), True)).outerjoin(LP, LP.listing_id == Listing.id)
    return str(_scope(stmt, None, None, None).compile(dialect=dialect))


def _rows_lateral(session: Session, as_of: datetime, scope: dict, postgres: bool) -> list[tuple]:
    """A past date on PostgreSQL: the two newest valid rows per listing through a lateral."""
    newest = (
        select(*(getattr(PO, c) for c in OBS))
        .where(PO.listing_id == Listing.id, PO.observed_at <= as_of, PO.suspicious.is_(False))
        .order_by(PO.observed_at.desc(), PO.id.desc())
        .limit(2)
        .lateral("newest")
    )
    stmt = _scope(select(*LISTING, *newest.c).outerjoin(newest, true()), **scope).order_by(
        Listing.id, newest.c.observed_at.desc(), newest.c.id.desc()
    )
    rows: list[tuple] = []
    for row in session.execute(stmt):
        if rows and rows[-1][0] == row[0]:
            rows[-1] = (*rows[-1][:11], *row[4:])
        else:
            rows.append((*row, *(None,) * 7))
    return rows


def _rows_subquery(session: Session, as_of: datetime, scope: dict) -> list[tuple]:
    """A past date on SQLite: two indexed correlated look-ups per listing."""
    ids = _scope(
        select(
            *LISTING,
            _valid_before(as_of, 0).label("cur_id"),
            _valid_before(as_of, 1).label("prev_id"),
        ),
        **scope,
    ).cte("listing_ids")
    cur, prev = aliased(PO), aliased(PO)
    stmt = (
        select(
            *(c for c in ids.c if c.name not in ("cur_id", "prev_id")),
            *(getattr(cur, c) for c in OBS),
            *(getattr(prev, c) for c in OBS),
        )
        .select_from(ids)
        .outerjoin(cur, cur.id == ids.c.cur_id)
        .outerjoin(prev, prev.id == ids.c.prev_id)
    )
    return list(session.execute(stmt))


def latest_is_current(session: Session, as_of: datetime) -> bool:
    """``latest_price`` answers for ``as_of`` when nothing was observed after it."""
    newest = session.scalar(select(func.max(LP.cur_observed_at)))
    return newest is None or newest <= as_of


def latest_rows(
    session: Session,
    as_of: datetime,
    *,
    skus: Sequence[str] | None = None,
    competitors: Sequence[str] | None = None,
    listing_ids: Sequence[int] | None = None,
    lean: bool = False,
    now: bool = False,
) -> tuple[list[tuple], set[int]]:
    """Raw rows ``(listing_id, product_id, competitor_id, url, current x 7, previous x 7)``
    (observation id, run id, observed_at, price, regular price, currency, availability) and
    the listings the newest run covering them recorded nothing for. ``now`` (the caller gave
    no time) reads the newest data even if a crawler's clock runs slightly ahead.

    The diff report loops over these tuples directly: at 200,000 listings, every object
    per row shows in the timing.
    """
    scope = {"skus": skus, "competitors": competitors, "listing_ids": listing_ids}
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        # JIT compilation costs more than it saves on these short index-driven queries;
        # UTC makes the driver's datetimes the ones UTCDateTime would produce.
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL TIME ZONE 'UTC'"))
    if now or latest_is_current(session, as_of):
        rows = _rows_from_latest(session, scope, postgres, lean)
    elif postgres:
        rows = _rows_lateral(session, as_of, scope, postgres)
    else:
        rows = _rows_subquery(session, as_of, scope)
    latest_run = _latest_runs(session, as_of)
    # Listings whose newest observation predates the newest run covering them: did it fail?
    suspects: dict[int, list[int]] = defaultdict(list)
    every = latest_run.get(None)
    for r in rows:
        run = latest_run.get(r[2], every)
        if run and (r[6] is None or r[6] < run[1]):
            suspects[run[0]].append(r[0])
    return rows, _without_observation(session, suspects)


def listing_states(
    session: Session,
    as_of: datetime,
    *,
    skus: Sequence[str] | None = None,
    competitors: Sequence[str] | None = None,
    listing_ids: Sequence[int] | None = None,
) -> list[ListingState]:
    """Latest and previous valid (not suspicious) observation of every active listing in scope."""
    rows, missing = latest_rows(
        session, as_of, skus=skus, competitors=competitors, listing_ids=listing_ids
    )
    return [
        ListingState(
            r[0],
            r[1],
            r[2],
            r[3],
            ObservedPrice(*r[4:11]) if r[4] is not None else None,
            ObservedPrice(*r[11:18]) if r[11] is not None else None,
            r[0] in missing,
        )
        for r in rows
    ]


def rebuild_latest_prices(session: Session) -> int:
    """Recompute ``latest_price`` from all observations (after a bulk load with triggers off)."""
    session.execute(delete(LP))
    session.execute(text(REBUILD))
    return session.scalar(select(func.count()).select_from(LP)) or 0


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
