"""Map and export figures on a large synthetic plan (Voronoi units, K territories).

    python -m benchmarks.territory_maps --units 3000 --reps 25

Baselines, measured in the same run on the same units: a plain geopandas plot of the units
saved as PNG (what any map of them costs), and one `to_file` of the units as GeoPackage.
Printed: seconds per product, its ratio to the baseline, and output sizes.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from territory.export import export_plan  # noqa: E402
from territory.maps.interactive import build_map, save_html  # noqa: E402
from territory.maps.static import draw_map, save_figure  # noqa: E402
from territory.plan import Plan  # noqa: E402
from territory.planfile import PlanFile  # noqa: E402
from territory.reps import Reps  # noqa: E402
from territory.synthetic import rios_mercado  # noqa: E402


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--reps", type=int, default=25)
    args = parser.parse_args()
    units = rios_mercado(args.units, seed=0, side=200_000.0)
    centres = np.random.default_rng(1).uniform(0, 200_000, (args.reps, 2))
    nearest = ((units.xy[:, None] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
    plan = Plan(units, Reps.numbered(args.reps), nearest)
    pf = PlanFile(plan, units.ids, Path("synthetic"))
    out = Path(tempfile.mkdtemp(prefix="bench-maps-"))

    def baseline_plot() -> None:
        fig, ax = plt.subplots(figsize=(11.69, 8.27))
        units.geometry.plot(ax=ax, edgecolor="grey", linewidth=0.3)
        fig.savefig(out / "plain.png", dpi=200)
        plt.close(fig)

    import geopandas as gpd

    plain = gpd.GeoDataFrame({"unit_id": units.ids}, geometry=units.geometry.values)
    base_plot = timed(baseline_plot)
    base_write = timed(lambda: plain.to_file(out / "plain.gpkg", driver="GPKG"))
    rows = [
        ("static map PNG", timed(lambda: save_figure(draw_map(pf), out / "map.png")), base_plot),
        ("static map + chart PDF", timed(
            lambda: save_figure(draw_map(pf, measure="revenue"), out / "map.pdf")), base_plot),
        ("interactive HTML", timed(lambda: save_html(build_map(pf), out / "map.html")), base_plot),
        ("export gpkg (2 layers)", timed(lambda: export_plan(pf, out / "p.gpkg")), base_write),
        ("export kml units", timed(lambda: export_plan(pf, out / "p.kml")), base_write),
        ("export xlsx (2 sheets)", timed(lambda: export_plan(pf, out / "p.xlsx")), base_write),
        ("export shp.zip dissolved", timed(
            lambda: export_plan(pf, out / "p.zip", dissolve=True)), base_write),
    ]  # fmt: skip
    print(f"{args.units} units, {args.reps} territories; output in {out}")
    print(f"baseline: plain PNG plot {base_plot:.2f} s, plain gpkg write {base_write:.2f} s")
    for name, seconds, base in rows:
        print(f"{name:26s} {seconds:7.2f} s  ({seconds / base:5.1f}x baseline)")
    for f in ("map.png", "map.pdf", "map.html", "p.gpkg", "p.kml", "p.xlsx"):
        print(f"{f:10s} {(out / f).stat().st_size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
