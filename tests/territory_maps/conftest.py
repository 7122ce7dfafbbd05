"""A plan of the bundled NC sample made without the optimizer (each county to the nearest
rep home), so these tests exercise maps and exports however the engine evolves."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest

from territory import sample
from territory.io import read_units, write_plan
from territory.plan import Plan
from territory.planfile import PlanFile, open_plan
from territory.reps import read_reps


def nearest_home_plan() -> Plan:
    units = read_units(sample.UNITS)
    reps = read_reps(sample.REPS)
    homes = gpd.GeoSeries(
        gpd.points_from_xy([h[0] for h in reps.home_lonlat], [h[1] for h in reps.home_lonlat]),
        crs=4326,
    ).to_crs(units.geometry.crs)
    hx = np.column_stack([homes.x, homes.y])
    d = ((units.xy[:, None, :] - hx[None, :, :]) ** 2).sum(axis=2)
    return Plan(units, reps, d.argmin(axis=1))


@pytest.fixture(scope="session")
def plan_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_plan(nearest_home_plan(), tmp_path_factory.mktemp("plan") / "plan.gpkg")


@pytest.fixture(scope="session")
def plan_file(plan_path: Path) -> PlanFile:
    return open_plan(plan_path, units_path=sample.UNITS, reps_path=sample.REPS)
