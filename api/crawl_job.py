"""`python -m api.crawl_job`: one crawl started over the API, in a process of its own.

It prints ``run <id>`` as soon as the spider has opened its crawl run, so the API can answer
with the id at once, then stops writing to stdout (the API has stopped reading) and crawls
to the end. A crawl that dies without closing its run has the run closed as failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from pricing import db
from pricing.models import CrawlRun, CrawlStatus, CrawlTrigger
from pricing.recording import finish_crawl_run
from salesops.settings import get_settings

READY = "run "


OPENED: list[int] = []


def _announce(event: tuple[str, Any]) -> None:
    kind, value = event
    if kind == "run" and value is not None:
        OPENED.append(int(value))
        sys.stdout.write(f"{READY}{int(value)}\n")
        sys.stdout.flush()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the reader is gone: never die of SIGPIPE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one crawl started over the HTTP API.")
    parser.add_argument("--competitor")
    parser.add_argument("--render")
    args = parser.parse_args(argv)

    from salesops.logging import configure_logging
    from scrapers.crawl import crawl_here

    settings = get_settings()
    configure_logging(settings.log_level)
    try:
        crawl_here(
            settings.database_url,
            args.competitor,
            args.render,
            CrawlTrigger.api.value,
            timeout=settings.scheduler_crawl_timeout_seconds,
            emit=_announce,
        )
    except Exception as exc:
        sys.stderr.write(f"crawl failed: {type(exc).__name__}: {exc}\n")
        return 1
    finally:
        for run_id in OPENED:
            with db.session_scope() as session:
                run = session.get(CrawlRun, run_id)
                if run is not None and run.status is CrawlStatus.running:
                    finish_crawl_run(
                        session, run_id, CrawlStatus.failed, "the crawl ended without closing"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
