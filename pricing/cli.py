"""`salesops db`, `salesops catalog`, `salesops watchlist`: a thin shell over the store."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from pricing import db
from pricing.imports import ImportRejected, ImportReport, import_catalog, import_watchlist
from pricing.models import Competitor, Listing, PriceObservation, Product
from pricing.tables import UnreadableFile

console = Console(soft_wrap=True)  # summaries stay on one line; tables still fit the width
err = Console(stderr=True, soft_wrap=True)  # problem lines stay whole, greppable

db_app = typer.Typer(help="Create or migrate the pricing store.", no_args_is_help=True)
catalog_app = typer.Typer(help="Our own products (the catalog).", no_args_is_help=True)
watchlist_app = typer.Typer(help="Competitor URLs we watch (listings).", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(db_app, name="db")
    root.add_typer(catalog_app, name="catalog")
    root.add_typer(watchlist_app, name="watchlist")


def _store_url() -> str:
    return db.get_engine().url.render_as_string(hide_password=True)


def ensure_store() -> None:
    try:
        db.require_schema()
    except db.StoreNotReady as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Create the schema, or migrate it to the latest version."""
    before = db.current_revision()
    db.upgrade(revision=revision)
    after = db.current_revision()
    console.print(f"store {_store_url()}: {before or 'empty'} -> {after}")


@db_app.command("current")
def db_current() -> None:
    """Show the schema revision of the store."""
    rev = db.current_revision()
    head = db.head_revision()
    state = "up to date" if rev == head else f"behind (latest {head}): run `salesops db upgrade`"
    console.print(f"store {_store_url()}: revision {rev or 'none'}, {state}")


def _print_report(report: ImportReport, what: str) -> None:
    for problem in sorted(report.problems):
        err.print(f"[yellow]{escape(report.file)}:[/] {escape(str(problem))}")
    console.print(
        f"{what} {report.file}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
        + (f", {len(report.rejected_lines)} rejected" if report.problems else "")
    )
    if report.competitors_created:
        console.print(f"new competitors: {', '.join(report.competitors_created)}")


def _run_import(kind: str, file: Path, skip_invalid: bool) -> None:
    ensure_store()
    func_ = import_catalog if kind == "catalog" else import_watchlist
    try:
        with db.session_scope() as session:
            report = func_(session, file, skip_invalid=skip_invalid)
    except ImportRejected as exc:
        for problem in sorted(exc.report.problems):
            err.print(f"[red]{escape(exc.report.file)}:[/] {escape(str(problem))}")
        err.print(
            f"[red]rejected:[/] {len(exc.report.rejected_lines)} bad row(s); nothing was imported"
            + ("" if skip_invalid else " (use --skip-invalid to import the good rows)")
        )
        raise typer.Exit(1) from None
    except UnreadableFile as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    _print_report(report, f"{kind} import")
    if report.problems:
        raise typer.Exit(1)


SKIP = typer.Option(False, "--skip-invalid", help="Import the good rows; still list the bad ones.")


@catalog_app.command("import")
def catalog_import(
    file: Path = typer.Argument(..., help="CSV or XLSX"), skip_invalid: bool = SKIP
) -> None:
    """Import or update our products.

    Columns: sku,name,brand,gtin,mpn,price,currency[,cost,map_price].
    """
    _run_import("catalog", file, skip_invalid)


@watchlist_app.command("import")
def watchlist_import(
    file: Path = typer.Argument(..., help="CSV or XLSX"), skip_invalid: bool = SKIP
) -> None:
    """Import competitor URLs to watch; unknown competitors are created.

    Columns: competitor,url,sku[,render].
    """
    _run_import("watchlist", file, skip_invalid)


@catalog_app.command("list")
def catalog_list(limit: int = typer.Option(200, help="Rows to show.")) -> None:
    """Our products with how many listings watch each."""
    ensure_store()
    with db.session_scope() as session:
        counts = dict(
            session.execute(
                select(Listing.product_id, func.count()).group_by(Listing.product_id)
            ).all()
        )
        products = session.scalars(select(Product).order_by(Product.sku).limit(limit)).all()
        table = Table(title=f"Catalog ({len(products)} shown)")
        for col in (
            "SKU",
            "Name",
            "Brand",
            "GTIN",
            "MPN",
            "Price",
            "Cur",
            "Cost",
            "MAP",
            "Listings",
        ):
            numeric = col in ("Price", "Cost", "MAP", "Listings")
            # Identifiers must stay whole and copyable; long names may wrap.
            table.add_column(
                col,
                justify="right" if numeric else "left",
                no_wrap=col != "Name",
                overflow="fold",
            )
        for p in products:
            table.add_row(
                p.sku,
                p.name,
                p.brand or "",
                p.gtin or "",
                p.mpn or "",
                f"{p.our_price:.2f}",
                p.currency,
                f"{p.cost:.2f}" if p.cost is not None else "",
                f"{p.map_price:.2f}" if p.map_price is not None else "",
                str(counts.get(p.id, 0)),
            )
    console.print(table)


@watchlist_app.command("list")
def watchlist_list(
    competitor: str | None = typer.Option(None, help="Only this competitor."),
    limit: int = typer.Option(200, help="Rows to show."),
) -> None:
    """Watched listings with their competitor, product and observation count."""
    ensure_store()
    with db.session_scope() as session:
        obs = dict(
            session.execute(
                select(PriceObservation.listing_id, func.count()).group_by(
                    PriceObservation.listing_id
                )
            ).all()
        )
        stmt = (
            select(Listing)
            .options(selectinload(Listing.competitor), selectinload(Listing.product))
            .join(Competitor)
            .order_by(Competitor.name, Listing.url)
            .limit(limit)
        )
        if competitor:
            stmt = stmt.where(Competitor.name == competitor)
        listings = session.scalars(stmt).all()
        table = Table(title=f"Watchlist ({len(listings)} shown)")
        for col in ("Competitor", "SKU", "URL", "Match", "Render", "Active", "Obs"):
            table.add_column(col, no_wrap=col != "URL", overflow="fold")
        for item in listings:
            table.add_row(
                item.competitor.name,
                item.product.sku,
                item.url,
                item.match_method.value,
                (item.render_mode or item.competitor.render_mode).value,
                "yes" if item.active else "no",
                str(obs.get(item.id, 0)),
            )
    console.print(table)
