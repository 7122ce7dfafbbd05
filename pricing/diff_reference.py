"""The diff report offer by offer, exactly as its figures are defined.

The readable reference: it builds the one-product report (the API's ``?sku=``), and the
tests check :mod:`pricing.diff_bulk` against it on randomised stores. Every number is a
``Decimal``; money is rounded half-even to the currency's minor unit and percentages to
0.01, once, at the end.
"""

from __future__ import annotations

import bisect
import operator
from datetime import date, datetime, timedelta
from decimal import Decimal

from pricing.diff_model import (
    AVAILABILITY,
    BACK,
    DOWN,
    GONE,
    HUNDRED,
    NEW,
    NO_DATA,
    NOT_COMPARABLE,
    OK,
    OOS,
    PERCENT,
    SAME,
    SOLD_OUT,
    STALE,
    TWO,
    UP,
    ZERO,
    Change,
    CompetitorOffer,
    DiffReport,
    ProductDiff,
)
from pricing.diff_model import round_half_even as _q
from pricing.fx import FxTable
from pricing.money import minor_step
from pricing.offers import UNAVAILABLE
from pricing.review import SuspiciousObservation

BY_COMPETITOR = operator.attrgetter("competitor", "url")


def offer(
    row: tuple,
    missing: bool,
    competitor: str,
    our_price: Decimal,
    currency: str,
    step: Decimal,
    fx: FxTable,
    as_of: datetime,
    on: date,
    stale_before: datetime,
    include_out_of_stock: bool,
) -> CompetitorOffer:
    """One offer (from a :func:`pricing.offers.latest_rows` row) with its difference to us;
    exact until the final half-even rounding. Also how the listing moved since its previous
    valid price."""
    observed_at = row[6]
    if observed_at is None:
        return CompetitorOffer(
            row[0], competitor, row[3], None, None, None, None, None, None,
            None, None, None, NO_DATA, False, False, False, None, None,
        )  # fmt: skip
    price: Decimal = row[7]
    cur_currency = row[9]
    available = row[10] not in UNAVAILABLE
    before = row[14]
    change: Change | None
    if missing:
        change = GONE
    elif before is None:
        change = NEW
    else:
        was_available = row[17] not in UNAVAILABLE
        if available and not was_available:
            change = BACK
        elif was_available and not available:
            change = SOLD_OUT
        else:
            if row[16] != cur_currency:
                before = fx.convert(before, row[16], cur_currency, on)
            if before is None:
                change = None
            else:
                change = UP if price > before else DOWN if price < before else SAME
    if cur_currency == currency:
        comparable: Decimal | None = price
    else:
        comparable = fx.convert(price, cur_currency, currency, on)
    difference = percent = None
    if comparable is not None:
        exact = comparable - our_price
        difference = _q(exact, step)
        if our_price:
            percent = _q(exact * HUNDRED / our_price, PERCENT)
    if observed_at < stale_before:
        status = STALE
    elif comparable is None:
        status = NOT_COMPARABLE
    elif not available:
        status = OOS
    else:
        status = OK
    counted = status is OK or (include_out_of_stock and status is OOS)
    return CompetitorOffer(
        row[0],
        competitor,
        row[3],
        price,
        row[8],
        cur_currency,
        AVAILABILITY.get(row[10]),  # type: ignore[arg-type]
        observed_at,
        as_of - observed_at,
        comparable,
        difference,
        percent,
        status,
        counted,
        counted and comparable < our_price,  # type: ignore[operator]
        False,
        change,
        row[14],
    )


def product_diff(
    sku: str, name: str, our_price: Decimal, currency: str, offers: list[CompetitorOffer]
) -> ProductDiff:
    """The aggregates of one product from its offers (only ``counted`` offers take part).

    Mean and median are computed exactly and rounded half-even once, at the end.
    """
    counted = [o for o in offers if o.counted]
    if not counted:
        return ProductDiff(
            sku, name, our_price, currency, tuple(offers), 0, None, None, None, None, (), None,
            None, 0,
        )  # fmt: skip
    prices: list[Decimal] = sorted(o.comparable_price for o in counted)  # type: ignore[misc]
    n = len(prices)
    low, high = prices[0], prices[-1]
    exact_mean = sum(prices, ZERO) / n
    mid = n // 2
    median = prices[mid] if n % 2 else (prices[mid - 1] + prices[mid]) / TWO
    cheapest = set()
    undercut = 0
    for o in counted:
        if o.comparable_price == low:
            o.cheapest = True
            cheapest.add(o.competitor)
        if o.undercuts:
            undercut += 1
    step = minor_step(currency)
    return ProductDiff(
        sku,
        name,
        our_price,
        currency,
        tuple(offers),
        n,
        low,
        high,
        _q(exact_mean, step),
        _q(median, step),
        tuple(sorted(cheapest)),
        1 + bisect.bisect_left(prices, our_price),  # competitors strictly cheaper, plus one
        _q(our_price * HUNDRED / exact_mean, PERCENT) if exact_mean else None,
        undercut,
    )


def reference_report(
    rows: list[tuple],
    missing: set[int],
    fx: FxTable,
    names: dict[int, str],
    products: dict[int, tuple[str, str, Decimal, str]],
    suspicious: list[SuspiciousObservation],
    as_of: datetime,
    undercut_only: bool,
    include_out_of_stock: bool,
    staleness_days: int,
) -> DiffReport:
    """The report from :func:`pricing.offers.latest_rows` rows, one :func:`offer` at a time."""
    stale_before = as_of - timedelta(days=staleness_days)
    on = as_of.date()
    # Per product, what every one of its offers needs, looked up once per row.
    context = {
        pid: (price, cur, minor_step(cur), []) for pid, (_, _, price, cur) in products.items()
    }
    for row in rows:
        our_price, currency, step, offers = context[row[1]]
        offers.append(
            offer(
                row,
                row[0] in missing,
                names[row[2]],
                our_price,
                currency,
                step,
                fx,
                as_of,
                on,
                stale_before,
                include_out_of_stock,
            )
        )
    by_product = {pid: c[3] for pid, c in context.items() if c[3]}
    report = []
    for pid, offers in by_product.items():
        offers.sort(key=BY_COMPETITOR)
        diff = product_diff(*products[pid], offers)
        if not undercut_only or diff.undercut_count:
            report.append(diff)
    report.sort(key=lambda d: d.sku)
    return DiffReport(as_of, staleness_days, include_out_of_stock, report, suspicious)
