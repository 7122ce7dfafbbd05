"""Units: the areas territories are built from, validated once where they enter.

A `Units` value holds what the optimizer and the metrics need as plain numpy arrays
(ids, measures, projected centroids, an adjacency list) plus the projected geometry for
areas and maps. Building one repairs what can be repaired (invalid geometry, islands) and
records it in `notes`; everything else is a `TerritoryInputError`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from libpysal.weights import Rook
from pyproj import CRS
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from territory.errors import BadMeasure, DuplicateIds, MissingColumn, MissingCRS, WrongCRS

DEFAULT_MEASURES = ("leads", "revenue", "workload")


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class Units:
    """Immutable set of units with measures, centroids (metres) and rook adjacency (CSR)."""

    ids: np.ndarray  # str ids, as given
    measure_names: tuple[str, ...]
    measures: np.ndarray  # (n, m) float
    xy: np.ndarray  # (n, 2) projected centroids in metres
    indptr: np.ndarray  # adjacency in CSR form, islands already linked
    indices: np.ndarray
    geometry: gpd.GeoSeries | None = field(default=None, compare=False, repr=False)
    notes: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # added edges that join islands to the mainland

    def __len__(self) -> int:
        return len(self.ids)

    def measure(self, name: str) -> np.ndarray:
        return self.measures[:, self.measure_names.index(name)]

    def neighbours(self, i: int) -> np.ndarray:
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def index_of(self) -> dict[str, int]:
        return {uid: i for i, uid in enumerate(self.ids)}

    def areas(self) -> np.ndarray:
        if self.geometry is None:
            raise ValueError("these units have no geometry")
        return self.geometry.area.to_numpy()


def equal_area_crs(gdf: gpd.GeoDataFrame) -> CRS:
    """Lambert azimuthal equal-area centred on the data: true areas, modest distance error."""
    lon0, lat0 = gdf.to_crs(4326).total_bounds.reshape(2, 2).mean(axis=0)
    return CRS.from_proj4(
        f"+proj=laea +lat_0={lat0:.2f} +lon_0={lon0:.2f} +datum=WGS84 +units=m +type=crs"
    )


def _describe(crs: CRS) -> str:
    return f"equal-area CRS ({crs.srs.replace(' +type=crs', '')})"


def _looks_geographic(gdf: gpd.GeoDataFrame) -> bool:
    minx, miny, maxx, maxy = gdf.total_bounds
    return -180.5 <= minx and maxx <= 180.5 and -90.5 <= miny and maxy <= 90.5


def project(gdf: gpd.GeoDataFrame, notes: list[str], source: str = "units") -> gpd.GeoDataFrame:
    """Give the frame a projected CRS in metres (equal-area when it came as lon/lat)."""
    if gdf.crs is None:
        if not _looks_geographic(gdf):
            raise MissingCRS(
                f"{source} have no CRS and the coordinates are not longitude/latitude "
                f"(bounds {np.round(gdf.total_bounds, 1).tolist()}); pass --crs EPSG:XXXX "
                "or save the file with its CRS."
            )
        notes.append(
            f"{source} had no CRS; coordinates look like longitude/latitude, read as EPSG:4326"
        )
        gdf = gdf.set_crs(4326)
    crs = CRS.from_user_input(gdf.crs)
    if crs.is_geographic:
        if not _looks_geographic(gdf):
            raise WrongCRS(
                f"{source} say CRS {crs.name} (degrees) but the coordinates reach "
                f"{np.round(gdf.total_bounds, 1).tolist()}, outside longitude/latitude; "
                "the CRS is wrong: pass the right one with --crs."
            )
        target = equal_area_crs(gdf)
        notes.append(f"{source} were in {crs.name} (degrees); projected to {_describe(target)}")
        return gdf.to_crs(target)
    if crs.axis_info and crs.axis_info[0].unit_name not in ("metre", "meter"):
        target = equal_area_crs(gdf)
        notes.append(
            f"{source} were in {crs.name} ({crs.axis_info[0].unit_name}); projected to "
            f"{_describe(target)}"
        )
        return gdf.to_crs(target)
    return gdf


def _repair(gdf: gpd.GeoDataFrame, notes: list[str]) -> gpd.GeoDataFrame:
    geom = gdf.geometry
    if geom.isna().any() or geom.is_empty.any():
        bad = gdf.index[geom.isna() | geom.is_empty].tolist()[:5]
        raise BadMeasure(f"units have empty or missing geometry (rows {bad}); fix or drop them")
    invalid = ~geom.is_valid
    if invalid.any():
        fixed = shapely.make_valid(geom[invalid].to_numpy())
        # make_valid can return collections with stray lines/points: keep the polygonal part
        fixed = [
            shapely.union_all([p for p in shapely.get_parts(g) if p.geom_type.endswith("Polygon")])
            if g.geom_type == "GeometryCollection"
            else g
            for g in fixed
        ]
        gdf = gdf.copy()
        gdf.loc[invalid, gdf.geometry.name] = fixed
        notes.append(f"repaired {int(invalid.sum())} invalid geometries")
    return gdf


def _measures(df: pd.DataFrame, names: tuple[str, ...], source: str) -> np.ndarray:
    cols = []
    for name in names:
        if name not in df.columns:
            raise MissingColumn(source, name, [str(c) for c in df.columns])
        col = pd.to_numeric(df[name], errors="coerce")
        missing = col.isna()
        if missing.any():
            rows = df.index[missing].tolist()[:5]
            raise BadMeasure(
                f"measure {name!r} is missing or not a number for {int(missing.sum())} units "
                f"(rows {rows}); fill them (0 is allowed) before planning"
            )
        if (col < 0).any():
            rows = df.index[col < 0].tolist()[:5]
            raise BadMeasure(
                f"measure {name!r} is negative for {int((col < 0).sum())} units (rows {rows}); "
                "measures are amounts and must be >= 0"
            )
        if col.sum() <= 0:
            raise BadMeasure(f"measure {name!r} sums to 0; nothing to balance")
        cols.append(col.to_numpy(dtype=float))
    return np.column_stack(cols)


def check_ids(ids: pd.Series, source: str) -> np.ndarray:
    ids = ids.astype(str).str.strip()
    dup = ids[ids.duplicated(keep=False)]
    if len(dup):
        raise DuplicateIds(
            f"{source} repeat ids: {sorted(set(dup))[:10]} ({len(set(dup))} ids repeated); "
            "each unit must appear once"
        )
    return ids.to_numpy(dtype=object)


def rook_adjacency(geometry: gpd.GeoSeries) -> list[list[int]]:
    """Units that share an edge; libpysal's vertex-based Rook is exact for shared boundaries."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal warns about islands: we link them ourselves
        w = Rook.from_dataframe(
            gpd.GeoDataFrame(geometry=geometry.reset_index(drop=True)),
            use_index=False,
            silence_warnings=True,
        )
    return [list(w.neighbors[i]) for i in range(len(geometry))]


def link_islands(
    ids: np.ndarray, xy: np.ndarray, adjacency: list[list[int]]
) -> tuple[list[list[int]], list[tuple[str, str]]]:
    """Join every piece of the map not connected to the largest one to its nearest unit."""
    n = len(ids)
    links: list[tuple[str, str]] = []
    while True:
        rows = [i for i, nb in enumerate(adjacency) for _ in nb]
        cols = [j for nb in adjacency for j in nb]
        graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        count, label = connected_components(graph, directed=False)
        if count <= 1:
            return adjacency, links
        main = np.bincount(label).argmax()
        for comp in range(count):
            if comp == main:
                continue
            inside = np.flatnonzero(label == comp)
            outside = np.flatnonzero(label != comp)
            dist, nearest = cKDTree(xy[outside]).query(xy[inside])
            k = int(np.argmin(dist))
            a, b = int(inside[k]), int(outside[nearest[k]])
            adjacency[a].append(b)
            adjacency[b].append(a)
            links.append((str(ids[a]), str(ids[b])))
        # loop again: a piece may have been linked to another piece rather than the mainland


def units_from_frame(
    gdf: gpd.GeoDataFrame,
    *,
    id_column: str = "unit_id",
    measures: tuple[str, ...] = DEFAULT_MEASURES,
    source: str = "units",
    adjacency: list[list[int]] | None = None,
    notes: list[str] | None = None,
) -> Units:
    """Validate a polygon frame and turn it into `Units` (projecting and repairing as needed)."""
    notes = list(notes or [])
    if id_column not in gdf.columns:
        raise MissingColumn(source, id_column, [str(c) for c in gdf.columns if c != "geometry"])
    ids = check_ids(gdf[id_column], source)
    values = _measures(gdf, measures, source)
    gdf = _repair(project(gdf, notes, source), notes)
    geometry = gdf.geometry.reset_index(drop=True)
    xy = np.column_stack([geometry.centroid.x, geometry.centroid.y])
    if adjacency is None:
        adjacency = rook_adjacency(geometry)
    adjacency, links = link_islands(ids, xy, [list(a) for a in adjacency])
    if links:
        shown = ", ".join(f"{a}->{b}" for a, b in links[:10])
        notes.append(
            f"linked {len(links)} islands to their nearest unit: {shown}"
            + (" ..." if len(links) > 10 else "")
        )
    indptr = np.cumsum([0] + [len(set(a)) for a in adjacency])
    indices = np.concatenate([sorted(set(a)) for a in adjacency]).astype(np.int64)
    return Units(
        ids=_frozen(ids),
        measure_names=tuple(measures),
        measures=_frozen(values),
        xy=_frozen(xy),
        indptr=_frozen(indptr),
        indices=_frozen(indices),
        geometry=geometry,
        notes=tuple(notes),
        links=tuple(links),
    )
