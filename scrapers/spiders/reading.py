"""Reading a fetched page (extraction, then block-page detection) off the crawl's event loop.

Extraction is CPU work; done inline it stalls downloading (a 5 MB page for ~0.3 s). With
``SALESOPS_EXTRACT_WORKERS`` > 0 pages are read in that many worker processes while the crawl
process keeps fetching; 0 reads them inline (simplest, one process).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass

from scrapers.extract import ExtractionError, detect_block_page, extract_product
from scrapers.extract.model import ExtractedProduct


@dataclass
class PageReading:
    product: ExtractedProduct | None
    blocked: str | None = None  # why the page is a CAPTCHA/challenge, if it is one
    error: str | None = None  # why the page could not be read at all


def read_page(html: str, url: str, selectors: dict[str, str] | None, status: int) -> PageReading:
    try:
        product = extract_product(html, url=url, selectors=selectors)
    except ExtractionError as exc:
        return PageReading(None, error=str(exc))
    if product.price is None:
        # Only a page without a price can be a CAPTCHA/challenge: checking every page would
        # double the parsing cost of a crawl for no gain.
        return PageReading(product, blocked=detect_block_page(html, status))
    return PageReading(product)


def default_workers() -> int:
    """One core for the crawl process, the rest read pages (at most 4); inline on one core.
    Handing a page to a worker costs about 1 ms of CPU per page (pickling, two helper threads
    in the crawl process, a wake-up of its event loop), so a worker spends more CPU than
    reading inline; but it spends it on the other core. On 2 cores the throughput benchmark
    (shop, crawl and reader on the same machine) read 50-59% of the bare spider's pages/s
    inline against 67-74% with one reader (2026-11-23). Set SALESOPS_EXTRACT_WORKERS=0 where
    CPU, not crawl time, is short (many crawls at once on a small machine)."""
    cores = os.cpu_count() or 1
    return 0 if cores <= 1 else min(4, cores - 1)


def _warm_up() -> None:
    """Imports happen here, in the worker, while the crawl fetches robots.txt."""


def _exit_with_parent(parent: int) -> None:
    """A worker outlives a crawl process that was killed; make it notice and leave."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class PageReader:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: Executor | None = None
        if workers > 0:
            context = multiprocessing.get_context("spawn")  # no inherited reactor or sockets
            self._pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=context,
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
            for _ in range(workers):
                self._pool.submit(_warm_up)

    async def read(
        self, html: str, url: str, selectors: dict[str, str] | None, status: int
    ) -> PageReading:
        if self._pool is None:
            return read_page(html, url, selectors, status)
        future = self._pool.submit(read_page, html, url, selectors, status)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def terminate(self) -> None:
        """Stop the workers now (the crawl process is about to end without waiting)."""
        pool = self._pool
        if isinstance(pool, ProcessPoolExecutor):
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        self.close()
