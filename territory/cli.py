"""`salesops territory ...`: plan and score territories from files.

`territory_app` is the group; other modules (maps, export) add their commands to it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from territory import metrics
from territory.errors import TerritoryInputError, TimeLimitReached, TolerancesNotMet
from territory.io import read_assignment, read_units, reps_in_plan_file, write_plan
from territory.plan import Plan, tolerance_map
from territory.reps import read_reps

territory_app = typer.Typer(
    name="territory",
    help="Balanced, contiguous, compact sales territories; scoring of any plan.",
    no_args_is_help=True,
)
console = Console()

EXIT_BAD_INPUT = 2
EXIT_TOLERANCE_NOT_MET = 3


def parse_balance(text: str) -> tuple[str, ...]:
    names = tuple(m.strip() for m in text.split(",") if m.strip())
    if not names:
        raise TerritoryInputError("--balance needs at least one measure column")
    return names


def parse_tolerance(text: str, balance: tuple[str, ...]) -> dict[str, float]:
    """`0.05` for all measures, or `0.05,revenue=0.03` to override one."""
    default, per = 0.05, {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, _, value = part.rpartition("=")
        try:
            number = float(value)
        except ValueError:
            raise TerritoryInputError(
                f"--tolerance {text!r}: {value!r} is not a number; use e.g. 0.05,revenue=0.03"
            ) from None
        if name:
            per[name.strip()] = number
        else:
            default = number
    return dict(tolerance_map(balance, {**{m: default for m in balance}, **per}))


def print_plan(plan: Plan, current: Plan | None = None) -> None:
    """The metrics table: deviation per measure, pieces and compactness per territory."""
    scored = metrics.territory_table(plan)
    table = Table(title=f"{plan.k} territories (deviation from target)")
    for name in ("rep", "units", *plan.balance, "pieces", "disp km²"):
        table.add_column(name, justify="left" if name == "rep" else "right")
    if "polsby_popper" in scored:
        table.add_column("Polsby-Popper", justify="right")
    for _, row in scored.iterrows():
        cells = [str(row["rep_id"]), str(row["units"])]
        for m in plan.balance:
            dev = row[f"{m}_dev"]
            bad = abs(dev) > plan.tolerance[m] + 1e-9
            cells.append(f"[red]{dev:+.1%}[/]" if bad else f"{dev:+.1%}")
        cells += [str(row["pieces"]), f"{row['dispersion_km2']:,.0f}"]
        if "polsby_popper" in scored:
            cells.append(f"{row['polsby_popper']:.3f}")
        table.add_row(*cells)
    console.print(table)
    summary = metrics.summary(plan, current)
    parts = [f"max deviation {m} {summary[f'max_dev_{m}']:.1%}" for m in plan.balance]
    parts.append(f"territories in pieces {int(summary['territories_in_pieces'])}")
    if "mean_polsby_popper" in summary:
        parts.append(f"mean Polsby-Popper {summary['mean_polsby_popper']:.3f}")
    console.print("; ".join(parts))
    if current is not None:
        changed = metrics.disruption(plan, current)
        console.print("changed rep: " + ", ".join(f"{k} {v:.1%}" for k, v in changed.items()))


def _fail(exc: Exception) -> typer.Exit:
    console.print(f"[red]error:[/] {exc}")
    return typer.Exit(EXIT_BAD_INPUT)


@territory_app.command("plan")
def plan_command(
    units_path: Path = typer.Argument(..., metavar="UNITS", help="Polygons or a points CSV."),
    reps_path: Path = typer.Option(..., "--reps", help="CSV rep_id,name[,lat,lon][,target_share]"),
    out: Path = typer.Option(..., "--out", help="Plan file: .gpkg/.geojson/.parquet or .csv"),
    balance: str = typer.Option("leads,revenue,workload", help="Measure columns to balance."),
    tolerance: str = typer.Option("0.05", help="Allowed deviation, e.g. 0.05,revenue=0.03"),
    current: Path | None = typer.Option(None, help="Current plan (unit_id,rep_id): rebalance."),
    locks: Path | None = typer.Option(None, help="Units that must stay: unit_id,rep_id."),
    time_limit: float = typer.Option(
        60.0,
        "--time-limit",
        help="Seconds allowed: buys a fixed amount of search, so a seed gives the same plan "
        "on a busy machine (the limit itself is a safety net).",
    ),
    seed: int = typer.Option(0, help="Same seed, same inputs: same plan."),
    starts: int = typer.Option(3, help="Independent starts to try (more = better, slower)."),
    id_column: str = typer.Option("unit_id", help="Column holding the unit id."),
    boundary: Path | None = typer.Option(None, help="Clip Voronoi cells of points to this."),
    crs: str | None = typer.Option(None, help="CRS of UNITS when the file lacks one."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
) -> None:
    """Make a plan; exit code 3 means a tolerance could not be met (best plan still written)."""
    from territory.optimizer import TerritoryOptimizer

    try:
        measures = parse_balance(balance)
        tol = parse_tolerance(tolerance, measures)
        units = read_units(
            units_path, id_column=id_column, measures=measures, boundary=boundary, crs=crs
        )
        reps = read_reps(reps_path)
        now = read_assignment(current, units, "current plan") if current else None
        locked = read_assignment(locks, units, "locks") if locks else None
        optimizer = TerritoryOptimizer(
            units,
            reps,
            balance=measures,
            tolerance=tol,
            current=now,
            locks=locked,
            time_limit=time_limit,
            seed=seed,
            starts=starts,
            progress=progress,
        )
    except TerritoryInputError as exc:
        raise _fail(exc) from None
    for note in (*units.notes, *optimizer.notes):
        console.print(f"[dim]note: {note}[/]")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TolerancesNotMet)
        warnings.simplefilter("always", TimeLimitReached)
        plan = optimizer.solve()
    write_plan(plan, out)
    before = optimizer.current_plan()
    print_plan(plan, before)
    if before is not None:
        moved = metrics.moves(plan, before)
        moves_path = out.with_name(out.stem + ".moves.csv")
        moved.to_csv(moves_path, index=False)
        console.print(f"{len(moved)} units change rep; list in {moves_path}")
    console.print(f"plan written to {out}")
    for late in (w for w in caught if issubclass(w.category, TimeLimitReached)):
        console.print(f"[yellow]warning:[/] {late.message}")
    missed = [w for w in caught if issubclass(w.category, TolerancesNotMet)]
    if missed:
        console.print(f"[yellow]warning:[/] {missed[0].message}")
        raise typer.Exit(EXIT_TOLERANCE_NOT_MET)


@territory_app.command("score")
def score_command(
    units_path: Path = typer.Argument(..., metavar="UNITS"),
    plan_path: Path = typer.Argument(
        ..., metavar="PLAN", help="Any table with unit_id and rep_id (or territory)."
    ),
    reps_path: Path | None = typer.Option(None, "--reps", help="For target shares and order."),
    current: Path | None = typer.Option(None, help="Compare with this plan (disruption)."),
    balance: str = typer.Option("leads,revenue,workload"),
    tolerance: str = typer.Option("0.05"),
    id_column: str = typer.Option("unit_id"),
    boundary: Path | None = typer.Option(None),
    crs: str | None = typer.Option(None),
) -> None:
    """Score any plan: balance, pieces, compactness and, against a current plan, disruption."""
    try:
        measures = parse_balance(balance)
        tol = parse_tolerance(tolerance, measures)
        units = read_units(
            units_path, id_column=id_column, measures=measures, boundary=boundary, crs=crs
        )
        reps = read_reps(reps_path) if reps_path else reps_in_plan_file(plan_path)
        plan = Plan.from_mapping(
            units, read_assignment(plan_path, units), reps, balance=measures, tolerance=tol
        )
        before = (
            Plan.from_mapping(
                units,
                read_assignment(current, units, "current plan"),
                balance=measures,
                tolerance=tol,
            )
            if current
            else None
        )
    except TerritoryInputError as exc:
        raise _fail(exc) from None
    print_plan(plan, before)


def register(root: typer.Typer) -> None:
    from territory.maps_cli import add_commands  # export, map, diff, report

    add_commands(territory_app)
    root.add_typer(territory_app, name="territory")
