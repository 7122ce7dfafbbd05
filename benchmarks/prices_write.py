"""What the latest_price triggers cost the crawl write path (``record_batch``).

    python -m benchmarks.prices_write --backend sqlite|postgresql

Records the same runs twice into fresh stores: once with the triggers (as shipped) and once
with them off (the baseline, measured in the same run), and prints observations per second.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.engine import make_url

from pricing import db
from pricing.models import Competitor, Listing, MatchMethod, Product
from pricing.recording import ObservationIn, finish_crawl_run, record_batch, start_crawl_run

PG_ADMIN = os.environ.get(
    "SALESOPS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def prepare(engine: Engine, listings: int) -> None:
    db.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(insert(Competitor), [{"id": 1, "name": "shop", "base_domain": "shop.example"}])
        conn.execute(
            insert(Product),
            [
                {"id": i, "sku": f"S{i}", "name": "p", "our_price": 10, "currency": "EUR"}
                for i in range(1, listings + 1)
            ],
        )
        conn.execute(
            insert(Listing),
            [
                {
                    "id": i,
                    "competitor_id": 1,
                    "product_id": i,
                    "url": f"https://shop.example/{i}",
                    "match_method": MatchMethod.sku,
                }
                for i in range(1, listings + 1)
            ],
        )


def triggers(engine: Engine, on: bool) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            state = "ENABLE" if on else "DISABLE"
            conn.execute(text(f"ALTER TABLE price_observation {state} TRIGGER latest_price_sync"))
        elif not on:
            for name in ("insert", "update", "delete"):
                conn.execute(text(f"DROP TRIGGER latest_price_{name}"))


def record(engine: Engine, listings: int, runs: int, batch: int) -> float:
    start = datetime.now(UTC) - timedelta(days=runs)
    t0 = time.perf_counter()
    for r in range(runs):
        with db.session_scope(engine) as session:
            run = start_crawl_run(session)
            for first in range(1, listings + 1, batch):
                obs = [
                    ObservationIn(
                        listing_id=i,
                        observed_at=start + timedelta(days=r),
                        price=Decimal(10 + (i + r) % 7),
                        currency="EUR",
                    )
                    for i in range(first, min(first + batch, listings + 1))
                ]
                record_batch(session, run.id, obs)
            finish_crawl_run(session, run.id)
    return listings * runs / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--listings", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    print(f"load: {os.getloadavg()}")
    rates = {}
    with TemporaryDirectory() as tmp:
        # Alternated twice, best of two: a busy machine's noise hits both variants alike.
        variants = (("without triggers (baseline)", False), ("with triggers", True)) * 2
        for attempt, (label, on) in enumerate(variants):
            if args.backend == "sqlite":
                url = f"sqlite:///{Path(tmp) / f'{attempt}.db'}"
            else:
                name = f"salesops_bench_write_{int(on)}"
                admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
            engine = db.make_engine(url)
            try:
                prepare(engine, args.listings)
                triggers(engine, on)
                rate = record(engine, args.listings, args.runs, args.batch)
                rates[label] = max(rate, rates.get(label, 0.0))
            finally:
                engine.dispose()
                if args.backend == "postgresql":
                    with admin.connect() as conn:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    admin.dispose()
            print(f"{args.backend} {label}: {rate:,.0f} observations/s")
    base, shipped = rates["without triggers (baseline)"], rates["with triggers"]
    print(f"write rate with triggers = {shipped / base:.2f} x the rate without (1.00 = free)")
    print(f"load: {os.getloadavg()}")


if __name__ == "__main__":
    main()
