"""Long work the API starts but does not wait for: crawls and planning jobs, each in its own
process, so a slow crawl or solve never holds a server worker (or its GIL) and survives a
worker restart. The process reports progress through the store, which any worker can read.
"""

from __future__ import annotations

import os
import subprocess
import sys

from salesops.settings import get_settings


def spawn(*args: str) -> int:
    """Start ``python -m <args>`` detached, with the same store; returns its PID."""
    env = {**os.environ, "SALESOPS_DATABASE_URL": get_settings().database_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not killed with the worker that started it
    )
    return proc.pid


def start_plan(job_id: int) -> int:
    return spawn("api.jobs", str(job_id))
