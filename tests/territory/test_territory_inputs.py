"""Reading and validating units, reps, plans and locks: every bad input gets a clear error."""

from __future__ import annotations

import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from territory.errors import (
    BadMeasure,
    BadRep,
    DuplicateIds,
    MissingColumn,
    MissingCRS,
    TooManyReps,
    UnknownUnit,
    UnsupportedFormat,
    WrongCRS,
)
from territory.io import read_assignment, read_units
from territory.optimizer import TerritoryOptimizer
from territory.reps import Reps, read_reps
from territory.units import units_from_frame


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".parquet", ".zip"])
def test_every_polygon_format_reads_the_same_units(tmp_path, grid, suffix):
    path = tmp_path / f"units{suffix}"
    if suffix == ".zip":
        grid.to_file(tmp_path / "units.shp")
        with zipfile.ZipFile(path, "w") as z:
            for part in tmp_path.glob("units.*"):
                if part.suffix != ".zip":
                    z.write(part, part.name)
    elif suffix == ".parquet":
        grid.to_parquet(path)
    else:
        grid.to_file(path)
    units = read_units(path)
    assert list(units.ids) == list(grid["unit_id"])
    np.testing.assert_allclose(units.measure("revenue"), grid["revenue"], rtol=1e-6)
    assert len(units.neighbours(0)) == 2  # rook: a corner square touches two others
    assert len(units.neighbours(7)) == 4


def test_unknown_format_is_refused(tmp_path):
    path = tmp_path / "units.xlsx"
    path.write_text("x")
    with pytest.raises(UnsupportedFormat, match="GeoPackage"):
        read_units(path)


def test_missing_crs_with_projected_numbers_asks_for_one(grid):
    with pytest.raises(MissingCRS, match="--crs"):
        units_from_frame(grid.set_crs(None, allow_override=True))


def test_missing_crs_with_lonlat_is_read_as_wgs84_and_projected(grid):
    lonlat = grid.to_crs(4326).set_crs(None, allow_override=True)
    units = units_from_frame(lonlat)
    assert any("no CRS" in n for n in units.notes)
    assert any("equal-area" in n for n in units.notes)
    # back in metres: the 1 km squares have about 1 km^2 area again
    np.testing.assert_allclose(units.areas().mean(), 1e6, rtol=0.02)


def test_geographic_crs_with_metre_numbers_is_wrong(grid):
    with pytest.raises(WrongCRS, match="wrong"):
        units_from_frame(
            grid.set_geometry(grid.translate(5e5, 5e5)).set_crs(4326, allow_override=True)
        )


def test_invalid_geometry_is_repaired_and_counted(grid):
    bowtie = shapely.Polygon([(0, 0), (1000, 1000), (1000, 0), (0, 1000)])
    assert not bowtie.is_valid
    grid.loc[0, "geometry"] = bowtie
    units = units_from_frame(grid)
    assert "repaired 1 invalid geometries" in units.notes
    assert units.geometry.is_valid.all()


def test_duplicate_ids_are_named(grid):
    grid.loc[3, "unit_id"] = "g0"
    with pytest.raises(DuplicateIds, match="g0"):
        units_from_frame(grid)


@pytest.mark.parametrize(("value", "message"), [(-1.0, "negative"), (np.nan, "missing")])
def test_bad_measures_are_named(grid, value, message):
    grid.loc[5, "leads"] = value
    with pytest.raises(BadMeasure, match=f"'leads' is {message}"):
        units_from_frame(grid)


def test_missing_measure_column_lists_what_is_there(grid):
    with pytest.raises(MissingColumn, match="no column 'visits'.*revenue"):
        units_from_frame(grid, measures=("leads", "visits"))


def test_more_reps_than_units(make_grid):
    units = units_from_frame(make_grid(2, 2))
    with pytest.raises(TooManyReps, match="5 reps but only 4 units"):
        TerritoryOptimizer(units, Reps.numbered(5))


def test_island_is_linked_to_nearest_unit_and_reported(grid):
    island = gpd.GeoDataFrame(
        {"unit_id": ["far"], "leads": [5.0], "revenue": [50.0], "workload": [20.0]},
        geometry=[shapely.box(9000, 2000, 10000, 3000)],
        crs=grid.crs,
    )
    units = units_from_frame(pd.concat([grid, island], ignore_index=True))
    assert units.links == (("far", "g17"),)  # g17: right-hand column, third row
    assert any("linked 1 islands" in n for n in units.notes)
    far = units.index_of()["far"]
    assert list(units.neighbours(far)) == [units.index_of()["g17"]]


def test_points_become_voronoi_cells_clipped_to_boundary(tmp_path):
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(35.0, 36.0, 60), rng.uniform(-80.0, -79.0, 60)
    lat[0], lon[0] = 37.5, -79.5  # outside the boundary: kept as a small island cell
    pd.DataFrame(
        {
            "unit_id": [f"z{i:03d}" for i in range(60)],
            "lat": lat,
            "lon": lon,
            "leads": 1,
            "revenue": 10,
            "workload": 3,
        }
    ).to_csv(tmp_path / "p.csv", index=False)
    boundary = gpd.GeoDataFrame(geometry=[shapely.box(-80.05, 34.95, -78.95, 36.05)], crs=4326)
    boundary.to_file(tmp_path / "b.geojson")
    units = read_units(tmp_path / "p.csv", boundary=tmp_path / "b.geojson")
    assert len(units) == 60
    assert any("1 points lie outside" in n for n in units.notes)
    assert units.links and units.links[0][0] == "z000"
    inner = units.geometry.iloc[1:]
    clip_area = boundary.to_crs(units.geometry.crs).area.iloc[0]
    np.testing.assert_allclose(inner.area.sum(), clip_area, rtol=1e-6)
    # every cell holds its own point
    pts = gpd.GeoSeries(gpd.points_from_xy(lon[1:], lat[1:]), crs=4326).to_crs(units.geometry.crs)
    assert inner.reset_index(drop=True).contains(pts).all()


def test_reps_file_with_homes_and_shares(tmp_path):
    (tmp_path / "reps.csv").write_text(
        "rep_id,name,lat,lon,target_share\nA,Ann,35.2,-80.8,1\nB,Bob,,,0.5\n"
    )
    reps = read_reps(tmp_path / "reps.csv")
    assert reps.ids == ("A", "B")
    assert reps.home_lonlat == ((-80.8, 35.2), None)
    np.testing.assert_allclose(reps.shares(), [2 / 3, 1 / 3])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("rep_id,name,target_share\nA,Ann,0\n", "target_share must be > 0"),
        ("rep_id,name,lat,lon\nA,Ann,95,-80\n", "invalid home"),
        ("rep_id,name\nA,Ann\nA,Al\n", "repeat ids"),
    ],
)
def test_bad_reps_files(tmp_path, body, message):
    (tmp_path / "reps.csv").write_text(body)
    with pytest.raises((BadRep, DuplicateIds), match=message):
        read_reps(tmp_path / "reps.csv")


def test_plan_file_with_unknown_units_is_refused(tmp_path, grid):
    units = units_from_frame(grid)
    (tmp_path / "plan.csv").write_text("unit_id,rep_id\ng0,A\nnope,B\n")
    with pytest.raises(UnknownUnit, match="nope"):
        read_assignment(tmp_path / "plan.csv", units)
