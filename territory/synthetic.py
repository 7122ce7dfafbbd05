"""Synthetic instances in the style of Ríos-Mercado & Fernández (2009), for tests and benchmarks.

Units are points uniform in [0, 1000]^2 (metres) with Delaunay adjacency and three measures
drawn uniformly from [4, 20], [15, 400] and [15, 100]; each unit is drawn as its Voronoi cell.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import Delaunay

from territory.units import DEFAULT_MEASURES, Units, units_from_frame

RANGES = ((4.0, 20.0), (15.0, 400.0), (15.0, 100.0))


def rios_mercado(n: int, seed: int, side: float = 1000.0) -> Units:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, side, size=(n, 2))
    measures = {
        m: rng.uniform(lo, hi, n) for m, (lo, hi) in zip(DEFAULT_MEASURES, RANGES, strict=False)
    }
    box = shapely.box(0, 0, side, side)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=box, ordered=True)
    )
    cells = shapely.intersection(cells, box)
    tri = Delaunay(xy).simplices
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for a, b in ((0, 1), (1, 2), (2, 0)):
        for i, j in zip(tri[:, a].tolist(), tri[:, b].tolist(), strict=False):
            adjacency[i].append(j)
            adjacency[j].append(i)
    frame = gpd.GeoDataFrame(
        pd.DataFrame({"unit_id": [f"u{i}" for i in range(n)], **measures}),
        geometry=cells,
        crs="EPSG:3857",
    )
    return units_from_frame(frame, adjacency=adjacency, source=f"instance n={n} seed={seed}")
