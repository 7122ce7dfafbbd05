"""The `salesops` console command: a thin shell that mounts each package's Typer group.

Each package owns its commands in ``<package>/cli.py`` exposing ``app`` (a Typer group) or,
for single commands, ``register(root)``. Groups are mounted here and nowhere else.
"""

from __future__ import annotations

import importlib

import typer

from salesops import __version__

app = typer.Typer(
    name="salesops",
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


# (module, attribute) pairs; a module exposing ``register(app)`` adds top-level commands.
_MODULES = [
    "pricing.cli",
    "pricing.intel_cli",
    "scrapers.cli",
    "territory.cli",
    "scheduler.cli",
    "api.cli",
    "salesops.demo",
]


def _mount() -> None:
    for name in _MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a package whose CLI is not written yet
            if exc.name == name:
                continue
            raise
        module.register(app)


_mount()
