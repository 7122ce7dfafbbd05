"""Crawl throughput: the product spider (extraction + validation + store writes) against a bare
Scrapy spider that only downloads the same pages from the same fixture shop, in one run.

    python -m benchmarks.crawl_throughput              # 1000 pages, 16 at a time, 3 rounds
    python -m benchmarks.crawl_throughput --pages 3000 --rounds 3

Both spiders run in a process of their own against the same shop (in this process), with the
same download settings (16 requests at a time on one slot, robots.txt obeyed, AutoThrottle off
so both measure work, not politeness). Pages/s counts from spider open to spider close. Rounds
alternate which side runs first (bare/full, then full/bare, ...); each round's full/bare ratio
compares two runs made seconds apart, and the verdict is the median ratio, so a noisy neighbour
on a shared machine hurts both sides alike.

Beside pages/s, each side's CPU time per page over the same window (every process of the side:
the crawl process and its page readers) is printed: on a loaded 2-core machine wall-clock rates
swing by 3x between rounds, CPU per page much less. bare/full CPU per page is the throughput
ratio the two would reach on equal, otherwise idle cores.
Target (issue 3): full >= 60% of bare pages/s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import psutil

TARGET = 0.60


def bare_child(base_url: str, pages: int, concurrency: int) -> None:
    """The baseline: download every page, do nothing with it."""
    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    span: dict[str, float] = {}

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self):  # noqa: ANN202
            for n in range(pages):
                yield scrapy.Request(f"{base_url}/bench/p/{n}", dont_filter=True)

        def parse(self, response):  # noqa: ANN001, ANN202
            span["pages"] = span.get("pages", 0) + 1

    process = CrawlerProcess(
        {
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0.001,  # as the product spider's slots (see MIN_SLOT_DELAY)
            "ROBOTSTXT_OBEY": True,
            "LOG_LEVEL": "ERROR",
            "TELNETCONSOLE_ENABLED": False,
            "REMOTE_CONTROL_ENABLED": False,
        }
    )
    crawler = process.create_crawler(BareSpider)

    def opened() -> None:
        span["open"], span["cpu_open"] = time.monotonic(), time.process_time()

    def closed() -> None:
        span["close"], span["cpu_close"] = time.monotonic(), time.process_time()

    crawler.signals.connect(opened, signals.spider_opened)  # weak references: keep the names
    crawler.signals.connect(closed, signals.spider_closed)
    process.crawl(crawler)
    process.start()
    seconds, cpu = span["close"] - span["open"], span["cpu_close"] - span["cpu_open"]
    print(json.dumps({"pages": span.get("pages", 0), "seconds": seconds, "cpu": cpu}))


@dataclass
class Side:
    """One side's rounds: pages/s and CPU seconds per page, as measured."""

    rates: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)

    def add(self, pages: int, seconds: float, cpu: float) -> str:
        self.rates.append(pages / seconds)
        self.cpu_ms.append(cpu / pages * 1000)
        return (
            f"{pages} pages in {seconds:.2f}s = {self.rates[-1]:.1f}/s, "
            f"{self.cpu_ms[-1]:.2f} ms CPU/page"
        )


def run_bare(base_url: str, pages: int, concurrency: int) -> tuple[int, float, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.crawl_throughput", "--bare-child", base_url]
        + [str(pages), str(concurrency)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["pages"], result["seconds"], result["cpu"]


def stock_store(url: str, base_url: str, pages: int, concurrency: int) -> None:
    from sqlalchemy import insert

    from pricing import db
    from pricing.models import Competitor, Listing, MatchMethod, Product

    engine = db.make_engine(url)
    db.upgrade(engine)
    with db.session_scope(engine) as session:
        product = Product(sku="BENCH-1", name="Bench", our_price=Decimal("100"), currency="EUR")
        competitor = Competitor(
            name="bench",
            base_domain="127.0.0.1",
            max_concurrency=concurrency,
            delay_seconds=Decimal("0"),
        )
        session.add_all([product, competitor])
        session.flush()
        session.execute(
            insert(Listing),
            [
                {
                    "url": f"{base_url}/bench/p/{n}",
                    "competitor_id": competitor.id,
                    "product_id": product.id,
                    "match_method": MatchMethod.manual,
                }
                for n in range(pages)
            ],
        )
    engine.dispose()


def _tree_cpu() -> float:
    """CPU seconds of this process's children and theirs (the crawl and its page readers)."""
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def run_full(url: str, workers: int | None, extra: dict[str, Any]) -> tuple[int, float, float]:
    """The product spider through ``run_crawl``; CPU from the run's first to its last page."""
    from pricing import db
    from pricing.models import CrawlRun
    from scrapers.crawl import run_crawl

    window: dict[str, float] = {}

    def progress(kind: str, value: object) -> None:
        if kind == "total":
            window["total"], window["start"] = float(value), _tree_cpu()  # type: ignore[arg-type]
        elif kind == "page":
            window["done"] = window.get("done", 0) + 1
            if window["done"] == window.get("total"):
                window["end"] = _tree_cpu()

    run_id = run_crawl(
        url,
        settings={
            "SALESOPS_ALLOWED_PRIVATE_HOSTS": ["127.0.0.1"],
            "AUTOTHROTTLE_ENABLED": False,
            "EXTENSIONS": {"scrapers.middlewares.PoliteAutoThrottle": None},
            "LOG_LEVEL": "ERROR",
            "SALESOPS_EXTRACT_WORKERS": workers,
            **extra,
        },
        on_progress=progress,
    )
    with db.session_scope(db.get_engine(url)) as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None and run.finished_at is not None
        seconds = (run.finished_at - run.started_at).total_seconds()
        return run.pages_ok, seconds, window.get("end", float("nan")) - window["start"]


def failures(url: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from pricing import db
    from pricing.models import ScrapeFailure

    with db.session_scope(db.get_engine(url)) as session:
        rows = session.execute(
            select(ScrapeFailure.kind, ScrapeFailure.detail, func.count()).group_by(
                ScrapeFailure.kind, ScrapeFailure.detail
            )
        ).all()
    return {f"{kind.value}: {detail}": n for kind, detail, n in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="page readers (default: auto)")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=JSON",
        help="a Scrapy setting for the full crawl only, to compare a knob (CONCURRENT_ITEMS=100)",
    )
    args = parser.parse_args()
    extra = {name: json.loads(value) for name, value in (s.split("=", 1) for s in args.setting)}

    from scrapers.fixture_shop import FixtureShop

    print(f"load before: {os.getloadavg()[0]:.2f} (1-min average, {os.cpu_count()} cores)")
    bare, full = Side(), Side()
    with FixtureShop() as shop, tempfile.TemporaryDirectory() as tmp:
        for round_no in range(1, args.rounds + 1):
            url = f"sqlite:///{Path(tmp) / f'round{round_no}.db'}"
            stock_store(url, shop.base_url, args.pages, args.concurrency)
            # Alternate which side goes first, so a load trend favours neither.
            for side in ("bare", "full") if round_no % 2 else ("full", "bare"):
                if side == "bare":
                    line = bare.add(*run_bare(shop.base_url, args.pages, args.concurrency))
                    print(f"round {round_no} bare: {line}")
                    continue
                ok, seconds, cpu = run_full(url, args.workers, extra)
                print(f"round {round_no} full: {full.add(ok, seconds, cpu)} ({ok} observations)")
                if ok != args.pages:
                    raise SystemExit(
                        f"only {ok} of {args.pages} pages were stored: {failures(url)}"
                    )
    ratios = [f / b for f, b in zip(full.rates, bare.rates, strict=True)]
    cpu_ratios = [b / f for f, b in zip(full.cpu_ms, bare.cpu_ms, strict=True)]
    ratio = statistics.median(ratios)
    print(f"load after: {os.getloadavg()[0]:.2f}")
    print(f"best bare {max(bare.rates):.1f} pages/s, best full {max(full.rates):.1f} pages/s")
    print(
        f"CPU per page: bare median {statistics.median(bare.cpu_ms):.2f} ms, full median "
        f"{statistics.median(full.cpu_ms):.2f} ms; bare/full per round "
        f"{', '.join(f'{r:.0%}' for r in cpu_ratios)}; median {statistics.median(cpu_ratios):.0%}"
    )
    print(
        f"full/bare pages/s per round: {', '.join(f'{r:.0%}' for r in ratios)}; median "
        f"{ratio:.0%} (target >= {TARGET:.0%}) -> {'PASS' if ratio >= TARGET else 'FAIL'}"
    )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--bare-child":
        bare_child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
