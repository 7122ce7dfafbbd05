"""Plan files for other tools: QGIS (GeoPackage, GeoJSON, Shapefile), Google Earth (KML),
Excel (XLSX, CSV).

Two levels: units with their rep, and (`dissolve`) one polygon per territory with totals,
targets, deviations and rep. Geographic files are written in WGS 84 (EPSG:4326), which every
one of those tools reads. A file is written beside the target and moved into place when
complete, so a failed export never leaves half a file where a good one was.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
from openpyxl.utils import get_column_letter

from territory.errors import TerritoryInputError, UnsupportedFormat
from territory.layers import territory_frame, unit_frame
from territory.maps.colours import territory_colours
from territory.planfile import PlanFile

FORMATS = {
    "gpkg": ".gpkg",
    "geojson": ".geojson",
    "shp": ".zip",
    "kml": ".kml",
    "csv": ".csv",
    "xlsx": ".xlsx",
}
SUFFIX_FORMAT = {
    ".gpkg": "gpkg",
    ".geojson": "geojson",
    ".json": "geojson",
    ".zip": "shp",
    ".shp": "shp",
    ".kml": "kml",
    ".csv": "csv",
    ".xlsx": "xlsx",
}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def pick_format(out: Path, fmt: str | None) -> str:
    """The format asked for, or the one the file name says; a clash is an error."""
    by_name = SUFFIX_FORMAT.get(out.suffix.lower())
    if fmt is None:
        if by_name is None:
            raise UnsupportedFormat(
                f"cannot tell the format of {out.name}; pass --format "
                f"{'|'.join(FORMATS)} or use one of {', '.join(sorted(set(FORMATS.values())))}"
            )
        return by_name
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise UnsupportedFormat(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


def output_path(out: Path, fmt: str) -> Path:
    """Shapefiles travel zipped: `x.shp` becomes `x.shp.zip` (QGIS opens that directly)."""
    if fmt == "shp" and out.suffix.lower() != ".zip":
        return out.with_name(out.name + ".zip")
    return out


def short_names(columns: list[str]) -> dict[str, str]:
    """DBF field names (10 characters at most), unique and still readable."""
    out: dict[str, str] = {}
    for col in columns:
        name = col
        if len(name) > 10:
            for long, short in (("_target", "_tg"), ("_gained", "_gn"), ("_dev", "_dv")):
                if name.endswith(long):
                    name = name[: -len(long)][: 10 - len(short)] + short
                    break
            name = name[:10]
        base, n = name, 1
        while name in out.values():
            suffix = str(n)
            name, n = base[: 10 - len(suffix)] + suffix, n + 1
        out[col] = name
    return out


@contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """A temporary path beside `out`, moved over `out` only once it has been fully written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = Path(tempfile.mkdtemp(prefix=".export-", dir=out.parent))
    tmp = tmp_dir / out.name
    try:
        yield tmp
        os.replace(tmp, out)
    finally:
        for f in tmp_dir.iterdir():
            f.unlink()
        tmp_dir.rmdir()


def levels(pf: PlanFile, dissolve: bool) -> dict[str, gpd.GeoDataFrame]:
    """`territories` only with dissolve, else `units` then `territories` (multi-layer formats)."""
    terr = territory_frame(pf)
    return {"territories": terr} if dissolve else {"units": unit_frame(pf), "territories": terr}


def export_plan(pf: PlanFile, out: Path, fmt: str | None = None, dissolve: bool = False) -> Path:
    """Write the plan as `fmt` (or as `out`'s suffix says); returns the path written."""
    fmt = pick_format(out, fmt)
    out = output_path(out, fmt)
    if out.resolve() == pf.path.resolve():
        raise TerritoryInputError(
            f"--out {out} is the plan file itself; write the export to another file"
        )
    frames = levels(pf, dissolve)
    single = frames["territories"] if dissolve else frames["units"]
    with replacing(out) as tmp:
        if fmt == "gpkg":
            for layer, frame in frames.items():
                frame.to_crs(4326).to_file(tmp, driver="GPKG", layer=layer)
        elif fmt == "geojson":
            single.to_crs(4326).to_file(tmp, driver="GeoJSON")
        elif fmt == "shp":
            write_shapefile_zip(single, tmp, out.name.removesuffix(".zip").removesuffix(".shp"))
        elif fmt == "kml":
            colours = territory_colours(pf.plan, frames["territories"].geometry)
            write_kml(pf, single, tmp, colours)
        elif fmt == "csv":
            with_points(single).to_csv(tmp, index=False)
        else:
            write_xlsx({name.title(): with_points(f) for name, f in frames.items()}, tmp)
    return out


def with_points(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """Geometry as a lon/lat point inside each shape, for tools without geometry."""
    points = frame.geometry.representative_point().to_crs(4326)
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    table["lon"] = points.x.round(6).to_numpy()
    table["lat"] = points.y.round(6).to_numpy()
    return table


def write_shapefile_zip(frame: gpd.GeoDataFrame, out: Path, stem: str) -> None:
    names = short_names([c for c in frame.columns if c != frame.geometry.name])
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / f"{stem}.shp"
        frame.rename(columns=names).to_crs(4326).to_file(
            shp, driver="ESRI Shapefile", encoding="UTF-8"
        )
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for part in SHAPEFILE_PARTS:
                path = shp.with_suffix(part)
                if path.exists():
                    z.write(path, path.name)


def write_kml(pf: PlanFile, frame: gpd.GeoDataFrame, out: Path, colours: list[str]) -> None:
    """KML via GDAL's LIBKML driver; each placemark styled in its territory's colour."""
    dissolved = "name" not in frame.columns
    kml = frame.to_crs(4326).copy()
    empty = kml.geometry.is_empty  # a rep with no units yet: a placemark without a shape
    kml.loc[empty, kml.geometry.name] = None
    if dissolved:
        kml.insert(0, "name", [pf.rep_labels[k - 1] for k in kml["territory"]])
    kml.insert(
        1,
        "description",
        [f"rep {r} {n}".strip() for r, n in zip(kml["rep_id"], kml["rep_name"], strict=True)],
    )
    kml["OGR_STYLE"] = [
        f"BRUSH(fc:{colours[k - 1]}b0);PEN(c:#1a1a1aff,w:{3 if dissolved else 1}px)"
        for k in kml["territory"]
    ]
    kml.to_file(out, driver="LIBKML")


def write_xlsx(sheets: dict[str, pd.DataFrame], out: Path) -> None:
    """One sheet per level, header frozen, widths fitted, deviations as percentages."""
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, table in sheets.items():
            table.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "B2"
            for j, col in enumerate(table.columns, start=1):
                letter = get_column_letter(j)
                width = max(len(str(col)), *(_shown_width(v) for v in table[col].head(200)))
                sheet.column_dimensions[letter].width = min(width + 2, 40)
                fmt = _number_format(str(col), table[col])
                if fmt:
                    for cell in sheet[letter][1:]:
                        cell.number_format = fmt


def _shown_width(value: object) -> int:
    return len(f"{value:,.2f}") if isinstance(value, float) else len(str(value))


def _number_format(col: str, values: pd.Series) -> str | None:
    if col.endswith("_dev"):
        return "+0.0%;-0.0%;0.0%"
    if col in ("lon", "lat"):
        return "0.000000"
    if pd.api.types.is_float_dtype(values):
        return "#,##0.00" if values.abs().max() < 100 else "#,##0"
    return None
