"""The printable map (PNG/SVG/PDF at A4): who covers which area, at a glance.

Fill by territory with neighbour-distinct colours, thin unit borders under bold territory
borders, each territory labelled with its rep, rep homes as stars, a legend and a title;
optionally a bar chart of one measure's totals against target beside the map.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # files only; never needs a display

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from territory.errors import TerritoryInputError, UnsupportedFormat  # noqa: E402
from territory.layers import dissolve, label_points  # noqa: E402
from territory.maps.colours import territory_colours  # noqa: E402
from territory.planfile import PlanFile  # noqa: E402

A4_LANDSCAPE = (11.69, 8.27)
FIGURE_FORMATS = (".png", ".svg", ".pdf")
HALO = [patheffects.withStroke(linewidth=3, foreground="white")]


def rep_homes(pf: PlanFile, crs: object) -> gpd.GeoSeries:
    """Rep homes in `crs`, indexed by rep index (reps without a home are left out)."""
    homes = pf.plan.reps.home_lonlat
    given = [i for i, h in enumerate(homes) if h is not None]
    return gpd.GeoSeries(
        gpd.points_from_xy([homes[i][0] for i in given], [homes[i][1] for i in given]),  # type: ignore[index]
        index=given,
        crs=4326,
    ).to_crs(crs)


def subtitle(pf: PlanFile) -> str:
    plan = pf.plan
    dev = np.abs((plan.loads() - plan.targets()) / np.where(plan.targets() > 0, plan.targets(), 1))
    worst = ", ".join(f"{m} {d:.1%}" for m, d in zip(plan.balance, dev.max(axis=0), strict=True))
    return f"{len(plan.units)} units, {plan.k} reps; largest deviation from target: {worst}"


def draw_map(
    pf: PlanFile,
    *,
    measure: str | None = None,
    title: str | None = None,
    colours: list[str] | None = None,
) -> Figure:
    """The whole figure; `measure` adds the totals-vs-target bar chart on the right."""
    plan = pf.plan
    if measure is not None and measure not in plan.units.measure_names:
        raise TerritoryInputError(
            f"--measure {measure!r} is not a measure of this plan; choose one of "
            f"{', '.join(plan.units.measure_names)}"
        )
    geom = plan.units.geometry
    if geom is None:
        raise TerritoryInputError("this plan has no geometry to draw; pass --units UNITS")
    shapes = dissolve(pf)
    colours = colours or territory_colours(plan, shapes)
    fig = plt.figure(figsize=A4_LANDSCAPE, layout="constrained")
    minx, miny, maxx, maxy = geom.total_bounds
    wide = (maxx - minx) > 1.2 * (maxy - miny)
    legend_ax = bars = None
    if measure and wide:  # a wide region: map across the page, legend and chart below it
        map_height = min(A4_LANDSCAPE[0] * (maxy - miny) / (maxx - minx), 5.0)
        grid = fig.add_gridspec(
            2, 2, height_ratios=(map_height, 7.2 - map_height), width_ratios=(1.1, 1)
        )
        ax = fig.add_subplot(grid[0, :])
        legend_ax, bars = fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])
        legend_ax.set_axis_off()
    elif measure:
        grid = fig.add_gridspec(1, 2, width_ratios=(2.6, 1))
        ax, bars = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
    else:
        ax = fig.add_subplot()
    fills = np.asarray(colours, dtype=object)[plan.assignment]
    gpd.GeoSeries(geom.values, crs=geom.crs).plot(
        ax=ax, color=list(fills), edgecolor="#6b6b6b", linewidth=0.35
    )
    shapes[~shapes.is_empty].boundary.plot(ax=ax, color="#1a1a1a", linewidth=1.8)
    _labels(ax, pf, shapes)
    homes = rep_homes(pf, geom.crs)
    if len(homes):
        ax.scatter(
            homes.x,
            homes.y,
            marker="*",
            s=170,
            c="#c0392b",
            edgecolors="white",
            linewidths=0.9,
            zorder=5,
        )
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_anchor("N")
    scale_bar(ax, maxx - minx, (minx, miny - 0.04 * (maxy - miny)))
    _legend(legend_ax or ax, pf, colours, bool(len(homes)), below=legend_ax is None)
    fig.suptitle(title or f"Sales territories: {plan.k} reps", fontsize=16, fontweight="bold")
    ax.set_title(subtitle(pf), fontsize=10, color="#444444")
    if bars is not None and measure is not None:
        draw_totals(bars, pf, measure, colours)
    return fig


def _labels(ax: plt.Axes, pf: PlanFile, shapes: gpd.GeoSeries) -> None:
    size = 10 if pf.plan.k <= 12 else 8 if pf.plan.k <= 30 else 6
    for k, point in enumerate(label_points(shapes)):
        if point is None:
            continue
        rep_id, name = pf.plan.reps.ids[k], pf.plan.reps.names[k]
        text = rep_id if not name or name == rep_id else f"{rep_id}\n{name}"
        ax.annotate(
            text,
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize=size,
            fontweight="bold",
            path_effects=HALO,
            zorder=6,
            gid=f"label-{rep_id}",
        )


def _legend(ax: plt.Axes, pf: PlanFile, colours: list[str], homes: bool, below: bool) -> None:
    counts = np.bincount(pf.plan.assignment, minlength=pf.plan.k)
    handles: list[Patch | Line2D] = [
        Patch(facecolor=c, edgecolor="#1a1a1a", label=f"{label} ({n} units)")
        for c, label, n in zip(colours, pf.rep_labels, counts, strict=True)
    ]
    if homes:
        handles.append(
            Line2D(
                [],
                [],
                marker="*",
                color="#c0392b",
                markeredgecolor="white",
                markersize=13,
                linestyle="none",
                label="rep home",
            )
        )
    where = dict(loc="upper center", bbox_to_anchor=(0.5, -0.01)) if below else {"loc": "center"}
    ax.legend(
        handles=handles,
        frameon=False,
        ncol=min(3 if below else 2, len(handles)),
        fontsize=9 if pf.plan.k <= 24 else 7,
        **where,
    )


def draw_totals(ax: plt.Axes, pf: PlanFile, measure: str, colours: list[str]) -> None:
    """Horizontal bars of each territory's total with its target as a black tick."""
    plan = pf.plan
    totals = np.bincount(plan.assignment, plan.units.measure(measure), minlength=plan.k)
    targets = plan.reps.shares() * plan.units.measure(measure).sum()
    y = np.arange(plan.k)[::-1]
    ax.barh(y, totals, color=colours, edgecolor="#1a1a1a", linewidth=0.6)
    tick = float(np.clip(2400 / plan.k, 60, 420))
    ax.scatter(targets, y, marker="|", s=tick, c="black", linewidths=2, zorder=3)
    for yi, total, target in zip(y, totals, targets, strict=True):
        dev = (total - target) / target if target else 0.0
        ax.annotate(
            f"{dev:+.1%}",
            (max(total, target), yi),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(y, list(plan.reps.ids))
    ax.set_xlim(0, max(totals.max(), targets.max()) * 1.25)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: _short(v)))
    ax.set_title(f"{measure} per territory (bar: total, |: target)", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)


def scale_bar(ax: plt.Axes, width_m: float, corner: tuple[float, float]) -> None:
    """A bar of a round length (1, 2 or 5 x 10^n km) about a fifth of the map wide."""
    target = width_m / 5 / 1000
    length = max(
        (m * 10**e for e in range(-2, 5) for m in (1, 2, 5) if m * 10**e <= target), default=0.01
    )
    x0, y0 = corner
    ax.plot([x0, x0 + length * 1000], [y0, y0], color="#1a1a1a", linewidth=3,
            solid_capstyle="butt", zorder=7, gid="scale-bar")  # fmt: skip
    ax.annotate(f"{length:g} km", (x0 + length * 500, y0), xytext=(0, 4),
                textcoords="offset points", ha="center", va="bottom", fontsize=8)  # fmt: skip


def _short(value: float) -> str:
    for unit, size in (("M", 1e6), ("k", 1e3)):
        if abs(value) >= size:
            return f"{value / size:g}{unit}"
    return f"{value:g}"


def check_figure_path(out: Path) -> None:
    if out.suffix.lower() not in FIGURE_FORMATS:
        raise UnsupportedFormat(
            f"cannot draw {out.name}: use .png, .svg or .pdf for a printable map, .html for an "
            "interactive one"
        )


def save_figure(fig: Figure, out: Path) -> Path:
    """Write PNG (200 dpi), SVG or PDF by the file's suffix."""
    from territory.export import replacing

    check_figure_path(out)
    try:
        with replacing(out) as tmp:
            fig.savefig(tmp, dpi=200 if out.suffix.lower() == ".png" else None)
    finally:
        plt.close(fig)
    return out
