"""Starting plans: compact and roughly balanced, then made contiguous.

A fresh start assigns units to K centres with OR-Tools min-cost flow (each territory may take
only its share of the combined measure, each unit goes to a nearby centre), moves the centres
to their territories' weighted centroids and repeats, like capacitated k-means. A rebalance
start keeps the current plan, seeds new reps at a junction of territories and hands the units
of departing reps to their least-loaded neighbours. Both end with a contiguity repair.
"""

from __future__ import annotations

import heapq
from collections import deque

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from territory.search import Problem


def _kmeanspp(
    xy: np.ndarray, w: np.ndarray, k: int, given: list[np.ndarray], rng: np.random.Generator
) -> np.ndarray:
    centres = list(given)
    if not centres:
        centres.append(xy[rng.choice(len(xy), p=w / w.sum())])
    d2 = np.min([((xy - c) ** 2).sum(axis=1) for c in centres], axis=0)
    while len(centres) < k:
        p = w * d2
        i = rng.choice(len(xy), p=p / p.sum()) if p.sum() > 0 else rng.integers(len(xy))
        centres.append(xy[i])
        d2 = np.minimum(d2, ((xy - xy[i]) ** 2).sum(axis=1))
    return np.array(centres[:k])


def flow_assign(
    p: Problem, centres: np.ndarray, pinned: np.ndarray, nearest: int = 10
) -> np.ndarray:
    """Capacitated nearest-centre assignment by min-cost flow on the combined measure."""
    n, k = len(p.xy), len(centres)
    weight = p.w.mean(axis=1)
    supply = np.maximum(1, np.round(weight / weight.sum() * 1000 * n)).astype(np.int64)
    total = int(supply.sum())
    caps = np.ceil(p.share * total).astype(np.int64) + 1
    c = min(k, nearest)
    dist, near = cKDTree(centres).query(p.xy, k=c)
    near = near.reshape(n, c)
    dist = dist.reshape(n, c) ** 2
    scale = 1e6 / max(float(dist.max()), 1e-9)
    free = pinned < 0
    tails = [np.repeat(np.flatnonzero(free), c), np.flatnonzero(~free)]
    heads = [near[free].ravel() + n, pinned[~free] + n]
    costs = [
        np.round(dist[free].ravel() * scale).astype(np.int64),
        np.zeros(int((~free).sum()), dtype=np.int64),
    ]
    caps_u = [np.repeat(supply[free], c), supply[~free]]
    over, sink = n + k, n + k + 1
    tails += [np.flatnonzero(free), np.full(k, over), np.arange(k) + n]
    heads += [np.full(int(free.sum()), over), np.arange(k) + n, np.full(k, sink)]
    costs += [np.full(int(free.sum()), 10**7), np.zeros(k, np.int64), np.zeros(k, np.int64)]
    caps_u += [supply[free], np.full(k, total), caps]
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps_u),
        np.concatenate(costs),
    )
    supplies = np.concatenate([supply, np.zeros(k + 1, np.int64), [-total]])
    smcf.set_nodes_supplies(np.arange(n + k + 2, dtype=np.int32), supplies)
    if smcf.solve() != smcf.OPTIMAL:
        raise RuntimeError("min-cost flow found no assignment")
    n_arcs = sum(len(t) for t in tails[:2])
    flows = smcf.flows(np.arange(n_arcs))
    arc_tail = np.concatenate(tails[:2])
    arc_head = np.concatenate(heads[:2]) - n
    assign = near[:, 0].copy()
    best = np.zeros(n)
    for t, h, f in zip(arc_tail.tolist(), arc_head.tolist(), flows.tolist(), strict=False):
        if f > best[t]:
            best[t], assign[t] = f, h
    return assign


def lp_assign(
    p: Problem, centres: np.ndarray, pinned: np.ndarray, nearest: int = 8, band: float = 0.5
) -> np.ndarray | None:
    """Nearest-centre assignment with every measure inside `band` x tolerance (HiGHS LP).

    The flow balances one combined measure; this balances each one, so the local search
    starts close on all three. Units split by the LP go to their largest share.
    """
    n, k = len(p.xy), len(centres)
    c = min(k, nearest)
    dist, near = cKDTree(centres).query(p.xy, k=c)
    near, dist = near.reshape(n, c), dist.reshape(n, c) ** 2
    weight = p.w.mean(axis=1)
    cols_u = np.repeat(np.arange(n), c)
    cols_t = near.ravel()
    cost = (weight[:, None] * dist).ravel()
    pinned_u = pinned[cols_u]
    keep = (pinned_u < 0) | (pinned_u == cols_t)
    cols_u, cols_t, cost = cols_u[keep], cols_t[keep], cost[keep]
    if not np.isin(np.arange(n), cols_u).all():  # a pinned unit far from its centre
        return None
    nv = len(cols_u)
    a_eq = csr_matrix((np.ones(nv), (cols_u, np.arange(nv))), shape=(n, nv))
    rows, vals, lo, hi = [], [], [], []
    m = p.w.shape[1]
    for j in range(m):
        rows.append(cols_t * m + j)
        vals.append(p.w[cols_u, j])
    a_ub = csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.tile(np.arange(nv), m))), shape=(k * m, nv)
    )
    target = np.repeat(p.share, m)
    tol = np.tile(p.tol, k) * band
    lo, hi = target * (1 - tol), target * (1 + tol)
    from scipy.optimize import linprog
    from scipy.sparse import hstack, identity, vstack

    # slack on every band (priced far above any distance) keeps the LP feasible where
    # geography makes a band unreachable from the nearest centres; it then gets as close as it can
    ns = k * m
    slack = identity(ns, format="csr")
    zero = csr_matrix((ns, ns))
    a_ub_full = vstack([hstack([a_ub, -slack, zero]), hstack([-a_ub, zero, -slack])])
    a_eq_full = hstack([a_eq, csr_matrix((n, 2 * ns))])
    c = np.concatenate([cost / max(cost.max(), 1e-12), np.full(2 * ns, 1e4 * n)])
    res = linprog(
        c,
        A_ub=a_ub_full.tocsr(),
        b_ub=np.concatenate([hi, -lo]),
        A_eq=a_eq_full.tocsr(),
        b_eq=np.ones(n),
        bounds=[(0, 1)] * nv + [(0, None)] * (2 * ns),
        method="highs",
    )
    if res.status != 0:
        return None
    assign = np.full(n, -1, dtype=np.int64)
    best = np.full(n, -1.0)
    for u, t, v in zip(cols_u.tolist(), cols_t.tolist(), res.x[:nv].tolist(), strict=True):
        if v > best[u]:
            best[u], assign[u] = v, t
    return assign


def repair_contiguity(p: Problem, assign: np.ndarray, k: int, rounds: int = 50) -> np.ndarray:
    """Give every stray piece of a territory to the neighbour it touches most."""
    assign = assign.copy()
    n = len(assign)
    rows = np.repeat(np.arange(n), np.diff(p.indptr))
    cols = p.indices
    weight = p.w.mean(axis=1)
    for _ in range(rounds):
        same = assign[rows] == assign[cols]
        g = csr_matrix((np.ones(int(same.sum())), (rows[same], cols[same])), shape=(n, n))
        _, label = connected_components(g, directed=False)
        changed = False
        for t in range(k):
            labels = label[assign == t]
            if len(labels) == 0:
                continue
            comps = np.unique(labels)
            if len(comps) == 1:
                continue
            # keep the piece with the pinned units, else the heaviest
            pinned_w = np.array([(p.fixed & (label == c)).sum() for c in comps])
            mass = np.array([weight[label == c].sum() for c in comps])
            keep = comps[np.lexsort((mass, pinned_w))[-1]]
            for c in comps:
                if c == keep:
                    continue
                members = np.flatnonzero(label == c)
                if p.fixed[members].any():
                    # locked units far from the rest: claim the shortest free path to them
                    path = free_path(p.indptr, p.indices, p.fixed, members, label == keep)
                    if path:
                        assign[path] = t
                        changed = True
                    continue
                touch = np.concatenate([p.indices[p.indptr[i] : p.indptr[i + 1]] for i in members])
                others = assign[touch][assign[touch] != t]
                if len(others):
                    assign[members] = np.bincount(others).argmax()
                    changed = True
        if not changed:
            break
    return assign


def free_path(
    indptr: np.ndarray,
    indices: np.ndarray,
    fixed: np.ndarray,
    source: np.ndarray,
    target: np.ndarray,
) -> list[int]:
    """Units not `fixed` on a shortest path from the `source` units to any unit where the
    boolean `target` holds, ends excluded (empty when pinned units block every path)."""
    parent = {int(u): -1 for u in source}
    queue = deque(parent)
    while queue:
        u = queue.popleft()
        for v in indices[indptr[u] : indptr[u + 1]].tolist():
            if v in parent:
                continue
            if target[v]:
                path = []
                while parent[u] != -1:
                    path.append(u)
                    u = parent[u]
                return path
            if not fixed[v]:
                parent[v] = u
                queue.append(v)
    return []


def fresh_start(
    p: Problem, pinned: np.ndarray, rng: np.random.Generator, lloyd: int = 8
) -> np.ndarray:
    """Capacitated k-means by min-cost flow, then contiguity repair."""
    k = len(p.share)
    weight = p.w.mean(axis=1)
    given = []
    for t in range(k):
        mine = np.flatnonzero(pinned == t)
        if len(mine):
            given.append(np.average(p.xy[mine], axis=0, weights=weight[mine] + 1e-12))
    order = [t for t in range(k) if (pinned == t).any()]
    order += [t for t in range(k) if not (pinned == t).any()]
    centres = np.empty((k, 2))
    centres[order] = _kmeanspp(p.xy, weight + 1e-12, k, given, rng)
    assign = flow_assign(p, centres, pinned)
    for _ in range(lloyd):
        for t in range(k):
            sel = assign == t
            if sel.any():
                centres[t] = np.average(p.xy[sel], axis=0, weights=weight[sel] + 1e-12)
        new = flow_assign(p, centres, pinned)
        if (new == assign).all():
            break
        assign = new
    for t in range(k):
        sel = assign == t
        if sel.any():
            centres[t] = np.average(p.xy[sel], axis=0, weights=weight[sel] + 1e-12)
    balanced = lp_assign(p, centres, pinned)
    if balanced is not None:
        assign = balanced
    return repair_contiguity(p, assign, k)


def seed_new_reps(p: Problem, assign: np.ndarray) -> dict[int, int]:
    """A start unit for each rep with no units: where most territories meet, spread out."""
    k, n = len(p.share), len(assign)
    nbrs = [p.indices[p.indptr[i] : p.indptr[i + 1]] for i in range(n)]
    junction = np.array(
        [len(set(assign[nb].tolist()) | {int(assign[i])}) for i, nb in enumerate(nbrs)]
    )
    junction[p.fixed | (assign < 0)] = -1
    seeds: dict[int, int] = {}
    for t in range(k):
        if (assign == t).any():
            continue
        best = np.flatnonzero(junction == junction.max())
        if seeds:
            chosen = list(seeds.values())
            d = np.min([((p.xy[best] - p.xy[s]) ** 2).sum(axis=1) for s in chosen], axis=0)
            u = int(best[np.argmax(d)])
        else:
            centre = p.xy.mean(axis=0)
            u = int(best[np.argmin(((p.xy[best] - centre) ** 2).sum(axis=1))])
        seeds[t] = u
        junction[u] = -1
    return seeds


def rebalance_start(p: Problem, current: np.ndarray, seeds: dict[int, int]) -> np.ndarray:
    """Greedy fallback: seed new reps, hand leaving reps' units to the least-loaded neighbour."""
    k, n = len(p.share), len(current)
    assign = current.copy()
    for t, u in seeds.items():
        assign[u] = t
    nbrs = [p.indices[p.indptr[i] : p.indptr[i + 1]] for i in range(n)]
    load = np.zeros(k)
    weight = p.w.mean(axis=1)
    np.add.at(load, assign[assign >= 0], weight[assign >= 0])
    heap = [(load[t] / p.share[t], t) for t in range(k)]
    heapq.heapify(heap)
    orphans = int((assign < 0).sum())
    while orphans:
        ratio, t = heapq.heappop(heap)
        if ratio != load[t] / p.share[t]:
            continue
        frontier = {int(v) for i in np.flatnonzero(assign == t) for v in nbrs[i] if assign[v] < 0}
        if not frontier:
            if not heap:
                raise RuntimeError("units of leaving reps are unreachable")
            continue
        u = min(frontier)
        assign[u] = t
        load[t] += weight[u]
        orphans -= 1
        heapq.heappush(heap, (load[t] / p.share[t], t))
    return repair_contiguity(p, assign, k)
