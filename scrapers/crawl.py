"""Run the product spider in a process of its own and report what the run stored.

Scrapy's Twisted reactor cannot be restarted inside one process, and a scheduler must be able
to stop a crawl that overruns, so every crawl gets a fresh interpreter (``python -m
scrapers.crawl``: no inherited database connections, threads or reactor, and no surprises from
the caller's ``__main__``). Inputs are checked here, before the process starts, so bad input
fails fast with a clear message.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import IO, Any

from sqlalchemy import func, select

from pricing import db
from pricing.models import CrawlRun, CrawlStatus, CrawlTrigger, FailureKind, ScrapeFailure
from pricing.recording import finish_crawl_run
from salesops.settings import get_settings
from scrapers.targets import NothingToCrawl, load_targets, parse_render

ProgressCallback = Callable[[str, Any], None]  # ("total", n) | ("page", "ok" or a failure kind)
STOP_GRACE_SECONDS = 30.0
EVENT_PREFIX = "@salesops-crawl "


class CrawlFailed(RuntimeError):
    """The crawl process died before it could close its run."""


@dataclass(frozen=True)
class CrawlSummary:
    run_id: int
    status: CrawlStatus
    trigger: CrawlTrigger
    pages_ok: int
    pages_failed: int
    pages_blocked: int
    duration: timedelta | None
    failures_by_kind: dict[str, int] = field(default_factory=dict)
    note: str | None = None

    @property
    def pages(self) -> int:
        return self.pages_ok + self.pages_failed + self.pages_blocked


def summarize(database_url: str | None, run_id: int) -> CrawlSummary:
    with db.session_scope(db.get_engine(database_url)) as session:
        run = session.get(CrawlRun, run_id)
        if run is None:
            raise LookupError(f"crawl run {run_id} does not exist")
        kinds = dict(
            session.execute(
                select(ScrapeFailure.kind, func.count())
                .where(ScrapeFailure.crawl_run_id == run_id)
                .group_by(ScrapeFailure.kind)
            ).all()
        )
        duration = run.finished_at - run.started_at if run.finished_at else None
        return CrawlSummary(
            run.id,
            run.status,
            run.trigger,
            run.pages_ok,
            run.pages_failed,
            run.pages_blocked,
            duration,
            {FailureKind(k).value: n for k, n in sorted(kinds.items())},
            run.note,
        )


def check_crawl(database_url: str | None, competitor: str | None, render: str | None) -> int:
    """Validate a crawl's inputs against the store; returns the number of pages to fetch."""
    mode = parse_render(render)
    engine = db.get_engine(database_url)
    db.require_schema(engine)
    with db.session_scope(engine) as session:
        targets = load_targets(session, competitor, mode)
    if not targets:
        raise NothingToCrawl(competitor)
    return len(targets)


def run_crawl(
    database_url: str | None = None,
    competitor: str | None = None,
    render: str | None = None,
    trigger: CrawlTrigger | str = CrawlTrigger.manual,
    *,
    timeout: float | None = None,
    settings: dict[str, Any] | None = None,
    on_progress: ProgressCallback | None = None,
) -> int:
    """Crawl the active listings in a child process; returns the id of the CrawlRun it stored.

    ``timeout`` (seconds) closes the spider gracefully when reached (the run is stored as
    ``interrupted``, unfinished pages as ``timeout`` failures); a child that does not stop
    within a grace period after that is terminated, then killed.
    """
    database_url = database_url or get_settings().database_url
    trigger = CrawlTrigger(trigger)
    check_crawl(database_url, competitor, render)
    job = {
        "database_url": database_url,
        "competitor": competitor,
        "render": render,
        "trigger": trigger.value,
        "settings": settings or {},
        "timeout": timeout,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapers.crawl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(job))
    proc.stdin.close()
    events: queue.Queue[tuple[str, Any] | None] = queue.Queue()
    reader = threading.Thread(target=_read_events, args=(proc.stdout, events), daemon=True)
    reader.start()
    state: dict[str, Any] = {"run": None, "error": None}
    try:
        _follow(proc, events, timeout, on_progress, state)
    except BaseException:  # Ctrl-C in the parent: let the child close its run, then go
        _stop(proc)
        raise
    finally:
        proc.wait()
        reader.join(timeout=5)
        if state["run"] is not None:
            _close_if_abandoned(database_url, state["run"], proc.returncode)
    run_id, error = state["run"], state["error"]
    if error:
        raise CrawlFailed(error)
    if run_id is None:
        raise CrawlFailed(
            f"the crawl process exited (code {proc.returncode}) before opening a run; "
            "its log above says why"
        )
    return run_id


def _read_events(stream: IO[str], events: queue.Queue[tuple[str, Any] | None]) -> None:
    for line in stream:
        if line.startswith(EVENT_PREFIX):
            kind, value = json.loads(line[len(EVENT_PREFIX) :])
            events.put((kind, value))
        else:
            sys.stderr.write(line)
    events.put(None)


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()  # SIGTERM: Scrapy closes the spider and the run gracefully
        try:
            proc.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _follow(
    proc: subprocess.Popen[str],
    events: queue.Queue[tuple[str, Any] | None],
    timeout: float | None,
    on_progress: ProgressCallback | None,
    state: dict[str, Any],
) -> None:
    """Pass the child's events on until it exits; enforce the time limit from outside too."""
    stop_at = time.monotonic() + timeout + STOP_GRACE_SECONDS if timeout else None
    kill_at: float | None = None
    exited_at: float | None = None
    while True:
        try:
            event = events.get(timeout=0.2)
        except queue.Empty:
            now = time.monotonic()
            if proc.poll() is not None:
                exited_at = exited_at or now
                if now - exited_at > 5:  # gone, and whatever it left behind went quiet
                    break
                continue
            if stop_at is not None and now > stop_at and kill_at is None:
                proc.terminate()
                kill_at = now + STOP_GRACE_SECONDS
            elif kill_at is not None and now > kill_at:
                proc.kill()
            continue
        if event is None:  # the child closed its output: it is exiting
            break
        kind, value = event
        if kind in ("run", "error"):
            state[kind] = value
        elif on_progress is not None:
            on_progress(kind, value)


def _close_if_abandoned(database_url: str, run_id: int, exitcode: int | None) -> None:
    """A killed child leaves its run 'running'; record that it did not finish."""
    with db.session_scope(db.get_engine(database_url)) as session:
        run = session.get(CrawlRun, run_id)
        if run is not None and run.status is CrawlStatus.running:
            note = f"the crawl process ended without closing the run (exit code {exitcode})"
            finish_crawl_run(session, run_id, status=CrawlStatus.failed, note=note)


_events: IO[str] = sys.stdout


def _emit(event: tuple[str, Any]) -> None:
    _events.write(EVENT_PREFIX + json.dumps(event) + "\n")
    _events.flush()


def main() -> None:
    """The child process: a job (JSON) on stdin, events (prefixed JSON lines) on stdout."""
    global _events
    job = json.loads(sys.stdin.read())
    # Events get a private copy of stdout; fd 1 becomes stderr, so the processes this one
    # starts (page readers, the browser) never hold the event pipe open after it exits.
    _events = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        crawl_here(
            job["database_url"],
            job["competitor"],
            job["render"],
            job["trigger"],
            job["settings"],
            job["timeout"],
            _emit,
        )
    except Exception as exc:
        _emit(("error", f"{type(exc).__name__}: {exc}"))
        raise SystemExit(1) from None


def crawl_here(
    database_url: str,
    competitor: str | None = None,
    render: str | None = None,
    trigger: str = CrawlTrigger.manual.value,
    settings: dict[str, Any] | None = None,
    timeout: float | None = None,
    emit: Callable[[tuple[str, Any]], None] | None = None,
) -> int | None:
    """Run the spider in this process (once per process: the reactor cannot restart)."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from scrapers import settings as project_settings
    from scrapers.items import FailureItem
    from scrapers.spiders.product import ProductSpider

    crawl_settings = Settings()
    crawl_settings.setmodule(project_settings, priority="project")
    crawl_settings.set("SALESOPS_DATABASE_URL", database_url, priority="cmdline")
    if timeout:
        crawl_settings.set("SALESOPS_CRAWL_TIME_LIMIT", timeout, priority="cmdline")
    crawl_settings.update(settings or {}, priority="cmdline")
    process = CrawlerProcess(crawl_settings)
    crawler = process.create_crawler(ProductSpider)
    outcome: dict[str, Any] = {}

    def opened(spider: ProductSpider) -> None:
        # Scrapy filters by level in its handler only (the root logger is reset to NOTSET as
        # the crawl starts), so each page built "Crawled" and "Scraped" records to drop them.
        logging.getLogger().setLevel(crawl_settings.get("LOG_LEVEL"))
        # What is alive now (Scrapy, SQLAlchemy, babel's data: ~150,000 objects) lives as long
        # as this process, which crawls once. Frozen, the collector's full passes stop
        # re-reading it: they cost ~60 ms each, four in a 1,000-page run.
        gc.freeze()
        outcome["run"] = spider.crawl_run_id
        if emit:
            emit(("run", spider.crawl_run_id))
            emit(("total", len(spider.targets)))

    def scraped(item: Any, response: Any, spider: Any) -> None:
        if emit:
            emit(("page", item.kind.value if isinstance(item, FailureItem) else "ok"))

    def failed_to_start(failure: Any) -> None:
        outcome["error"] = f"{failure.type.__name__}: {failure.getErrorMessage()}"

    crawler.signals.connect(opened, signal=signals.spider_opened)
    crawler.signals.connect(scraped, signal=signals.item_scraped)
    deferred = process.crawl(crawler, competitor=competitor, render=render, trigger=trigger)
    deferred.addErrback(failed_to_start)
    process.start()
    if "error" in outcome:
        raise CrawlFailed(outcome["error"])
    return outcome.get("run")


if __name__ == "__main__":
    main()
