"""The `salesops` shell: version, db upgrade, imports with exit codes, list tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from pricing import db
from pricing.models import Listing, Product
from salesops import __version__
from salesops.cli import app
from salesops.demo import sample_path

runner = CliRunner()


def test_version_and_help() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for group in ("db", "catalog", "watchlist", "demo"):
        assert group in result.stdout


def test_console_script_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "salesops", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("salesops ")


def test_samples_import_via_cli(store_env: Engine, monkeypatch) -> None:
    import pricing.cli

    monkeypatch.setattr(pricing.cli.console, "width", 200)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["catalog", "import", str(sample_path("sample_catalog.csv"))])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["watchlist", "import", str(sample_path("sample_watchlist.csv"))])
    assert result.exit_code == 0, result.output
    with db.session_scope(store_env) as s:
        products = s.scalar(select(func.count()).select_from(Product))
        listings = s.scalar(select(func.count()).select_from(Listing))
    assert products and listings and products >= 10 and listings >= products
    listed = runner.invoke(app, ["catalog", "list"])
    assert listed.exit_code == 0
    with db.session_scope(store_env) as s:
        first_sku = s.scalars(select(Product.sku).order_by(Product.sku)).first()
    assert first_sku in listed.stdout
    assert runner.invoke(app, ["watchlist", "list"]).exit_code == 0
    current = runner.invoke(app, ["db", "current"])
    assert "up to date" in current.stdout


def test_rejected_import_exits_nonzero_and_names_lines(store_env: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "sku,name,brand,gtin,mpn,price,currency\nA,n,b,,,1,EUR\nB,n,b,,,x,EUR\nC,n,b,,,2,QQQ\n"
    )
    result = runner.invoke(app, ["catalog", "import", str(bad)])
    assert result.exit_code == 1
    assert "line 3 [price]" in result.output and "line 4 [currency]" in result.output
    assert "nothing was imported" in result.output
    skipped = runner.invoke(app, ["catalog", "import", str(bad), "--skip-invalid"])
    assert skipped.exit_code == 1 and "1 created" in skipped.output


def test_commands_on_an_empty_store_say_what_to_do(tmp_path: Path, monkeypatch) -> None:
    from salesops.settings import get_settings

    monkeypatch.setenv("SALESOPS_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        result = runner.invoke(app, ["catalog", "list"])
        assert result.exit_code == 2 and "salesops db upgrade" in result.output
    finally:
        get_settings.cache_clear()
        db.get_engine.cache_clear()


def test_lazy_command_table_matches_what_packages_register() -> None:
    """The root loads a package only when its command runs; its table must not drift."""
    from salesops.cli import COMMANDS, commands_of

    for module in set(COMMANDS.values()):
        expected = {name for name, owner in COMMANDS.items() if owner == module}
        assert set(commands_of(module)) == expected, module


def test_version_imports_no_package() -> None:
    code = (
        "import sys; from salesops.cli import app\n"
        "try:\n    app(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('scrapy', 'geopandas', 'fastapi', 'matplotlib', 'pricing.cli')"
        " if m in sys.modules]\nprint(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]"), out.stdout
