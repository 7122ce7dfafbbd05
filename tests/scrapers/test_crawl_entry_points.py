"""The ways a crawl starts and stops: `salesops scrape`, `scrapy crawl product`, a scheduler's
`run_crawl(..., trigger=schedule, timeout=...)`; plus the private-address safety rule."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from pricing import db
from pricing.models import (
    Competitor,
    CrawlRun,
    CrawlStatus,
    CrawlTrigger,
    FailureKind,
    Listing,
    PriceObservation,
    ScrapeFailure,
)
from salesops.cli import app
from salesops.settings import get_settings
from scrapers.crawl import summarize

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _failures(engine, run_id):
    with db.session_scope(engine) as session:
        rows = session.scalars(select(ScrapeFailure).where(ScrapeFailure.crawl_run_id == run_id))
        return {f.listing.url: (f.kind, f.detail) for f in rows}


@pytest.fixture
def sqlite_env(sqlite_engine, monkeypatch):
    """The CLI pointed at a SQLite store (the command is not about the database)."""
    monkeypatch.setenv("SALESOPS_DATABASE_URL", sqlite_engine.url.render_as_string())
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield sqlite_engine
    get_settings.cache_clear()
    db.get_engine.cache_clear()


def test_salesops_scrape_shows_progress_and_a_summary(sqlite_env, shop, stock, monkeypatch):
    store_env = sqlite_env
    stock(store_env, [("megamart", "hd-100"), ("megamart", "kb-420"), ("techhaus", "wc-080")])
    monkeypatch.setenv("SALESOPS_ALLOWED_PRIVATE_HOSTS", '["127.0.0.1"]')
    runner = CliRunner()

    bad = runner.invoke(app, ["scrape", "--competitor", "nosuchshop"])
    assert bad.exit_code == 2
    assert "no competitor named 'nosuchshop'" in bad.output and "megamart" in bad.output

    result = runner.invoke(app, ["scrape", "--competitor", "megamart"])
    assert result.exit_code == 0, result.output
    assert "crawling" in result.output and "2/2" in result.output  # the progress bar
    assert "status" in result.output and "finished" in result.output
    with db.session_scope(store_env) as session:
        run = session.scalars(select(CrawlRun)).one()
        assert (run.pages_ok, run.pages_failed, run.pages_blocked) == (2, 0, 0)
        assert run.trigger is CrawlTrigger.manual and run.competitor_id is not None
    assert not shop.hits("/techhaus/p/wc-080")  # the other competitor was left alone


def test_scrapy_crawl_product_runs_the_same_spider(sqlite_engine, shop, stock, tmp_path):
    """As any Scrapy user would: from the project root, with -a/-s options. Also: a 5 MB page,
    and a competitor's own pace (one request at a time, about 1 s apart)."""
    stock(sqlite_engine, [("techhaus", "ssd-1t"), ("techhaus", "hd-100"), ("techhaus", "sp-310")])
    with db.session_scope(sqlite_engine) as session:
        session.execute(update(Competitor).values(delay_seconds=1.0, max_concurrency=1))
    url = sqlite_engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "product", "-a", "competitor=techhaus"]
        + ["-s", f"SALESOPS_DATABASE_URL={url}", "-s", "SALESOPS_ALLOWED_PRIVATE_HOSTS=127.0.0.1"]
        + ["-s", "LOG_LEVEL=WARNING"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with db.session_scope(sqlite_engine) as session:
        prices = {o.listing.url: o.price for o in session.scalars(select(PriceObservation))}
    assert prices == {
        shop.url("techhaus", s): shop.expected("techhaus", s).price
        for s in ("ssd-1t", "hd-100", "sp-310")
    }
    starts = sorted(h.at for h in shop.hits() if "/p/" in h.path)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.4  # 1 s delay with Scrapy's +/-50% jitter: never back to back


def test_scheduled_crawl_with_timeout_is_interrupted_and_accounted(
    sqlite_engine, shop, stock, crawl
):
    """A scheduler's crawl that runs out of time closes its run: every page has an outcome.
    In the same run, a host resolving to loopback but not on the allow-list is refused."""
    stock(sqlite_engine, [("megamart", "hd-100")], concurrency=1)
    localhost = shop.url("nordlicht", "hd-100").replace("127.0.0.1", "localhost")
    with db.session_scope(sqlite_engine) as session:
        template = session.scalars(select(Listing)).one()
        urls = [f"{shop.url('megamart', 'kb-420')}?delay=5&n={n}" for n in range(4)]
        for url in [*urls, localhost]:  # 5 s pages, one at a time: cannot finish in 3 s
            session.add(
                Listing(
                    url=url,
                    competitor_id=template.competitor_id,
                    product_id=template.product_id,
                    match_method=template.match_method,
                )
            )
    run_id = crawl(sqlite_engine, trigger="schedule", timeout=3, settings={"DOWNLOAD_TIMEOUT": 20})
    summary = summarize(sqlite_engine.url.render_as_string(hide_password=False), run_id)
    assert summary.status is CrawlStatus.interrupted and summary.trigger is CrawlTrigger.schedule
    assert summary.pages == 6 and 1 <= summary.pages_ok <= 2  # one page at a time
    assert summary.failures_by_kind.get("timeout", 0) >= 3
    assert "time limit of 3s reached" in (summary.note or "")
    assert summary.duration is not None and summary.duration.total_seconds() < 8

    # "localhost" resolves to loopback and is not on the allow-list (only 127.0.0.1 is).
    kind, detail = _failures(sqlite_engine, run_id)[localhost]
    assert kind is FailureKind.invalid
    assert "refused localhost" in detail and "SALESOPS_ALLOWED_PRIVATE_HOSTS" in detail
    assert not shop.hits("/nordlicht/p/hd-100")  # never fetched
