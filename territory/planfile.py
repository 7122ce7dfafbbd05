"""Open a plan file for maps, exports and reports: the plan plus what people call things.

A plan written by `salesops territory plan` carries geometry and measures, so it opens on its
own; a bare `unit_id,rep_id` table needs the units file beside it. The reps file adds names
and homes; without it the reps are the ones the plan file names (with their target shares).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from territory.errors import TerritoryInputError
from territory.io import read_assignment, read_geo, read_units, reps_in_plan_file
from territory.plan import Plan, tolerance_map
from territory.reps import Reps, read_reps
from territory.units import DEFAULT_MEASURES, units_from_frame

NAME_COLUMNS = ("name", "unit_name", "county", "label")


@dataclass(frozen=True)
class PlanFile:
    """A plan with the unit names found in its files (the unit id where there is none)."""

    plan: Plan
    unit_names: np.ndarray
    path: Path

    @property
    def rep_labels(self) -> list[str]:
        """`R01 Charlotte team`, or just the id when the name adds nothing."""
        reps = self.plan.reps
        return [
            i if not n or n == i else f"{i} {n}" for i, n in zip(reps.ids, reps.names, strict=True)
        ]

    def territory_of_unit(self) -> np.ndarray:
        return np.asarray(self.plan.reps.ids, dtype=object)[self.plan.assignment]


def _names(frame: pd.DataFrame, ids: np.ndarray, id_column: str) -> np.ndarray:
    for col in frame.columns:
        if str(col).lower() in NAME_COLUMNS and str(col) != id_column:
            names = frame[col].astype(str).str.strip()
            return np.where(names.isin(["", "nan", "None"]), ids, names).astype(object)
    return np.asarray(ids, dtype=object)


def open_plan(
    plan_path: Path | str,
    *,
    units_path: Path | str | None = None,
    reps_path: Path | str | None = None,
    balance: tuple[str, ...] = DEFAULT_MEASURES,
    tolerance: float | dict[str, float] = 0.05,
    id_column: str = "unit_id",
    crs: str | None = None,
) -> PlanFile:
    """Read PLAN (and UNITS/REPS when given) into a scored-ready `PlanFile`."""
    plan_path = Path(plan_path)
    if not plan_path.exists():
        raise TerritoryInputError(f"plan file not found: {plan_path}")
    source = Path(units_path) if units_path else plan_path
    if source.suffix.lower() == ".csv" and units_path is None:
        raise TerritoryInputError(
            f"{plan_path.name} is a table without geometry; pass the units file with "
            "--units UNITS (the polygons or points the plan was made from)"
        )
    if source.suffix.lower() == ".csv":
        units = read_units(source, id_column=id_column, measures=balance)
        names = _names(pd.read_csv(source, dtype=str), units.ids, id_column)
    else:
        frame = read_geo(source, crs)
        missing = [m for m in balance if m not in frame.columns]
        if missing and units_path is None:
            raise TerritoryInputError(
                f"{plan_path.name} has no {', '.join(missing)} column(s); pass the units file "
                "with --units UNITS, or choose measures with --balance"
            )
        units = units_from_frame(
            frame, id_column=id_column, measures=balance, source=f"units file {source}"
        )
        names = _names(frame, units.ids, id_column)
    mapping = read_assignment(plan_path, units)
    reps: Reps | None = read_reps(reps_path) if reps_path else reps_in_plan_file(plan_path)
    plan = Plan.from_mapping(
        units, mapping, reps, balance=balance, tolerance=tolerance_map(balance, tolerance)
    )
    return PlanFile(plan, names, plan_path)
