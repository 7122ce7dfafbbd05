"""A `Plan`: which rep owns each unit, plus the inputs and parameters it was made from.

A plan is a value. The optimizer returns one, a file can be read into one, and the metrics
score any of them the same way, however it was made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from territory.errors import TerritoryInputError
from territory.reps import Reps
from territory.units import Units


def tolerance_map(
    measures: tuple[str, ...], tolerance: float | Mapping[str, float]
) -> Mapping[str, float]:
    """Per-measure tolerance from one number or a partial mapping (the rest default to 5%)."""
    if isinstance(tolerance, Mapping):
        unknown = set(tolerance) - set(measures)
        if unknown:
            raise TerritoryInputError(
                f"tolerance given for {sorted(unknown)}, which are not balanced measures "
                f"{list(measures)}"
            )
        tol = {m: float(tolerance.get(m, 0.05)) for m in measures}
    else:
        tol = {m: float(tolerance) for m in measures}
    for m, t in tol.items():
        if not 0 <= t < 1:
            raise TerritoryInputError(f"tolerance for {m} is {t}; give a fraction like 0.05")
    return MappingProxyType(tol)


@dataclass(frozen=True)
class Plan:
    """unit -> rep (index into `reps`), with the units, reps and settings behind it."""

    units: Units
    reps: Reps
    assignment: np.ndarray  # (n,) int, rep index per unit
    balance: tuple[str, ...] = ("leads", "revenue", "workload")
    tolerance: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"leads": 0.05, "revenue": 0.05, "workload": 0.05})
    )
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        a = np.array(self.assignment, dtype=np.int64)
        if a.shape != (len(self.units),):
            raise ValueError("assignment must have one rep per unit")
        if len(a) and (a.min() < 0 or a.max() >= len(self.reps)):
            raise ValueError("assignment refers to a rep that does not exist")
        a.setflags(write=False)
        object.__setattr__(self, "assignment", a)
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        object.__setattr__(self, "tolerance", MappingProxyType(dict(self.tolerance)))

    @property
    def k(self) -> int:
        return len(self.reps)

    def targets(self) -> np.ndarray:
        """(K, m) target totals: each measure split by the reps' target shares."""
        idx = [self.units.measure_names.index(m) for m in self.balance]
        totals = self.units.measures[:, idx].sum(axis=0)
        return np.outer(self.reps.shares(), totals)

    def loads(self) -> np.ndarray:
        """(K, m) totals of the balanced measures per territory."""
        idx = [self.units.measure_names.index(m) for m in self.balance]
        out = np.zeros((self.k, len(idx)))
        np.add.at(out, self.assignment, self.units.measures[:, idx])
        return out

    def rep_of(self, unit_id: str) -> str:
        return self.reps.ids[int(self.assignment[self.units.index_of()[unit_id]])]

    def to_frame(self) -> pd.DataFrame:
        """`unit_id, rep_id, territory` (1..K in rep order) and the rep's `target_share`."""
        return pd.DataFrame(
            {
                "unit_id": self.units.ids,
                "rep_id": np.asarray(self.reps.ids, dtype=object)[self.assignment],
                "territory": self.assignment + 1,
                "target_share": np.asarray(self.reps.target_share)[self.assignment],
            }
        )

    def with_assignment(self, assignment: np.ndarray, **params: Any) -> Plan:
        return Plan(
            self.units,
            self.reps,
            assignment,
            self.balance,
            self.tolerance,
            {**self.params, **params},
        )

    @classmethod
    def from_mapping(
        cls,
        units: Units,
        mapping: Mapping[str, str],
        reps: Reps | None = None,
        *,
        balance: tuple[str, ...] | None = None,
        tolerance: float | Mapping[str, float] = 0.05,
        **params: Any,
    ) -> Plan:
        """A plan from `unit_id -> rep_id` (e.g. read from a file made by any tool)."""
        missing = [u for u in units.ids if u not in mapping]
        if missing:
            raise TerritoryInputError(
                f"the plan leaves {len(missing)} units unassigned: {missing[:10]}; every unit "
                "needs a rep_id"
            )
        if reps is None:
            ordered = sorted(set(mapping.values()), key=_natural)
            reps = Reps(
                tuple(ordered), tuple(ordered), (1.0,) * len(ordered), (None,) * len(ordered)
            )
        index = reps.index_of()
        unknown = sorted(set(mapping.values()) - set(index))
        if unknown:
            raise TerritoryInputError(f"the plan names reps not in the reps file: {unknown[:10]}")
        assignment = np.array([index[mapping[u]] for u in units.ids], dtype=np.int64)
        balance = tuple(balance or units.measure_names)
        return cls(units, reps, assignment, balance, tolerance_map(balance, tolerance), params)


def _natural(s: str) -> tuple[int, str]:
    return (int(s), "") if s.isdigit() else (0, s)
