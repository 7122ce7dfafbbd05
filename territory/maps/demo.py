"""The demo's map step: the sample plan as a printable PNG and an interactive HTML page.

It maps the plan the demo's planning step wrote (`territory_plan.gpkg` in the output folder);
run on its own, it plans the bundled sample first, briefly.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from rich.console import Console

from territory import sample

PLAN_NAME = "territory_plan.gpkg"
TITLE = "North Carolina sample: sales territories"


def sample_plan(out: Path, seconds: float = 10.0) -> Path:
    """The demo's plan file, made from the bundled sample when no earlier step wrote one."""
    path = out / PLAN_NAME
    if path.exists():
        return path
    from territory.io import read_units, write_plan
    from territory.optimizer import TerritoryOptimizer
    from territory.reps import read_reps

    optimizer = TerritoryOptimizer(
        read_units(sample.UNITS), read_reps(sample.REPS), time_limit=seconds, progress=False
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a near-miss of a tolerance is fine for a demo map
        plan = optimizer.solve()
    return write_plan(plan, path)


def sample_maps(out: Path, console: Console) -> tuple[Path, Path]:
    from territory.maps.interactive import build_map, save_html
    from territory.maps.static import draw_map, save_figure
    from territory.planfile import open_plan

    pf = open_plan(sample_plan(out), units_path=sample.UNITS, reps_path=sample.REPS)
    png = save_figure(draw_map(pf, measure="revenue", title=TITLE), out / "territory_map.png")
    html = save_html(build_map(pf, title=TITLE), out / "territory_map.html")
    console.print(f"territory maps: {png} (print) and {html} (open in a browser)")
    return png, html
