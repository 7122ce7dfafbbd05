"""The price diff report: where we stand against every competitor, product by product.

Pure analytics over :func:`pricing.offers.latest_rows`: every number is a ``Decimal``,
money is rounded half-even to the currency's minor unit and percentages to 0.01, so the CLI,
the exports and the API show the same figures. The report's shapes live in
:mod:`pricing.diff_model`; one product is computed offer by offer
(:mod:`pricing.diff_reference`), many products in one pass (:mod:`pricing.diff_bulk`); the
full report on PostgreSQL reads its rows through its own query (:mod:`pricing.diff_full`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pricing.diff_bulk import build_report, bulk_report
from pricing.diff_full import full_inputs
from pricing.diff_model import (
    Change,
    CompetitorOffer,
    DiffReport,
    OfferStatus,
    ProductDiff,
    UnknownCompetitor,
    UnknownProduct,
)
from pricing.diff_product import needs_fx, one_product_rows
from pricing.diff_reference import product_diff, reference_report
from pricing.fx import FxTable
from pricing.models import Competitor, Product
from pricing.offers import gc_paused, latest_is_current, latest_rows
from pricing.review import SuspiciousObservation, skipped_suspicious
from salesops.settings import get_settings

# The one-product report's builder under its earlier name (pricing.diff_async imports it).
_report = reference_report

__all__ = [
    "Change",
    "CompetitorOffer",
    "DiffReport",
    "OfferStatus",
    "ProductDiff",
    "UnknownCompetitor",
    "UnknownProduct",
    "diff_report",
    "product_diff",
    "report_inputs",
]


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
            return reference_report(
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
    flags = (as_of, undercut_only, include_out_of_stock, staleness_days)
    if (
        not skus
        and not competitors
        and session.get_bind().dialect.name == "postgresql"
        and (now or latest_is_current(session, as_of))
    ):
        return build_report(*full_inputs(session, as_of, staleness_days), *flags)
    inputs = report_inputs(session, as_of, skus, competitors, staleness_days, now)
    return bulk_report(*inputs, *flags)


def report_inputs(
    session: Session,
    as_of: datetime,
    skus: Sequence[str] | None,
    competitors: Sequence[str] | None,
    staleness_days: int,
    now: bool = False,
) -> tuple[
    list[tuple],
    set[int],
    FxTable,
    dict[int, str],
    dict[int, tuple[str, str, Decimal, str]],
    list[SuspiciousObservation],
]:
    """What a report is computed from: ``latest_rows``' rows and missing listings, the rates,
    competitor names, products ``(sku, name, our price, currency)`` and skipped flagged
    observations (either builder takes them, in this order)."""
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
    return rows, missing, fx, names, products, suspicious


def _one_product(session: Session, sku: str, as_of: datetime, staleness_days: int) -> tuple | None:
    """The API's one-product report in one round trip on PostgreSQL (None elsewhere)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    found = one_product_rows(session, sku, as_of, as_of - timedelta(days=staleness_days))
    if found is None:
        raise UnknownProduct(sku)
    # Rates are read only when an offer needs converting (another currency now or before).
    fx = FxTable.load(session) if needs_fx(found) else FxTable([])
    return found.rows, found.missing, fx, found.names, found.products, found.suspicious
