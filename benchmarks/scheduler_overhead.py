"""What the scheduler costs on top of the work it schedules, measured in one run.

    python -m benchmarks.scheduler_overhead                    # 3 rounds, 1000 schedules
    python -m benchmarks.scheduler_overhead --rounds 5 --schedules 5000
    python -m benchmarks.scheduler_overhead --database-url postgresql://postgres@127.0.0.1/test

1. Per crawl: a scheduled crawl (lock, slot claim, supervised child process with a timeout,
   closing the run, alert evaluation) against the baseline ``scrapers.crawl.run_crawl`` (the
   plain crawl in its own process) of the same one-page listing on the fixture shop. Rounds
   alternate, best of each is compared, so a busy machine hurts both alike.
2. Per sync: bringing the job store in line with N schedules (first sync adds N jobs, later
   syncs find nothing changed) and `schedule list` for N schedules, against the baseline of
   reading the N schedule rows.

On PostgreSQL the database should be a throw-away one: the benchmark adds tables' rows.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, select


def _best(fn: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _seed(engine: Engine, url: str) -> int:
    from pricing import db
    from pricing.models import Competitor, Listing, MatchMethod, Product
    from scheduler.schedules import add_schedule

    with db.session_scope(engine) as s:
        product = Product(sku="B-1", name="Bench", our_price=Decimal("99"), currency="EUR")
        comp = Competitor(name="bench", base_domain="127.0.0.1", delay_seconds=Decimal("0"))
        s.add_all([product, comp])
        s.flush()
        s.add(
            Listing(
                competitor_id=comp.id, product_id=product.id, url=url, match_method=MatchMethod.sku
            )
        )
        return add_schedule(s, "bench", every="1h", name="bench").id


def per_crawl(engine: Engine, rounds: int) -> None:
    from pricing.models import CrawlStatus, CrawlTrigger, utcnow
    from scheduler.runner import run_schedule
    from scrapers.crawl import run_crawl
    from scrapers.fixture_shop import FixtureShop

    url_ = engine.url.render_as_string(hide_password=False)
    with FixtureShop(port=0) as shop:
        schedule_id = _seed(engine, shop.url("megamart", "hd-100"))
        bare: list[float] = []
        scheduled: list[float] = []
        for _ in range(rounds):
            start = time.perf_counter()
            # Same log level as the scheduler's crawls, so both write the same amount.
            quiet = {"LOG_LEVEL": "WARNING"}
            run_crawl(url_, competitor="bench", trigger=CrawlTrigger.manual, settings=quiet)
            bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = run_schedule(engine, schedule_id, utcnow(), CrawlTrigger.manual)
            scheduled.append(time.perf_counter() - start)
            assert result is not None and result.status == CrawlStatus.finished, result
    b, s = min(bare), min(scheduled)
    print(f"per crawl (best of {rounds}): run_crawl {b:.2f} s, scheduled crawl {s:.2f} s")
    print(f"  scheduler overhead per crawl: {s - b:+.2f} s ({(s / b - 1) * 100:+.0f}%)")


def per_sync(engine: Engine, n: int, rounds: int) -> None:
    from pricing import db
    from salesops.settings import Settings
    from scheduler.models import CrawlSchedule
    from scheduler.schedules import add_schedule, schedule_statuses
    from scheduler.service import SchedulerService

    with db.session_scope(engine) as s:
        for i in range(n):
            if i % 2:
                add_schedule(s, "all", every=f"{1 + i % 90}m", name=f"s{i}")
            else:
                add_schedule(
                    s, "all", cron=f"{i % 60} */6 * * 1-5", timezone="Europe/Berlin", name=f"s{i}"
                )

    def read_rows() -> None:
        with db.session_scope(engine) as s:
            s.scalars(select(CrawlSchedule)).all()

    def list_all() -> None:
        with db.session_scope(engine) as s:
            schedule_statuses(s)

    base = _best(read_rows, rounds)
    service = SchedulerService(engine, Settings())
    service.scheduler.start(paused=True)
    try:
        start = time.perf_counter()
        service.sync()
        first = time.perf_counter() - start
        again = _best(service.sync, rounds)
        listing = _best(list_all, rounds)
    finally:
        service.scheduler.shutdown(wait=False)
    print(f"per sync, {n} schedules: baseline read of the rows {base * 1000:.0f} ms")
    print(f"  first sync (adds {n} jobs) {first * 1000:.0f} ms ({first / base:.1f}x baseline)")
    print(f"  unchanged sync {again * 1000:.0f} ms ({again / base:.1f}x baseline)")
    print(f"  `schedule list` {listing * 1000:.0f} ms ({listing / base:.1f}x baseline)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()
    os.environ["SALESOPS_ALLOWED_PRIVATE_HOSTS"] = '["127.0.0.1"]'
    from pricing import db

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = db.make_engine(url)
        db.upgrade(engine)
        print(f"load: {os.getloadavg()[0]:.2f} (1 min), store {engine.url.get_backend_name()}")
        per_crawl(engine, args.rounds)
        per_sync(engine, args.schedules, args.rounds)
        engine.dispose()


if __name__ == "__main__":
    main()
