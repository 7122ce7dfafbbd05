"""Schedules as users write them, the CLI around them, the lock and crash recovery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select, text
from typer.testing import CliRunner

from pricing import db
from pricing.models import Competitor, CrawlRun, CrawlStatus, CrawlTrigger
from salesops.cli import app
from scheduler.locking import LOCK_NAMESPACE, schedule_lock
from scheduler.models import CrawlSchedule, ScheduleRun
from scheduler.runner import recover_abandoned
from scheduler.schedules import (
    DuplicateSchedule,
    InvalidSchedule,
    UnknownCompetitor,
    add_schedule,
    cron_trigger,
    parse_interval,
    schedule_statuses,
    set_enabled,
    trigger_for,
)


@pytest.mark.parametrize(
    ("text_", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("6h", 21600), ("1h30m", 5400)]
)
def test_interval_parsing(text_: str, seconds: int) -> None:
    assert parse_interval(text_) == seconds


@pytest.mark.parametrize("bad", ["", "5x", "0s", "1.5s", "h", "6h later"])
def test_bad_interval_is_rejected_with_an_example(bad: str) -> None:
    with pytest.raises(InvalidSchedule, match=r"interval"):
        parse_interval(bad)


def _fires(expr: str, tz: str, start: datetime, n: int) -> list[datetime]:
    trigger = cron_trigger(expr, ZoneInfo(tz))
    out, prev, now = [], None, start
    for _ in range(n):
        fire = trigger.get_next_fire_time(prev, now)
        out.append(fire)
        prev, now = fire, fire + timedelta(seconds=1)
    return out


def test_cron_weekdays_follow_crontab_not_apscheduler_numbering() -> None:
    # 2026-11-22 is a Sunday. Crontab 1-5 is Monday..Friday (APScheduler alone: Tue..Sat).
    fires = _fires("0 6 * * 1-5", "Europe/Berlin", datetime(2026, 11, 22, tzinfo=UTC), 5)
    assert [f.strftime("%a %H:%M %Z") for f in fires] == [
        "Mon 06:00 CET",
        "Tue 06:00 CET",
        "Wed 06:00 CET",
        "Thu 06:00 CET",
        "Fri 06:00 CET",
    ]
    for sunday in ("0", "7", "sun"):
        (fire,) = _fires(f"30 8 * * {sunday}", "UTC", datetime(2026, 11, 23, tzinfo=UTC), 1)
        assert fire.strftime("%a %d %H:%M") == "Sun 29 08:30"
    fires = _fires("0 0 * * */2", "UTC", datetime(2026, 11, 22, tzinfo=UTC), 4)
    assert [f.strftime("%a") for f in fires] == ["Sun", "Tue", "Thu", "Sat"]


def test_cron_time_zone_keeps_local_hour_across_dst() -> None:
    fires = _fires("0 6 * * *", "Europe/Berlin", datetime(2026, 3, 28, tzinfo=UTC), 2)
    assert [f.astimezone(UTC).hour for f in fires] == [5, 4]  # CET, then CEST


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cron": "0 6 * *"}, "5 fields"),
        ({"cron": "61 6 * * *"}, "not valid"),
        ({"every": "1h", "timezone": "Mars/Base"}, "unknown time zone"),
        ({}, "exactly one"),
        ({"every": "1h", "cron": "0 6 * * *"}, "exactly one"),
        ({"every": "10m", "jitter": "10m"}, "not shorter than the interval"),
    ],
)
def test_bad_schedule_writes_nothing(sqlite_engine: Engine, kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidSchedule, match=message):
        with db.session_scope(sqlite_engine) as s:
            add_schedule(s, "all", **kwargs)
    with db.session_scope(sqlite_engine) as s:
        assert s.scalar(select(func.count()).select_from(CrawlSchedule)) == 0


def test_schedule_names_and_competitors_are_checked(engine: Engine) -> None:
    with db.session_scope(engine) as s:
        s.add(Competitor(name="acme", base_domain="acme.example"))
    with db.session_scope(engine) as s:
        add_schedule(s, "acme", every="6h")
    with pytest.raises(DuplicateSchedule, match="already exists"):
        with db.session_scope(engine) as s:
            add_schedule(s, "all", every="1h", name="acme")
    with pytest.raises(UnknownCompetitor, match="nobody"):
        with db.session_scope(engine) as s:
            add_schedule(s, "nobody", every="1h")
    with db.session_scope(engine) as s:
        (only,) = s.scalars(select(CrawlSchedule)).all()
        assert (only.name, only.interval_seconds, only.competitor.name) == ("acme", 21600, "acme")


def test_list_shows_last_and_next_run(engine: Engine) -> None:
    with db.session_scope(engine) as s:
        hourly = add_schedule(s, "all", every="1h", name="hourly")
        add_schedule(s, "all", cron="0 6 * * *", timezone="Europe/Berlin", name="morning")
        hourly_id, created = hourly.id, hourly.created_at
        s.add(
            ScheduleRun(
                schedule_id=hourly_id,
                slot_at=created,
                trigger=CrawlTrigger.schedule,
                status=CrawlStatus.failed,
                runner="test:1",
                note="killed after the 5 s timeout",
            )
        )
    now = created + timedelta(minutes=90)
    with db.session_scope(engine) as s:
        rows = {st.schedule.name: st for st in schedule_statuses(s, now)}
    assert rows["hourly"].last_status == CrawlStatus.failed
    assert rows["hourly"].last_note == "killed after the 5 s timeout"
    assert rows["hourly"].next_run_at == created + timedelta(hours=2)  # anchored at creation
    assert rows["morning"].last_status is None
    morning = rows["morning"].next_run_at
    assert morning is not None and morning > now
    assert morning.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") == "06:00"
    with db.session_scope(engine) as s:
        set_enabled(s, "morning", False)
    with db.session_scope(engine) as s:
        rows = {st.schedule.name: st for st in schedule_statuses(s, now)}
        assert rows["morning"].next_run_at is None
        assert rows["morning"].schedule.revision == 2


def test_interval_slots_are_the_same_for_every_process(sqlite_engine: Engine) -> None:
    with db.session_scope(sqlite_engine) as s:
        schedule = add_schedule(s, "all", every="2s", name="fast")
    now = schedule.created_at + timedelta(seconds=7.5)
    fires = {trigger_for(schedule).get_next_fire_time(None, now) for _ in range(3)}
    assert fires == {schedule.created_at + timedelta(seconds=8)}


def test_cli_add_list_disable_remove(store_env: Engine) -> None:
    runner = CliRunner()
    with db.session_scope(store_env) as s:
        s.add(Competitor(name="acme", base_domain="acme.example"))
    out = runner.invoke(app, ["schedule", "add", "acme", "--every", "6h", "--jitter", "5m"])
    assert out.exit_code == 0, out.output
    bad = runner.invoke(app, ["schedule", "add", "acme", "--cron", "0 6 * * *"])
    assert bad.exit_code == 2 and "already exists" in bad.output
    bad = runner.invoke(app, ["schedule", "add", "zeta", "--every", "1h"])
    assert bad.exit_code == 2 and "no competitor named 'zeta'" in bad.output
    listed = runner.invoke(app, ["schedule", "list"], env={"COLUMNS": "200"})
    assert "acme" in listed.output and "every 6h ±5m" in listed.output
    assert "scheduler: not running" in listed.output
    assert runner.invoke(app, ["schedule", "disable", "acme"]).exit_code == 0
    with db.session_scope(store_env) as s:
        assert s.scalar(select(CrawlSchedule.enabled)) is False
    missing = runner.invoke(app, ["schedule", "enable", "nope"])
    assert missing.exit_code == 2 and "no schedule named 'nope'" in missing.output
    assert runner.invoke(app, ["schedule", "remove", "acme"]).exit_code == 0
    with db.session_scope(store_env) as s:
        assert s.scalar(select(func.count()).select_from(CrawlSchedule)) == 0


@pytest.mark.postgres
def test_advisory_lock_held_by_another_session_blocks(pg_engine: Engine) -> None:
    with pg_engine.connect() as other:  # another session, as another process would have
        assert other.scalar(text("SELECT pg_try_advisory_lock(:n, 7)"), {"n": LOCK_NAMESPACE})
        with schedule_lock(pg_engine, 7) as got:
            assert got is False
        other.execute(text("SELECT pg_advisory_unlock(:n, 7)"), {"n": LOCK_NAMESPACE})
    with schedule_lock(pg_engine, 7) as got:
        assert got is True
        with schedule_lock(pg_engine, 7) as again:  # same process, same schedule: no
            assert again is False


def test_recovery_closes_runs_of_a_dead_scheduler(engine: Engine) -> None:
    with db.session_scope(engine) as s:
        schedule = add_schedule(s, "all", every="1h")
        crawl = CrawlRun(trigger=CrawlTrigger.schedule, status=CrawlStatus.running)
        s.add(crawl)
        s.flush()
        s.add(
            ScheduleRun(
                schedule_id=schedule.id,
                slot_at=schedule.created_at,
                started_at=crawl.started_at - timedelta(seconds=1),
                trigger=CrawlTrigger.schedule,
                runner="gone:1",
            )
        )
    assert recover_abandoned(engine) == 1
    with db.session_scope(engine) as s:
        run = s.scalars(select(ScheduleRun)).one()
        assert run.status == CrawlStatus.interrupted and run.crawl_run_id == run.crawl_run.id
        assert run.crawl_run.status == CrawlStatus.interrupted
        assert run.crawl_run.finished_at is not None
    assert recover_abandoned(engine) == 0


def test_sync_keeps_unchanged_jobs_and_follows_edits(engine: Engine) -> None:
    from salesops.settings import Settings
    from scheduler.service import SchedulerService

    with db.session_scope(engine) as s:
        add_schedule(s, "all", every="1h", name="hourly")
        add_schedule(s, "all", cron="0 6 * * *", name="morning")
    service = SchedulerService(engine, Settings(scheduler_misfire_grace_seconds=60))
    service.scheduler.start(paused=True)  # paused: nothing may fire during the test
    try:
        assert service.sync() == 2
        jobs = {j.name: j for j in service.scheduler.get_jobs()}
        hourly_next = jobs["hourly"].next_run_time
        assert jobs["hourly"].misfire_grace_time == 60 and jobs["hourly"].coalesce is True
        service.sync()  # unchanged schedules keep their stored next run time
        assert service.scheduler.get_job(jobs["hourly"].id).next_run_time == hourly_next
        with db.session_scope(engine) as s:  # `schedule list` shows the scheduler's own time
            listed = {st.schedule.name: st.next_run_at for st in schedule_statuses(s)}
        assert abs(listed["hourly"] - hourly_next) < timedelta(milliseconds=1)
        with db.session_scope(engine) as s:
            set_enabled(s, "morning", False)
        assert service.sync() == 1
        assert [j.name for j in service.scheduler.get_jobs()] == ["hourly"]
        with db.session_scope(engine) as s:
            set_enabled(s, "morning", True)
        service.settings = Settings(scheduler_misfire_grace_seconds=300)
        service.sync()
        jobs = {j.name: j for j in service.scheduler.get_jobs()}
        assert jobs["morning"].kwargs["revision"] == 3
        assert jobs["hourly"].misfire_grace_time == 300  # a changed setting reaches old jobs
    finally:
        service.scheduler.shutdown(wait=False)


def test_second_scheduler_on_one_sqlite_file_is_refused(sqlite_engine: Engine) -> None:
    from scheduler import heartbeat
    from scheduler.service import SchedulerAlreadyRunning, SchedulerService

    with db.session_scope(sqlite_engine) as s:
        heartbeat.beat(s, "elsewhere:42", 1)
    with pytest.raises(SchedulerAlreadyRunning, match=r"elsewhere:42.*one scheduler per SQLite"):
        SchedulerService(sqlite_engine).start()
    with db.session_scope(sqlite_engine) as s:  # a scheduler that stopped is no obstacle
        heartbeat.mark_stopped(s, "elsewhere:42")
    service = SchedulerService(sqlite_engine)
    service.start()
    service.stop(grace=0)
