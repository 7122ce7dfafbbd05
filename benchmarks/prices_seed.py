"""Bulk-seed a pricing store for the price intelligence benchmarks (COPY on PostgreSQL).

``listings`` listings spread over products with ``per_product`` competitors each, observed by
``runs`` daily full crawl runs ending now. A realistic mix: ~3% out of stock, ~0.1% suspicious,
~1% of pages missing per run, a few prices in another currency.
"""

from __future__ import annotations

import io
import random
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, text

from pricing.offers import REBUILD

COMPETITORS = 10
# The indexes the migrations create on price_observation, rebuilt after the bulk load.
PG_INDEXES = [
    "ALTER TABLE price_observation ADD CONSTRAINT uq_price_observation_listing_id_crawl_run_id "
    "UNIQUE (listing_id, crawl_run_id)",
    "CREATE INDEX ix_price_observation_listing_id_observed_at "
    "ON price_observation (listing_id, observed_at)",
    "CREATE INDEX ix_price_observation_crawl_run_id ON price_observation (crawl_run_id)",
    "CREATE INDEX ix_price_observation_suspicious_observed_at ON price_observation (observed_at) "
    "WHERE suspicious",
]
PG_DROP = [
    "ALTER TABLE price_observation DROP CONSTRAINT uq_price_observation_listing_id_crawl_run_id",
    "DROP INDEX ix_price_observation_listing_id_observed_at",
    "DROP INDEX ix_price_observation_crawl_run_id",
    "DROP INDEX ix_price_observation_suspicious_observed_at",
]


def _observations(listings: int, runs: int, now: datetime, seed: int = 4):  # noqa: ANN202
    """Yield (id, listing, run, observed_at, price, currency, availability, suspicious)."""
    rng = random.Random(seed)
    start = now - timedelta(days=runs - 1, hours=2)  # the last run ended an hour ago
    obs_id = 0
    for listing in range(1, listings + 1):
        base = 20 + (listing * 7919) % 980
        currency = "USD" if listing % 97 == 0 else "EUR"
        price = base * 100
        for run in range(1, runs + 1):
            if rng.random() < 0.01:
                continue  # the page failed this run
            price = max(100, price + rng.choice((-300, -100, 0, 0, 0, 0, 100, 200)))
            obs_id += 1
            oos = rng.random() < 0.03
            suspicious = rng.random() < 0.001
            at = start + timedelta(days=run - 1, seconds=listing % 3600)
            yield (
                obs_id,
                listing,
                run,
                at,
                f"{price // 100}.{price % 100:02d}" if not suspicious else "0.01",
                currency,
                "OutOfStock" if oos else "InStock",
                suspicious,
            )


def seed(engine: Engine, listings: int, runs: int, per_product: int = 5) -> int:
    """Fill an empty, migrated store; returns the number of observations written."""
    now = datetime.now(UTC).replace(microsecond=0)
    products = listings // per_product
    t0 = time.perf_counter()
    pg = engine.dialect.name == "postgresql"

    def ts(value: datetime) -> datetime | str:
        return value if pg else _sqlite_ts(value)

    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO competitor (id, name, base_domain, render_mode, max_concurrency, "
                "delay_seconds, created_at) VALUES (:id, :name, :dom, 'static', 1, 1, :now)"
            ),
            [
                {"id": c, "name": f"shop{c:02d}", "dom": f"shop{c:02d}.example", "now": ts(now)}
                for c in range(1, COMPETITORS + 1)
            ],
        )
        conn.execute(
            text(
                "INSERT INTO product (id, sku, name, our_price, currency, updated_at) "
                "VALUES (:id, :sku, :name, :price, 'EUR', :now)"
            ),
            [
                {
                    "id": p,
                    "sku": f"SKU-{p:06d}",
                    "name": f"Product {p}",
                    "price": 20 + (p * 7919 * per_product) % 980,
                    "now": ts(now),
                }
                for p in range(1, products + 1)
            ],
        )
        conn.execute(
            text(
                "INSERT INTO listing (id, competitor_id, product_id, url, match_method, "
                "match_confidence, active, created_at) "
                "VALUES (:id, :c, :p, :url, 'gtin', 1, true, :now)"
            ),
            [
                {
                    "id": i,
                    "c": (i - 1) % per_product + 1 + ((i - 1) // per_product) % 2 * per_product,
                    "p": (i - 1) // per_product + 1,
                    "url": f"https://shop.example/p/{i}",
                    "now": ts(now),
                }
                for i in range(1, listings + 1)
            ],
        )
        start = now - timedelta(days=runs - 1, hours=2)
        conn.execute(
            text(
                "INSERT INTO crawl_run (id, started_at, finished_at, trigger, status, pages_ok, "
                "pages_failed, pages_blocked) VALUES (:id, :s, :f, 'schedule', 'finished', 0, 0, 0)"
            ),
            [
                {
                    "id": r,
                    "s": ts(start + timedelta(days=r - 1, seconds=-1)),
                    "f": ts(start + timedelta(days=r - 1, hours=1)),
                }
                for r in range(1, runs + 1)
            ],
        )
    rows = _observations(listings, runs, now)
    count = _copy_pg(engine, rows) if pg else _insert_sqlite(engine, rows)
    print(f"seeded {count:,} observations in {time.perf_counter() - t0:.1f} s")
    return count


def _sqlite_ts(value: datetime) -> str:
    """The text form SQLAlchemy stores on SQLite, so range comparisons stay exact."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _copy_pg(engine: Engine, rows) -> int:  # noqa: ANN001
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for stmt in PG_DROP:
            cur.execute(stmt)
        # Row triggers would refresh latest_price 10 million times; rebuild it once instead.
        cur.execute("ALTER TABLE price_observation DISABLE TRIGGER latest_price_sync")
        count = 0
        copy_sql = (
            "COPY price_observation (id, listing_id, crawl_run_id, observed_at, price, currency, "
            "availability, suspicious) FROM STDIN"
        )
        with cur.copy(copy_sql) as copy:
            buf = io.StringIO()
            for oid, lid, run, at, price, cur_, avail, susp in rows:
                buf.write(
                    f"{oid}\t{lid}\t{run}\t{at.isoformat()}\t{price}\t{cur_}\t{avail}\t"
                    f"{'t' if susp else 'f'}\n"
                )
                count += 1
                if count % 200_000 == 0:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
        for stmt in PG_INDEXES:
            cur.execute(stmt)
        cur.execute("ALTER TABLE price_observation ENABLE TRIGGER latest_price_sync")
        cur.execute("DELETE FROM latest_price")
        cur.execute(REBUILD)
        raw.commit()
        raw.driver_connection.autocommit = True
        cur = raw.driver_connection.cursor()
        cur.execute("VACUUM ANALYZE")
        for seq, table in (
            ("price_observation_id_seq", "price_observation"),
            ("crawl_run_id_seq", "crawl_run"),
            ("listing_id_seq", "listing"),
            ("product_id_seq", "product"),
            ("competitor_id_seq", "competitor"),
        ):
            cur.execute(f"SELECT setval('{seq}', (SELECT max(id) FROM {table}))")
    finally:
        raw.close()
    return count


def _insert_sqlite(engine: Engine, rows) -> int:  # noqa: ANN001
    raw = engine.raw_connection()
    count = 0
    try:
        cur = raw.cursor()
        triggers = cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
            ("price_observation",),
        ).fetchall()
        for name, _ in triggers:
            cur.execute(f"DROP TRIGGER {name}")
        batch = []
        sql = (
            "INSERT INTO price_observation (id, listing_id, crawl_run_id, observed_at, price, "
            "currency, availability, suspicious) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        for oid, lid, run, at, price, cur_, avail, susp in rows:
            batch.append((oid, lid, run, _sqlite_ts(at), price, cur_, avail, susp))
            if len(batch) == 100_000:
                cur.executemany(sql, batch)
                count += len(batch)
                batch = []
        cur.executemany(sql, batch)
        count += len(batch)
        for _, trigger_sql in triggers:
            cur.execute(trigger_sql)
        cur.execute("DELETE FROM latest_price")
        cur.execute(REBUILD)
        raw.commit()
        cur.execute("ANALYZE")
    finally:
        raw.close()
    return count
