"""The diff report over many products in one pass: the figures of
:mod:`pricing.diff_reference`, computed without a function call per offer.

The full report holds 200,000 offers; at that size the interpreter's work per offer is the
report's cost, so the loop below keeps everything in locals, reads an offer's availability
and move since the previous crawl from one small integer (its *kind*, decided before: by the
database for the full report, :func:`kinded` otherwise), and gathers each product's minimum,
counted prices and undercuts while it builds the offers (no second pass over them). The
operations on each ``Decimal`` are the reference's, in the same order (the percent's one
rewrite yields the same quotient), so the results are identical, exponents included
(tests/pricing_intel/test_diff_bulk.py checks that on randomised stores).
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import groupby
from operator import attrgetter, itemgetter

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
from pricing.models import Availability
from pricing.money import minor_step
from pricing.offers import UNAVAILABLE
from pricing.review import SuspiciousObservation

# A row's kind: change code x 16 + availability code. Unknown or missing availability is
# code 0 (no member, in stock), as the reference reads it.
AVAILABILITY_CODE: dict[str | None, int] = {None: 0} | {
    a.value: code for code, a in enumerate(Availability, start=1)
}
CHANGE_CODE: dict[Change, int] = {NEW: 0, UP: 1, DOWN: 2, SAME: 3, BACK: 4, SOLD_OUT: 5, GONE: 6}
# The previous price is in another currency: the builder converts it, then compares.
FX_CHANGE = 7
_CONVERT = object()


def _kinds() -> list[tuple[Availability | None, bool, object] | None]:
    """Kind -> (availability member, in stock, change or _CONVERT)."""
    kinds: list[tuple[Availability | None, bool, object] | None] = [None] * (16 * (FX_CHANGE + 1))
    for change, code in [*CHANGE_CODE.items(), (_CONVERT, FX_CHANGE)]:
        for value, a in AVAILABILITY_CODE.items():
            member = AVAILABILITY.get(value) if value is not None else None
            kinds[code * 16 + a] = (member, member not in UNAVAILABLE, change)
    return kinds


KINDS = _kinds()
ROW_ORDER = itemgetter(1, 2, 3)  # product, competitor rank, URL
PRODUCT = itemgetter(1)
SKU = attrgetter("sku")


def competitor_order(names: dict[int, str]) -> tuple[dict[int, int], list[str]]:
    """Competitor id -> rank by name, and the names by rank: offers are listed by competitor
    name, then URL, and names are unique, so the rank will do."""
    by_rank = sorted(names, key=names.__getitem__)
    return {cid: i for i, cid in enumerate(by_rank)}, [names[cid] for cid in by_rank]


def kinded(rows: list[tuple], missing: set[int], rank: dict[int, int]) -> list[tuple]:
    """:func:`pricing.offers.latest_rows` rows as :func:`build_report` reads them:
    ``(listing id, product id, competitor rank, URL, observed at, price, regular price,
    currency, kind, previous price, previous currency)``, the kind decided as the reference
    decides an offer's change (pricing.diff_full's query spells the same rules in SQL)."""
    unavailable = UNAVAILABLE
    code_of = AVAILABILITY_CODE.get
    out = []
    for row in rows:
        (lid, pid, cid, url, _, _, observed_at, price, regular, cur, availability, _, _, _,
         previous, _, previous_cur, previous_availability) = row  # fmt: skip
        available = availability not in unavailable
        was_available = previous_availability not in unavailable
        if lid in missing:
            change = CHANGE_CODE[GONE]
        elif previous is None:
            change = CHANGE_CODE[NEW]
        elif available and not was_available:
            change = CHANGE_CODE[BACK]
        elif was_available and not available:
            change = CHANGE_CODE[SOLD_OUT]
        elif previous_cur != cur:
            change = FX_CHANGE
        else:
            change = CHANGE_CODE[SAME if price == previous else UP if price > previous else DOWN]
        out.append(
            (lid, pid, rank[cid], url, observed_at, price, regular, cur,
             change * 16 + code_of(availability, 0), previous, previous_cur)
        )  # fmt: skip
    return out


def _no_data(row: tuple, competitor: str) -> CompetitorOffer:
    """A listing never observed (validly) by the report time."""
    return CompetitorOffer(
        row[0], competitor, row[3], None, None, None, None, None, None,
        None, None, None, NO_DATA, False, False, False, None, None,
    )  # fmt: skip


def bulk_report(
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
    """The same report as :func:`pricing.diff_reference.reference_report` from the same rows."""
    rank, competitors = competitor_order(names)
    return build_report(
        kinded(rows, missing, rank), fx, competitors, products, suspicious, as_of,
        undercut_only, include_out_of_stock, staleness_days,
    )  # fmt: skip


def build_report(
    rows: list[tuple],
    fx: FxTable,
    competitors: list[str],
    products: dict[int, tuple[str, str, Decimal, str]],
    suspicious: list[SuspiciousObservation],
    as_of: datetime,
    undercut_only: bool,
    include_out_of_stock: bool,
    staleness_days: int,
) -> DiffReport:
    """The report from kinded rows (:func:`kinded`, or pricing.diff_full's query) and the
    competitors' names by rank (:func:`competitor_order`)."""
    stale_before = as_of - timedelta(days=staleness_days)
    on = as_of.date()
    include_out_of_stock = bool(include_out_of_stock)
    convert = fx.convert
    offer_of = CompetitorOffer
    kinds = KINDS
    report: list[ProductDiff] = []
    # One sort in C puts each product's rows together, in the order its offers are listed
    # (competitor rank, then URL: unique, so rows themselves are never compared); products
    # are put in SKU order at the end.
    for pid, group in groupby(sorted(rows, key=ROW_ORDER), PRODUCT):
        sku, name, our_price, currency = products[pid]
        step = minor_step(currency)
        # exact x 100 / our price, with the x 100 folded into the divisor once per product:
        # both are the same correctly rounded quotient (shifting by a power of ten is exact),
        # and the rounding to 0.01 below fixes the exponent.
        our_hundredth = our_price / HUNDRED
        offers = []
        prices = []  # comparable prices of the counted offers
        undercut = 0
        low: Decimal | None = None
        at_low: list[CompetitorOffer] = []
        for row in group:
            lid, _, at, url, observed_at, price, regular, cur, kind, previous, previous_cur = row
            if observed_at is None:
                offers.append(_no_data(row, competitors[at]))
                continue
            availability, available, change = kinds[kind]  # type: ignore[misc]
            if change is _CONVERT:
                before = convert(previous, previous_cur, cur, on)
                if before is None:
                    change = None
                else:
                    change = SAME if price == before else UP if price > before else DOWN
            comparable = price if cur == currency else convert(price, cur, currency, on)
            if comparable is None:
                difference = percent = None
                status = STALE if observed_at < stale_before else NOT_COMPARABLE
                counted = undercuts = False
            else:
                exact = comparable - our_price
                difference = _q(exact, step)
                percent = _q(exact / our_hundredth, PERCENT) if our_price else None
                if observed_at < stale_before:
                    status = STALE
                    counted = False
                elif available:
                    status = OK
                    counted = True
                else:
                    status = OOS
                    counted = include_out_of_stock
                undercuts = counted and comparable < our_price
            o = offer_of(
                lid,
                competitors[at],
                url,
                price,
                regular,
                cur,
                availability,
                observed_at,
                as_of - observed_at,
                comparable,
                difference,
                percent,
                status,
                counted,
                undercuts,
                False,
                change,
                previous,
            )
            offers.append(o)
            if counted:
                prices.append(comparable)
                if undercuts:
                    undercut += 1
                if low is None or comparable < low:
                    low = comparable
                    at_low = [o]
                elif comparable == low:
                    at_low.append(o)
        if not prices:
            if not undercut_only:
                empty = (0, None, None, None, None, (), None, None, 0)
                report.append(ProductDiff(sku, name, our_price, currency, tuple(offers), *empty))
            continue
        if undercut_only and not undercut:
            continue
        prices.sort()
        n = len(prices)
        exact_mean = sum(prices, ZERO) / n
        mid = n // 2
        median = prices[mid] if n % 2 else (prices[mid - 1] + prices[mid]) / TWO
        for o in at_low:
            o.cheapest = True
        report.append(
            ProductDiff(
                sku,
                name,
                our_price,
                currency,
                tuple(offers),
                n,
                prices[0],
                prices[-1],
                _q(exact_mean, step),
                _q(median, step),
                (at_low[0].competitor,)
                if len(at_low) == 1
                else tuple(sorted({o.competitor for o in at_low})),
                1 + bisect_left(prices, our_price),  # competitors strictly cheaper, plus one
                _q(our_price * HUNDRED / exact_mean, PERCENT) if exact_mean else None,
                undercut,
            )
        )
    report.sort(key=SKU)
    return DiffReport(as_of, staleness_days, include_out_of_stock, report, suspicious)
