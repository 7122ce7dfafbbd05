"""Run one schedule once: take its lock and its slot, crawl in a child process, close up.

The order matters. The lock (advisory on PostgreSQL) keeps two crawls of one schedule from
overlapping; the unique (schedule, slot) row keeps a second scheduler that fires the same slot
a moment later, after the first crawl finished, from running it again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pricing import db
from pricing.models import CrawlRun, CrawlStatus, CrawlTrigger, utcnow
from pricing.recording import UnknownCrawlRun, finish_crawl_run
from salesops.settings import get_settings
from scheduler.crawl_process import CrawlOutcome, CrawlProcess
from scheduler.locking import schedule_lock
from scheduler.models import CrawlSchedule, ScheduleRun

log = logging.getLogger("salesops.scheduler")


def runner_name() -> str:
    """host:pid, recorded on each run and heartbeat so an operator can find the process."""
    return f"{socket.gethostname()}:{os.getpid()}"


class ActiveCrawls:
    """The crawls this process is running, so a shutdown can wait for them or stop them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, CrawlProcess] = {}
        self.cancel = threading.Event()

    def add(self, schedule_run_id: int, crawl: CrawlProcess) -> None:
        with self._lock:
            self._running[schedule_run_id] = crawl

    def remove(self, schedule_run_id: int) -> None:
        with self._lock:
            self._running.pop(schedule_run_id, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._running)


@dataclass(frozen=True)
class RunResult:
    schedule_run_id: int
    crawl_run_id: int | None
    status: CrawlStatus
    note: str | None


def _claim(engine: Engine, schedule: CrawlSchedule, slot: datetime, trigger: CrawlTrigger) -> int:
    with db.session_scope(engine) as session:
        run = ScheduleRun(
            schedule_id=schedule.id,
            slot_at=slot,
            trigger=trigger,
            status=CrawlStatus.running,
            runner=runner_name(),
        )
        session.add(run)
        session.flush()
        return run.id


def _close(engine: Engine, schedule_run_id: int, outcome: CrawlOutcome, timeout: int) -> RunResult:
    """Close the crawl run if the child could not, then the schedule run, in one transaction."""
    if outcome.timed_out:
        forced, note = CrawlStatus.failed, f"killed after the {timeout} s timeout"
    elif outcome.cancelled:
        forced, note = CrawlStatus.interrupted, "stopped before the crawl finished"
    elif outcome.exit_code != 0:
        forced = CrawlStatus.failed
        note = outcome.error or f"crawl process exited with code {outcome.exit_code}"
    else:
        forced, note = None, None
    with db.session_scope(engine) as session:
        crawl = session.get(CrawlRun, outcome.crawl_run_id) if outcome.crawl_run_id else None
        if crawl is None and (outcome.timed_out or outcome.cancelled):
            # Killed between opening its run and reporting the id (a few milliseconds).
            crawl = _crawl_of(session, session.get_one(ScheduleRun, schedule_run_id))
        if crawl is not None and crawl.status == CrawlStatus.running:
            try:
                crawl = finish_crawl_run(
                    session, crawl.id, status=forced or CrawlStatus.failed, note=note
                )
            except UnknownCrawlRun:
                crawl = None
        status = crawl.status if crawl is not None else (forced or CrawlStatus.failed)
        if forced is not None:
            status = forced
        if crawl is None and note is None:
            note = "the crawl process finished without recording a crawl run"
        session.execute(
            update(ScheduleRun)
            .where(ScheduleRun.id == schedule_run_id)
            .values(
                finished_at=utcnow(),
                status=status,
                crawl_run_id=crawl.id if crawl is not None else None,
                note=note or (crawl.note if crawl is not None else None),
            )
        )
    return RunResult(schedule_run_id, crawl.id if crawl is not None else None, status, note)


def _evaluate_alerts(engine: Engine, crawl_run_id: int) -> str:
    """Raise/close alerts for the run and send their notifications; never fails the run."""
    from pricing.alerts import evaluate_alerts
    from pricing.notify import Notifier

    try:
        with db.session_scope(engine) as session:
            result = evaluate_alerts(session, crawl_run_id, notifier=Notifier.from_settings())
    except Exception:
        log.exception("alert evaluation failed for crawl run %s", crawl_run_id)
        return "alerts not evaluated (error above)"
    text = f"alerts {len(result.opened)} opened, {len(result.closed)} closed"
    if result.notify_errors:
        text += f", {len(result.notify_errors)} notification(s) failed: " + "; ".join(
            result.notify_errors
        )
    return text


def run_schedule(
    engine: Engine,
    schedule_id: int,
    slot: datetime,
    trigger: CrawlTrigger = CrawlTrigger.schedule,
    active: ActiveCrawls | None = None,
) -> RunResult | None:
    """Run the schedule's crawl for ``slot``; None when it was not ours to run (logged why)."""
    active = ActiveCrawls() if active is None else active
    with db.session_scope(engine) as session:
        schedule = session.get(CrawlSchedule, schedule_id)
        if schedule is not None:
            competitor = schedule.competitor.name if schedule.competitor else None
            session.expunge(schedule)
    if schedule is None:
        log.warning("schedule %s no longer exists: nothing to run", schedule_id)
        return None
    if trigger == CrawlTrigger.schedule and not schedule.enabled:
        log.info("schedule %r is disabled: slot %s skipped", schedule.name, slot.isoformat())
        return None
    timeout = schedule.timeout_seconds or get_settings().scheduler_crawl_timeout_seconds
    with schedule_lock(engine, schedule.id) as got:
        if not got:
            log.info(
                "schedule %r: previous crawl still running, slot %s skipped",
                schedule.name,
                slot.isoformat(),
            )
            return None
        try:
            schedule_run_id = _claim(engine, schedule, slot, trigger)
        except IntegrityError:
            log.info(
                "schedule %r: slot %s already run by another scheduler",
                schedule.name,
                slot.isoformat(),
            )
            return None
        url = engine.url.render_as_string(hide_password=False)
        crawl = CrawlProcess(url, competitor, trigger, timeout)
        active.add(schedule_run_id, crawl)
        log.info(
            "schedule %r: crawl started (%s, slot %s, trigger %s, pid %s)",
            schedule.name,
            competitor or "all competitors",
            slot.isoformat(timespec="seconds"),
            trigger.value,
            crawl.pid,
        )
        try:
            outcome = crawl.wait(active.cancel)
        except BaseException:  # Ctrl-C in `schedule run-now`: stop the crawl, close its run
            crawl.kill("cancelled")
            _close(engine, schedule_run_id, crawl.wait(), timeout)
            raise
        finally:
            active.remove(schedule_run_id)
        result = _close(engine, schedule_run_id, outcome, timeout)
    alerts = _evaluate_alerts(engine, result.crawl_run_id) if result.crawl_run_id else "no alerts"
    _log_finish(engine, schedule.name, result, outcome, alerts)
    return result


def _log_finish(
    engine: Engine, name: str, result: RunResult, outcome: CrawlOutcome, alerts: str
) -> None:
    counts = "no pages recorded"
    if result.crawl_run_id is not None:
        with db.session_scope(engine) as session:
            run = session.get(CrawlRun, result.crawl_run_id)
            if run is not None:
                counts = (
                    f"{run.pages_ok} ok, {run.pages_failed} failed, {run.pages_blocked} blocked"
                )
    log.info(
        "schedule %r: crawl run %s %s in %.1f s: %s; %s%s",
        name,
        result.crawl_run_id if result.crawl_run_id is not None else "-",
        result.status.value,
        outcome.seconds,
        counts,
        alerts,
        f" ({result.note})" if result.note else "",
    )


def _crawl_of(session: Session, run: ScheduleRun) -> CrawlRun | None:
    """The crawl run a schedule run started (the child may have died before we learnt its id)."""
    if run.crawl_run_id is not None:
        return session.get(CrawlRun, run.crawl_run_id)
    candidates = session.scalars(
        select(CrawlRun).where(
            CrawlRun.status == CrawlStatus.running,
            CrawlRun.trigger == run.trigger,
            CrawlRun.competitor_id == run.schedule.competitor_id
            if run.schedule.competitor_id is not None
            else CrawlRun.competitor_id.is_(None),
            CrawlRun.started_at >= run.started_at,
        )
    ).all()
    # Only an unambiguous match: never close a live crawl another schedule started.
    return candidates[0] if len(candidates) == 1 else None


def recover_abandoned(engine: Engine) -> int:
    """Close runs left 'running' by a scheduler that died without shutting down.

    A run is abandoned when nobody holds its schedule's lock (PostgreSQL), or - on SQLite,
    where one scheduler per database is the rule - whenever this scheduler starts.
    """
    closed = 0
    with db.session_scope(engine) as session:
        stale = session.execute(
            select(ScheduleRun.id, ScheduleRun.schedule_id).where(
                ScheduleRun.status == CrawlStatus.running
            )
        ).all()
    note = "scheduler stopped without closing this run"
    for run_id, schedule_id in stale:
        with schedule_lock(engine, schedule_id) as got:
            if not got:
                continue  # a live process is running it
            with db.session_scope(engine) as session:
                run = session.get(ScheduleRun, run_id)
                if run is None or run.status != CrawlStatus.running:
                    continue
                crawl = _crawl_of(session, run)
                if crawl is not None and crawl.status == CrawlStatus.running:
                    finish_crawl_run(session, crawl.id, CrawlStatus.interrupted, note)
                run.crawl_run_id = crawl.id if crawl is not None else None
                run.status = CrawlStatus.interrupted
                run.finished_at = utcnow()
                run.note = note
            closed += 1
    return closed
