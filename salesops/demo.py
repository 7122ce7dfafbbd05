"""`salesops demo`: the main job end to end on the embedded SQLite default.

Each step is a function owned by the package that does the work; this module only runs them in
order, so a new capability joins the demo by adding one step here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer
from rich.console import Console

console = Console()


def sample_path(name: str) -> Path:
    return Path(str(resources.files("pricing") / "data" / name))


def step_store() -> None:
    from pricing import db
    from pricing.imports import import_catalog, import_watchlist

    db.upgrade()
    with db.session_scope() as session:
        cat = import_catalog(session, sample_path("sample_catalog.csv"))
        wl = import_watchlist(session, sample_path("sample_watchlist.csv"))
    console.print(
        f"store ready: catalog {cat.created} new / {cat.updated} updated / {cat.unchanged} same; "
        f"watchlist {wl.created} new / {wl.updated} updated / {wl.unchanged} same"
    )


def step_crawl() -> None:
    from scrapers.demo import crawl_fixture_shop

    crawl_fixture_shop(console)


def step_price_report(out: Path) -> None:
    from pricing.intel_demo import price_intelligence_demo

    price_intelligence_demo(out, console)


def step_territory_plan(out: Path) -> None:
    from territory.sample import plan_sample

    plan_sample(out, console)


def step_territory_maps(out: Path) -> None:
    from territory.maps.demo import sample_maps

    sample_maps(out, console)


STEPS = [
    ("Pricing store and sample catalog", step_store),
    ("Crawl the fixture shop: day 1 and day 2", step_crawl),
    ("Price diff report and history chart", step_price_report),
    ("Territory plan for the North Carolina sample", step_territory_plan),
    ("Territory maps of the sample plan", step_territory_maps),
]


def demo(
    out: Path = typer.Option(Path("demo-output"), help="Folder for maps, charts and exports."),
) -> None:
    """Run the whole job on the embedded SQLite store with bundled sample data."""
    out.mkdir(parents=True, exist_ok=True)
    for title, step in STEPS:
        console.rule(title)
        if step.__code__.co_argcount:
            step(out)  # type: ignore[call-arg]
        else:
            step()
    console.rule("done")
    console.print(f"outputs in {out.resolve()}")


def register(root: typer.Typer) -> None:
    root.command("demo")(demo)
