"""The price diff report: where we stand against every competitor, product by product.

Pure analytics over :func:`pricing.offers.latest_rows`: every number is a ``Decimal``,
money is rounded half-even to the currency's minor unit and percentages to 0.01, so the CLI,
the exports and the API show the same figures.
"""

from __future__ import annotations

import bisect
import enum
import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pricing.currency import minor_unit
from pricing.diff_product import one_product_rows
from pricing.fx import FxTable
from pricing.models import Availability, Competitor, Product
from pricing.offers import UNAVAILABLE, gc_paused, latest_rows
from pricing.review import SuspiciousObservation, skipped_suspicious
from salesops.settings import get_settings

# Half-even (banker's) rounding through a context's method: a third of the cost of
# ``quantize(..., rounding=...)``, which shows at 200,000 offers.
_q = Context(rounding=ROUND_HALF_EVEN, prec=28).quantize
HUNDRED = Decimal(100)
TWO = Decimal(2)
ZERO = Decimal(0)
BY_COMPETITOR = operator.attrgetter("competitor", "url")
# Stored strings (or members) to members: a dict look-up is the cheapest conversion.
AVAILABILITY: dict[str, Availability] = {a.value: a for a in Availability}
PERCENT = Decimal("0.01")


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


@functools.cache
def _step(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_unit(currency))


# Enum members bound once: ``OfferStatus.ok`` is a class-attribute look-up (~0.1 us) that
# the loop below would otherwise repeat a million times.
OK, STALE, OOS, NOT_COMPARABLE, NO_DATA = (
    OfferStatus.ok, OfferStatus.stale, OfferStatus.out_of_stock, OfferStatus.not_comparable,
    OfferStatus.no_data,
)  # fmt: skip
NEW, UP, DOWN, SAME, GONE, BACK, SOLD_OUT = (
    Change.new, Change.up, Change.down, Change.unchanged, Change.disappeared,
    Change.back_in_stock, Change.out_of_stock,
)  # fmt: skip


def _offer(
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
    """One offer (from a :func:`latest_rows` row) with its difference to us; exact until the
    final half-even rounding. Also how the listing moved since its previous valid price."""
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
    step = _step(currency)
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


def _check_filters(
    session: Session, skus: Sequence[str] | None, competitors: Sequence[str] | None
) -> None:
    """Name the typo instead of returning an empty report."""
    if skus:
        known = set(session.scalars(select(Product.sku).where(Product.sku.in_(skus))))
        for sku in skus:
            if sku not in known:
                raise UnknownProduct(sku)
    if competitors:
        known = set(
            session.scalars(select(Competitor.name).where(Competitor.name.in_(competitors)))
        )
        for name in competitors:
            if name not in known:
                raise UnknownCompetitor(name)


def diff_report(
    session: Session,
    *,
    as_of: datetime | None = None,
    skus: Sequence[str] | None = None,
    competitors: Sequence[str] | None = None,
    undercut_only: bool = False,
    include_out_of_stock: bool = False,
    staleness_days: int | None = None,
) -> DiffReport:
    """Every watched product of ours against its competitors' latest valid prices at ``as_of``."""
    now = as_of is None
    as_of = as_of or datetime.now(UTC)
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware (e.g. 2026-01-31T12:00:00+00:00)")
    if staleness_days is None:
        staleness_days = get_settings().staleness_days
    if now and skus and len(skus) == 1 and not competitors:
        one = _one_product(session, skus[0], as_of, staleness_days)
        if one is not None:
            rows, missing, fx, names, products, suspicious = one
            return _report(
                rows, missing, fx, names, products, suspicious, as_of, undercut_only,
                include_out_of_stock, staleness_days,
            )  # fmt: skip
    _check_filters(session, skus, competitors)
    with gc_paused():
        return _diff_report(
            session,
            as_of,
            skus,
            competitors,
            undercut_only,
            include_out_of_stock,
            staleness_days,
            now,
        )


def _diff_report(
    session: Session,
    as_of: datetime,
    skus: Sequence[str] | None,
    competitors: Sequence[str] | None,
    undercut_only: bool,
    include_out_of_stock: bool,
    staleness_days: int,
    now: bool,
) -> DiffReport:
    rows, missing = latest_rows(
        session, as_of, skus=skus, competitors=competitors, lean=True, now=now
    )
    fx = FxTable.load(session)
    names = dict(session.execute(select(Competitor.id, Competitor.name)).all())
    products_stmt = select(
        Product.id, Product.sku, Product.name, Product.our_price, Product.currency
    )
    if skus:
        products_stmt = products_stmt.where(Product.sku.in_(skus))
    products = {
        pid: (sku, name, price, cur)
        for pid, sku, name, price, cur in session.connection().execute(products_stmt).all()
    }
    stale_before = as_of - timedelta(days=staleness_days)
    suspicious = skipped_suspicious(session, rows, products, names, stale_before, as_of)
    return _report(
        rows, missing, fx, names, products, suspicious, as_of, undercut_only,
        include_out_of_stock, staleness_days,
    )  # fmt: skip


def _one_product(session: Session, sku: str, as_of: datetime, staleness_days: int) -> tuple | None:
    """The API's one-product report in one round trip on PostgreSQL (None elsewhere)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    found = one_product_rows(session, sku, as_of, as_of - timedelta(days=staleness_days))
    if found is None:
        raise UnknownProduct(sku)
    currencies = {cur for _, _, _, cur in found.products.values()}
    # Rates are read only when an offer needs converting (another currency now or before).
    needs_fx = any(
        r[9] not in currencies or (r[16] is not None and r[16] != r[9]) for r in found.rows
    )
    fx = FxTable.load(session) if needs_fx else FxTable([])
    return found.rows, found.missing, fx, found.names, found.products, found.suspicious


def _report(
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
    stale_before = as_of - timedelta(days=staleness_days)
    on = as_of.date()
    # Per product, what every one of its offers needs, looked up once per row.
    context = {pid: (price, cur, _step(cur), []) for pid, (_, _, price, cur) in products.items()}
    for row in rows:
        our_price, currency, step, offers = context[row[1]]
        offers.append(
            _offer(
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
