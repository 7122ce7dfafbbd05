"""Reading and editing the catalog, competitors, listings and crawl runs one record at a time.

These are the queries behind the API's resource endpoints. Lists are keyset-paginated on the
primary key (``after_id``), so a page costs the same at row 10 and row 10 million and a page
never repeats or skips rows when others insert meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, Select, func, select, update
from sqlalchemy.orm import Session, selectinload

from pricing.currency import normalise_currency
from pricing.identifiers import is_valid_gtin, normalise_gtin
from pricing.imports import parse_url
from pricing.models import (
    Alert,
    AlertKind,
    AlertRule,
    Competitor,
    CrawlRun,
    CrawlStatus,
    Listing,
    MatchMethod,
    Product,
    RenderMode,
    ScrapeFailure,
)

T = TypeVar("T")


class NotFound(LookupError):
    """A record the caller named does not exist; the message names it."""


class Conflict(ValueError):
    """The change would break a uniqueness rule (a name, SKU or URL already in use)."""


class InvalidValue(ValueError):
    """A field value the store cannot accept; the message names the field and why."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_after_id: int | None  # pass back as ``after_id`` for the next page; None = last page


def _page(
    session: Session,
    stmt: Select[Any],
    id_col: Any,
    after_id: int | None,
    limit: int,
    newest_first: bool = False,
) -> Page:
    """With ``newest_first``, ids go down and ``after_id`` means "older than"."""
    if after_id is not None:
        stmt = stmt.where(id_col < after_id if newest_first else id_col > after_id)
    order = id_col.desc() if newest_first else id_col
    rows = list(session.scalars(stmt.order_by(order).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1].id if more and rows else None)


# -- competitors -------------------------------------------------------------------------------


def list_competitors(
    session: Session, *, name: str | None = None, after_id: int | None = None, limit: int = 50
) -> Page[Competitor]:
    stmt = select(Competitor)
    if name:
        stmt = stmt.where(Competitor.name.ilike(f"%{name}%"))
    return _page(session, stmt, Competitor.id, after_id, limit)


def get_competitor(session: Session, competitor_id: int) -> Competitor:
    competitor = session.get(Competitor, competitor_id)
    if competitor is None:
        raise NotFound(f"competitor {competitor_id} does not exist")
    return competitor


def competitor_by_name(session: Session, name: str) -> Competitor:
    competitor = session.scalar(select(Competitor).where(Competitor.name == name))
    if competitor is None:
        raise NotFound(f"unknown competitor {name!r}: create it first or check the spelling")
    return competitor


def _unique(session: Session, model: type, column: Any, value: object, own_id: int | None) -> None:
    other = session.scalar(select(model.id).where(column == value))  # type: ignore[attr-defined]
    if other is not None and other != own_id:
        raise Conflict(f"{model.__tablename__} {value!r} already exists (id {other})")  # type: ignore[attr-defined]


def save_competitor(
    session: Session, values: dict[str, Any], competitor_id: int | None = None
) -> Competitor:
    """Create (no id) or update the given fields of a competitor."""
    competitor = Competitor() if competitor_id is None else get_competitor(session, competitor_id)
    if "name" in values:
        _unique(session, Competitor, Competitor.name, values["name"], competitor_id)
    for key, value in values.items():
        setattr(competitor, key, value)
    if competitor_id is None:
        competitor.render_mode = competitor.render_mode or RenderMode.static
        competitor.max_concurrency = competitor.max_concurrency or 1
        if competitor.delay_seconds is None:
            competitor.delay_seconds = Decimal("1.0")
        session.add(competitor)
    session.flush()
    return competitor


def deactivate_competitor(session: Session, competitor_id: int) -> int:
    """Stop watching every listing of a competitor; returns how many were active."""
    get_competitor(session, competitor_id)
    result = session.execute(
        update(Listing)
        .where(Listing.competitor_id == competitor_id, Listing.active.is_(True))
        .values(active=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# -- products ----------------------------------------------------------------------------------


def list_products(
    session: Session,
    *,
    sku: str | None = None,
    brand: str | None = None,
    q: str | None = None,
    after_id: int | None = None,
    limit: int = 50,
) -> Page[Product]:
    stmt = select(Product)
    if sku:
        stmt = stmt.where(Product.sku == sku)
    if brand:
        stmt = stmt.where(Product.brand == brand)
    if q:
        stmt = stmt.where(Product.name.ilike(f"%{q}%") | Product.sku.ilike(f"%{q}%"))
    return _page(session, stmt, Product.id, after_id, limit)


def get_product(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(f"product {product_id} does not exist")
    return product


def product_by_sku(session: Session, sku: str) -> Product:
    product = session.scalar(select(Product).where(Product.sku == sku))
    if product is None:
        raise NotFound(f"unknown sku {sku!r}: not in the catalog")
    return product


def save_product(
    session: Session, values: dict[str, Any], product_id: int | None = None
) -> Product:
    product = Product() if product_id is None else get_product(session, product_id)
    values = dict(values)
    if "sku" in values:
        _unique(session, Product, Product.sku, values["sku"], product_id)
    if "currency" in values:
        values["currency"] = normalise_currency(values["currency"])
    if values.get("gtin"):
        if not is_valid_gtin(values["gtin"]):
            raise InvalidValue(f"invalid GTIN {values['gtin']!r}: bad length or check digit")
        values["gtin"] = normalise_gtin(values["gtin"])
    if values.get("url"):
        values["url"], problem = parse_url(values["url"])
        if problem:
            raise InvalidValue(problem)
    for key, value in values.items():
        setattr(product, key, value)
    if product_id is None:
        session.add(product)
    session.flush()
    return product


def deactivate_product(session: Session, product_id: int) -> int:
    """Stop watching every competitor listing of a product; returns how many were active."""
    get_product(session, product_id)
    result = session.execute(
        update(Listing)
        .where(Listing.product_id == product_id, Listing.active.is_(True))
        .values(active=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# -- listings ----------------------------------------------------------------------------------


def list_listings(
    session: Session,
    *,
    competitor: str | None = None,
    sku: str | None = None,
    active: bool | None = None,
    match_method: MatchMethod | None = None,
    after_id: int | None = None,
    limit: int = 50,
) -> Page[Listing]:
    stmt = select(Listing).options(selectinload(Listing.competitor), selectinload(Listing.product))
    if competitor:
        stmt = stmt.where(
            Listing.competitor_id.in_(select(Competitor.id).where(Competitor.name == competitor))
        )
    if sku:
        stmt = stmt.where(Listing.product_id.in_(select(Product.id).where(Product.sku == sku)))
    if active is not None:
        stmt = stmt.where(Listing.active.is_(active))
    if match_method is not None:
        stmt = stmt.where(Listing.match_method == match_method)
    return _page(session, stmt, Listing.id, after_id, limit)


def get_listing(session: Session, listing_id: int) -> Listing:
    listing = session.get(
        Listing,
        listing_id,
        options=[selectinload(Listing.competitor), selectinload(Listing.product)],
    )
    if listing is None:
        raise NotFound(f"listing {listing_id} does not exist")
    return listing


def save_listing(
    session: Session, values: dict[str, Any], listing_id: int | None = None
) -> Listing:
    """Create or update a listing; ``competitor`` and ``sku`` are names users know."""
    listing = Listing() if listing_id is None else get_listing(session, listing_id)
    values = dict(values)
    if "competitor" in values:
        values["competitor_id"] = competitor_by_name(session, values.pop("competitor")).id
    if "sku" in values:
        values["product_id"] = product_by_sku(session, values.pop("sku")).id
    if "url" in values:
        values["url"], problem = parse_url(values["url"])
        if problem:
            raise InvalidValue(problem)
        _unique(session, Listing, Listing.url, values["url"], listing_id)
    for key, value in values.items():
        setattr(listing, key, value)
    if listing_id is None:
        listing.match_method = listing.match_method or MatchMethod.manual
        if listing.match_confidence is None:
            listing.match_confidence = Decimal("1")
        if listing.active is None:
            listing.active = True
        session.add(listing)
    session.flush()
    session.expire(listing, ["competitor", "product"])  # ids may have changed under them
    return get_listing(session, listing.id)


def deactivate_listing(session: Session, listing_id: int) -> Listing:
    """Stop watching a listing; its observations stay, and it can be re-activated later."""
    listing = get_listing(session, listing_id)
    listing.active = False
    session.flush()
    return listing


# -- crawl runs --------------------------------------------------------------------------------


def list_crawl_runs(
    session: Session,
    *,
    status: CrawlStatus | None = None,
    competitor: str | None = None,
    since: datetime | None = None,
    after_id: int | None = None,
    limit: int = 50,
) -> Page[CrawlRun]:
    """Newest first, as people look at runs (``after_id``: continue with older ones)."""
    stmt = select(CrawlRun)
    if status is not None:
        stmt = stmt.where(CrawlRun.status == status)
    if competitor:
        stmt = stmt.where(CrawlRun.competitor_id == competitor_by_name(session, competitor).id)
    if since is not None:
        stmt = stmt.where(CrawlRun.started_at >= since)
    return _page(session, stmt, CrawlRun.id, after_id, limit, newest_first=True)


@dataclass(frozen=True)
class CrawlRunDetail:
    run: CrawlRun
    competitor: str | None
    failures: Sequence[ScrapeFailure]
    failures_total: int


def crawl_run_detail(session: Session, run_id: int, max_failures: int = 1000) -> CrawlRunDetail:
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise NotFound(f"crawl run {run_id} does not exist")
    competitor = session.get(Competitor, run.competitor_id) if run.competitor_id else None
    failures = session.scalars(
        select(ScrapeFailure)
        .options(selectinload(ScrapeFailure.listing))
        .where(ScrapeFailure.crawl_run_id == run_id)
        .order_by(ScrapeFailure.id)
        .limit(max_failures)
    ).all()
    total = session.scalar(
        select(func.count()).select_from(ScrapeFailure).where(ScrapeFailure.crawl_run_id == run_id)
    )
    return CrawlRunDetail(run, competitor.name if competitor else None, failures, total or 0)


# -- alert rules and alerts --------------------------------------------------------------------


def list_alert_rules(
    session: Session,
    *,
    kind: AlertKind | None = None,
    active: bool | None = None,
    after_id: int | None = None,
    limit: int = 50,
) -> Page[AlertRule]:
    stmt = select(AlertRule).options(
        selectinload(AlertRule.product), selectinload(AlertRule.competitor)
    )
    if kind is not None:
        stmt = stmt.where(AlertRule.kind == kind)
    if active is not None:
        stmt = stmt.where(AlertRule.active.is_(active))
    return _page(session, stmt, AlertRule.id, after_id, limit)


def get_alert_rule(session: Session, rule_id: int) -> AlertRule:
    rule = session.get(
        AlertRule,
        rule_id,
        options=[selectinload(AlertRule.product), selectinload(AlertRule.competitor)],
    )
    if rule is None:
        raise NotFound(f"alert rule {rule_id} does not exist")
    return rule


def set_alert_rule_active(session: Session, rule_id: int, active: bool) -> AlertRule:
    """Pause or resume a rule; a paused rule opens no new alerts."""
    rule = get_alert_rule(session, rule_id)
    rule.active = active
    session.flush()
    return rule


def list_alerts(
    session: Session,
    *,
    open_only: bool = False,
    rule_id: int | None = None,
    sku: str | None = None,
    competitor: str | None = None,
    after_id: int | None = None,
    limit: int = 50,
) -> Page[Alert]:
    """Alerts newest first (``after_id``: continue with older ones)."""
    stmt = select(Alert).options(
        selectinload(Alert.rule),
        selectinload(Alert.listing).selectinload(Listing.product),
        selectinload(Alert.listing).selectinload(Listing.competitor),
    )
    if open_only:
        stmt = stmt.where(Alert.closed_at.is_(None))
    if rule_id is not None:
        stmt = stmt.where(Alert.rule_id == rule_id)
    if sku:
        stmt = stmt.where(
            Alert.listing_id.in_(select(Listing.id).join(Product).where(Product.sku == sku))
        )
    if competitor:
        stmt = stmt.where(
            Alert.listing_id.in_(
                select(Listing.id).join(Competitor).where(Competitor.name == competitor)
            )
        )
    return _page(session, stmt, Alert.id, after_id, limit, newest_first=True)


# -- health ------------------------------------------------------------------------------------


def store_reachable(engine: Engine) -> tuple[bool, str]:
    """Whether the store answers a trivial query, and if not, why (for /health)."""
    try:
        with engine.connect() as conn:
            conn.execute(select(1))
    except Exception as exc:  # any driver or network failure is "unreachable", with its reason
        return False, f"unreachable: {type(exc).__name__}"
    return True, "ok"
