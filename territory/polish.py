"""Exact polishing of a plan for up to a few thousand units: CP-SAT with star-shaped territories.

Local search gets close on coarse maps (a hundred counties, a dozen per territory) but single
moves and swaps often cannot land all three measures inside 5% at once. Given the territory
centres of a plan, CP-SAT chooses the whole assignment: every band met exactly, dispersion
minimised, and each unit may join a territory only if a neighbour nearer that centre is in it
too, so every territory is connected and star-shaped around its centre (compact by design).
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model
from scipy.spatial import cKDTree

from territory.budget import Deadline, solve_cpsat
from territory.search import OP_SECONDS, Problem

SCALE = 1_000_000
WORK_PER_SECOND = 3.0  # work seconds (CPU) per CP-SAT deterministic second on this model


def _roots(p: Problem, assign: np.ndarray, pinned: np.ndarray, weight: np.ndarray) -> list[int]:
    """Each territory's most central unit (a rep's home or lock when it has one)."""
    roots = []
    for t in range(len(p.share)):
        mine = np.flatnonzero(assign == t)
        fixed = np.flatnonzero(pinned == t)
        pool = fixed if len(fixed) else mine
        centre = np.average(p.xy[mine], axis=0, weights=weight[mine] + 1e-12)
        roots.append(int(pool[np.argmin(((p.xy[pool] - centre) ** 2).sum(axis=1))]))
    return roots


def polish(
    p: Problem,
    assign: np.ndarray,
    pinned: np.ndarray,
    deadline: Deadline,
    *,
    seed: int = 0,
    seconds: float = 5.0,
    nearest: int = 5,
) -> np.ndarray | None:
    """A balanced, contiguous, more compact plan around the same centres, or None.

    CP-SAT gets `seconds` deterministic seconds (at most the work left on `deadline`)."""
    n, k = len(assign), len(p.share)
    weight = p.w.mean(axis=1) if p.compact_w is None else p.compact_w
    roots = _roots(p, assign, pinned, weight)
    rxy = p.xy[roots]
    d2 = ((p.xy[:, None, :] - rxy[None, :, :]) ** 2).sum(axis=2)  # (n, k)
    _, near = cKDTree(rxy).query(p.xy, k=min(nearest, k))
    near = near.reshape(n, -1)
    nbrs = [p.indices[p.indptr[i] : p.indptr[i + 1]].tolist() for i in range(n)]
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for u in range(n):
        allowed = {int(t) for t in near[u]} | {int(assign[u])}
        allowed |= {int(assign[v]) for v in nbrs[u]}
        if pinned[u] >= 0:
            allowed = {int(pinned[u])}
        for t in sorted(allowed):
            x[u, t] = model.new_bool_var(f"x{u}_{t}")
    by_unit: dict[int, list[cp_model.IntVar]] = {}
    for (u, _t), var in x.items():
        by_unit.setdefault(u, []).append(var)
    for u in range(n):
        model.add_exactly_one(by_unit[u])
    for t, r in enumerate(roots):
        model.add(x[r, t] == 1)
    for (u, t), var in x.items():
        if u == roots[t]:
            continue
        nearer = [x[v, t] for v in nbrs[u] if (v, t) in x and d2[v, t] < d2[u, t]]
        model.add(var <= sum(nearer)) if nearer else model.add(var == 0)
    w = np.round(p.w * SCALE).astype(np.int64)
    totals = w.sum(axis=0)
    for t in range(k):
        members = [(u, var) for (u, s), var in x.items() if s == t]
        for j in range(w.shape[1]):
            target = p.share[t] * totals[j]
            band = p.tol[j] * 0.999 * target
            load = sum(int(w[u, j]) * var for u, var in members)
            model.add(load >= int(np.ceil(target - band)))
            model.add(load <= int(np.floor(target + band)))
    cost = weight[:, None] * d2
    cost = np.round(cost / max(float(cost.max()), 1e-12) * SCALE).astype(np.int64)
    model.minimize(sum(int(cost[u, t]) * var for (u, t), var in x.items()))
    for (u, t), var in x.items():
        model.add_hint(var, bool(assign[u] == t))
    deadline.charge(len(x) * 20 * OP_SECONDS)  # building the model
    solver, status = solve_cpsat(model, deadline, seed, seconds, work_per_second=WORK_PER_SECOND)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    result = assign.copy()
    for (u, t), var in x.items():
        if solver.value(var):
            result[u] = t
    return result
