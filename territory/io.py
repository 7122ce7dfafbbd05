"""Reading units, plans and locks from the files sales-ops teams have; writing plans back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import Delaunay

from territory.errors import MissingColumn, TerritoryInputError, UnknownUnit, UnsupportedFormat
from territory.reps import Reps
from territory.units import DEFAULT_MEASURES, Units, project, units_from_frame

POLYGON_FORMATS = (".gpkg", ".geojson", ".json", ".parquet", ".geoparquet", ".zip", ".shp")
LAT_NAMES = ("lat", "latitude")
LON_NAMES = ("lon", "lng", "long", "longitude")


def read_geo(path: Path | str, crs: str | None = None) -> gpd.GeoDataFrame:
    """Any polygon file we accept, as a GeoDataFrame (CRS overridden only when asked)."""
    path = Path(path)
    if not path.exists():
        raise TerritoryInputError(f"file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".geoparquet"):
        gdf = gpd.read_parquet(path)
    elif suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            shps = [n for n in z.namelist() if n.lower().endswith(".shp")]
        if not shps:
            raise UnsupportedFormat(f"{path} holds no .shp file; zip the whole shapefile")
        gdf = gpd.read_file(f"zip://{path.resolve()}!{shps[0]}")
    elif suffix in POLYGON_FORMATS:
        gdf = gpd.read_file(path)
    else:
        raise UnsupportedFormat(
            f"cannot read {path.name}: use GeoPackage, GeoJSON, GeoParquet, a zipped "
            "Shapefile, or a CSV of points with latitude/longitude"
        )
    if crs:
        gdf = gdf.set_crs(crs, allow_override=True)
    return gdf


def _find(df: pd.DataFrame, names: tuple[str, ...], source: str) -> str:
    for c in df.columns:
        if str(c).lower() in names:
            return str(c)
    raise MissingColumn(source, names[0], [str(c) for c in df.columns])


def voronoi_units(
    points: pd.DataFrame,
    boundary: gpd.GeoDataFrame | None,
    notes: list[str],
    source: str = "points",
) -> tuple[gpd.GeoDataFrame, list[list[int]]]:
    """Voronoi cells around lat/lon points, clipped to the boundary, plus their adjacency.

    Adjacency comes from the Delaunay triangulation (cells that share an edge) and is kept only
    where the clipped cells still touch, so a bay or a border does not join two shores.
    """
    lat = pd.to_numeric(points[_find(points, LAT_NAMES, source)], errors="coerce")
    lon = pd.to_numeric(points[_find(points, LON_NAMES, source)], errors="coerce")
    bad = lat.isna() | lon.isna() | (lat.abs() > 90) | (lon.abs() > 180)
    if bad.any():
        raise TerritoryInputError(
            f"{source}: {int(bad.sum())} rows have missing or invalid lat/lon "
            f"(rows {points.index[bad].tolist()[:5]})"
        )
    gdf = gpd.GeoDataFrame(points.copy(), geometry=gpd.points_from_xy(lon, lat), crs=4326)
    gdf = project(gdf, notes, source)
    xy = np.column_stack([gdf.geometry.x, gdf.geometry.y])
    if len(np.unique(xy, axis=0)) < len(xy):
        xy = xy + np.random.default_rng(0).uniform(-1, 1, xy.shape)  # 1 m apart, still distinct
        gdf = gdf.set_geometry(gpd.points_from_xy(xy[:, 0], xy[:, 1], crs=gdf.crs))
        notes.append(f"{source}: some points share a location; nudged them 1 m apart")
    span = float(np.ptp(xy, axis=0).max()) or 1.0
    frame = shapely.box(*(xy.min(axis=0) - span), *(xy.max(axis=0) + span))
    cells = shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=frame, ordered=True)
    cells = np.asarray(shapely.get_parts(cells))
    if boundary is not None:
        clip = shapely.union_all(project(boundary, [], "boundary").to_crs(gdf.crs).geometry.values)
        clipped = shapely.intersection(cells, clip)
        empty = shapely.is_empty(clipped) | (shapely.area(clipped) <= 0)
        if empty.any():
            # a point outside the boundary keeps a small cell and becomes an island
            clipped[empty] = shapely.buffer(shapely.points(xy[empty]), 500.0)
            notes.append(
                f"{source}: {int(empty.sum())} points lie outside the boundary; kept as 500 m cells"
            )
        cells = clipped
    gdf = gdf.set_geometry(gpd.GeoSeries(cells, crs=gdf.crs))
    tri = Delaunay(xy)
    a = np.concatenate([tri.simplices[:, 0], tri.simplices[:, 1], tri.simplices[:, 2]])
    b = np.concatenate([tri.simplices[:, 1], tri.simplices[:, 2], tri.simplices[:, 0]])
    edges = np.unique(np.sort(np.column_stack([a, b]), axis=1), axis=0)
    if boundary is not None:
        shared = shapely.intersection(
            shapely.boundary(cells[edges[:, 0]]), shapely.boundary(cells[edges[:, 1]])
        )
        edges = edges[shapely.length(shared) > 1e-6]
    adjacency: list[list[int]] = [[] for _ in range(len(xy))]
    for i, j in edges.tolist():
        adjacency[i].append(j)
        adjacency[j].append(i)
    return gdf, adjacency


def read_units(
    path: Path | str,
    *,
    id_column: str = "unit_id",
    measures: tuple[str, ...] = DEFAULT_MEASURES,
    boundary: Path | str | None = None,
    crs: str | None = None,
) -> Units:
    """Units from a polygon file, or from a CSV of points (Voronoi cells, optionally clipped)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        if not path.exists():
            raise TerritoryInputError(f"file not found: {path}")
        points = pd.read_csv(path, dtype={id_column: str})
        if id_column not in points.columns:
            raise MissingColumn(f"units file {path}", id_column, list(points.columns))
        notes: list[str] = []
        for name in measures:  # fail before the slow geometry work
            if name not in points.columns:
                raise MissingColumn(f"units file {path}", name, list(points.columns))
        bnd = read_geo(boundary) if boundary else None
        gdf, adjacency = voronoi_units(points, bnd, notes, f"units file {path.name}")
        return units_from_frame(
            gdf,
            id_column=id_column,
            measures=measures,
            source=f"units file {path}",
            adjacency=adjacency,
            notes=notes,
        )
    gdf = read_geo(path, crs)
    return units_from_frame(
        gdf, id_column=id_column, measures=measures, source=f"units file {path}"
    )


def read_assignment(path: Path | str, units: Units, what: str = "plan") -> dict[str, str]:
    """`unit_id -> rep_id` from any table with `unit_id` and `rep_id` (or `territory`)."""
    path = Path(path)
    if not path.exists():
        raise TerritoryInputError(f"{what} file not found: {path}")
    if path.suffix.lower() == ".csv":
        df = pd.read_csv(path, dtype=str)
    else:
        df = pd.DataFrame(read_geo(path).drop(columns="geometry"))
    if "unit_id" not in df.columns:
        raise MissingColumn(f"{what} file {path}", "unit_id", [str(c) for c in df.columns])
    rep_col = "rep_id" if "rep_id" in df.columns else "territory"
    if rep_col not in df.columns:
        raise MissingColumn(f"{what} file {path}", "rep_id", [str(c) for c in df.columns])
    df = df.dropna(subset=["unit_id"])
    uids = df["unit_id"].astype(str).str.strip()
    reps = df[rep_col].astype(str).str.strip()
    dup = uids[uids.duplicated()]
    if len(dup):
        raise TerritoryInputError(f"{what} file {path} lists units twice: {sorted(set(dup))[:10]}")
    known = set(units.ids.tolist())
    unknown = sorted(set(uids) - known)
    if unknown:
        raise UnknownUnit(
            f"{what} file {path} names {len(unknown)} units not in the units file: {unknown[:10]}"
        )
    return dict(zip(uids, reps, strict=False))


def reps_in_plan_file(path: Path | str) -> Reps | None:
    """Reps with their target shares, when the plan file carries them (ours do)."""
    path = Path(path)
    df = pd.read_csv(path, dtype=str) if path.suffix.lower() == ".csv" else read_geo(path)
    if "rep_id" not in df.columns or "target_share" not in df.columns:
        return None
    shares = df.groupby(df["rep_id"].astype(str))["target_share"].first()
    ids = tuple(sorted(shares.index, key=lambda s: (len(s), s)))
    return Reps(ids, ids, tuple(float(shares[r]) for r in ids), (None,) * len(ids))


def write_plan(plan: object, path: Path | str) -> Path:
    """GeoPackage/GeoJSON/GeoParquet with geometry, or `.csv` with the assignment only."""
    from territory.plan import Plan

    assert isinstance(plan, Plan)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = plan.to_frame()
    for j, name in enumerate(plan.units.measure_names):  # maps/exports open the file alone
        table[name] = plan.units.measures[:, j]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table.to_csv(path, index=False)
        return path
    if plan.units.geometry is None:
        raise UnsupportedFormat("this plan has no geometry; write it as .csv")
    gdf = gpd.GeoDataFrame(table, geometry=plan.units.geometry.values, crs=plan.units.geometry.crs)
    if suffix in (".parquet", ".geoparquet"):
        gdf.to_parquet(path)
    elif suffix == ".gpkg":
        gdf.to_file(path, driver="GPKG", layer="plan")
    elif suffix in (".geojson", ".json"):
        gdf.to_crs(4326).to_file(path, driver="GeoJSON")
    else:
        raise UnsupportedFormat(f"cannot write {path.name}: use .gpkg, .geojson, .parquet or .csv")
    return path
