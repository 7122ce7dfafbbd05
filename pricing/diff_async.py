"""One product's diff report over an asyncio psycopg connection (the API's hot path).

The same query and the same arithmetic as :func:`pricing.diff.diff_report` for one SKU, but
awaited on the event loop: a request then needs no worker thread and no ORM session, which
is most of what a one-product report costs the API (tests/pricing_intel/test_diff_async.py
checks it against the synchronous report).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from psycopg import AsyncConnection
from sqlalchemy import select
from sqlalchemy.dialects import postgresql

from pricing.diff import DiffReport, UnknownProduct, _report
from pricing.diff_product import ONE_PRODUCT, needs_fx, params, shape
from pricing.fx import FxTable
from pricing.models import FxRate

# FxTable.load's query, compiled once for the driver.
FX_RATES = str(
    select(FxRate.base, FxRate.quote, FxRate.rate, FxRate.valid_on).compile(
        dialect=postgresql.dialect()
    )
)


async def one_product_report(
    conn: AsyncConnection,
    sku: str,
    as_of: datetime,
    staleness_days: int,
    *,
    undercut_only: bool = False,
    include_out_of_stock: bool = False,
) -> DiffReport:
    """The report for one SKU as of ``as_of`` (aware), read in one or two round trips."""
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware (e.g. 2026-01-31T12:00:00+00:00)")
    async with conn.cursor() as cursor:
        await cursor.execute(
            ONE_PRODUCT, params(sku, as_of, as_of - timedelta(days=staleness_days))
        )
        found = shape(await cursor.fetchall())
        if found is None:
            raise UnknownProduct(sku)
        rates: list = []
        if needs_fx(found):
            await cursor.execute(FX_RATES)
            rates = [tuple(r) for r in await cursor.fetchall()]
    return _report(
        found.rows, found.missing, FxTable(rates), found.names, found.products,
        found.suspicious, as_of, undercut_only, include_out_of_stock, staleness_days,
    )  # fmt: skip
