"""`salesops scrape`, `salesops extract` and `salesops shop serve`: thin shells."""

from __future__ import annotations

import time
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pricing import db
from scrapers.crawl import CrawlFailed, CrawlSummary, run_crawl, summarize
from scrapers.targets import NothingToCrawl, UnknownCompetitor, UnknownRenderMode

console = Console()
err = Console(stderr=True)
shop_app = typer.Typer(help="The fixture shop (a local test site for demos and tests).")


class Render(StrEnum):
    static = "static"
    browser = "browser"
    auto = "auto"


def register(root: typer.Typer) -> None:
    root.command("scrape")(scrape)
    root.add_typer(shop_app, name="shop")
    try:
        from scrapers.extract.cli import extract_command
    except ModuleNotFoundError as exc:  # the extractor's CLI has not landed yet
        if exc.name != "scrapers.extract.cli":
            raise
    else:
        root.command("extract")(extract_command)


def scrape(
    competitor: str | None = typer.Option(None, help="Only this competitor's listings."),
    render: Render | None = typer.Option(
        None, help="Override every page's render mode (default: per competitor/listing)."
    ),
    timeout: float | None = typer.Option(
        None, min=1, help="Stop after this many seconds; unfinished pages are recorded."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Scrapy's log."),
) -> None:
    """Crawl the active listings into the store, with a progress bar and a run summary."""
    url = db.get_engine().url.render_as_string(hide_password=False)
    level = "INFO" if verbose else "ERROR"
    try:
        run_id = crawl_with_progress(
            url, competitor, render.value if render else None, timeout, {"LOG_LEVEL": level}
        )
    except (UnknownCompetitor, UnknownRenderMode, NothingToCrawl, db.StoreNotReady) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    except CrawlFailed as exc:
        err.print(f"[red]crawl failed:[/] {exc}")
        raise typer.Exit(1) from None
    print_summary(summarize(url, run_id))


def crawl_with_progress(
    url: str,
    competitor: str | None = None,
    render: str | None = None,
    timeout: float | None = None,
    settings: dict[str, Any] | None = None,
) -> int:
    """``run_crawl`` with a rich progress bar counting pages by outcome."""
    counts: dict[str, int] = {}
    with Progress(
        TextColumn("[bold]crawling"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[tally]}"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("crawl", total=None, tally="")

        def on_progress(kind: str, value: Any) -> None:
            if kind == "total":
                progress.update(task, total=value)
            elif kind == "page":
                counts[value] = counts.get(value, 0) + 1
                tally = " ".join(f"{k} {n}" for k, n in sorted(counts.items()))
                progress.update(task, advance=1, tally=tally)

        return run_crawl(
            url, competitor, render, timeout=timeout, settings=settings, on_progress=on_progress
        )


def print_summary(summary: CrawlSummary) -> None:
    table = Table(title=f"crawl run {summary.run_id} ({summary.trigger.value})", show_header=False)
    table.add_row("status", summary.status.value)
    table.add_row("ok", str(summary.pages_ok))
    table.add_row("failed", str(summary.pages_failed))
    table.add_row("blocked", str(summary.pages_blocked))
    seconds = summary.duration.total_seconds() if summary.duration else 0.0
    table.add_row("duration", f"{seconds:.1f} s")
    for kind, n in summary.failures_by_kind.items():
        table.add_row(f"  {kind}", str(n))
    if summary.note:
        table.add_row("note", summary.note)
    console.print(table)


@shop_app.command("serve")
def shop_serve(
    port: int = typer.Option(8765, min=0, max=65535, help="Port on 127.0.0.1 (0 = any free)."),
    day: int = typer.Option(1, min=1, help="Which day's prices and stock to serve."),
) -> None:
    """Serve the fixture shop on 127.0.0.1 until interrupted (Ctrl-C)."""
    from scrapers.fixture_shop import SHOPS, FixtureShop

    try:
        shop = FixtureShop(port=port, day=day).start()
    except OSError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    console.print(f"fixture shop (day {day}) on {shop.base_url}/ - shops: {', '.join(SHOPS)}")
    console.print("crawl it with SALESOPS_ALLOWED_PRIVATE_HOSTS='[\"127.0.0.1\"]'; Ctrl-C stops")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        shop.stop()
