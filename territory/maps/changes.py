"""What a rebalance changes, drawn for the people who approve it.

Units that change rep are drawn in full colour with a red outline and `from -> to`; the rest
are faded. Beside the map, per rep: units and measures gained and lost. The per-unit list is
`metrics.moves`; this module only summarises and draws it.
"""

from __future__ import annotations

import html
from pathlib import Path

import folium
import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from territory import metrics
from territory.errors import TerritoryInputError
from territory.io import read_assignment, reps_in_plan_file
from territory.layers import dissolve
from territory.maps.colours import territory_colours
from territory.maps.interactive import TILES, TOOLTIP_STYLE, _geojson, number
from territory.maps.static import A4_LANDSCAPE, HALO
from territory.plan import Plan
from territory.planfile import PlanFile

MOVED_EDGE = "#d62728"


def open_old_plan(path: Path | str, new: PlanFile) -> Plan:
    """The plan before the rebalance, over the new plan's units (so unit order matches)."""
    units = new.plan.units
    mapping = read_assignment(path, units, "old plan")
    missing = [u for u in units.ids if u not in mapping]
    if missing:
        raise TerritoryInputError(
            f"old plan {Path(path).name} has no rep for {len(missing)} units of the new plan: "
            f"{missing[:10]}; both plans must cover the same units"
        )
    reps = new.plan.reps
    if not set(mapping.values()) <= set(reps.ids):  # a rep who left: take the file's reps
        reps = reps_in_plan_file(path)
    return Plan.from_mapping(
        units, mapping, reps, balance=new.plan.balance, tolerance=new.plan.tolerance
    )


def moves_by_rep(new: Plan, old: Plan) -> pd.DataFrame:
    """Per rep: units and each measure gained and lost, and the net change."""
    moved = metrics.moves(new, old)
    reps = list(dict.fromkeys([*old.reps.ids, *new.reps.ids]))
    rows = []
    for rep in reps:
        gained, lost = moved[moved["to_rep"] == rep], moved[moved["from_rep"] == rep]
        row: dict[str, object] = {
            "rep_id": rep,
            "units_gained": len(gained),
            "units_lost": len(lost),
        }
        for m in new.units.measure_names:
            row[f"{m}_gained"] = float(gained[m].sum())
            row[f"{m}_lost"] = float(lost[m].sum())
            row[f"{m}_net"] = float(gained[m].sum() - lost[m].sum())
        rows.append(row)
    return pd.DataFrame(rows)


def _headline(moved: pd.DataFrame, new: Plan, old: Plan) -> str:
    share = metrics.disruption(new, old)
    parts = ", ".join(f"{m} {share[m]:.1%}" for m in new.units.measure_names)
    return f"{len(moved)} of {len(new.units)} units change rep ({parts} of the business)"


def draw_changes(new: PlanFile, old: Plan, *, title: str | None = None) -> Figure:
    """The change map with the per-rep table of moves under it."""
    plan = new.plan
    geom = plan.units.geometry
    if geom is None:
        raise TerritoryInputError("the plans have no geometry to draw; pass --units UNITS")
    moved = metrics.moves(plan, old)
    shapes = dissolve(new)
    colours = territory_colours(plan, shapes)
    is_moved = np.isin(plan.units.ids, moved["unit_id"].to_numpy())
    fig = plt.figure(figsize=A4_LANDSCAPE, layout="constrained")
    grid = fig.add_gridspec(2, 1, height_ratios=(2.3, 1))
    ax, table_ax = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
    fills = np.asarray(colours, dtype=object)[plan.assignment]
    units = gpd.GeoSeries(geom.values, crs=geom.crs)
    units[~is_moved].plot(
        ax=ax, color=list(fills[~is_moved]), alpha=0.35, edgecolor="#9a9a9a", linewidth=0.3
    )
    if is_moved.any():
        units[is_moved].plot(
            ax=ax,
            color=list(fills[is_moved]),
            edgecolor=MOVED_EDGE,
            linewidth=1.6,
            hatch="///",
            zorder=3,
        )
    old_shapes = dissolve(PlanFile(old, new.unit_names, new.path))
    old_shapes[~old_shapes.is_empty].boundary.plot(
        ax=ax, color="#555555", linewidth=1.0, linestyle="--", zorder=4
    )
    shapes[~shapes.is_empty].boundary.plot(ax=ax, color="#1a1a1a", linewidth=1.8, zorder=4)
    if 0 < len(moved) <= 60:
        points = units[is_moved].representative_point()
        for (_, row), p in zip(moved.iterrows(), points, strict=True):
            ax.annotate(
                f"{row['from_rep']} → {row['to_rep']}",
                (p.x, p.y),
                ha="center",
                va="center",
                fontsize=7,
                fontweight="bold",
                path_effects=HALO,
                zorder=6,
                gid=f"move-{row['unit_id']}",
            )
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_anchor("N")
    fig.suptitle(title or "Territory changes", fontsize=16, fontweight="bold")
    ax.set_title(
        _headline(moved, plan, old) + "\nred outline: changes rep; dashed: old borders; "
        "solid: new borders",
        fontsize=10,
        color="#444444",
    )
    _moves_table(table_ax, moves_by_rep(plan, old), plan.balance)
    return fig


def _moves_table(ax: plt.Axes, summary: pd.DataFrame, measures: tuple[str, ...]) -> None:
    ax.set_axis_off()
    header = ["rep", "units +", "units -"]
    for m in measures:
        header += [f"{m} +", f"{m} -", f"{m} net"]
    cells = []
    for _, r in summary.iterrows():
        row = [str(r["rep_id"]), str(r["units_gained"]), str(r["units_lost"])]
        for m in measures:
            row += [f"{r[f'{m}_gained']:,.0f}", f"{r[f'{m}_lost']:,.0f}", f"{r[f'{m}_net']:+,.0f}"]
        cells.append(row)
    table = ax.table(cellText=cells, colLabels=header, loc="upper center", cellLoc="right")
    table.auto_set_font_size(False)
    table.set_fontsize(8 if len(cells) <= 12 else 6)
    table.scale(1, 1.2)


def changes_html(new: PlanFile, old: Plan, *, tiles: str = "osm", title: str | None = None) -> str:
    """The interactive change map as one self-contained page (see `interactive`)."""
    from territory.layers import unit_frame
    from territory.maps.offline import make_offline

    plan = new.plan
    moved = metrics.moves(plan, old)
    frame = unit_frame(new)
    shapes = dissolve(new)
    colours = territory_colours(plan, shapes)
    before = np.asarray(old.reps.ids, dtype=object)[old.assignment]
    frame["colour"] = np.asarray(colours, dtype=object)[plan.assignment]
    frame["moved"] = np.isin(frame["unit_id"], moved["unit_id"].astype(str))
    frame["tip"] = [
        f"<b>{html.escape(n)}</b><br>"
        + (f"{html.escape(b)} → {html.escape(a)}" if a != b else f"stays with {html.escape(a)}")
        + "".join(f"<br>{m}: {number(row[m])}" for m in plan.units.measure_names)
        for n, a, b, (_, row) in zip(
            frame["name"], frame["rep_id"], before, frame.iterrows(), strict=True
        )
    ]
    minx, miny, maxx, maxy = frame.to_crs(4326).total_bounds
    m = folium.Map(tiles=None, control_scale=True)
    if TILES.get(tiles):
        folium.TileLayer(TILES[tiles], name="Base map").add_to(m)
    for moved_layer in (False, True):
        part = frame[frame["moved"] == moved_layer]
        if part.empty:
            continue
        folium.GeoJson(
            _geojson(part, ["unit_id", "colour", "tip", "moved"]),
            name="Units that change rep" if moved_layer else "Units that stay",
            style_function=lambda f: {
                "fillColor": f["properties"]["colour"],
                "fillOpacity": 0.9 if f["properties"]["moved"] else 0.3,
                "color": MOVED_EDGE if f["properties"]["moved"] else "#9a9a9a",
                "weight": 3 if f["properties"]["moved"] else 0.6,
            },
            tooltip=folium.GeoJsonTooltip(["tip"], labels=False, style=TOOLTIP_STYLE),
        ).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    summary = moves_by_rep(plan, old)
    table = pd.DataFrame(
        {
            "rep": summary["rep_id"],
            "units": [f"+{g} / -{lo}" for g, lo in zip(summary["units_gained"],
                                                      summary["units_lost"], strict=True)],
            **{f"{x} net": [f"{v:+,.0f}" for v in summary[f"{x}_net"]] for x in plan.balance},
        }
    )  # fmt: skip
    heading = html.escape(title or "Territory changes")
    m.get_root().html.add_child(
        folium.Element(
            "<style>.moves{position:absolute;bottom:60px;left:10px;z-index:1000;"
            "background:white;padding:6px 10px;border-radius:4px;max-width:45%;"
            "box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px sans-serif;max-height:50%;"
            "overflow:auto}.moves table{border-collapse:collapse;margin-top:4px}"
            ".moves td,.moves th{padding:1px 6px;text-align:right;border-bottom:1px solid #ddd}"
            "</style>"
            f"<div class='moves'><b>{heading}</b><br>{html.escape(_headline(moved, plan, old))}"
            "<br><small>red outline: changes rep (hover for from &rarr; to)</small>"
            + table.to_html(index=False, border=0, classes="moves-table", escape=True)
            + "</div>"
        )
    )
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return make_offline(m.get_root().render())
