"""The `salesops` console command: a thin shell that mounts each package's Typer group.

Each package owns its commands in a module exposing ``register(root)``, which adds its groups
and commands to a Typer app. The root loads a module only when one of its commands runs:
importing every package (Scrapy, geopandas, libpysal, matplotlib, FastAPI) costs seconds, and
`salesops catalog list` should not pay for the territory optimizer.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

import typer
from typer.core import TyperGroup

from salesops import __version__

# command name -> module whose ``register(root)`` adds it (kept in step by a test).
COMMANDS: dict[str, str] = {
    "db": "pricing.cli",
    "catalog": "pricing.cli",
    "watchlist": "pricing.cli",
    "prices": "pricing.intel_cli",
    "alerts": "pricing.intel_cli",
    "fx": "pricing.intel_cli",
    "extract": "scrapers.cli",
    "scrape": "scrapers.cli",
    "shop": "scrapers.cli",
    "territory": "territory.cli",
    "schedule": "scheduler.cli",
    "scheduler": "scheduler.cli",
    "serve": "api.cli",
    "apikey": "api.cli",
    "demo": "salesops.demo",
}


@cache
def commands_of(module_name: str) -> dict[str, Any]:
    """The click commands a module registers, built on a scratch Typer app."""
    scratch = typer.Typer()
    importlib.import_module(module_name).register(scratch)

    @scratch.callback()
    def _scratch() -> None:  # makes Typer build a group even for a single command
        pass

    group = typer.main.get_command(scratch)
    return dict(group.commands)  # type: ignore[attr-defined]


class LazyGroup(TyperGroup):
    # Typer vendors its own click; contexts and commands are typed loosely here on purpose.
    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        return commands_of(module).get(cmd_name)


app = typer.Typer(
    name="salesops",
    cls=LazyGroup,
    help="Competitor price monitoring and territory planning for sales-ops teams.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"salesops {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Competitor price monitoring and territory planning for sales-ops teams."""
