"""Reps: who gets a territory, where they live, and what share of the business they carry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from territory.errors import BadRep, DuplicateIds, MissingColumn, TooManyReps, UnknownRep
from territory.units import Units, check_ids


@dataclass(frozen=True)
class Reps:
    """One territory per rep; `target_share` 0.5 means half a full rep's business."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    target_share: tuple[float, ...]
    home_lonlat: tuple[tuple[float, float] | None, ...]

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def numbered(cls, k: int, prefix: str = "R") -> Reps:
        ids = tuple(f"{prefix}{i + 1:02d}" for i in range(k))
        return cls(ids, ids, (1.0,) * k, (None,) * k)

    def shares(self) -> np.ndarray:
        s = np.asarray(self.target_share, dtype=float)
        return s / s.sum()

    def index_of(self) -> dict[str, int]:
        return {r: i for i, r in enumerate(self.ids)}


def read_reps(path: Path | str) -> Reps:
    """Read `rep_id,name[,lat,lon][,target_share]`; blank lat/lon means no home."""
    df = pd.read_csv(path, dtype={"rep_id": str})
    if "rep_id" not in df.columns:
        raise MissingColumn(f"reps file {path}", "rep_id", list(df.columns))
    try:
        ids = check_ids(df["rep_id"], f"reps file {path}")
    except DuplicateIds as exc:
        raise DuplicateIds(str(exc).replace("each unit", "each rep")) from None
    names = df["name"].fillna("").astype(str) if "name" in df.columns else df["rep_id"]
    share = pd.Series(1.0, index=df.index)
    if "target_share" in df.columns:
        share = pd.to_numeric(df["target_share"], errors="coerce").fillna(1.0)
        if (share <= 0).any():
            bad = df.loc[share <= 0, "rep_id"].tolist()
            raise BadRep(f"target_share must be > 0 (reps {bad}); use 0.5 for a half-time rep")
    homes: list[tuple[float, float] | None] = [None] * len(df)
    if "lat" in df.columns or "lon" in df.columns:
        if not {"lat", "lon"} <= set(df.columns):
            raise BadRep(f"reps file {path} needs both lat and lon columns for homes")
        lat = pd.to_numeric(df["lat"], errors="coerce")
        lon = pd.to_numeric(df["lon"], errors="coerce")
        bad = (lat.abs() > 90) | (lon.abs() > 180) | (lat.isna() != lon.isna())
        if bad.any():
            raise BadRep(f"reps {df.loc[bad, 'rep_id'].tolist()} have an invalid home lat/lon")
        homes = [
            None if pd.isna(a) else (float(o), float(a)) for a, o in zip(lat, lon, strict=False)
        ]
    return Reps(tuple(ids), tuple(names), tuple(float(s) for s in share), tuple(homes))


def home_units(units: Units, reps: Reps, crs: object | None = None) -> tuple[np.ndarray, list[str]]:
    """Index of the unit holding each rep's home (-1 when none), plus notes.

    A home outside every unit goes to the nearest unit (a rep living across a state line
    still works the region); two reps homed in the same unit cannot both contain it.
    """
    homes = np.full(len(reps), -1, dtype=np.int64)
    notes: list[str] = []
    given = [i for i, h in enumerate(reps.home_lonlat) if h is not None]
    if not given or units.geometry is None:
        return homes, notes
    pts = gpd.GeoSeries(
        gpd.points_from_xy(
            [reps.home_lonlat[i][0] for i in given],  # type: ignore[index]
            [reps.home_lonlat[i][1] for i in given],
        ),
        crs=4326,
    ).to_crs(crs or units.geometry.crs)
    tree_hits = units.geometry.sindex.query(pts, predicate="within")
    found = dict(zip(tree_hits[0].tolist(), tree_hits[1].tolist(), strict=False))
    for k, i in enumerate(given):
        if k in found:
            homes[i] = found[k]
        else:
            d = (units.xy[:, 0] - pts.iloc[k].x) ** 2 + (units.xy[:, 1] - pts.iloc[k].y) ** 2
            homes[i] = int(np.argmin(d))
            notes.append(
                f"home of rep {reps.ids[i]} is outside every unit; using nearest unit "
                f"{units.ids[homes[i]]}"
            )
    taken = pd.Series(homes[homes >= 0]).value_counts()
    if (taken > 1).any():
        unit = int(taken.index[0])
        who = [reps.ids[i] for i in range(len(reps)) if homes[i] == unit]
        raise BadRep(
            f"reps {who} all live in unit {units.ids[unit]}; a unit belongs to one "
            "territory, so drop all but one of these homes"
        )
    return homes, notes


def check_rep_count(units: Units, reps: Reps) -> None:
    if len(reps) == 0:
        raise TooManyReps("the reps file lists no reps")
    if len(reps) > len(units):
        raise TooManyReps(
            f"{len(reps)} reps but only {len(units)} units: every territory needs at least one "
            "unit; use smaller units or fewer reps"
        )


def rep_index(reps: Reps, rep_id: str, source: str) -> int:
    idx = reps.index_of()
    if rep_id not in idx:
        raise UnknownRep(f"{source} names rep {rep_id!r}, which is not in the reps file")
    return idx[rep_id]
