"""`salesops scheduler run`: APScheduler 3 on the store's own database, stopped gracefully.

Jobs live in APScheduler's SQLAlchemyJobStore (table ``apscheduler_jobs``), so a restart keeps
each schedule's next run time: a run missed during downtime fires once (coalesced) if it is
within the misfire grace time, and never once per missed slot. The ``crawl_schedule`` table
stays the source of truth; the service re-reads it regularly and adds, replaces or removes
jobs to match, keeping a job (and its next run time) whose schedule did not change.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import Any

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, JobSubmissionEvent
from apscheduler.executors.base import run_job
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine, select

from pricing import db
from pricing.models import CrawlTrigger, utcnow
from salesops.settings import Settings, get_settings
from scheduler import heartbeat
from scheduler.models import CrawlSchedule
from scheduler.runner import ActiveCrawls, recover_abandoned, run_schedule, runner_name
from scheduler.schedules import trigger_for

log = logging.getLogger("salesops.scheduler")

# The slot (scheduled run time) of the job running in this thread.
_slot: ContextVar[datetime | None] = ContextVar("slot", default=None)
_service: SchedulerService | None = None


class SchedulerAlreadyRunning(RuntimeError):
    def __init__(self, runner: str, engine: Engine) -> None:
        super().__init__(
            f"another scheduler ({runner}) is running on the SQLite store "
            f"{engine.url.render_as_string(hide_password=True)}: run one scheduler per SQLite "
            "file (stop the other one), or use PostgreSQL to run several"
        )


class SlotExecutor(ThreadPoolExecutor):
    """A thread pool that tells each job which slot it runs for (APScheduler keeps that to
    itself); the slot is what two schedulers agree on to never run one firing twice."""

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        def done(future: Any) -> None:  # noqa: ANN401 - concurrent.futures.Future
            exc = future.exception()
            if exc is not None:
                self._run_job_error(job.id, exc, exc.__traceback__)
            else:
                self._run_job_success(job.id, future.result())

        future = self._pool.submit(
            _run_in_slot, run_times[-1], job, job._jobstore_alias, run_times, self._logger.name
        )
        future.add_done_callback(done)


def _run_in_slot(slot: datetime, *args: Any) -> Any:  # noqa: ANN401 - APScheduler's run_job
    token = _slot.set(slot)
    try:
        return run_job(*args)
    finally:
        _slot.reset(token)


def fire_schedule(schedule_id: int, revision: int) -> None:
    """The persisted job's function (referenced by name, so stored jobs survive restarts)."""
    service = _service
    if service is None:
        raise RuntimeError("fire_schedule runs inside `salesops scheduler run` only")
    slot = _slot.get() or datetime.now(UTC)
    run_schedule(service.engine, schedule_id, slot, CrawlTrigger.schedule, service.active)


class SchedulerService:
    """The long-running scheduler process: start(), then stop() on a signal."""

    def __init__(self, engine: Engine | None = None, settings: Settings | None = None) -> None:
        self.engine = engine or db.get_engine()
        self.settings = settings or get_settings()
        self.runner = runner_name()
        self.active = ActiveCrawls()
        self.scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=self.engine),
                "internal": MemoryJobStore(),
            },
            executors={
                "default": SlotExecutor(self.settings.scheduler_max_parallel_crawls),
                "internal": ThreadPoolExecutor(2),
            },
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": self.settings.scheduler_misfire_grace_seconds,
            },
            timezone=UTC,
        )

    def start(self) -> None:
        global _service
        db.require_schema(self.engine)
        self._refuse_second_on_sqlite()
        _service = self
        recovered = recover_abandoned(self.engine)
        if recovered:
            log.warning("closed %d run(s) left running by a scheduler that died", recovered)
        with db.session_scope(self.engine) as session:
            heartbeat.forget_old(session)
            heartbeat.beat(session, self.runner, 0)
        # Paused first: stored jobs must match the schedules before any of them may fire.
        self.scheduler.start(paused=True)
        count = self.sync()
        self.scheduler.add_job(
            self.sync,
            "interval",
            seconds=self.settings.scheduler_sync_seconds,
            id="sync",
            jobstore="internal",
            executor="internal",
        )
        self.scheduler.add_job(
            self._beat,
            "interval",
            seconds=self.settings.scheduler_heartbeat_seconds,
            id="heartbeat",
            jobstore="internal",
            executor="internal",
        )
        self.scheduler.add_listener(self._skipped, EVENT_JOB_MAX_INSTANCES)
        self.scheduler.resume()
        log.info(
            "scheduler %s started: %d enabled schedule(s), store %s, misfire grace %d s",
            self.runner,
            count,
            self.engine.url.render_as_string(hide_password=True),
            self.settings.scheduler_misfire_grace_seconds,
        )

    def _refuse_second_on_sqlite(self) -> None:
        """SQLite has no cross-process lock: a second scheduler would double-run schedules
        (and its start-up would close the first one's runs as abandoned)."""
        if self.engine.dialect.name != "sqlite":
            return
        with db.session_scope(self.engine) as session:
            other = heartbeat.latest_heartbeat(session)
        alive = timedelta(seconds=3 * self.settings.scheduler_heartbeat_seconds)
        if other is not None and other.runner != self.runner and utcnow() - other.beat_at < alive:
            raise SchedulerAlreadyRunning(other.runner, self.engine)

    def _skipped(self, event: JobSubmissionEvent) -> None:
        slot = event.scheduled_run_times[-1].isoformat(timespec="seconds")
        log.info(
            "schedule job %s: previous crawl still running, slot %s skipped", event.job_id, slot
        )

    def _beat(self) -> None:
        with db.session_scope(self.engine) as session:
            heartbeat.beat(session, self.runner, len(self.active))

    def sync(self) -> int:
        """Make the stored jobs match the enabled schedules; returns how many are enabled."""
        with db.session_scope(self.engine) as session:
            schedules = session.scalars(
                select(CrawlSchedule).where(CrawlSchedule.enabled.is_(True))
            ).all()
            session.expunge_all()
        wanted = {s.job_id: s for s in schedules}
        grace = self.settings.scheduler_misfire_grace_seconds
        jobs = {job.id: job for job in self.scheduler.get_jobs(jobstore="default")}
        for job_id in jobs.keys() - wanted.keys():
            self.scheduler.remove_job(job_id, jobstore="default")
            log.info("schedule job %s removed (schedule deleted or disabled)", job_id)
        for job_id, schedule in wanted.items():
            job = jobs.get(job_id)
            if job is None or job.kwargs.get("revision") != schedule.revision:
                self.scheduler.add_job(
                    "scheduler.service:fire_schedule",
                    trigger=trigger_for(schedule),
                    id=job_id,
                    name=schedule.name,
                    kwargs={"schedule_id": schedule.id, "revision": schedule.revision},
                    jobstore="default",
                    replace_existing=True,
                )
                log.info("schedule %r %s", schedule.name, "added" if job is None else "updated")
            elif job.misfire_grace_time != grace:
                job.modify(misfire_grace_time=grace)
        return len(wanted)

    def stop(self, grace: float | None = None, now_event: threading.Event | None = None) -> None:
        """Take no new jobs; give running crawls ``grace`` seconds, then stop them."""
        grace = self.settings.scheduler_shutdown_grace_seconds if grace is None else grace
        self.scheduler.pause()
        # A pass over due jobs that began before pause() may still submit one; wait it out
        # (APScheduler holds this lock for the whole pass) so no job starts after this point.
        with self.scheduler._jobstores_lock:
            pass
        if len(self.active):
            log.info(
                "stopping: waiting up to %d s for %d running crawl(s)", grace, len(self.active)
            )
        deadline = time.monotonic() + grace
        next_beat = time.monotonic() + self.settings.scheduler_heartbeat_seconds
        while len(self.active) and time.monotonic() < deadline:
            if now_event is not None and now_event.is_set():
                break
            if time.monotonic() >= next_beat:  # still alive while it waits: /health says so
                self._beat()
                next_beat += self.settings.scheduler_heartbeat_seconds
            time.sleep(0.1)
        if len(self.active):
            log.warning(
                "stopping %d crawl(s) still running: recorded as interrupted", len(self.active)
            )
            self.active.cancel.set()
        # APScheduler runs one more pass over due jobs after shutdown() has closed the executors
        # (an error per due job); with no stores attached that pass finds nothing. Removing a
        # store keeps the jobs stored in it, with their next run times, for the next start.
        self.scheduler.remove_all_jobs(jobstore="internal")
        self.scheduler.remove_jobstore("default")
        self.scheduler.shutdown(wait=True)
        with db.session_scope(self.engine) as session:
            heartbeat.mark_stopped(session, self.runner, utcnow())
        log.info("scheduler %s stopped", self.runner)


def run_forever(engine: Engine | None = None) -> None:
    """Run until SIGTERM or Ctrl-C; a second signal skips the rest of the grace period."""
    # Our runner logs one line per start/finish and per skipped slot; APScheduler's own INFO
    # lines and its "maximum number of running instances" warning would say it twice.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    service = SchedulerService(engine)
    stop_requested = threading.Event()
    stop_now = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if stop_requested.is_set():
            stop_now.set()
            return
        log.info(
            "%s received: stopping (send it again to stop running crawls now)",
            signal.Signals(signum).name,
        )
        stop_requested.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        service.start()
        while not stop_requested.wait(timeout=1):
            pass
        service.stop(now_event=stop_now)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
