"""Every export format read back with geopandas / openpyxl and compared to the plan."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest

from territory import metrics, sample
from territory.errors import TerritoryInputError, UnsupportedFormat
from territory.export import export_plan, short_names
from territory.layers import territory_frame
from territory.maps.colours import territory_colours
from territory.planfile import PlanFile, open_plan

KML = "{http://www.opengis.net/kml/2.2}"


def read_back(path: Path, fmt: str, layer: str | None = None) -> pd.DataFrame:
    if fmt == "shp":
        return gpd.read_file(f"zip://{path}")
    if fmt == "csv":
        return pd.read_csv(path, dtype={"unit_id": str})
    if fmt == "xlsx":
        return pd.read_excel(path, sheet_name=layer.title(), dtype={"unit_id": str})
    if fmt == "kml":  # GDAL reads the placemark <name> as "Name"
        return gpd.read_file(path).rename(columns={"Name": "name"})
    return gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)


def check_units(pf: PlanFile, frame: pd.DataFrame) -> None:
    plan = pf.plan
    frame = frame.set_index(frame["unit_id"].astype(str))
    assert sorted(frame.index) == sorted(plan.units.ids)
    for uid, rep in zip(plan.units.ids, pf.territory_of_unit(), strict=True):
        assert frame.loc[uid, "rep_id"] == rep
    for m in plan.units.measure_names:
        got = frame.loc[list(plan.units.ids), m].to_numpy(dtype=float)
        np.testing.assert_allclose(got, plan.units.measure(m))
    names = dict(zip(plan.units.ids, pf.unit_names, strict=True))
    assert frame.loc["37119", "name"] == names["37119"] == "Mecklenburg"


def check_territories(pf: PlanFile, frame: pd.DataFrame, short: dict[str, str] | None = None):
    plan = pf.plan
    col = short or {}
    frame = frame.sort_values(col.get("territory", "territory"))
    assert frame[col.get("rep_id", "rep_id")].tolist() == list(plan.reps.ids)
    dev = metrics.deviations(plan)
    for j, m in enumerate(plan.balance):
        np.testing.assert_allclose(frame[col.get(m, m)].to_numpy(float), plan.loads()[:, j])
        np.testing.assert_allclose(
            frame[col.get(f"{m}_target", f"{m}_target")].to_numpy(float), plan.targets()[:, j]
        )
        np.testing.assert_allclose(
            frame[col.get(f"{m}_dev", f"{m}_dev")].to_numpy(float), dev[:, j], atol=1e-9
        )
    counts = np.bincount(plan.assignment, minlength=plan.k)
    assert frame[col.get("units", "units")].astype(int).tolist() == counts.tolist()


def check_shapes(pf: PlanFile, frame: gpd.GeoDataFrame, dissolved: bool) -> None:
    """Geometry came back in lon/lat and covers the same ground as the plan's units."""
    assert frame.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = frame.total_bounds
    assert -85 < minx < maxx < -75 and 33 < miny < maxy < 37  # North Carolina
    back = frame.to_crs(pf.plan.units.geometry.crs).area.to_numpy()
    if dissolved:
        want = territory_frame(pf).geometry.area.to_numpy()
    else:
        order = frame["unit_id"].astype(str).map(pf.plan.units.index_of()).to_numpy()
        want = pf.plan.units.areas()[order]
    np.testing.assert_allclose(back, want, rtol=0.002)


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "shp", "kml", "csv", "xlsx"])
@pytest.mark.parametrize("dissolve", [False, True], ids=["units", "territories"])
def test_every_format_round_trips(plan_file: PlanFile, tmp_path: Path, fmt: str, dissolve: bool):
    out = export_plan(plan_file, tmp_path / f"plan.{fmt}", fmt, dissolve)
    assert out.exists()
    level = "territories" if dissolve else "units"
    frame = read_back(out, fmt, level if fmt in ("gpkg", "xlsx") else None)
    short = None
    if fmt == "shp":
        full = [c for c in frame.columns if c != "geometry"]
        names = short_names(list(territory_frame(plan_file).columns.drop("geometry")))
        short = {k: v for k, v in names.items() if v in full}
    if dissolve:
        check_territories(plan_file, frame, short)
    else:
        check_units(plan_file, frame)
    if fmt in ("gpkg", "geojson", "shp", "kml"):
        check_shapes(plan_file, frame, dissolve)
    if fmt in ("csv", "xlsx"):  # tools without geometry get a lon/lat inside each shape
        assert frame["lon"].between(-85, -75).all() and frame["lat"].between(33, 37).all()


def test_gpkg_and_xlsx_hold_both_levels(plan_file: PlanFile, tmp_path: Path):
    gpkg = export_plan(plan_file, tmp_path / "plan.gpkg")
    assert gpd.list_layers(gpkg)["name"].tolist() == ["units", "territories"]
    xlsx = export_plan(plan_file, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Units", "Territories"]
    sheet = book["Territories"]
    header = [c.value for c in sheet[1]]
    row2 = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row2["rep_id"].value == plan_file.plan.reps.ids[0]
    assert row2["leads_dev"].number_format.endswith("%")  # Excel shows +1.2%, not 0.012
    assert sheet.freeze_panes == "B2"
    assert sheet.max_row == plan_file.plan.k + 1
    assert book["Units"].max_row == len(plan_file.plan.units) + 1


def test_shapefile_zip_carries_its_sidecars(plan_file: PlanFile, tmp_path: Path):
    out = export_plan(plan_file, tmp_path / "plan.shp", dissolve=True)
    assert out.name == "plan.shp.zip"
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == sorted(
            f"plan{s}" for s in (".shp", ".shx", ".dbf", ".prj", ".cpg")
        )
    frame = gpd.read_file(out)  # GDAL opens .shp.zip directly, as QGIS does
    assert all(len(c) <= 10 for c in frame.columns)


def test_kml_is_wgs84_and_styled_per_territory(plan_file: PlanFile, tmp_path: Path):
    out = export_plan(plan_file, tmp_path / "plan.kml", dissolve=True)
    root = ET.parse(out).getroot()
    assert root.tag == f"{KML}kml"
    marks = root.findall(f".//{KML}Placemark")
    assert len(marks) == plan_file.plan.k
    colours = territory_colours(plan_file.plan, territory_frame(plan_file).geometry)
    for k, mark in enumerate(marks):
        assert mark.findtext(f"{KML}name") == plan_file.rep_labels[k]
        kml_colour = mark.findtext(f".//{KML}PolyStyle/{KML}color")  # aabbggrr
        rr, gg, bb = colours[k][1:3], colours[k][3:5], colours[k][5:7]
        assert kml_colour.lower() == f"b0{bb}{gg}{rr}"
        lon, lat = map(float, mark.findtext(f".//{KML}coordinates").split()[0].split(",")[:2])
        assert -85 < lon < -75 and 33 < lat < 37


def test_format_comes_from_the_file_name_and_bad_names_are_refused(
    plan_file: PlanFile, tmp_path: Path
):
    assert export_plan(plan_file, tmp_path / "a.geojson").exists()
    with pytest.raises(UnsupportedFormat, match="--format"):
        export_plan(plan_file, tmp_path / "a.docx")
    with pytest.raises(UnsupportedFormat, match="unknown format 'dwg'"):
        export_plan(plan_file, tmp_path / "a.dwg", "dwg")


def test_export_never_overwrites_the_plan_or_leaves_half_a_file(plan_path: Path, tmp_path: Path):
    copy = tmp_path / "plan.gpkg"
    copy.write_bytes(plan_path.read_bytes())
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    pf = open_plan(copy, reps_path=sample.REPS)
    with pytest.raises(TerritoryInputError, match="plan file itself"):
        export_plan(pf, copy, "gpkg")
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    existing = tmp_path / "old.csv"
    existing.write_text("keep me\n")
    broken = PlanFile(pf.plan, pf.unit_names[:3], pf.path)  # names no longer line up
    with pytest.raises(ValueError):
        export_plan(broken, existing)
    assert existing.read_text() == "keep me\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []


def test_plan_table_without_geometry_needs_the_units_file(plan_file: PlanFile, tmp_path: Path):
    table = tmp_path / "plan.csv"
    plan_file.plan.to_frame()[["unit_id", "rep_id"]].to_csv(table, index=False)
    with pytest.raises(TerritoryInputError, match="--units"):
        open_plan(table)
    pf = open_plan(table, units_path=sample.UNITS)
    out = export_plan(pf, tmp_path / "units.geojson")
    check_units(pf, gpd.read_file(out))


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "shp", "kml", "csv", "xlsx"])
def test_a_rep_without_units_is_still_listed(plan_path: Path, tmp_path: Path, fmt: str):
    reps = tmp_path / "reps.csv"
    reps.write_text(sample.REPS.read_text().rstrip("\n") + "\nR09,New hire,,,1\n")
    pf = open_plan(plan_path, reps_path=reps)
    out = export_plan(pf, tmp_path / f"t.{fmt}", fmt, dissolve=True)
    frame = read_back(out, fmt, "territories" if fmt in ("gpkg", "xlsx") else None)
    new = frame[frame["rep_id"] == "R09"]
    assert len(frame) == 9 and len(new) == 1
    assert int(new["units"].iloc[0]) == 0
