"""`salesops schedule ...` (what to crawl when) and `salesops scheduler run` (the service)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pricing import db
from pricing.cli import ensure_store
from pricing.models import CrawlStatus, CrawlTrigger, utcnow
from salesops.logging import configure_logging
from salesops.settings import get_settings
from scheduler import heartbeat
from scheduler.runner import run_schedule
from scheduler.schedules import (
    ALL,
    ScheduleError,
    UnknownCompetitor,
    UnknownSchedule,
    add_schedule,
    describe,
    find_schedule,
    remove_schedule,
    schedule_statuses,
    set_enabled,
)

console = Console()
err = Console(stderr=True, soft_wrap=True)

schedule_app = typer.Typer(
    help="When to crawl each competitor: add, list, enable/disable, remove, run now.",
    no_args_is_help=True,
)
scheduler_app = typer.Typer(help="The long-running scheduler service.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(schedule_app, name="schedule")
    root.add_typer(scheduler_app, name="scheduler")


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[red]error:[/] {escape(str(exc))}")
    return typer.Exit(2)


def _when(moment: datetime | None, tz: str) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M:%S %Z")


@schedule_app.command("add")
def add(
    competitor: str = typer.Argument(..., help=f"Competitor name, or {ALL!r} for every one."),
    every: str = typer.Option(None, "--every", help="Interval: 90s, 15m, 6h, 1d, 1h30m."),
    cron: str = typer.Option(
        None, "--cron", help='Crontab expression, e.g. "0 6 * * 1-5" (0 or 7 = Sunday).'
    ),
    timezone: str = typer.Option("UTC", "--timezone", "--tz", help="IANA time zone for cron."),
    jitter: str = typer.Option(None, "--jitter", help="Random delay up to this, e.g. 5m."),
    timeout: str = typer.Option(
        None, "--timeout", help="Kill the crawl after this long (default: the setting)."
    ),
    name: str = typer.Option(None, "--name", help="Schedule name (default: the competitor)."),
    disabled: bool = typer.Option(False, "--disabled", help="Store it switched off."),
) -> None:
    """Add a schedule for one competitor (or all)."""
    ensure_store()
    try:
        with db.session_scope() as session:
            schedule = add_schedule(
                session,
                competitor,
                every=every,
                cron=cron,
                timezone=timezone,
                jitter=jitter,
                timeout=timeout,
                name=name,
                enabled=not disabled,
            )
            text = f"schedule {schedule.name!r}: {competitor}, {describe(schedule)}"
    except (ScheduleError, UnknownCompetitor) as exc:
        raise _fail(exc) from None
    console.print(escape(text) + (" (disabled)" if disabled else ""))


@schedule_app.command("list")
def list_() -> None:
    """Every schedule with its last run, last status and next run."""
    ensure_store()
    now = utcnow()
    with db.session_scope() as session:
        statuses = schedule_statuses(session, now)
        age = heartbeat.heartbeat_age(session)
    table = Table("name", "competitor", "when", "enabled", "last run", "last status", "next run")
    for st in statuses:
        s = st.schedule
        status = st.last_status.value if st.last_status else "-"
        if st.last_status in (CrawlStatus.failed, CrawlStatus.interrupted) and st.last_note:
            status += f" ({st.last_note})"
        table.add_row(
            escape(s.name),
            escape(st.competitor),
            escape(describe(s)),
            "yes" if s.enabled else "no",
            _when(st.last_started_at, s.timezone),
            escape(status),
            _when(st.next_run_at, s.timezone)
            + (" (overdue)" if st.next_run_at and st.next_run_at < now else ""),
        )
    if statuses:
        console.print(table)
    else:
        console.print(
            "no schedules yet: add one with `salesops schedule add COMPETITOR --every 6h`"
        )
    if age is None:
        console.print("scheduler: not running (start it with `salesops scheduler run`)")
    else:
        console.print(f"scheduler: last heartbeat {age.total_seconds():.0f} s ago")


@schedule_app.command("remove")
def remove(name: str = typer.Argument(..., help="Schedule name.")) -> None:
    """Delete a schedule (its past runs go with it; crawl runs and prices stay)."""
    ensure_store()
    try:
        with db.session_scope() as session:
            remove_schedule(session, name)
    except UnknownSchedule as exc:
        raise _fail(exc) from None
    console.print(f"schedule {escape(repr(name))} removed")


def _set_enabled(name: str, enabled: bool) -> None:
    ensure_store()
    try:
        with db.session_scope() as session:
            set_enabled(session, name, enabled)
    except UnknownSchedule as exc:
        raise _fail(exc) from None
    console.print(f"schedule {escape(repr(name))} {'enabled' if enabled else 'disabled'}")


@schedule_app.command("enable")
def enable(name: str = typer.Argument(..., help="Schedule name.")) -> None:
    """Switch a schedule on (a running scheduler picks it up within seconds)."""
    _set_enabled(name, True)


@schedule_app.command("disable")
def disable(name: str = typer.Argument(..., help="Schedule name.")) -> None:
    """Switch a schedule off without deleting it."""
    _set_enabled(name, False)


@schedule_app.command("run-now")
def run_now(name: str = typer.Argument(..., help="Schedule name.")) -> None:
    """Run a schedule's crawl now, in the foreground (same lock, timeout and alerts)."""
    ensure_store()
    configure_logging(get_settings().log_level)
    try:
        with db.session_scope() as session:
            schedule_id = find_schedule(session, name).id
    except UnknownSchedule as exc:
        raise _fail(exc) from None
    result = run_schedule(db.get_engine(), schedule_id, utcnow(), CrawlTrigger.manual)
    if result is None:
        err.print(f"[yellow]schedule {escape(repr(name))} is running already: not started[/]")
        raise typer.Exit(1)
    console.print(
        f"schedule {escape(repr(name))}: crawl run {result.crawl_run_id or '-'} "
        f"{result.status.value}" + (f" ({escape(result.note)})" if result.note else "")
    )
    if result.status != CrawlStatus.finished:
        raise typer.Exit(1)


@scheduler_app.command("run")
def run() -> None:
    """Run the scheduler until SIGTERM or Ctrl-C (run one per SQLite file; any number on
    PostgreSQL, where a database lock keeps each schedule to one crawl at a time)."""
    from scheduler.service import SchedulerAlreadyRunning, run_forever

    ensure_store()
    configure_logging(get_settings().log_level)
    try:
        run_forever()
    except SchedulerAlreadyRunning as exc:
        raise _fail(exc) from None
