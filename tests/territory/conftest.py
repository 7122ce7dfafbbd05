"""Small real inputs for territory tests: square grids and Ríos-Mercado-style instances."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from territory.synthetic import rios_mercado
from territory.units import Units, units_from_frame


def grid_frame(nx: int, ny: int, seed: int = 0, size: float = 1000.0) -> gpd.GeoDataFrame:
    """nx*ny square cells (metres, EPSG:3857) with random measures."""
    rng = np.random.default_rng(seed)
    cells = [
        shapely.box(i * size, j * size, (i + 1) * size, (j + 1) * size)
        for j in range(ny)
        for i in range(nx)
    ]
    n = nx * ny
    return gpd.GeoDataFrame(
        {
            "unit_id": [f"g{i}" for i in range(n)],
            "leads": rng.uniform(4, 20, n),
            "revenue": rng.uniform(15, 400, n),
            "workload": rng.uniform(15, 100, n),
        },
        geometry=cells,
        crs="EPSG:3857",
    )


@pytest.fixture
def grid() -> gpd.GeoDataFrame:
    return grid_frame(6, 6)


@pytest.fixture
def make_grid():  # noqa: ANN201
    return grid_frame


@pytest.fixture(scope="session")
def small_instance() -> Units:
    return rios_mercado(150, seed=7)


def to_units(frame: gpd.GeoDataFrame) -> Units:
    return units_from_frame(frame)
