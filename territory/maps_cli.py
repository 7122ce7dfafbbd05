"""`salesops territory export|map|diff|report`: plans as files, maps and reports.

Every command takes PLAN (a plan file from `salesops territory plan`, or any unit_id,rep_id
table with `--units`), and `--reps` for rep names and homes.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from territory.cli import EXIT_BAD_INPUT, console, parse_balance, parse_tolerance
from territory.errors import TerritoryInputError
from territory.planfile import PlanFile, open_plan

PLAN_ARG = typer.Argument(..., metavar="PLAN", help="Plan file (gpkg/geojson/csv...).")
UNITS_OPT = typer.Option(None, "--units", help="Units file, when PLAN has no geometry/measures.")
REPS_OPT = typer.Option(None, "--reps", help="Reps CSV: names and home markers.")
BALANCE_OPT = typer.Option("leads,revenue,workload", help="Measures to total and compare.")
TOLERANCE_OPT = typer.Option("0.05", help="Allowed deviation, e.g. 0.05,revenue=0.03")
ID_OPT = typer.Option("unit_id", "--id-column", help="Column holding the unit id.")


def _open(
    plan: Path, units: Path | None, reps: Path | None, balance: str, tolerance: str, id_column: str
) -> PlanFile:
    measures = parse_balance(balance)
    return open_plan(
        plan,
        units_path=units,
        reps_path=reps,
        balance=measures,
        tolerance=parse_tolerance(tolerance, measures),
        id_column=id_column,
    )


def _fail(exc: Exception) -> typer.Exit:
    console.print(f"[red]error:[/] {exc}")
    return typer.Exit(EXIT_BAD_INPUT)


def export_command(
    plan: Path = PLAN_ARG,
    out: Path = typer.Option(..., "--out", help="File to write."),
    fmt: str | None = typer.Option(
        None, "--format", help="gpkg|geojson|shp|kml|csv|xlsx (default: from --out)."
    ),
    dissolve: bool = typer.Option(False, help="One polygon per territory with its totals."),
    units: Path | None = UNITS_OPT,
    reps: Path | None = REPS_OPT,
    balance: str = BALANCE_OPT,
    tolerance: str = TOLERANCE_OPT,
    id_column: str = ID_OPT,
) -> None:
    """Write the plan for QGIS, Google Earth or Excel (units, or territories with --dissolve)."""
    from territory.export import export_plan

    try:
        pf = _open(plan, units, reps, balance, tolerance, id_column)
        written = export_plan(pf, out, fmt, dissolve)
    except TerritoryInputError as exc:
        raise _fail(exc) from None
    level = f"{pf.plan.k} territories" if dissolve else f"{len(pf.plan.units)} units"
    console.print(f"wrote {level} to {written}")


def map_command(
    plan: Path = PLAN_ARG,
    out: Path = typer.Option(..., "--out", help="map.png|svg|pdf (print) or map.html."),
    measure: str | None = typer.Option(
        None, help="Add a bar chart of this measure's totals vs target (static maps)."
    ),
    title: str | None = typer.Option(None, help="Map title."),
    tiles: str = typer.Option("osm", help="Base map of the HTML map: osm, light or none."),
    units: Path | None = UNITS_OPT,
    reps: Path | None = REPS_OPT,
    balance: str = BALANCE_OPT,
    tolerance: str = TOLERANCE_OPT,
    id_column: str = ID_OPT,
) -> None:
    """Draw the plan: a printable A4 map, or one self-contained interactive HTML page."""
    try:
        pf = _open(plan, units, reps, balance, tolerance, id_column)
        if out.suffix.lower() == ".html":
            from territory.maps.interactive import TILES, build_map, save_html

            if measure:
                console.print(
                    "[dim]note: --measure draws a chart on printed maps; the HTML "
                    "tooltips already show every measure[/]"
                )
            if tiles not in TILES:
                raise TerritoryInputError(f"--tiles {tiles!r}: choose {', '.join(TILES)}")
            written = save_html(build_map(pf, tiles=tiles, title=title), out)
        else:
            from territory.maps.static import check_figure_path, draw_map, save_figure

            check_figure_path(out)
            written = save_figure(draw_map(pf, measure=measure, title=title), out)
    except TerritoryInputError as exc:
        raise _fail(exc) from None
    console.print(f"map of {pf.plan.k} territories written to {written}")


def diff_command(
    old: Path = typer.Argument(..., metavar="OLD", help="The plan before the rebalance."),
    new: Path = typer.Argument(..., metavar="NEW", help="The plan after it."),
    out: Path = typer.Option(..., "--out", help="changes.png|svg|pdf or changes.html"),
    moves_csv: Path | None = typer.Option(None, "--moves", help="Also write every move as CSV."),
    title: str | None = typer.Option(None, help="Map title."),
    tiles: str = typer.Option("osm", help="Base map of the HTML map: osm, light or none."),
    units: Path | None = UNITS_OPT,
    reps: Path | None = REPS_OPT,
    balance: str = BALANCE_OPT,
    tolerance: str = TOLERANCE_OPT,
    id_column: str = ID_OPT,
) -> None:
    """Show what a rebalance changes: units that change rep, and gains/losses per rep."""
    from territory import metrics
    from territory.export import replacing
    from territory.maps.changes import changes_html, draw_changes, moves_by_rep, open_old_plan

    try:
        pf = _open(new, units, reps, balance, tolerance, id_column)
        before = open_old_plan(old, pf)
        if out.suffix.lower() == ".html":
            with replacing(out) as tmp:
                tmp.write_text(changes_html(pf, before, tiles=tiles, title=title), "utf-8")
        else:
            from territory.maps.static import check_figure_path, save_figure

            check_figure_path(out)
            save_figure(draw_changes(pf, before, title=title), out)
    except TerritoryInputError as exc:
        raise _fail(exc) from None
    moved = metrics.moves(pf.plan, before)
    summary = moves_by_rep(pf.plan, before)
    table = Table(title=f"{len(moved)} of {len(pf.plan.units)} units change rep")
    for name in ("rep", "units +", "units -", *[f"{m} net" for m in pf.plan.balance]):
        table.add_column(name, justify="left" if name == "rep" else "right")
    for _, row in summary.iterrows():
        table.add_row(
            str(row["rep_id"]),
            str(row["units_gained"]),
            str(row["units_lost"]),
            *[f"{row[f'{m}_net']:+,.0f}" for m in pf.plan.balance],
        )
    console.print(table)
    if moves_csv is not None:
        with replacing(moves_csv) as tmp:
            moved.to_csv(tmp, index=False)
        console.print(f"moves listed in {moves_csv}")
    console.print(f"change map written to {out}")


def report_command(
    plan: Path = PLAN_ARG,
    fmt: str = typer.Option("table", "--format", help="table (terminal), csv or xlsx."),
    out: Path | None = typer.Option(None, "--out", help="File for csv/xlsx (csv: else stdout)."),
    units: Path | None = UNITS_OPT,
    reps: Path | None = REPS_OPT,
    balance: str = BALANCE_OPT,
    tolerance: str = TOLERANCE_OPT,
    id_column: str = ID_OPT,
) -> None:
    """Per territory: totals, target, deviation, pieces and compactness."""
    from territory.report import write_report

    try:
        pf = _open(plan, units, reps, balance, tolerance, id_column)
        result = write_report(pf, fmt, out)
    except TerritoryInputError as exc:
        raise _fail(exc) from None
    if isinstance(result, Table):
        console.print(result)
    elif out is None:
        typer.echo(result.to_csv(index=False), nl=False)
    else:
        console.print(f"balance report written to {out}")


def add_commands(group: typer.Typer) -> None:
    group.command("export")(export_command)
    group.command("map")(map_command)
    group.command("diff")(diff_command)
    group.command("report")(report_command)
