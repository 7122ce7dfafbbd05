"""`salesops serve` and `salesops apikey create|revoke|list`."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from api import keys
from pricing import db
from pricing.cli import ensure_store
from pricing.models import ApiRole

console = Console()
err = Console(stderr=True)
apikey_app = typer.Typer(help="API keys for the HTTP API.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)
    root.add_typer(apikey_app, name="apikey")


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, min=0, max=65535, help="TCP port (0 = any free port)."),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes."),
    log_level: str = typer.Option("info", help="uvicorn log level."),
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs)."""
    from api.serving import serve as run_workers

    ensure_store()

    def announce(port: int) -> None:
        console.print(f"salesops API on http://{host}:{port} (docs at /docs), {workers} worker(s)")

    run_workers(host, port, workers, log_level, announce)


@apikey_app.command("create")
def apikey_create(
    role: ApiRole = typer.Option(
        ...,
        help="viewer reads; analyst also runs crawls and plans; "
        "admin also manages the catalog, rules and keys.",
    ),
    name: str = typer.Option("", help="Who or what uses the key (shown in `apikey list`)."),
) -> None:
    """Create a key; it is printed once and only its hash is stored."""
    ensure_store()
    with db.session_scope() as session:
        new = keys.create_key(session, role, name or f"{role.value} key")
        record = new.record
    console.print(f"created key {record.id} ({record.role.value}), prefix {record.prefix}")
    err.print("store this key now; it cannot be shown again:")
    typer.echo(new.token)


@apikey_app.command("revoke")
def apikey_revoke(
    key: str = typer.Argument(..., help="Key id or prefix (see `apikey list`)."),
) -> None:
    """Stop a key from working (takes effect on its next request)."""
    ensure_store()
    try:
        with db.session_scope() as session:
            record = keys.revoke_key(session, key)
    except keys.UnknownKey as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from None
    console.print(f"revoked key {record.id} (prefix {record.prefix}, {record.role.value})")


@apikey_app.command("list")
def apikey_list(all_: bool = typer.Option(False, "--all", help="Include revoked keys.")) -> None:
    """Keys by id with role and prefix (never the secret)."""
    ensure_store()
    with db.session_scope() as session:
        records = keys.list_keys(session, include_revoked=all_)
    table = Table(title=f"API keys ({len(records)})")
    for col in ("Id", "Prefix", "Role", "Name", "Created", "Revoked"):
        table.add_column(col, no_wrap=col != "Name")
    for r in records:
        table.add_row(
            str(r.id),
            r.prefix,
            r.role.value,
            r.name,
            f"{r.created_at:%Y-%m-%d %H:%M}",
            f"{r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else "",
        )
    console.print(table)
