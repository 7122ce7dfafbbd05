"""The pricing store's schema, in SQLAlchemy 2's typed declarative style.

Money is ``Decimal`` in ``Numeric`` columns; times are timezone-aware UTC (``UTCDateTime``
re-attaches UTC on SQLite, which stores naive values).
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    configure_mappers,
    mapped_column,
    relationship,
)

MONEY = Numeric(14, 4)
CONFIDENCE = Numeric(4, 3)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always stored as UTC and always comes back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pricing times must be timezone-aware")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class RenderMode(enum.StrEnum):
    static = "static"
    browser = "browser"
    auto = "auto"


class MatchMethod(enum.StrEnum):
    gtin = "gtin"
    sku = "sku"
    mpn = "mpn"
    manual = "manual"
    fuzzy = "fuzzy"


class CrawlTrigger(enum.StrEnum):
    manual = "manual"
    schedule = "schedule"
    api = "api"


class CrawlStatus(enum.StrEnum):
    running = "running"
    finished = "finished"
    failed = "failed"
    interrupted = "interrupted"


class Availability(enum.StrEnum):
    InStock = "InStock"
    OutOfStock = "OutOfStock"
    PreOrder = "PreOrder"
    BackOrder = "BackOrder"
    LimitedAvailability = "LimitedAvailability"
    Discontinued = "Discontinued"


class FailureKind(enum.StrEnum):
    http_error = "http_error"
    timeout = "timeout"
    blocked = "blocked"
    robots = "robots"
    parse_error = "parse_error"
    invalid = "invalid"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings (no native ENUM type) so new members need no type migration.
    return Enum(cls, name=name, native_enum=False, length=32, validate_strings=True)


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Competitor(Base):
    __tablename__ = "competitor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    base_domain: Mapped[str] = mapped_column(String(255))
    render_mode: Mapped[RenderMode] = mapped_column(
        _enum(RenderMode, "render_mode"), default=RenderMode.static
    )
    max_concurrency: Mapped[int] = mapped_column(Integer, default=1)
    delay_seconds: Mapped[Decimal] = mapped_column(Numeric(8, 3), default=Decimal("1.0"))
    # Per-competitor CSS/XPath selectors for sites without product markup.
    selectors: Mapped[dict[str, str] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    listings: Mapped[list[Listing]] = relationship(back_populates="competitor")

    def __repr__(self) -> str:
        return f"Competitor({self.name!r})"


class Product(Base):
    """One product of our own catalog."""

    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    brand: Mapped[str | None] = mapped_column(String(200))
    gtin: Mapped[str | None] = mapped_column(String(14), index=True)
    mpn: Mapped[str | None] = mapped_column(String(100), index=True)
    our_price: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    cost: Mapped[Decimal | None] = mapped_column(MONEY)
    map_price: Mapped[Decimal | None] = mapped_column(MONEY)
    # Our own product page, when the catalog carries one (shown beside competitors' pages).
    url: Mapped[str | None] = mapped_column(String(2000))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    listings: Mapped[list[Listing]] = relationship(back_populates="product")

    def __repr__(self) -> str:
        return f"Product({self.sku!r})"


class Listing(Base):
    """One competitor URL we watch, matched to one of our products."""

    __tablename__ = "listing"
    __table_args__ = (Index(None, "product_id", "competitor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitor.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    match_method: Mapped[MatchMethod] = mapped_column(_enum(MatchMethod, "match_method"))
    match_confidence: Mapped[Decimal] = mapped_column(CONFIDENCE, default=Decimal("1"))
    # Overrides the competitor's render mode for one page (a JS-only product page).
    render_mode: Mapped[RenderMode | None] = mapped_column(_enum(RenderMode, "render_mode"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    competitor: Mapped[Competitor] = relationship(back_populates="listings")
    product: Mapped[Product] = relationship(back_populates="listings")

    def __repr__(self) -> str:
        return f"Listing({self.url!r})"


class CrawlRun(Base):
    __tablename__ = "crawl_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    trigger: Mapped[CrawlTrigger] = mapped_column(_enum(CrawlTrigger, "crawl_trigger"))
    status: Mapped[CrawlStatus] = mapped_column(
        _enum(CrawlStatus, "crawl_status"), default=CrawlStatus.running
    )
    # Which competitor the run was limited to, if any (None = all).
    competitor_id: Mapped[int | None] = mapped_column(ForeignKey("competitor.id"))
    pages_ok: Mapped[int] = mapped_column(Integer, default=0)
    pages_failed: Mapped[int] = mapped_column(Integer, default=0)
    pages_blocked: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class PriceObservation(Base):
    __tablename__ = "price_observation"
    __table_args__ = (
        UniqueConstraint("listing_id", "crawl_run_id"),
        # "Latest observation per listing" and "history of one listing" both walk this.
        Index(None, "listing_id", "observed_at"),
        Index(None, "crawl_run_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"))
    crawl_run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"))
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    price: Mapped[Decimal] = mapped_column(MONEY)
    regular_price: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    currency_shown: Mapped[str | None] = mapped_column(String(16))
    availability: Mapped[Availability | None] = mapped_column(_enum(Availability, "availability"))
    # Which extraction layer produced the price (jsonld, microdata, rdfa, opengraph, ...).
    price_source: Mapped[str | None] = mapped_column(String(32))
    suspicious: Mapped[bool] = mapped_column(Boolean, default=False)
    suspicious_reason: Mapped[str | None] = mapped_column(Text)

    listing: Mapped[Listing] = relationship()
    crawl_run: Mapped[CrawlRun] = relationship()


class ScrapeFailure(Base):
    __tablename__ = "scrape_failure"
    __table_args__ = (UniqueConstraint("listing_id", "crawl_run_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    crawl_run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    kind: Mapped[FailureKind] = mapped_column(_enum(FailureKind, "failure_kind"))
    detail: Mapped[str | None] = mapped_column(Text)

    listing: Mapped[Listing] = relationship()
    crawl_run: Mapped[CrawlRun] = relationship()


# --- Price intelligence (issue 4): exchange rates, alert rules and the alerts they raise. ---

FX_RATE = Numeric(18, 8)


class FxRate(Base):
    """``1 base = rate quote`` from ``valid_on`` until a later rate for the same pair."""

    __tablename__ = "fx_rate"
    __table_args__ = (UniqueConstraint("base", "quote", "valid_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    base: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(FX_RATE)
    valid_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AlertKind(enum.StrEnum):
    undercut_percent = "undercut_percent"
    undercut_amount = "undercut_amount"
    price_drop_percent = "price_drop_percent"
    below_map = "below_map"
    out_of_stock = "out_of_stock"
    back_in_stock = "back_in_stock"
    failed_runs = "failed_runs"


class AlertRule(Base):
    """A condition on competitor listings; optional product/competitor narrow its scope."""

    __tablename__ = "alert_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[AlertKind] = mapped_column(_enum(AlertKind, "alert_kind"))
    # Percent, money amount (in the product's currency) or run count, depending on ``kind``.
    threshold: Mapped[Decimal | None] = mapped_column(MONEY)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    competitor_id: Mapped[int | None] = mapped_column(
        ForeignKey("competitor.id", ondelete="CASCADE")
    )
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    email_to: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    product: Mapped[Product | None] = relationship()
    competitor: Mapped[Competitor | None] = relationship()


class Alert(Base):
    """One episode of a rule's condition on one listing: opened when it starts, closed when over."""

    __tablename__ = "alert"
    __table_args__ = (Index(None, "rule_id", "listing_id", "closed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("alert_rule.id", ondelete="CASCADE"))
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    opened_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    closed_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))
    message: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, str] | None] = mapped_column(JSON, default=None)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notify_error: Mapped[str | None] = mapped_column(Text)

    rule: Mapped[AlertRule] = relationship()
    listing: Mapped[Listing] = relationship()


# Suspicious observations are rare; the review list finds them without a full scan.
Index(
    "ix_price_observation_suspicious_observed_at",
    PriceObservation.observed_at,
    postgresql_where=PriceObservation.suspicious,
    sqlite_where=PriceObservation.suspicious,
)


# --- HTTP API (issue 8): API keys and background planning jobs. ---


class ApiRole(enum.StrEnum):
    viewer = "viewer"
    analyst = "analyst"
    admin = "admin"


class ApiKey(Base):
    """Only a SHA-256 of the secret is stored; ``prefix`` is the public part used to look it up."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    role: Mapped[ApiRole] = mapped_column(_enum(ApiRole, "api_role"))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class JobStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    finished = "finished"
    failed = "failed"


class PlanningJob(Base):
    """A territory plan requested over the API: its inputs, then its result or its error."""

    __tablename__ = "planning_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[JobStatus] = mapped_column(_enum(JobStatus, "job_status"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    units_name: Mapped[str] = mapped_column(String(500))
    units_data: Mapped[bytes] = mapped_column(LargeBinary)
    reps_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    parameters: Mapped[dict[str, object]] = mapped_column(JSON)
    # unit id -> territory (rep) id, and the plan's metrics, once finished.
    assignment: Mapped[dict[str, str] | None] = mapped_column(JSON)
    metrics: Mapped[dict[str, object] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)


# The scheduler's tables share this metadata (one store, one migration history); importing
# them here keeps Base.metadata complete for Alembic and create_all wherever models are used.
from scheduler import models as _scheduler_models  # noqa: E402, F401


class LatestPrice(Base):
    """The two newest valid (not suspicious) observations of each listing, kept by triggers.

    The diff report reads 200,000 listings from here instead of probing 10 million
    observations; ``pricing.offers.rebuild_latest_prices`` recomputes it after bulk loads.
    """

    __tablename__ = "latest_price"

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listing.id", ondelete="CASCADE"), primary_key=True
    )
    cur_id: Mapped[int] = mapped_column(Integer)
    cur_run_id: Mapped[int] = mapped_column(Integer)
    cur_observed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    cur_price: Mapped[Decimal] = mapped_column(MONEY)
    cur_regular_price: Mapped[Decimal | None] = mapped_column(MONEY)
    cur_currency: Mapped[str] = mapped_column(String(3))
    cur_availability: Mapped[Availability | None] = mapped_column(
        _enum(Availability, "availability")
    )
    prev_id: Mapped[int | None] = mapped_column(Integer)
    prev_run_id: Mapped[int | None] = mapped_column(Integer)
    prev_observed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    prev_price: Mapped[Decimal | None] = mapped_column(MONEY)
    prev_regular_price: Mapped[Decimal | None] = mapped_column(MONEY)
    prev_currency: Mapped[str | None] = mapped_column(String(3))
    prev_availability: Mapped[Availability | None] = mapped_column(
        _enum(Availability, "availability")
    )


# Resolve the relationships now, with the models, rather than inside whichever query runs
# first: that made the first report of a process ~0.1-0.2 s slower than the rest.
configure_mappers()
