"""The full diff report's inputs on PostgreSQL in one streamed query (the usual, unfiltered
report as of now).

:func:`pricing.diff.report_inputs` reads ``latest_rows`` (18 values per listing), then finds
the listings gone in the newest run with a Python pass over all rows and chunked ``IN``
queries, and the skipped flagged prices by indexing every row. Here the server does those
row-by-row decisions while it streams: per listing it sends the values an offer shows plus
one small integer, its *kind* (:data:`pricing.diff_bulk.KINDS`): the availability and how the
listing moved since its previous valid price, ``disappeared`` included. Fewer values to
convert, no string per availability, no pass over the rows before the report's own.

The rules are the reference's (:func:`pricing.diff_reference.offer`), in the same order; a
move the server cannot judge (the previous price in another currency) is left to the
builder, which converts with the stored rates. tests/pricing_intel/test_diff_bulk.py checks
the report built from here against the reference on randomised stores.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from pricing.diff_bulk import AVAILABILITY_CODE, CHANGE_CODE, FX_CHANGE, competitor_order
from pricing.diff_model import BACK, DOWN, GONE, NEW, SAME, SOLD_OUT, UP
from pricing.fx import FxTable
from pricing.offers import UNAVAILABLE, _latest_runs
from pricing.review import SuspiciousObservation


def _out_of_stock(column: str) -> str:
    """SQL for ``not pricing.offers.in_stock``: unknown availability counts as in stock."""
    listed = ", ".join(f"'{a.value}'" for a in sorted(UNAVAILABLE))
    return f"COALESCE({column} IN ({listed}), false)"


@functools.cache
def full_rows_sql() -> str:
    """Row: listing id, product id, competitor rank, URL, observed at, price, regular price,
    currency, kind, previous price, previous currency (only when it differs)."""
    sold_out, was_sold_out = (
        _out_of_stock("lp.cur_availability"),
        _out_of_stock("lp.prev_availability"),
    )
    availability = " ".join(
        f"WHEN '{value}' THEN {code}" for value, code in AVAILABILITY_CODE.items() if code
    )
    change = f"""CASE
        WHEN c.started IS NOT NULL
            AND (lp.cur_observed_at IS NULL OR lp.cur_observed_at < c.started)
            AND NOT EXISTS (SELECT 1 FROM price_observation o
                            WHERE o.listing_id = l.id AND o.crawl_run_id = c.run_id)
            THEN {CHANGE_CODE[GONE]}
        WHEN lp.prev_price IS NULL THEN {CHANGE_CODE[NEW]}
        WHEN {sold_out} <> {was_sold_out}
            THEN CASE WHEN {sold_out} THEN {CHANGE_CODE[SOLD_OUT]} ELSE {CHANGE_CODE[BACK]} END
        WHEN lp.prev_currency IS DISTINCT FROM lp.cur_currency THEN {FX_CHANGE}
        WHEN lp.cur_price > lp.prev_price THEN {CHANGE_CODE[UP]}
        WHEN lp.cur_price < lp.prev_price THEN {CHANGE_CODE[DOWN]}
        ELSE {CHANGE_CODE[SAME]} END"""
    return f"""
SELECT l.id, l.product_id, c.rank, l.url, lp.cur_observed_at, lp.cur_price,
    lp.cur_regular_price, lp.cur_currency,
    ({change}) * 16 + CASE lp.cur_availability {availability} ELSE 0 END,
    lp.prev_price,
    CASE WHEN lp.prev_currency IS DISTINCT FROM lp.cur_currency THEN lp.prev_currency END
FROM listing l
LEFT JOIN latest_price lp ON lp.listing_id = l.id
-- Per competitor: its rank by name and the newest finished run covering it, if any
-- (pricing.offers._latest_runs).
JOIN unnest(%(competitors)s::integer[], %(ranks)s::integer[], %(runs)s::integer[],
        %(started)s::timestamptz[])
    AS c (id, rank, run_id, started) ON c.id = l.competitor_id
WHERE l.active
"""


# Flagged observations newer than their listing's valid price: the ones the report skipped
# (pricing.review.skipped_suspicious, for every active listing at once).
SUSPICIOUS = """
SELECT s.id, p.sku, c.name, l.url, s.observed_at, s.price, s.currency, s.suspicious_reason,
    s.crawl_run_id
FROM price_observation s
JOIN listing l ON l.id = s.listing_id AND l.active
JOIN product p ON p.id = l.product_id
JOIN competitor c ON c.id = l.competitor_id
LEFT JOIN latest_price lp ON lp.listing_id = s.listing_id
WHERE s.suspicious AND s.observed_at > %(since)s AND s.observed_at <= %(as_of)s
    AND (lp.cur_observed_at IS NULL OR lp.cur_observed_at < s.observed_at)
ORDER BY s.observed_at, s.id
"""

# Rows per chunk when streaming: big enough that per-chunk costs vanish, small enough that
# the server keeps producing while the first chunks are converted (libpq 17+).
STREAM_CHUNK = 5000


def full_inputs(
    session: Session, as_of: datetime, staleness_days: int
) -> tuple[
    list[tuple],
    FxTable,
    list[str],
    dict[int, tuple[str, str, Decimal, str]],
    list[SuspiciousObservation],
]:
    """Kinded rows, rates, competitor names by rank, products ``(sku, name, our price,
    currency)`` and skipped flagged observations, for :func:`pricing.diff_bulk.build_report`.

    Only valid while ``latest_price`` answers for ``as_of`` (nothing observed after it).
    """
    from psycopg import pq

    # JIT compilation costs more than it saves on these index-driven queries; UTC makes the
    # driver's datetimes the ones UTCDateTime would produce.
    session.execute(text("SET LOCAL jit = off"))
    session.execute(text("SET LOCAL TIME ZONE 'UTC'"))
    fx = FxTable.load(session)
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("SELECT id, name FROM competitor")
    names: dict[int, str] = dict(cursor.fetchall())
    cursor.execute("SELECT id, sku, name, our_price, currency FROM product")
    products = {pid: (sku, name, price, cur) for pid, sku, name, price, cur in cursor}
    rank, by_rank = competitor_order(names)
    latest = _latest_runs(session, as_of)
    every = latest.get(None)
    runs = {cid: latest.get(cid, every) for cid in names}
    params = {
        "competitors": list(names),
        "ranks": [rank[cid] for cid in names],
        "runs": [run[0] if run else None for run in runs.values()],
        "started": [run[1] if run else None for run in runs.values()],
    }
    if pq.version() >= 170000:
        rows = list(cursor.stream(full_rows_sql(), params, size=STREAM_CHUNK))
    else:
        cursor.execute(full_rows_sql(), params)
        rows = cursor.fetchall()
    cursor.execute(SUSPICIOUS, {"since": as_of - timedelta(days=staleness_days), "as_of": as_of})
    suspicious = [SuspiciousObservation(*r) for r in cursor]
    return rows, fx, by_rank, products, suspicious
