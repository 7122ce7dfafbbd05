"""`salesops alerts`: rules in the store, the alerts they raised, and evaluating a run."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pricing import db
from pricing.alerts import (
    THRESHOLD_UNIT,
    InvalidRule,
    UnknownRule,
    add_rule,
    evaluate_alerts,
    list_alerts,
    remove_rule,
)
from pricing.diff import UnknownCompetitor, UnknownProduct
from pricing.models import Alert, AlertKind, AlertRule, Listing
from pricing.notify import Notifier
from pricing.recording import UnknownCrawlRun

console = Console()
err = Console(stderr=True)

alerts_app = typer.Typer(help="Price and availability alerts.", no_args_is_help=True)
rules_app = typer.Typer(help="Alert rules stored in the database.", no_args_is_help=True)
alerts_app.add_typer(rules_app, name="rules")
KINDS = ", ".join(f"{k.value} ({THRESHOLD_UNIT[k] or 'no threshold'})" for k in AlertKind)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/] {escape(message)}")
    return typer.Exit(code)


def _ensure_store() -> None:
    try:
        db.require_schema()
    except db.StoreNotReady as exc:
        raise _fail(str(exc), 2) from None


@rules_app.command("add")
def rules_add(
    name: str = typer.Argument(..., help="A name to list and remove the rule by."),
    kind: str = typer.Option(..., "--kind", "-k", help=f"One of: {KINDS}."),
    threshold: str = typer.Option(None, "--threshold", "-t", help="Percent, amount or runs."),
    sku: str = typer.Option(None, help="Only this product."),
    competitor: str = typer.Option(None, help="Only this competitor."),
    webhook: str = typer.Option(None, help="POST each alert as JSON to this URL."),
    email: str = typer.Option(None, help="E-mail each alert to this address."),
) -> None:
    """Add a rule; it is checked after every crawl run from now on."""
    _ensure_store()
    try:
        with db.session_scope() as session:
            rule = add_rule(
                session, name, kind, threshold, sku=sku, competitor=competitor,
                webhook_url=webhook, email_to=email,
            )  # fmt: skip
            rule_id = rule.id
    except (InvalidRule, UnknownProduct, UnknownCompetitor) as exc:
        raise _fail(str(exc)) from None
    except ArithmeticError:
        raise _fail(f"threshold {threshold!r} is not a number") from None
    console.print(f"rule {rule_id} {name!r} added")


@rules_app.command("list")
def rules_list() -> None:
    """Every rule with its scope and where it notifies."""
    _ensure_store()
    with db.session_scope() as session:
        rules = session.scalars(
            select(AlertRule)
            .options(selectinload(AlertRule.product), selectinload(AlertRule.competitor))
            .order_by(AlertRule.id)
        ).all()
        table = Table(title=f"Alert rules ({len(rules)})")
        for col in ("Id", "Name", "Kind", "Threshold", "SKU", "Competitor", "Notify"):
            table.add_column(col)
        for r in rules:
            table.add_row(
                str(r.id),
                escape(r.name),
                r.kind.value,
                "" if r.threshold is None else f"{r.threshold.normalize():f}",
                escape(r.product.sku) if r.product else "all",
                escape(r.competitor.name) if r.competitor else "all",
                escape(", ".join(x for x in (r.webhook_url, r.email_to) if x)),
            )
    console.print(table)


@rules_app.command("remove")
def rules_remove(rule: str = typer.Argument(..., help="Rule id or name.")) -> None:
    """Delete a rule and the alerts it raised."""
    _ensure_store()
    try:
        with db.session_scope() as session:
            remove_rule(session, rule)
    except UnknownRule as exc:
        raise _fail(str(exc)) from None
    console.print(f"rule {rule!r} removed")


@alerts_app.command("list")
def alerts_list(
    open_only: bool = typer.Option(False, "--open", help="Only alerts still open."),
    limit: int = typer.Option(200, help="Rows to show."),
) -> None:
    """Alerts, newest first: open ones in red."""
    _ensure_store()
    with db.session_scope() as session:
        alerts = list_alerts(session, open_only=open_only, limit=limit)
        ids = {a.id for a in alerts}
        loaded = session.scalars(
            select(Alert)
            .where(Alert.id.in_(ids))
            .options(
                selectinload(Alert.rule),
                selectinload(Alert.listing).selectinload(Listing.competitor),
                selectinload(Alert.listing).selectinload(Listing.product),
            )
        ).all()
        by_id = {a.id: a for a in loaded}
        table = Table(title=f"Alerts ({len(alerts)}{', open only' if open_only else ''})")
        for col in ("Id", "Rule", "SKU", "Competitor", "Message", "Opened", "Closed", "Notified"):
            table.add_column(col)
        for a in (by_id[i.id] for i in alerts):
            table.add_row(
                str(a.id),
                escape(a.rule.name),
                escape(a.listing.product.sku),
                escape(a.listing.competitor.name),
                escape(a.message),
                f"{a.opened_at:%Y-%m-%d %H:%M}",
                f"{a.closed_at:%Y-%m-%d %H:%M}" if a.closed_at else "open",
                escape(a.notify_error) if a.notify_error else ("yes" if a.notified_at else ""),
                style="red" if a.closed_at is None else "",
            )
    console.print(table)


@alerts_app.command("evaluate")
def alerts_evaluate(
    run_id: int = typer.Argument(..., help="The crawl run to evaluate."),
    notify: bool = typer.Option(True, help="Send webhooks and e-mails."),
) -> None:
    """Evaluate the rules for a crawl run (the scheduler does this after every run)."""
    _ensure_store()
    try:
        with db.session_scope() as session:
            result = evaluate_alerts(
                session, run_id, notifier=Notifier.from_settings() if notify else None
            )
    except UnknownCrawlRun as exc:
        raise _fail(str(exc)) from None
    for ev in result.opened + result.closed:
        colour = "red" if ev.event == "opened" else "green"
        console.print(
            f"[{colour}]{ev.event}[/] {escape(ev.rule)}: {escape(ev.sku)} at "
            f"{escape(ev.competitor)} - {escape(ev.message)}"
        )
    for s in result.review:
        console.print(
            f"[yellow]review[/] suspicious {s.price} {s.currency} for {escape(s.sku)} at "
            f"{escape(s.competitor)}: {escape(s.reason or '')}"
        )
    for error in result.notify_errors:
        err.print(f"[yellow]notification failed:[/] {escape(error)}")
    console.print(
        f"run {run_id}: {len(result.opened)} opened, {len(result.closed)} closed, "
        f"{len(result.review)} to review"
    )
