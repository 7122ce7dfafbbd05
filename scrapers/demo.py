"""The demo's crawl step: serve the fixture shop, crawl it on "day 1" and "day 2", stop it."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from sqlalchemy import func, select, update

from pricing import db
from pricing.models import Competitor, Listing, PriceObservation
from scrapers.cli import crawl_with_progress, print_summary
from scrapers.crawl import summarize
from scrapers.fixture_shop import DEFAULT_PORT, FixtureShop

SHOP_HOST = "127.0.0.1"


def crawl_fixture_shop(console: Console, port: int = DEFAULT_PORT, days: int = 2) -> list[int]:
    """Two crawl runs a day apart, so the store holds price history and diffs to look at."""
    url = db.get_engine().url.render_as_string(hide_password=False)
    prefix = f"http://{SHOP_HOST}:{port}/%"
    with db.session_scope() as session:
        shop_competitors = select(Listing.competitor_id).where(Listing.url.like(prefix))
        # The shop is ours: no need to wait a second between pages as with a real site.
        session.execute(
            update(Competitor)
            .where(Competitor.id.in_(shop_competitors))
            .values(delay_seconds=Decimal("0.1"), max_concurrency=2)
        )
    settings = {"SALESOPS_ALLOWED_PRIVATE_HOSTS": [SHOP_HOST], "LOG_LEVEL": "ERROR"}
    runs = []
    with FixtureShop(SHOP_HOST, port, day=1) as shop:
        console.print(f"fixture shop serving on {shop.base_url}/")
        for day in range(1, days + 1):
            shop.day = day
            console.print(f"[bold]day {day}[/]")
            run_id = crawl_with_progress(url, settings=settings)
            print_summary(summarize(url, run_id))
            runs.append(run_id)
    with db.session_scope() as session:
        flagged = session.scalar(
            select(func.count())
            .select_from(PriceObservation)
            .where(PriceObservation.crawl_run_id.in_(runs), PriceObservation.suspicious)
        )
    console.print(f"shop stopped; {len(runs)} crawl runs stored, {flagged} suspicious price(s)")
    return runs
