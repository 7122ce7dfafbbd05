"""Scores of a plan: balance, contiguity, compactness, disruption — each a small function.

Nothing here knows how a plan was made, so imported plans, hand edits and other tools'
output are scored exactly like the optimizer's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from territory.plan import Plan


def deviations(plan: Plan) -> np.ndarray:
    """(K, m) relative deviation of each territory's total from its target."""
    targets = plan.targets()
    return (plan.loads() - targets) / np.where(targets > 0, targets, 1.0)


def max_deviation(plan: Plan) -> dict[str, float]:
    """Worst absolute relative deviation per balanced measure."""
    dev = np.abs(deviations(plan)).max(axis=0)
    return {m: float(d) for m, d in zip(plan.balance, dev, strict=False)}


@dataclass(frozen=True)
class Shortfall:
    measure: str
    rep_id: str
    deviation: float
    tolerance: float

    def __str__(self) -> str:
        side = "over" if self.deviation > 0 else "under"
        return (
            f"{self.measure}: territory of {self.rep_id} is {abs(self.deviation):.1%} "
            f"{side} target (tolerance {self.tolerance:.1%}, off by "
            f"{abs(self.deviation) - self.tolerance:.1%})"
        )


def shortfalls(plan: Plan) -> list[Shortfall]:
    """Every territory and measure outside its tolerance, worst first."""
    dev = deviations(plan)
    out = []
    for j, m in enumerate(plan.balance):
        tol = plan.tolerance[m]
        for k in np.flatnonzero(np.abs(dev[:, j]) > tol + 1e-9):
            out.append(Shortfall(m, plan.reps.ids[k], float(dev[k, j]), tol))
    return sorted(out, key=lambda s: -(abs(s.deviation) - s.tolerance))


def balance_report(plan: Plan) -> pd.DataFrame:
    """Per territory: total, target and deviation of every balanced measure."""
    loads, targets, dev = plan.loads(), plan.targets(), deviations(plan)
    rows: dict[str, object] = {
        "rep_id": list(plan.reps.ids),
        "units": np.bincount(plan.assignment, minlength=plan.k),
    }
    for j, m in enumerate(plan.balance):
        rows[m] = loads[:, j]
        rows[f"{m}_target"] = targets[:, j]
        rows[f"{m}_dev"] = dev[:, j]
    return pd.DataFrame(rows)


def pieces(plan: Plan) -> np.ndarray:
    """Connected pieces per territory (1 = contiguous, 0 = empty), using unit adjacency."""
    u = plan.units
    rows = np.repeat(np.arange(len(u)), np.diff(u.indptr))
    same = plan.assignment[rows] == plan.assignment[u.indices]
    graph = csr_matrix(
        (np.ones(int(same.sum())), (rows[same], u.indices[same])), shape=(len(u), len(u))
    )
    _, label = connected_components(graph, directed=False)
    out = np.zeros(plan.k, dtype=np.int64)
    for k in range(plan.k):
        out[k] = len(np.unique(label[plan.assignment == k]))
    return out


def is_contiguous(plan: Plan) -> bool:
    return bool((pieces(plan) == 1).all())


def dispersion(plan: Plan) -> np.ndarray:
    """Measure-weighted mean squared distance (km^2) of units to their territory's centre.

    Weight is the unit's average share of the balanced measures, so big accounts far from the
    centre cost more travel than empty land does.
    """
    w = unit_weights(plan)
    xy = plan.units.xy / 1000.0
    out = np.zeros(plan.k)
    for k in range(plan.k):
        sel = plan.assignment == k
        wk = w[sel]
        if wk.sum() <= 0:
            continue
        centre = (xy[sel] * wk[:, None]).sum(axis=0) / wk.sum()
        out[k] = float((wk * ((xy[sel] - centre) ** 2).sum(axis=1)).sum() / wk.sum())
    return out


def unit_weights(plan: Plan) -> np.ndarray:
    idx = [plan.units.measure_names.index(m) for m in plan.balance]
    values = plan.units.measures[:, idx]
    return (values / values.sum(axis=0)).mean(axis=1)


def polsby_popper(plan: Plan) -> np.ndarray:
    """4*pi*area/perimeter^2 of each dissolved territory (1 = circle); needs geometry."""
    geom = plan.units.geometry
    if geom is None:
        raise ValueError("Polsby-Popper needs unit geometry")
    merged = geom.groupby(plan.assignment).agg(lambda s: s.union_all())
    import geopandas as gpd

    shapes = gpd.GeoSeries(merged, crs=geom.crs)
    pp = 4 * np.pi * shapes.area / shapes.length**2
    out = np.zeros(plan.k)
    out[shapes.index.to_numpy(dtype=int)] = pp.to_numpy()
    return out


def disruption(plan: Plan, current: Plan) -> dict[str, float]:
    """Share of units, and of each measure, whose rep differs from the current plan."""
    if len(plan.units) != len(current.units) or (plan.units.ids != current.units.ids).any():
        raise ValueError("plans cover different units")
    now = np.asarray(plan.reps.ids, dtype=object)[plan.assignment]
    before = np.asarray(current.reps.ids, dtype=object)[current.assignment]
    moved = now != before
    out = {"units": float(moved.mean())}
    for j, m in enumerate(plan.units.measure_names):
        col = plan.units.measures[:, j]
        out[m] = float(col[moved].sum() / col.sum()) if col.sum() else 0.0
    return out


def moves(plan: Plan, current: Plan) -> pd.DataFrame:
    """Exactly what changes rep: unit, from, to, and its measures."""
    now = np.asarray(plan.reps.ids, dtype=object)[plan.assignment]
    before = np.asarray(current.reps.ids, dtype=object)[current.assignment]
    moved = np.flatnonzero(now != before)
    df = pd.DataFrame(
        {"unit_id": plan.units.ids[moved], "from_rep": before[moved], "to_rep": now[moved]}
    )
    for j, m in enumerate(plan.units.measure_names):
        df[m] = plan.units.measures[moved, j]
    return df


def territory_table(plan: Plan) -> pd.DataFrame:
    """The per-territory scorecard: balance, pieces, dispersion and Polsby-Popper."""
    table = balance_report(plan)
    table["pieces"] = pieces(plan)
    table["dispersion_km2"] = dispersion(plan)
    if plan.units.geometry is not None:
        table["polsby_popper"] = polsby_popper(plan)
    return table


def summary(plan: Plan, current: Plan | None = None) -> dict[str, float]:
    """Plan-wide figures: worst deviation per measure, pieces, compactness, disruption."""
    out: dict[str, float] = {f"max_dev_{m}": d for m, d in max_deviation(plan).items()}
    p = pieces(plan)
    out["territories_in_pieces"] = float((p > 1).sum())
    out["dispersion_km2"] = float((dispersion(plan) * plan.reps.shares()).sum())
    if plan.units.geometry is not None:
        out["mean_polsby_popper"] = float(polsby_popper(plan).mean())
    if current is not None:
        for k, v in disruption(plan, current).items():
            out[f"changed_{k}"] = v
    return out
