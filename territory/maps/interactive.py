"""The interactive map: one self-contained HTML page planners can email around.

Layers, bottom to top, each in its own Leaflet pane so the order never changes:
territories (one filled path each, with the territory's tooltip), units (thin borders; hover
shows the territory's figures, a click the unit's own), bold territory borders, rep homes.
Every script is inlined (see `offline`), so without a network the page still draws every
territory; only the base-map tiles stay blank.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from territory.layers import label_points, territory_frame, unit_frame
from territory.maps.colours import territory_colours
from territory.maps.offline import make_offline
from territory.maps.static import rep_homes, subtitle
from territory.planfile import PlanFile

TILES = {"osm": "OpenStreetMap", "light": "CartoDB positron", "none": None}
TOOLTIP_STYLE = "font-size: 13px; padding: 6px 8px;"


def number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def territory_tooltips(pf: PlanFile, table: pd.DataFrame) -> list[str]:
    """Per territory: rep, units, and each balanced measure with its deviation from target."""
    out = []
    for _, row in table.iterrows():
        lines = [f"<b>{html.escape(str(row['rep_id']))}</b> {html.escape(str(row['rep_name']))}"]
        lines.append(f"{int(row['units'])} units")
        for m in pf.plan.balance:
            lines.append(
                f"{html.escape(m)}: {number(row[m])} "
                f"(<span class='dev'>{row[f'{m}_dev']:+.1%}</span> vs target "
                f"{number(row[f'{m}_target'])})"
            )
        out.append("<br>".join(lines))
    return out


def unit_popups(pf: PlanFile, units: pd.DataFrame) -> list[str]:
    out = []
    for _, row in units.iterrows():
        lines = [f"<b>{html.escape(str(row['name']))}</b> ({html.escape(str(row['unit_id']))})"]
        lines.append(f"rep: {html.escape(str(row['rep_id']))} {html.escape(str(row['rep_name']))}")
        lines += [f"{html.escape(m)}: {number(row[m])}" for m in pf.plan.units.measure_names]
        out.append("<br>".join(lines))
    return out


def _geojson(frame: gpd.GeoDataFrame, columns: list[str]) -> dict:
    return json.loads(frame[[*columns, "geometry"]].to_crs(4326).to_json(drop_id=True))


def build_map(pf: PlanFile, *, tiles: str = "osm", title: str | None = None) -> folium.Map:
    plan = pf.plan
    terr = territory_frame(pf)
    units = unit_frame(pf)
    colours = territory_colours(plan, terr.geometry)
    terr["colour"] = colours
    terr["tip"] = territory_tooltips(pf, terr)
    units["colour"] = np.asarray(colours, dtype=object)[plan.assignment]
    units["tip"] = [
        f"{html.escape(str(n))}<br>{terr['tip'].iloc[k]}"
        for n, k in zip(units["name"], plan.assignment, strict=True)
    ]
    units["info"] = unit_popups(pf, units)
    minx, miny, maxx, maxy = terr.to_crs(4326).total_bounds
    m = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    if TILES.get(tiles):
        folium.TileLayer(TILES[tiles], name="Base map").add_to(m)
    for name, z in (("territories", 410), ("units", 420), ("borders", 430)):
        folium.map.CustomPane(name, z_index=z, pointer_events=name != "borders").add_to(m)
    drawn = terr[~terr.geometry.is_empty]

    territories = folium.FeatureGroup(name="Territories").add_to(m)
    folium.GeoJson(
        _geojson(drawn, ["rep_id", "colour", "tip"]),
        pane="territories",
        style_function=lambda f: {
            "fillColor": f["properties"]["colour"],
            "fillOpacity": 0.75,
            "color": "#1a1a1a",
            "weight": 0.5,
        },
        tooltip=folium.GeoJsonTooltip(["tip"], labels=False, style=TOOLTIP_STYLE),
    ).add_to(territories)
    unit_layer = folium.FeatureGroup(name="Units").add_to(m)
    folium.GeoJson(
        _geojson(units, ["unit_id", "name", "colour", "tip", "info"]),
        pane="units",
        style_function=lambda f: {"fillOpacity": 0.0, "color": "#6b6b6b", "weight": 0.6},
        highlight_function=lambda f: {"fillOpacity": 0.25, "fillColor": "#000000"},
        tooltip=folium.GeoJsonTooltip(["tip"], labels=False, style=TOOLTIP_STYLE),
        popup=folium.GeoJsonPopup(["info"], labels=False),
    ).add_to(unit_layer)
    folium.GeoJson(
        _geojson(drawn, ["rep_id"]),
        pane="borders",
        interactive=False,
        style_function=lambda f: {"fill": False, "color": "#1a1a1a", "weight": 3},
    ).add_to(territories)
    _labels_and_homes(m, pf, terr)
    folium.LayerControl(collapsed=False).add_to(m)
    _title_and_legend(m, pf, title, colours)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


def _labels_and_homes(m: folium.Map, pf: PlanFile, terr: gpd.GeoDataFrame) -> None:
    labels = folium.FeatureGroup(name="Rep labels").add_to(m)
    points = gpd.GeoSeries(
        [p if p is not None else None for p in label_points(terr.geometry)], crs=terr.crs
    ).to_crs(4326)
    for k, p in enumerate(points):
        if p is None or p.is_empty:
            continue
        rep = html.escape(pf.plan.reps.ids[k])
        folium.Marker(
            [p.y, p.x],
            icon=folium.DivIcon(
                html=f"<div class='rep-label'>{rep}</div>", icon_size=(60, 18), icon_anchor=(30, 9)
            ),
            interactive=False,
        ).add_to(labels)
    homes = rep_homes(pf, 4326)
    if not len(homes):
        return
    layer = folium.FeatureGroup(name="Rep homes").add_to(m)
    for k, p in homes.items():
        rep = html.escape(pf.rep_labels[int(k)])
        folium.Marker(
            [p.y, p.x],
            icon=folium.DivIcon(
                html="<div class='rep-home'>&#9733;</div>", icon_size=(22, 22), icon_anchor=(11, 11)
            ),
            tooltip=f"home of {rep}",
        ).add_to(layer)


def _title_and_legend(m: folium.Map, pf: PlanFile, title: str | None, colours: list[str]) -> None:
    rows = "".join(
        f"<div><span class='swatch' style='background:{c}'></span>{html.escape(label)}</div>"
        for c, label in zip(colours, pf.rep_labels, strict=True)
    )
    heading = html.escape(title or f"Sales territories: {pf.plan.k} reps")
    m.get_root().html.add_child(
        folium.Element(
            f"""<style>
.map-title {{position:absolute; top:10px; left:60px; z-index:1000; background:white;
  padding:6px 10px; border-radius:4px; box-shadow:0 1px 4px rgba(0,0,0,.3); font:14px sans-serif}}
.map-legend {{position:absolute; bottom:28px; right:10px; z-index:1000; background:white;
  padding:6px 10px; border-radius:4px; box-shadow:0 1px 4px rgba(0,0,0,.3); font:12px sans-serif;
  max-height:45%; overflow:auto}}
.map-legend .swatch {{display:inline-block; width:14px; height:14px; margin-right:6px;
  border:1px solid #333; vertical-align:middle}}
.rep-label {{font:bold 12px sans-serif; text-align:center; color:#111;
  text-shadow:0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff}}
.map-legend .star {{color:#c0392b}}
.rep-home {{font-size:20px; line-height:22px; text-align:center; color:#c0392b;
  text-shadow:0 0 2px #fff, 0 0 2px #fff}}
</style>
<div class="map-title"><b>{heading}</b><br><small>{html.escape(subtitle(pf))}</small></div>
<div class="map-legend">{rows}<div><span class="star">&#9733;</span> rep home</div></div>"""
        )
    )


def save_html(m: folium.Map, out: Path) -> Path:
    """Write the page with every script and style inlined (offline apart from tiles)."""
    from territory.export import replacing

    page = make_offline(m.get_root().render())
    with replacing(out) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return out
