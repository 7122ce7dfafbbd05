"""The two levels planners look at: units with their rep, and territories with their totals.

Exports, maps and the balance report all draw from these two frames, so a number in the
spreadsheet, the tooltip and the terminal is the same number.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from territory import metrics
from territory.planfile import PlanFile


def unit_frame(pf: PlanFile) -> gpd.GeoDataFrame:
    """One row per unit: id, name, rep, territory number, every measure, area, geometry."""
    plan = pf.plan
    units = plan.units
    if units.geometry is None:
        raise ValueError("these units have no geometry")
    reps = plan.reps
    frame = pd.DataFrame(
        {
            "unit_id": units.ids.astype(str),
            "name": pf.unit_names.astype(str),
            "rep_id": np.asarray(reps.ids, dtype=object)[plan.assignment],
            "rep_name": np.asarray(reps.names, dtype=object)[plan.assignment],
            "territory": plan.assignment + 1,
        }
    )
    for j, m in enumerate(units.measure_names):
        frame[m] = units.measures[:, j]
    frame["area_km2"] = units.areas() / 1e6
    return gpd.GeoDataFrame(frame, geometry=units.geometry.values, crs=units.geometry.crs)


def dissolve(pf: PlanFile) -> gpd.GeoSeries:
    """One (multi)polygon per territory, indexed 0..K-1 (empty for a rep with no units)."""
    geom = pf.plan.units.geometry
    if geom is None:
        raise ValueError("these units have no geometry")
    shapes = []
    for k in range(pf.plan.k):
        parts = geom.values[pf.plan.assignment == k]
        merged = shapely.union_all(parts) if len(parts) else shapely.Polygon()
        shapes.append(shapely.make_valid(merged) if not merged.is_valid else merged)
    return gpd.GeoSeries(shapes, crs=geom.crs)


def territory_frame(pf: PlanFile) -> gpd.GeoDataFrame:
    """One row per territory: rep, units, totals, targets, deviations, pieces, compactness."""
    plan = pf.plan
    table = metrics.territory_table(plan)
    table.insert(0, "territory", np.arange(1, plan.k + 1))
    table.insert(2, "rep_name", list(plan.reps.names))
    table.insert(3, "target_share", list(plan.reps.target_share))
    others = [m for m in plan.units.measure_names if m not in plan.balance]
    for m in others:  # measures shown but not balanced still get their totals
        table[m] = np.bincount(plan.assignment, plan.units.measure(m), minlength=plan.k)
    shapes = dissolve(pf)
    table["area_km2"] = shapes.area.to_numpy() / 1e6
    return gpd.GeoDataFrame(table, geometry=shapes.values, crs=shapes.crs)


def label_points(shapes: gpd.GeoSeries) -> list[shapely.Point | None]:
    """Where a territory's label goes: the deepest point of its largest piece."""
    from shapely.ops import polylabel

    out: list[shapely.Point | None] = []
    for shape in shapes:
        if shape is None or shape.is_empty:
            out.append(None)
            continue
        parts = [p for p in shapely.get_parts(shape) if p.geom_type == "Polygon"]
        if not parts:
            out.append(shape.representative_point())
            continue
        largest = max(parts, key=lambda p: p.area)
        tolerance = max(np.sqrt(largest.area) / 200, 1e-9)
        out.append(polylabel(largest, tolerance=tolerance))
    return out
