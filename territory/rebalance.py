"""Rebalancing with least disruption: a CP-SAT model over the units near territory edges.

Which units change rep is a knapsack-like choice across all territories at once, which greedy
moves do badly (they diffuse load through long chains). CP-SAT picks the cheapest set of
moves (revenue share plus unit share) that brings every measure of every territory inside its
band. Only units within a few hops of a territory may join it, and a unit may join only if a
neighbour nearer that territory is in it too, so receiving territories stay connected; the local
search afterwards repairs anything the giving side lost.
"""

from __future__ import annotations

from collections import deque

import numpy as np
from ortools.sat.python import cp_model

from territory.budget import Deadline, solve_cpsat
from territory.search import Problem

SCALE = 1_000_000
WORK_PER_SECOND = 2.5  # work seconds (CPU) per CP-SAT deterministic second on this model


def hop_distance(p: Problem, sources: np.ndarray, limit: int) -> np.ndarray:
    """Breadth-first hops from any source unit, -1 beyond `limit`."""
    n = len(p.xy)
    dist = np.full(n, -1, dtype=np.int64)
    queue = deque(int(s) for s in sources)
    dist[sources] = 0
    indptr, indices = p.indptr, p.indices
    while queue:
        u = queue.popleft()
        if dist[u] >= limit:
            continue
        for v in indices[indptr[u] : indptr[u + 1]].tolist():
            if dist[v] < 0:
                dist[v] = dist[u] + 1
                queue.append(v)
    return dist


def _depth_from_core(p: Problem, orig: np.ndarray, t: int, mine: np.ndarray) -> np.ndarray:
    """Hops inside territory t from its most interior unit (the one farthest from its edge)."""
    n = len(orig)
    inside = np.zeros(n, dtype=bool)
    inside[mine] = True
    edge = [u for u in mine.tolist() if (orig[p.indices[p.indptr[u] : p.indptr[u + 1]]] != t).any()]
    to_edge = _bfs(p, np.array(edge or mine[:1]), inside)
    core = int(mine[np.argmax(to_edge[mine])])
    return _bfs(p, np.array([core]), inside)


def _bfs(p: Problem, sources: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    dist = np.full(len(allowed), np.iinfo(np.int64).max // 2, dtype=np.int64)
    dist[sources] = 0
    queue = deque(int(s) for s in sources)
    while queue:
        u = queue.popleft()
        for v in p.indices[p.indptr[u] : p.indptr[u + 1]].tolist():
            if allowed[v] and dist[v] > dist[u] + 1:
                dist[v] = dist[u] + 1
                queue.append(v)
    return dist


def least_disruptive(
    p: Problem,
    start: np.ndarray,
    seeds: dict[int, int],
    *,
    hops: tuple[int, ...] = (2, 3),
    seed: int = 0,
    seconds: float = 20.0,
    deadline: Deadline | None = None,
) -> np.ndarray | None:
    """Solve with moves of at most 2 hops, then let 3 hops improve on it (warm start).

    `seconds` is CP-SAT's deterministic time in all; `deadline` (default: none but three
    times `seconds` of wall time) is charged with it and is the wall-clock safety net."""
    best = None
    deadline = deadline or Deadline.wall(seconds * 3)
    for i, h in enumerate(hops):
        found = _solve(p, start, seeds, h, seed, seconds / len(hops), best, deadline)
        if found is not None:
            best = found
        elif i == 0 and best is None:
            continue
    return best


def _solve(
    p: Problem,
    start: np.ndarray,
    seeds: dict[int, int],
    hops: int,
    seed: int,
    seconds: float,
    hint: np.ndarray | None,
    deadline: Deadline,
) -> np.ndarray | None:
    """Assignment that meets the bands moving the least revenue+units, or None if none found.

    `start` is the current plan with leaving reps' units at -1; `seeds` maps each new rep to
    the unit it starts from.
    """
    assert p.orig is not None and p.move_cost is not None
    n, k = len(start), len(p.share)
    orig = start.copy()
    for t, u in seeds.items():
        orig[u] = t
    leaving = orig < 0
    model = cp_model.CpModel()
    dist = np.full((k, n), -1, dtype=np.int64)
    for t in range(k):
        mine = np.flatnonzero(orig == t)
        limit = hops + 3 if t in seeds else hops
        dist[t] = hop_distance(p, mine, n if leaving.any() else limit)
        far = (dist[t] > limit) & ~leaving
        dist[t][far] = -1
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for u in range(n):
        if p.fixed[u] or u in seeds.values():
            continue
        for t in np.flatnonzero(dist[:, u] > 0).tolist():
            if t != orig[u]:
                x[u, t] = model.new_bool_var(f"x{u}_{t}")
    out_of: dict[int, list[cp_model.IntVar]] = {}
    for (u, _t), var in x.items():
        out_of.setdefault(u, []).append(var)
    for u in range(n):
        if leaving[u]:
            if u not in out_of:
                return None
            model.add_exactly_one(out_of[u])
        elif u in out_of:
            model.add_at_most_one(out_of[u])

    def member(v: int, t: int) -> cp_model.LinearExprT:
        if orig[v] == t:
            return 1 - sum(out_of.get(v, []))
        return x.get((v, t), 0)

    nbrs = [p.indices[p.indptr[i] : p.indptr[i + 1]] for i in range(n)]
    for (u, t), var in x.items():
        nearer = [int(v) for v in nbrs[u] if 0 <= dist[t, v] < dist[t, u]]
        model.add(var <= sum(member(v, t) for v in nearer))
    # the giving side stays one piece: every staying unit keeps a neighbour nearer the core
    for t in range(k):
        mine = np.flatnonzero(orig == t)
        if len(mine) < 2 or t in seeds:
            continue
        depth = _depth_from_core(p, orig, t, mine)
        core = int(mine[np.argmin(depth[mine])])
        if core in out_of:
            model.add(sum(out_of[core]) == 0)
        for v in mine.tolist():
            if v == core:
                continue
            nearer = [int(q) for q in nbrs[v] if orig[q] == t and depth[q] < depth[v]]
            model.add(member(v, t) <= sum(member(q, t) for q in nearer))
    w = np.round(p.w * SCALE).astype(np.int64)
    totals = w.sum(axis=0)
    for t in range(k):
        stay = np.flatnonzero(orig == t)
        incoming = [(u, var) for (u, s), var in x.items() if s == t]
        for j in range(w.shape[1]):
            target = p.share[t] * totals[j]
            band = p.tol[j] * 0.9999 * target
            load = int(w[stay, j].sum())
            load -= sum(int(w[u, j]) * var for u in stay.tolist() for var in out_of.get(u, []))
            load += sum(int(w[u, j]) * var for u, var in incoming)
            model.add(load >= int(np.ceil(target - band)))
            model.add(load <= int(np.floor(target + band)))
    cost = np.round(p.move_cost * SCALE).astype(np.int64)
    model.minimize(sum(int(cost[u]) * var for (u, _t), var in x.items() if not leaving[u]))
    if hint is not None:
        for (u, t), var in x.items():
            model.add_hint(var, bool(hint[u] == t))
    # one worker + deterministic time: same seed, same plan
    solver, status = solve_cpsat(
        model, deadline, seed, seconds, work_per_second=WORK_PER_SECOND, linearization_level=2
    )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    result = orig.copy()
    for (u, t), var in x.items():
        if solver.value(var):
            result[u] = t
    return result
