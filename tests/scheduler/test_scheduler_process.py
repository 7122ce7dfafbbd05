"""The real scheduler process (`python -m salesops scheduler run`) against the fixture shop.

Crawls here are real: a child process per crawl, Scrapy fetching a page from the fixture shop
on 127.0.0.1 and writing to the test store. Starting a crawl process costs seconds, so with a
2-second interval most slots are skipped while a crawl runs; what must hold is the order:
runs never overlap, each run takes the first slot after the previous one ended, a restart
catches up once and never in a burst, and no run is ever left "running".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from pricing import db
from pricing.models import (
    Competitor,
    CrawlRun,
    CrawlStatus,
    CrawlTrigger,
    Listing,
    MatchMethod,
    Product,
)
from scheduler.models import SchedulerHeartbeat, ScheduleRun
from scheduler.schedules import add_schedule
from scrapers.fixture_shop import FixtureShop

pytestmark = pytest.mark.slow
INTERVAL = timedelta(seconds=2)
# Scheduling latency allowed on a loaded 2-core machine (APScheduler wakes up late).
SLACK = timedelta(seconds=3)


@pytest.fixture(scope="module")
def shop() -> Iterator[FixtureShop]:
    with FixtureShop(port=0, day=1) as running:
        yield running


class Scheduler:
    """One `salesops scheduler run` subprocess with its log in a file."""

    live: list[Scheduler] = []  # stopped by the fixture below even when a test fails midway

    def __init__(self, url: str, log: Path, **settings: str) -> None:
        env = dict(os.environ)
        env.update(
            SALESOPS_DATABASE_URL=url,
            SALESOPS_ALLOWED_PRIVATE_HOSTS='["127.0.0.1"]',
            SALESOPS_SCHEDULER_SYNC_SECONDS="1",
            SALESOPS_SCHEDULER_HEARTBEAT_SECONDS="1",
            COLUMNS="250",
        )
        env.update({f"SALESOPS_SCHEDULER_{k.upper()}": v for k, v in settings.items()})
        self.log = log
        self._out = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "salesops", "scheduler", "run"],
            stdout=self._out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        Scheduler.live.append(self)

    def started(self) -> Scheduler:
        wait_for(lambda: "started:" in self.text(), 90, f"scheduler start ({self.log})")
        return self

    def text(self) -> str:
        return self.log.read_text()

    def terminate(self) -> None:
        self.proc.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 60) -> int:
        self.terminate()
        return self.wait(timeout)

    def wait(self, timeout: float = 60) -> int:
        try:
            code = self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self._out.close()
        return code


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.2)


def seed(engine: Engine, shop: FixtureShop, competitor: str, url: str, **schedule: str) -> int:
    with db.session_scope(engine) as s:
        product = Product(sku="HD-100", name="HD 100", our_price=Decimal("99.00"), currency="EUR")
        comp = Competitor(name=competitor, base_domain="127.0.0.1", delay_seconds=Decimal("0"))
        s.add_all([product, comp])
        s.flush()
        s.add(
            Listing(
                competitor_id=comp.id, product_id=product.id, url=url, match_method=MatchMethod.sku
            )
        )
        return add_schedule(s, competitor, name=competitor, **schedule).id


@pytest.fixture(autouse=True)
def _no_scheduler_outlives_its_test() -> Iterator[None]:
    yield
    while Scheduler.live:
        leftover = Scheduler.live.pop()
        if leftover.proc.poll() is None:
            leftover.stop(timeout=15)  # SIGTERM first, so its crawl children are stopped too


def runs(engine: Engine) -> list[ScheduleRun]:
    with db.session_scope(engine) as s:
        found = list(s.scalars(select(ScheduleRun).order_by(ScheduleRun.started_at)))
        for run in found:
            _ = run.crawl_run
        return found


def _running_crawls(engine: Engine) -> int:
    with db.session_scope(engine) as s:
        return len(s.scalars(select(CrawlRun).where(CrawlRun.status == CrawlStatus.running)).all())


def assert_in_order(found: list[ScheduleRun]) -> None:
    """No overlap, no run left open, and each run takes the first slot after the last ended."""
    for run in found:
        assert run.status != CrawlStatus.running and run.finished_at is not None
    for before, after in zip(found, found[1:], strict=False):
        assert before.finished_at <= after.started_at, "two runs of one schedule overlapped"
        assert before.slot_at < after.slot_at
    slots = [r.slot_at for r in found]
    assert len(set(slots)) == len(slots), "one slot ran twice"


def test_interval_schedule_sigterm_and_restart(
    sqlite_engine: Engine, shop: FixtureShop, tmp_path: Path
) -> None:
    url = sqlite_engine.url.render_as_string(hide_password=False)
    seed(sqlite_engine, shop, "megamart", shop.url("megamart", "hd-100"), every="2s")
    first = Scheduler(url, tmp_path / "first.log", shutdown_grace_seconds="60").started()
    time.sleep(10)
    assert first.stop() == 0
    stopped_at = datetime.now().astimezone()
    before = runs(sqlite_engine)
    assert len(before) >= 1
    assert_in_order(before)
    for run in before:  # real crawls, recorded as scheduled, allowed to finish on SIGTERM
        assert run.status == CrawlStatus.finished, run.note
        assert run.crawl_run.trigger == CrawlTrigger.schedule
        assert run.crawl_run.status == CrawlStatus.finished and run.crawl_run.pages_ok == 1
    for late, early in zip(before[1:], before, strict=False):
        assert late.slot_at - early.finished_at < INTERVAL + SLACK, "a due slot was not taken"
    log = first.text()
    assert log.count("crawl started") == len(before) and "stopped" in log
    with db.session_scope(sqlite_engine) as s:
        beat = s.scalars(select(SchedulerHeartbeat)).one()
        assert beat.stopped_at is not None

    # Downtime long enough that two slots are missed however fast the restart starts up.
    time.sleep(2 * INTERVAL.total_seconds() + 1)
    # The page now answers after 3 s, so the crawl is surely mid-page when SIGTERM arrives; with
    # no grace this time it is stopped and recorded as interrupted.
    with db.session_scope(sqlite_engine) as s:
        s.execute(update(Listing).values(url=Listing.url + "?delay=3"))
    second = Scheduler(url, tmp_path / "second.log", shutdown_grace_seconds="0").started()
    restarted_at = datetime.now().astimezone()
    with db.session_scope(sqlite_engine) as s:  # stamped just before the restart resumes jobs
        resumed_after = s.scalar(select(func.max(SchedulerHeartbeat.started_at)))
    assert resumed_after - stopped_at > 2 * INTERVAL  # at least two slots were missed
    wait_for(lambda: _running_crawls(sqlite_engine) == 1, 90, "the catch-up crawl to open")
    assert second.stop() == 0
    assert_in_order(runs(sqlite_engine))
    (catch_up,) = runs(sqlite_engine)[len(before) :]
    # Coalesced: the one run after the restart is for the LAST missed slot; running the missed
    # slots one by one would have started with the oldest, several intervals back.
    assert stopped_at <= catch_up.slot_at < restarted_at
    assert catch_up.slot_at + INTERVAL > resumed_after, "an older missed slot ran first"
    assert second.text().count("crawl started") == 1
    assert catch_up.status == CrawlStatus.interrupted
    assert catch_up.crawl_run.status == CrawlStatus.interrupted
    assert _running_crawls(sqlite_engine) == 0
    assert "recorded as interrupted" in second.text()


@pytest.mark.postgres
def test_two_schedulers_on_postgres_never_double_run(
    pg_engine: Engine, shop: FixtureShop, tmp_path: Path
) -> None:
    url = pg_engine.url.render_as_string(hide_password=False)
    seed(pg_engine, shop, "techhaus", shop.url("techhaus", "hd-100"), every="2s")
    # No shutdown grace: a crawl still running at the end is interrupted, which is quicker.
    one = Scheduler(url, tmp_path / "one.log", shutdown_grace_seconds="0")
    two = Scheduler(url, tmp_path / "two.log", shutdown_grace_seconds="0")
    one.started(), two.started()
    window_start = datetime.now().astimezone()
    time.sleep(10)
    one.terminate(), two.terminate()
    assert one.wait() == 0 and two.wait() == 0
    found = runs(pg_engine)
    assert len(found) >= 1
    assert_in_order(found)
    with db.session_scope(pg_engine) as s:
        crawls = list(s.scalars(select(CrawlRun).order_by(CrawlRun.started_at)))
        runners = set(s.scalars(select(SchedulerHeartbeat.runner)))
    assert len(runners) == 2
    claimed = {r.crawl_run_id for r in found if r.crawl_run_id is not None}
    assert {c.id for c in crawls} == claimed, "a crawl ran without its schedule's claim"
    for before, after in zip(crawls, crawls[1:], strict=False):
        assert before.finished_at <= after.started_at, "two crawls of one schedule overlapped"
    window = datetime.now().astimezone() - window_start + SLACK
    assert len(found) <= window / INTERVAL + 1
    logs = one.text() + two.text()
    assert logs.count("crawl started") == len(found)
    # Both fired the schedule; the database lock or the slot claim turned one of them away.
    turned_away = ("'techhaus': previous crawl still running", "already run by another scheduler")
    assert any(line in logs for line in turned_away)


@pytest.mark.postgres
def test_hung_crawl_is_killed_at_its_timeout_and_recorded_failed(
    pg_engine: Engine, shop: FixtureShop, tmp_path: Path
) -> None:
    url = pg_engine.url.render_as_string(hide_password=False)
    slow_page = shop.url("nordlicht", "hd-100") + "?delay=30"  # answers after 30 s
    # The timeout counts from the crawl process's start, which takes seconds on a busy machine.
    seed(pg_engine, shop, "nordlicht", slow_page, every="2s", timeout="12s")
    sched = Scheduler(url, tmp_path / "hang.log", shutdown_grace_seconds="0").started()
    wait_for(lambda: len(runs(pg_engine)) >= 1 and runs(pg_engine)[0].finished_at, 60, "timeout")
    assert sched.stop() == 0  # the next slot's crawl, if started, is stopped as interrupted
    killed, *later = runs(pg_engine)
    assert killed.status == CrawlStatus.failed, killed.note
    assert killed.note == "killed after the 12 s timeout"
    assert timedelta(seconds=12) <= killed.finished_at - killed.started_at < timedelta(seconds=20)
    assert killed.crawl_run is not None, "the crawl never opened its run"
    assert killed.crawl_run.status == CrawlStatus.failed
    assert killed.crawl_run.note == "killed after the 12 s timeout"
    assert [r.status for r in later] in ([], [CrawlStatus.interrupted])
    assert _running_crawls(pg_engine) == 0
    assert "killed after the 12 s timeout" in sched.text()
