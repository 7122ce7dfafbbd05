"""One product's diff inputs in one PostgreSQL round trip (the API's `/prices/diff?sku=...`).

The general path (:func:`pricing.offers.latest_rows` plus FX, names, products, runs and
suspicious look-ups) costs about nine round trips; for one product each of them is tiny, so
the trips are the cost. This query gathers the same facts through the same indexes
(``latest_price`` by listing, ``price_observation (listing_id, observed_at)``): per active
listing its latest and previous valid prices, the competitor's name, whether the newest run
covering it recorded nothing for it, and the flagged observations the report skipped.
Results are identical to the general path (tests/pricing_intel/test_diff_product.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from pricing.review import SuspiciousObservation

# Row: listing (4), current (7), previous (7) as in latest_rows; then competitor name,
# missing flag, skipped suspicious observations (JSON), and the product (4).
ONE_PRODUCT = """
SELECT l.id, l.product_id, l.competitor_id, l.url,
    lp.cur_id, lp.cur_run_id, lp.cur_observed_at, lp.cur_price, lp.cur_regular_price,
    lp.cur_currency, lp.cur_availability,
    lp.prev_id, lp.prev_run_id, lp.prev_observed_at, lp.prev_price, lp.prev_regular_price,
    lp.prev_currency, lp.prev_availability,
    c.name,
    run.id IS NOT NULL
        AND (lp.cur_observed_at IS NULL OR lp.cur_observed_at < run.started_at)
        AND NOT EXISTS (
            SELECT 1 FROM price_observation o
            WHERE o.listing_id = l.id AND o.crawl_run_id = run.id
        ),
    (SELECT json_agg(json_build_array(s.id, s.observed_at, s.price::text, s.currency,
                s.suspicious_reason, s.crawl_run_id) ORDER BY s.observed_at, s.id)
        FROM price_observation s
        WHERE s.listing_id = l.id AND s.suspicious
            AND s.observed_at > %(since)s AND s.observed_at <= %(as_of)s
            AND (lp.cur_observed_at IS NULL OR s.observed_at > lp.cur_observed_at)),
    p.sku, p.name, p.our_price, p.currency
FROM product p
LEFT JOIN (listing l JOIN competitor c ON c.id = l.competitor_id)
    ON l.product_id = p.id AND l.active
LEFT JOIN latest_price lp ON lp.listing_id = l.id
-- The newest finished run covering the listing (its competitor's or an all-competitor
-- one; on a tie the competitor's own run wins, as in pricing.offers._latest_runs).
LEFT JOIN LATERAL (
    SELECT r.id, r.started_at FROM crawl_run r
    WHERE r.status = 'finished' AND r.started_at <= %(as_of)s
        AND (r.competitor_id = l.competitor_id OR r.competitor_id IS NULL)
    ORDER BY r.started_at DESC, r.competitor_id IS NULL, r.id DESC
    LIMIT 1
) run ON l.id IS NOT NULL
WHERE p.sku = %(sku)s
"""


class ProductRows:
    """What :func:`pricing.diff._diff_report` needs, shaped as the general path gives it."""

    __slots__ = ("products", "rows", "missing", "names", "suspicious")

    def __init__(self) -> None:
        self.products: dict[int, tuple[str, str, Decimal, str]] = {}
        self.rows: list[tuple] = []
        self.missing: set[int] = set()
        self.names: dict[int, str] = {}
        self.suspicious: list[SuspiciousObservation] = []


def _utc(moment: datetime | None) -> datetime | None:
    # The driver answers in the server's time zone; the general path's values are UTC.
    return moment.astimezone(UTC) if moment is not None else None


def one_product_rows(
    session: Session, sku: str, as_of: datetime, since: datetime
) -> ProductRows | None:
    """The product's rows, or None when no product has that SKU."""
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(ONE_PRODUCT, params(sku, as_of, since))
    return shape(cursor.fetchall())


def params(sku: str, as_of: datetime, since: datetime) -> dict[str, object]:
    return {"sku": sku, "as_of": as_of, "since": since}


def shape(found: list[tuple]) -> ProductRows | None:
    """ONE_PRODUCT's result rows as the general path gives them (None: no such product)."""
    if not found:
        return None
    out = ProductRows()
    for r in found:
        out.products.setdefault(r[1] if r[1] is not None else -1, r[21:25])
        if r[0] is None:  # the product has no active listing
            continue
        out.rows.append((*r[:6], _utc(r[6]), *r[7:13], _utc(r[13]), *r[14:18]))
        out.names[r[2]] = r[18]
        if r[19]:
            out.missing.add(r[0])
        for obs_id, observed_at, price, currency, reason, run_id in r[20] or ():
            out.suspicious.append(
                SuspiciousObservation(
                    obs_id,
                    r[21],
                    r[18],
                    r[3],
                    datetime.fromisoformat(observed_at).astimezone(UTC),
                    Decimal(price),
                    currency,
                    reason,
                    run_id,
                )
            )
    out.suspicious.sort(key=lambda s: (s.observed_at, s.observation_id))
    out.products.pop(-1, None)
    return out


def needs_fx(found: ProductRows) -> bool:
    """Rates matter only when an offer is (or was) in another currency than the product."""
    currencies = {cur for _, _, _, cur in found.products.values()}
    return any(r[9] not in currencies or (r[16] is not None and r[16] != r[9]) for r in found.rows)
