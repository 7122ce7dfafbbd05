"""The pricing store: migrations, models, Decimal/UTC round-trips and the crawl write path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.exc import IntegrityError

from pricing import db
from pricing.models import (
    Availability,
    Competitor,
    CrawlStatus,
    CrawlTrigger,
    FailureKind,
    Listing,
    MatchMethod,
    PriceObservation,
    Product,
    ScrapeFailure,
)
from pricing.recording import (
    FailureIn,
    ObservationIn,
    UnknownCrawlRun,
    finish_crawl_run,
    record_batch,
    start_crawl_run,
)

TABLES = {"competitor", "product", "listing", "crawl_run", "price_observation", "scrape_failure"}


def _seed(engine: Engine) -> tuple[int, int]:
    with db.session_scope(engine) as s:
        comp = Competitor(name="acme", base_domain="acme.example")
        prod = Product(sku="A-1", name="Widget", our_price=Decimal("19.99"), currency="EUR")
        s.add_all([comp, prod])
        s.flush()
        a = Listing(
            competitor_id=comp.id,
            product_id=prod.id,
            url="https://acme.example/w",
            match_method=MatchMethod.sku,
        )
        b = Listing(
            competitor_id=comp.id,
            product_id=prod.id,
            url="https://acme.example/w2",
            match_method=MatchMethod.gtin,
        )
        s.add_all([a, b])
        s.flush()
        return a.id, b.id


def test_migration_creates_schema_and_downgrades(engine: Engine) -> None:
    assert TABLES <= set(inspect(engine).get_table_names())
    assert db.current_revision(engine) == db.head_revision()
    db.downgrade(engine, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    db.upgrade(engine)
    assert TABLES <= set(inspect(engine).get_table_names())


def test_migration_matches_models(engine: Engine) -> None:
    """Alembic owns the schema: the models must not drift from the migrations."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from pricing.models import Base

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_indexes_for_latest_and_history(engine: Engine) -> None:
    idx = {tuple(i["column_names"]) for i in inspect(engine).get_indexes("price_observation")}
    uniq = {
        tuple(u["column_names"])
        for u in inspect(engine).get_unique_constraints("price_observation")
    }
    assert ("listing_id", "observed_at") in idx
    assert ("listing_id", "crawl_run_id") in uniq | idx
    listing_idx = {tuple(i["column_names"]) for i in inspect(engine).get_indexes("listing")}
    assert ("product_id", "competitor_id") in listing_idx


@pytest.mark.parametrize(
    "amount", ["0.01", "19.99", "1234567890.1234", "0.0001", "99999.9999", "7.10"]
)
def test_decimal_round_trip(engine: Engine, amount: str) -> None:
    with db.session_scope(engine) as s:
        s.add(Product(sku="D", name="d", our_price=Decimal(amount), currency="EUR"))
    with db.session_scope(engine) as s:
        price = s.scalar(select(Product.our_price).where(Product.sku == "D"))
    assert isinstance(price, Decimal)
    assert price == Decimal(amount)


def test_times_are_utc_aware(engine: Engine) -> None:
    listing_id, _ = _seed(engine)
    cet = timezone(timedelta(hours=1))
    seen = datetime(2026, 3, 1, 13, 30, tzinfo=cet)
    with db.session_scope(engine) as s:
        run = start_crawl_run(s)
        record_batch(s, run.id, [ObservationIn(listing_id, seen, Decimal("10.00"), "EUR")])
    with db.session_scope(engine) as s:
        ob = s.scalars(select(PriceObservation)).one()
    assert ob.observed_at.tzinfo is not None
    assert ob.observed_at.utcoffset() == timedelta(0)
    assert ob.observed_at == seen
    assert ob.observed_at.hour == 12


def test_naive_datetime_is_refused(engine: Engine) -> None:
    listing_id, _ = _seed(engine)
    with pytest.raises(Exception, match="timezone-aware"):
        with db.session_scope(engine) as s:
            run = start_crawl_run(s)
            record_batch(
                s, run.id, [ObservationIn(listing_id, datetime(2026, 1, 1), Decimal(1), "EUR")]
            )


def test_unique_sku_and_url(engine: Engine) -> None:
    _seed(engine)
    with pytest.raises(IntegrityError):
        with db.session_scope(engine) as s:
            s.add(Product(sku="A-1", name="dup", our_price=Decimal(1), currency="EUR"))
    with db.session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 1


def test_record_batch_is_idempotent_and_counts(engine: Engine) -> None:
    a, b = _seed(engine)
    now = datetime.now(UTC)
    obs = [
        ObservationIn(
            a, now, Decimal("18.50"), "eur", Decimal("21.00"), "€", Availability.InStock, "jsonld"
        )
    ]
    fails = [FailureIn(b, FailureKind.blocked, "captcha page")]
    with db.session_scope(engine) as s:
        run_id = start_crawl_run(s, CrawlTrigger.schedule).id
        record_batch(s, run_id, obs, fails)
    # A retried batch, with a changed price: replaces, never duplicates.
    changed = [ObservationIn(a, now, Decimal("17.00"), "EUR", availability=Availability.OutOfStock)]
    with db.session_scope(engine) as s:
        record_batch(s, run_id, changed, fails)
        run = finish_crawl_run(s, run_id)
    with db.session_scope(engine) as s:
        rows = s.scalars(select(PriceObservation)).all()
        failures = s.scalars(select(ScrapeFailure)).all()
    assert len(rows) == 1 and rows[0].price == Decimal("17.00")
    assert rows[0].currency == "EUR" and rows[0].availability is Availability.OutOfStock
    assert len(failures) == 1 and failures[0].kind is FailureKind.blocked
    assert (run.pages_ok, run.pages_failed, run.pages_blocked) == (1, 0, 1)
    assert run.status is CrawlStatus.finished and run.finished_at is not None
    assert run.trigger is CrawlTrigger.schedule


def test_observation_supersedes_failure_in_same_run(engine: Engine) -> None:
    a, _ = _seed(engine)
    with db.session_scope(engine) as s:
        run_id = start_crawl_run(s).id
        record_batch(s, run_id, failures=[FailureIn(a, FailureKind.timeout)])
        record_batch(s, run_id, [ObservationIn(a, datetime.now(UTC), Decimal("5"), "EUR")])
    with db.session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(ScrapeFailure)) == 0
        assert s.scalar(select(func.count()).select_from(PriceObservation)) == 1


def test_failed_batch_loses_nothing_already_stored(engine: Engine) -> None:
    a, b = _seed(engine)
    with db.session_scope(engine) as s:
        run_id = start_crawl_run(s).id
        record_batch(s, run_id, [ObservationIn(a, datetime.now(UTC), Decimal("5"), "EUR")])
    with pytest.raises(ValueError, match="unknown currency"):
        with db.session_scope(engine) as s:
            record_batch(
                s,
                run_id,
                [
                    ObservationIn(b, datetime.now(UTC), Decimal("6"), "EUR"),
                    ObservationIn(a, datetime.now(UTC), Decimal("7"), "XYZ"),
                ],
            )
    with db.session_scope(engine) as s:
        rows = s.scalars(select(PriceObservation)).all()
    assert [(r.listing_id, r.price) for r in rows] == [(a, Decimal("5"))]


def test_record_into_missing_run(engine: Engine) -> None:
    with pytest.raises(UnknownCrawlRun, match="crawl run 999"):
        with db.session_scope(engine) as s:
            record_batch(s, 999, failures=[])


def test_require_schema_names_the_fix(tmp_path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(db.StoreNotReady, match="salesops db upgrade"):
        db.require_schema(engine)


def test_plain_postgres_url_uses_psycopg() -> None:
    assert db.normalise_url("postgresql://postgres@127.0.0.1/test").startswith(
        "postgresql+psycopg://"
    )
