"""Long work the API starts but does not wait for: crawls and planning jobs, each in its own
process, so a slow crawl or solve never holds a server worker (or its GIL) and survives a
worker restart. The process reports progress through the store, which any worker can read.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import threading
import time

from api.crawl_job import READY
from salesops.settings import get_settings

CRAWL_START_TIMEOUT = 60.0


class CrawlDidNotStart(RuntimeError):
    """The crawl process exited or stalled before opening its run."""


def _spawn(args: list[str], stdout: int) -> subprocess.Popen[str]:
    env = {**os.environ, "SALESOPS_DATABASE_URL": get_settings().database_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        text=True,
        start_new_session=True,  # its own process group: not killed with the worker
    )
    # Reap it when it ends, so finished jobs never linger as zombies of the worker.
    threading.Thread(target=proc.wait, name=f"reap-{proc.pid}", daemon=True).start()
    return proc


def start_crawl(competitor: str | None, render: str | None) -> int:
    """Start a crawl process and return its run id as soon as the run is opened."""
    args = ["api.crawl_job"]
    if competitor:
        args += ["--competitor", competitor]
    if render:
        args += ["--render", render]
    proc = _spawn(args, subprocess.PIPE)
    assert proc.stdout is not None
    deadline = time.monotonic() + CRAWL_START_TIMEOUT
    try:
        while (left := deadline - time.monotonic()) > 0:
            if not select.select([proc.stdout], [], [], left)[0]:
                break  # stalled: no run opened in time
            line = proc.stdout.readline()
            if not line:
                break  # the child exited (or closed stdout) without opening a run
            if line.startswith(READY):
                return int(line[len(READY) :])
    finally:
        proc.stdout.close()
    raise CrawlDidNotStart(
        "the crawl process ended before opening a run; see the server log for its error"
    )


def start_plan(job_id: int) -> None:
    _spawn(["api.jobs", str(job_id)], subprocess.DEVNULL)
