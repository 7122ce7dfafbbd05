"""Browser-mode crawl over 500 pages: pages/s, peak RSS, and RSS after 500 vs after 100 pages.

    python -m benchmarks.crawl_browser_memory                 # 500 pages, 4 at a time
    python -m benchmarks.crawl_browser_memory --pages 1000

The fixture shop (in this process) serves /bench/p/<n>; the crawl runs as `salesops scrape`
does (its own process, Debian's Chromium through scrapy-playwright). RSS is the sum over the
crawl process and everything it started (page readers, Playwright's driver, every Chromium
process), sampled every 0.2 s; shared pages are counted once per process, so it errs high.
The baseline, measured in the same run, is the tree's RSS after the first 100 pages.
Target (issue 3): RSS after 500 pages <= 1.5 x RSS after 100 pages.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

import psutil

TARGET = 1.5


def tree_rss(root: psutil.Process) -> int:
    total = 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def stock_store(url: str, base_url: str, pages: int, concurrency: int) -> None:
    from sqlalchemy import insert

    from pricing import db
    from pricing.models import Competitor, Listing, MatchMethod, Product, RenderMode

    engine = db.make_engine(url)
    db.upgrade(engine)
    with db.session_scope(engine) as session:
        product = Product(sku="BENCH-1", name="Bench", our_price=Decimal("100"), currency="EUR")
        competitor = Competitor(
            name="bench",
            base_domain="127.0.0.1",
            render_mode=RenderMode.browser,
            max_concurrency=concurrency,
            delay_seconds=Decimal("0"),
        )
        session.add_all([product, competitor])
        session.flush()
        rows = [
            {
                "url": f"{base_url}/bench/p/{n}",
                "competitor_id": competitor.id,
                "product_id": product.id,
                "match_method": MatchMethod.manual,
            }
            for n in range(pages)
        ]
        session.execute(insert(Listing), rows)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--baseline-at", type=int, default=100)
    args = parser.parse_args()

    from pricing import db
    from pricing.models import CrawlRun
    from scrapers.crawl import run_crawl
    from scrapers.fixture_shop import FixtureShop

    me = psutil.Process()
    samples: list[int] = []
    done = {"pages": 0}
    at: dict[int, int] = {}
    stop = threading.Event()

    def crawl_tree() -> psutil.Process | None:
        kids = [p for p in me.children() if "scrapers.crawl" in " ".join(p.cmdline())]
        return kids[0] if kids else None

    def sample() -> None:
        while not stop.is_set():
            root = crawl_tree()
            if root is not None:
                rss = tree_rss(root)
                samples.append(rss)
                for mark in (args.baseline_at, args.pages):
                    if done["pages"] >= mark and mark not in at:
                        at[mark] = rss
            time.sleep(0.2)

    def on_progress(kind: str, value: object) -> None:
        if kind == "page":
            done["pages"] += 1

    print(f"load before: {os.getloadavg()[0]:.2f} (1-min average, {os.cpu_count()} cores)")
    with FixtureShop() as shop, tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'browser.db'}"
        stock_store(url, shop.base_url, args.pages, args.concurrency)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        run_id = run_crawl(
            url,
            settings={"SALESOPS_ALLOWED_PRIVATE_HOSTS": ["127.0.0.1"], "LOG_LEVEL": "ERROR"},
            on_progress=on_progress,
        )
        stop.set()
        sampler.join()
        with db.session_scope(db.get_engine(url)) as session:
            run = session.get(CrawlRun, run_id)
            assert run is not None and run.finished_at is not None
            seconds = (run.finished_at - run.started_at).total_seconds()
            ok = run.pages_ok
    mib = 1024 * 1024
    base, end = at.get(args.baseline_at), at.get(args.pages)
    print(f"load after: {os.getloadavg()[0]:.2f}")
    print(f"{ok} of {args.pages} pages rendered in {seconds:.1f}s = {ok / seconds:.1f} pages/s")
    print(f"peak RSS {max(samples) / mib:.0f} MiB ({len(samples)} samples)")
    if base is None or end is None:
        raise SystemExit("the crawl ended before the RSS marks were sampled")
    ratio = end / base
    print(
        f"RSS after {args.baseline_at} pages {base / mib:.0f} MiB, after {args.pages} "
        f"{end / mib:.0f} MiB: {ratio:.2f}x (target <= {TARGET}x) -> "
        f"{'PASS' if ratio <= TARGET else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
