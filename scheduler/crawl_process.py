"""A crawl in its own process, with a timeout: Scrapy's reactor cannot restart in one process.

The parent starts ``python -m scheduler.crawl_process`` in a new session (its own process
group, so Chromium and any helper die with it); the child runs the spider in-process through
``scrapers.crawl.crawl_here`` and reports on stdout the crawl run's id as soon as the run row is
committed, or the error that stopped it. Knowing the id early is what lets the parent close a
run it had to kill (timeout, shutdown) instead of leaving it "running".
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from pricing.models import CrawlTrigger

MARKER = "salesops-crawl:"


@dataclass
class CrawlOutcome:
    crawl_run_id: int | None
    exit_code: int | None
    seconds: float
    timed_out: bool = False
    cancelled: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not (self.timed_out or self.cancelled)


class CrawlProcess:
    """One running child crawl; ``wait`` enforces the timeout, ``kill`` stops it at once."""

    def __init__(
        self, database_url: str, competitor: str | None, trigger: CrawlTrigger, timeout: float
    ) -> None:
        args = [sys.executable, "-m", "scheduler.crawl_process", "--database-url", database_url]
        args += ["--trigger", trigger.value]
        if competitor:
            args += ["--competitor", competitor]
        self.timeout = timeout
        self.started = time.monotonic()
        self.crawl_run_id: int | None = None
        self.error: str | None = None
        self._killed_for: str | None = None
        self.proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, text=True, start_new_session=True, env=_child_env()
        )
        self._reader = threading.Thread(target=self._read, name="crawl-stdout", daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if not line.startswith(MARKER):
                sys.stdout.write(line)  # a library printing to stdout: pass it on
                continue
            message = json.loads(line[len(MARKER) :])
            if "crawl_run_id" in message:
                self.crawl_run_id = int(message["crawl_run_id"])
            if "error" in message:
                self.error = str(message["error"])

    def kill(self, reason: str) -> None:
        """SIGKILL the whole process group: committed batches stay, the open one rolls back."""
        if self.proc.poll() is None:
            self._killed_for = reason
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def wait(self, cancel: threading.Event | None = None) -> CrawlOutcome:
        deadline = self.started + self.timeout
        while self.proc.poll() is None:
            if cancel is not None and cancel.is_set():
                self.kill("cancelled")
                break
            if time.monotonic() >= deadline:
                self.kill("timeout")
                break
            try:
                self.proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
        code = self.proc.wait()
        # Helpers the crawl started (page readers, Chromium) share its process group: none may
        # outlive it, holding its output pipe open or running unsupervised.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._reader.join(timeout=5)
        return CrawlOutcome(
            crawl_run_id=self.crawl_run_id,
            exit_code=code,
            seconds=time.monotonic() - self.started,
            timed_out=self._killed_for == "timeout",
            cancelled=self._killed_for == "cancelled",
            error=self.error,
        )


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _emit(**message: object) -> None:
    sys.stdout.write(MARKER + json.dumps(message) + "\n")
    sys.stdout.flush()


def _watch_parent() -> None:
    """Exit if the scheduler dies: an orphaned crawl would run unsupervised and untimed."""
    parent = os.getppid()
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one crawl (used by the scheduler).")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--competitor")
    parser.add_argument("--trigger", default=CrawlTrigger.schedule.value)
    args = parser.parse_args(argv)

    from scrapers.crawl import check_crawl, crawl_here

    threading.Thread(target=_watch_parent, name="watch-parent", daemon=True).start()

    def on_event(event: tuple[str, object]) -> None:
        kind, value = event
        if kind == "run":  # the run row is committed: from now on the parent can close it
            _emit(crawl_run_id=value)

    try:
        check_crawl(args.database_url, args.competitor, None)
        # The scheduler logs one line per crawl; Scrapy's own INFO chatter would drown it.
        quiet = {"LOG_LEVEL": "WARNING"}
        crawl_here(args.database_url, args.competitor, None, args.trigger, quiet, emit=on_event)
    except Exception as exc:  # reported to the parent, which records the run as failed
        _emit(error=f"{type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
