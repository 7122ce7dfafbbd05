"""The bundled sample: North Carolina's 100 counties with measures derived from real columns.

Source: libpysal's bundled `sids2` shapefile (NC counties, 1974-84 birth records; installed with
libpysal, no download). Derived measures, one row per county:
  leads    = births 1979 (households starting out: the pool of potential customers)
  revenue  = births 1974 scaled to dollars (last period's business, $120 per birth)
  workload = one visit per 25 births 1979 plus one per 20 km^2 (accounts to see + driving)
`build_sample()` regenerates `territory/data/nc_counties.gpkg`; the file is committed.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np

DATA = Path(str(resources.files("territory") / "data"))
UNITS = DATA / "nc_counties.gpkg"
REPS = DATA / "nc_reps.csv"


def plan_sample(out: Path, console: object, seconds: float = 30.0) -> Path:
    """The demo's planning step: plan the bundled sample, print the metrics, write the plan."""
    import warnings

    from territory.cli import print_plan
    from territory.errors import TolerancesNotMet
    from territory.io import read_units, write_plan
    from territory.optimizer import TerritoryOptimizer
    from territory.reps import read_reps

    units = read_units(UNITS)
    optimizer = TerritoryOptimizer(units, read_reps(REPS), time_limit=seconds, seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TolerancesNotMet)
        plan = optimizer.solve()
    path = write_plan(plan, out / "territory_plan.gpkg")
    print_plan(plan)
    for w in caught:
        console.print(f"[yellow]warning:[/] {w.message}")  # type: ignore[attr-defined]
    console.print(f"territory plan: {path} ({plan.params['seconds']} s)")  # type: ignore[attr-defined]
    return path


def build_sample(out: Path = UNITS) -> Path:
    from libpysal import examples

    src = Path(examples.get_path("sids2.shp"))
    counties = gpd.read_file(src).set_crs("EPSG:4267")  # NAD27 lon/lat, per the README
    area_km2 = counties.to_crs("EPSG:32119").area / 1e6  # NC State Plane, metres
    frame = gpd.GeoDataFrame(
        {
            "unit_id": counties["FIPS"].astype(str),
            "name": counties["NAME"],
            "leads": counties["BIR79"].astype(int),
            "revenue": (counties["BIR74"] * 120).astype(int),
            "workload": np.round(counties["BIR79"] / 25 + area_km2 / 20, 1),
        },
        geometry=counties.geometry,
        crs=counties.crs,
    )
    frame.to_file(out, driver="GPKG", layer="counties")
    return out
