"""`salesops prices`, `salesops alerts`, `salesops fx`: the analyst's shell over the analytics.

Commands parse and check input, call the pure functions in ``pricing`` and render the result:
rich tables for people (red where a competitor undercuts us, green where we are cheaper),
CSV/JSON/XLSX for spreadsheets and other tools.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pricing import db
from pricing.alerts_cli import alerts_app
from pricing.charts import UnsupportedChartFormat, history_chart
from pricing.diff import (
    DiffReport,
    OfferStatus,
    UnknownCompetitor,
    UnknownProduct,
    diff_report,
)
from pricing.export import (
    DIFF_COLUMNS,
    HISTORY_COLUMNS,
    UnsupportedFormat,
    diff_rows,
    export,
    history_rows,
)
from pricing.fx import FxTable, InvalidRate, parse_rate, read_rates_csv, set_rates
from pricing.history import UnknownListing, price_history
from pricing.models import FxRate
from pricing.money import money

console = Console()
err = Console(stderr=True)

prices_app = typer.Typer(help="Competitor price diffs and price history.", no_args_is_help=True)
fx_app = typer.Typer(help="Exchange rates used to compare prices.", no_args_is_help=True)
FORMAT_HELP = "table (screen), csv, json or xlsx (needs --out)."


def register(root: typer.Typer) -> None:
    root.add_typer(prices_app, name="prices")
    root.add_typer(alerts_app, name="alerts")
    root.add_typer(fx_app, name="fx")


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/] {escape(message)}")
    return typer.Exit(code)


def ensure_store() -> None:
    try:
        db.require_schema()
    except db.StoreNotReady as exc:
        raise fail(str(exc), 2) from None


def parse_when(value: str | None, option: str) -> datetime | None:
    """ISO date or date-time; without a zone it is taken as UTC (and a date as its midnight)."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not an ISO date or date-time (e.g. 2026-03-01 or 2026-03-01T18:00)",
            param_hint=option,
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _m(amount: Decimal | None, currency: str | None) -> str:
    value = money(amount, currency)
    return "" if value is None else f"{value:,}"


def _age(offer_age: object) -> str:
    if offer_age is None:
        return ""
    hours = offer_age.total_seconds() / 3600  # type: ignore[attr-defined]
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} d"


STYLE = {
    OfferStatus.stale: "dim",
    OfferStatus.not_comparable: "yellow",
    OfferStatus.no_data: "dim",
    OfferStatus.out_of_stock: "dim",
}


def render_diff(report: DiffReport, limit: int, screen: Console | None = None) -> None:
    screen = screen or console
    table = Table(
        title=f"Price diff as of {report.as_of:%Y-%m-%d %H:%M} UTC "
        f"(stale after {report.staleness_days} d"
        f"{', out-of-stock counted' if report.include_out_of_stock else ''})",
        show_lines=False,
    )
    for col, just in (
        ("SKU / competitor", "left"), ("Ours / price", "right"), ("Diff", "right"),
        ("Diff %", "right"), ("Availability", "left"), ("Age", "right"), ("Change", "left"),
        ("Status", "left"),
    ):  # fmt: skip
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    shown = 0
    for p in report.products:
        if shown >= limit:
            break
        shown += 1
        summary = (
            f"min {_m(p.min_price, p.currency)} · mean {_m(p.mean_price, p.currency)} · "
            f"median {_m(p.median_price, p.currency)} · max {_m(p.max_price, p.currency)} · "
            f"rank {p.our_rank or '-'}/{p.competitors_counted + 1} · "
            f"index {p.price_index if p.price_index is not None else '-'} · "
            f"undercut by {p.undercut_count} · cheapest {', '.join(p.cheapest) or '-'}"
            if p.competitors_counted
            else "no comparable competitor price"
        )
        table.add_row(
            f"[bold]{escape(p.sku)}[/] {escape(p.name)}",
            f"[bold]{_m(p.our_price, p.currency)} {p.currency}[/]",
            "",
            "",
            escape(summary),
            end_section=False,
        )
        for o in p.offers:
            if o.undercuts:
                style = "red"
            elif o.counted and o.difference is not None and o.difference > 0:
                style = "green"
            else:
                style = STYLE.get(o.status, "")
            name = ("★ " if o.cheapest else "  ") + o.competitor
            price = f"{_m(o.price, o.currency)} {o.currency}" if o.price is not None else ""
            diff = (
                "not comparable"
                if o.status is OfferStatus.not_comparable
                else _m(o.difference, p.currency)
            )
            table.add_row(
                escape(name),
                price,
                diff,
                "" if o.difference_percent is None else f"{o.difference_percent:+}",
                o.availability.value if o.availability else "",
                _age(o.age),
                o.change.value if o.change else "",
                o.status.value,
                style=style,
            )
        table.add_section()
    screen.print(table)
    if len(report.products) > shown:
        screen.print(
            f"{len(report.products) - shown} more products not shown (--limit, or --format csv)"
        )
    if report.suspicious:
        review = Table(title="Suspicious observations left out (please review)")
        for col in ("SKU", "Competitor", "Price", "Observed", "Reason", "URL"):
            review.add_column(col)
        for s in report.suspicious:
            review.add_row(
                escape(s.sku), escape(s.competitor), f"{_m(s.price, s.currency)} {s.currency}",
                f"{s.observed_at:%Y-%m-%d %H:%M}", escape(s.reason or ""), escape(s.url),
            )  # fmt: skip
        screen.print(review)


def _emit(text: str | None, out: Path | None) -> None:
    if text is not None:
        typer.echo(text, nl=False)
    elif out is not None:
        err.print(f"wrote {out}")


@prices_app.command("diff")
def prices_diff(
    competitor: list[str] = typer.Option(None, "--competitor", "-c", help="Only these (repeat)."),
    sku: list[str] = typer.Option(None, "--sku", "-s", help="Only these products (repeat)."),
    undercut_only: bool = typer.Option(False, help="Only products someone undercuts."),
    as_of: str = typer.Option(None, help="Point in time (ISO; UTC if no zone). Default: now."),
    include_out_of_stock: bool = typer.Option(
        False, help="Count out-of-stock offers in min/rank/index."
    ),
    staleness_days: int = typer.Option(
        None, min=0, help="Override SALESOPS_STALENESS_DAYS for this report."
    ),
    fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    out: Path = typer.Option(None, "--out", "-o", help="Write to this file."),
    limit: int = typer.Option(200, help="Products shown in the table."),
) -> None:
    """Where we stand against each competitor's latest valid price, product by product."""
    ensure_store()
    when = parse_when(as_of, "--as-of")
    try:
        with db.session_scope() as session:
            report = diff_report(
                session,
                as_of=when,
                skus=sku or None,
                competitors=competitor or None,
                undercut_only=undercut_only,
                include_out_of_stock=include_out_of_stock,
                staleness_days=staleness_days,
            )
        if fmt == "table":
            render_diff(report, limit)
            return
        text = export(
            diff_rows(report), DIFF_COLUMNS, fmt, report=report, out=out, title="price diff"
        )
    except (UnknownProduct, UnknownCompetitor, UnsupportedFormat, ValueError) as exc:
        raise fail(str(exc)) from None
    _emit(text, out)


@prices_app.command("history")
def prices_history(
    sku: str = typer.Argument(..., help="Our product's SKU."),
    competitor: str = typer.Option(None, "--competitor", "-c", help="Only this competitor."),
    listing: int = typer.Option(None, help="Only this listing id."),
    since: str = typer.Option(None, help="From (ISO date/time, UTC if no zone)."),
    until: str = typer.Option(None, help="Until (ISO date/time, UTC if no zone)."),
    fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    out: Path = typer.Option(None, "--out", "-o", help="Write to this file."),
    chart: Path = typer.Option(None, help="Also draw a step chart (.png, .svg or .pdf)."),
) -> None:
    """Every observation of one product's listings over a period."""
    ensure_store()
    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    try:
        with db.session_scope() as session:
            history = price_history(
                session, sku, competitor=competitor, listing_id=listing, since=start, until=end
            )
            fx = FxTable.load(session)
        if chart is not None:
            history_chart(history, chart, fx)
            err.print(f"chart written to {chart}")
        if fmt == "table":
            ours = f"{_m(history.our_price, history.currency)} {history.currency}"
            table = Table(title=f"Price history {history.sku} ({history.name}), our price {ours}")
            for col in ("Competitor", "Observed", "Price", "Regular", "Stock", "Note"):
                table.add_column(col)
            for s in history.series:
                for pt in s.points:
                    table.add_row(
                        escape(s.competitor),
                        f"{pt.observed_at:%Y-%m-%d %H:%M}",
                        f"{_m(pt.price, pt.currency)} {pt.currency}",
                        _m(pt.regular_price, pt.currency),
                        pt.availability.value if pt.availability else "",
                        "suspicious" if pt.suspicious else "",
                        style="yellow" if pt.suspicious else "",
                    )
                table.add_section()
            console.print(table)
            return
        text = export(
            history_rows(history), HISTORY_COLUMNS, fmt, report=history, out=out, title="history"
        )
    except (UnknownProduct, UnknownCompetitor, UnknownListing, UnsupportedChartFormat) as exc:
        raise fail(str(exc)) from None
    except (UnsupportedFormat, ValueError) as exc:
        raise fail(str(exc)) from None
    _emit(text, out)


@fx_app.command("set")
def fx_set(
    base: str = typer.Argument(..., help="Currency converted from, e.g. EUR."),
    quote: str = typer.Argument(..., help="Currency converted to, e.g. USD."),
    rate: str = typer.Argument(..., help="Units of QUOTE for one BASE, e.g. 1.08."),
    on: str = typer.Option(None, "--date", help="Valid from this day (default today)."),
) -> None:
    """Store one rate: 1 BASE = RATE QUOTE from --date until a newer rate."""
    ensure_store()
    try:
        parsed = parse_rate(base, quote, rate, on or date.today().isoformat())
        with db.session_scope() as session:
            set_rates(session, [parsed])
    except InvalidRate as exc:
        raise fail(str(exc)) from None
    console.print(f"1 {parsed.base} = {parsed.rate} {parsed.quote} from {parsed.valid_on}")


@fx_app.command("import")
def fx_import(
    file: Path = typer.Argument(..., help="CSV with columns base,quote,rate,date"),
) -> None:
    """Import many rates at once; a bad line rejects the file (nothing half-imported)."""
    ensure_store()
    try:
        rates = read_rates_csv(file)
        with db.session_scope() as session:
            count = set_rates(session, rates)
    except InvalidRate as exc:
        raise fail(str(exc)) from None
    console.print(f"{count} rate(s) imported from {file}")


@fx_app.command("list")
def fx_list() -> None:
    """Stored rates, newest first per pair."""
    ensure_store()
    from sqlalchemy import select

    with db.session_scope() as session:
        rows = session.execute(
            select(FxRate.base, FxRate.quote, FxRate.rate, FxRate.valid_on).order_by(
                FxRate.base, FxRate.quote, FxRate.valid_on.desc()
            )
        ).all()
    table = Table(title=f"Exchange rates ({len(rows)})")
    for col in ("Base", "Quote", "Rate", "Valid from"):
        table.add_column(col, justify="right" if col == "Rate" else "left")
    for base, quote, rate, valid_on in rows:
        table.add_row(base, quote, f"{rate.normalize():f}", valid_on.isoformat())
    console.print(table)
