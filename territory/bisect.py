"""Recursive bisection: a start for many territories on a fine map.

With a hundred territories over tens of thousands of units, k-means starts are off by tens of
percent where the measures are distributed unlike each other (workload follows land, leads
follow towns), and the local search only trades units across borders: a surplus in the West
would have to travel through dozens of territories to reach the East. Bisection settles the
large flows first. The reps are split into two groups, the units into two contiguous halves
whose shares of every measure match the groups' share, and each half is split again until one
rep is left. A split starts from the best of many cuts (units grown from a root along the
graph, or a straight line, repaired to two connected pieces), scored by balance and by how
spread out the halves are; the best few are balanced on ever finer cells
(`territory.coarsen`), then on single border units, down to `SPLIT_TOLERANCE`.
Locked units and homes decide which group a pinned rep joins and never change side.

On uniform instances every split reaches `SPLIT_TOLERANCE`. On the ZIP map (figure 3) the
top two levels do, but deeper regions often have a neck or a town on one side of every cut
the local moves can reach, and splits stall at 5-40%: not yet good enough on its own.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra

from territory.coarsen import cell_graph, cells
from territory.construct import free_path
from territory.search import Problem

BISECT_MIN_REPS = 30  # below this the k-means starts already balance (figures 1, 5)
BISECT_MIN_UNITS = 20_000  # figure 2 (10,000 units, 160 reps) balances on k-means starts
SPLIT_TOLERANCE = 0.002  # per split, relative to the smaller side's target
ANGLES = 36  # cut directions tried per split (every 10 degrees, both sides)
SPREAD_WEIGHT = 0.2  # deviation worth the halves' spread (1 = as spread as the whole)
UNITS_PER_CELL = (100, 20, 4)  # coarse levels: whole blocks move first, then units
CANDIDATES = 3  # best-scoring starting cuts that are balanced; the best result is kept
MIN_CELLS = 50  # coarser than this, rounding a cut to cells costs more than it gains
BFS_LIMIT = 400  # units a connectivity check may visit before it refuses the move
BATCH = 64  # moves applied per scan of the border


def use_bisection(n_units: int, n_reps: int, rebalancing: bool) -> bool:
    """Fresh plans with many reps on a fine map; small and rebalance cases keep their path."""
    return not rebalancing and n_reps >= BISECT_MIN_REPS and n_units >= BISECT_MIN_UNITS


class Bisection:
    """Recursive bisection of `problem` into its K territories; `run()` returns the assignment.

    `pinned[u]` is the rep a unit is locked to (or whose home it is), -1 if free. `deadline`
    is a `time.monotonic()` instant: splits share the time left by their size, and a split
    out of time keeps its best cut so far.
    """

    def __init__(
        self,
        problem: Problem,
        pinned: np.ndarray,
        seed: int,
        deadline: float,
        report: Callable[[str, float], None] | None = None,
        tolerance: float = SPLIT_TOLERANCE,
    ) -> None:
        self.p = problem
        self.pinned = np.asarray(pinned, dtype=np.int64)
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.deadline = deadline
        self.report = report or (lambda phase, v: None)
        self.tolerance = tolerance
        n = len(problem.xy)
        self.graph = csr_matrix(
            (np.ones(len(problem.indices)), problem.indices, problem.indptr), shape=(n, n)
        )
        self.cw = problem.w.mean(axis=1) if problem.compact_w is None else problem.compact_w
        self.worst = 0.0  # largest deviation a split was left with

    # -- driver -----------------------------------------------------------------------
    def run(self) -> np.ndarray:
        n, k = len(self.p.xy), len(self.p.share)
        assign = np.full(n, -1, dtype=np.int64)
        queue = deque([(np.arange(n), np.arange(k))])
        done = 0
        while queue:
            units, reps = queue.popleft()
            if len(reps) == 1:
                assign[units] = reps[0]
                done += 1
                continue
            work = sum(len(u) * np.ceil(np.log2(len(r))) for u, r in queue)
            work += len(units) * np.ceil(np.log2(len(reps)))
            left = max(self.deadline - time.monotonic(), 0.0)
            until = time.monotonic() + left * len(units) / max(work, 1.0)
            (ua, ra), (ub, rb) = self.split(units, reps, until)
            queue.extend([(ua, ra), (ub, rb)])
            self.report(f"bisecting: {done} of {k} territories", self.worst)
        return assign

    # -- one split --------------------------------------------------------------------
    def split(
        self, units: np.ndarray, reps: np.ndarray, until: float
    ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """Two contiguous halves of `units` and the reps that get each."""
        self._units = units
        sub = self.graph[units][:, units].tocsr()
        w = self.p.w[units]
        w = w / np.where(w.sum(axis=0) > 0, w.sum(axis=0), 1.0)
        pins = self.pinned[units]
        xy = self.p.xy[units]
        rows = np.repeat(np.arange(len(units)), np.diff(sub.indptr))
        length = csr_matrix(
            (np.hypot(*(xy[rows] - xy[sub.indices]).T) + 1e-9, sub.indices, sub.indptr),
            shape=sub.shape,
        )
        offset = self.rng.uniform(0, 2 * np.pi / ANGLES)
        theta = offset + 2 * np.pi * np.arange(ANGLES) / ANGLES
        direction = np.stack([np.cos(theta), np.sin(theta)])
        roots = np.unique(np.argmin(xy @ direction, axis=0))
        cw = self.cw[units]
        # units in order of distance from a root along the graph (side A stays connected),
        # or along a direction (a straight cut, repaired where the region bends)
        orders = list(dijkstra(length, indices=roots)) + list((xy @ direction).T)
        k = len(reps)
        cuts = [self._grown_cut(reps, w, pins, sub, order, xy, cw, k // 2) for order in orders]
        cuts.sort(key=lambda cut: cut[0])
        best = None
        for _, start, group_a in cuts[:CANDIDATES]:
            f = float(self.p.share[group_a].sum() / self.p.share[reps].sum())
            side = self._refine(sub, w, start, pins >= 0, f, len(group_a), k, until)
            score = _worst(w, side, f) + SPREAD_WEIGHT * _spread(xy, cw, side)
            score += _split_sides(sub, side)  # pinned units that cannot be joined
            if best is None or score < best[0]:
                best = (score, side, group_a)
        assert best is not None
        _, side, group_a = best
        a = side == 0
        group_b = np.setdiff1d(reps, group_a)
        return (units[a], group_a), (units[~a], group_b)

    def _refine(
        self,
        sub: csr_matrix,
        w: np.ndarray,
        side: np.ndarray,
        fixed: np.ndarray,
        f: float,
        k1: int,
        k: int,
        until: float,
    ) -> np.ndarray:
        """Balance a cut on ever finer cells, then on units."""
        xy = self.p.xy[self._units]
        for per_cell in UNITS_PER_CELL:
            if len(side) < per_cell * MIN_CELLS:
                continue
            label = cells(xy, w.sum(axis=1), sub, fixed, len(side) // per_cell)
            c = int(label.max()) + 1
            cellw = np.zeros((c, w.shape[1]))
            np.add.at(cellw, label, w)
            size = np.bincount(label, minlength=c)
            cfixed = np.zeros(c, dtype=bool)
            cfixed[label[fixed]] = True
            cside = (np.bincount(label, weights=side, minlength=c) > size / 2).astype(np.int8)
            cside[label[fixed]] = side[fixed]  # pinned units are cells of their own
            cg = cell_graph(label, sub)
            cside = self._repair(cg, cside, cfixed, cellw.mean(axis=1))
            cside = self._balance(cg, cellw, cside, cfixed, f, size, k1, k, until)
            if _worst(cellw, cside, f) < _worst(w, side, f):  # rounding to cells can lose
                side = cside[label]
        ones = np.ones(len(side), dtype=np.int64)
        return self._balance(sub, w, side, fixed, f, ones, k1, k, until)

    def _grown_cut(
        self,
        reps: np.ndarray,
        w: np.ndarray,
        pins: np.ndarray,
        sub: csr_matrix,
        dist: np.ndarray,
        xy: np.ndarray,
        cw: np.ndarray,
        k1: int,
    ) -> tuple[float, np.ndarray, np.ndarray]:
        """(score, side, group A): side A is grown from a root to the best-balanced size.

        Units are taken in order of distance from the root along the unit graph, so side A
        is connected whatever the region's shape; pockets left in B are repaired.
        """
        n, k = len(w), len(reps)
        order = np.argsort(dist, kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        group_a = self._group(reps, pins, rank, w.mean(axis=1)[order].cumsum(), k1)
        f = float(self.p.share[group_a].sum() / self.p.share[reps].sum())
        small = min(f, 1 - f)
        cum = w[order].cumsum(axis=0)
        dev = np.abs(cum - f).max(axis=1) / small
        lo, hi = k1 - 1, n - (k - k1) - 1  # each side keeps a unit per rep
        cut_at = lo + int(np.argmin(dev[lo : hi + 1]))
        side = (rank > cut_at).astype(np.int8)
        in_a = np.isin(pins, group_a)
        side[in_a] = 0
        side[(pins >= 0) & ~in_a] = 1
        side = self._repair(sub, side, pins >= 0, w.mean(axis=1))
        loads = w[side == 0].sum(axis=0)
        deviation = float(np.abs(loads - f).max() / small)
        return deviation + SPREAD_WEIGHT * _spread(xy, cw, side), side, group_a

    def _group(
        self, reps: np.ndarray, pins: np.ndarray, rank: np.ndarray, cum: np.ndarray, k1: int
    ) -> np.ndarray:
        """The K//2 reps for the low side: pinned reps whose pins lie low, then free reps."""
        k = len(reps)
        pinned_reps = [int(r) for r in reps if (pins == r).any()]
        free = [int(r) for r in reps if not (pins == r).any()]
        if not pinned_reps:
            return np.sort(np.array(free[:k1], dtype=np.int64))
        where = [float(cum[int(np.median(rank[pins == r]))]) for r in pinned_reps]
        ordered = [r for _, r in sorted(zip(where, pinned_reps, strict=True))]
        low = sum(q < k1 / k for q in where)
        low = min(max(low, len(ordered) - (k - k1)), k1)
        chosen = ordered[:low] + free[: k1 - low]
        return np.sort(np.array(chosen, dtype=np.int64))

    # -- contiguity -------------------------------------------------------------------
    def _repair(
        self, sub: csr_matrix, side: np.ndarray, fixed: np.ndarray, weight: np.ndarray
    ) -> np.ndarray:
        """Hand every stray piece of a side to the other side (pinned pieces keep theirs)."""
        side = side.copy()
        n = len(side)
        rows = np.repeat(np.arange(n), np.diff(sub.indptr))
        cols = sub.indices
        for _ in range(50):
            changed = False
            for s in (0, 1):
                same = (side[rows] == s) & (side[cols] == s)
                g = csr_matrix((np.ones(int(same.sum())), (rows[same], cols[same])), shape=(n, n))
                _, label = connected_components(g, directed=False)
                mine = side == s
                comps = np.unique(label[mine])
                if len(comps) <= 1:
                    continue
                pinned = np.bincount(label[mine & fixed], minlength=label.max() + 1)[comps]
                mass = np.bincount(label[mine], weights=weight[mine], minlength=label.max() + 1)
                keep = comps[np.lexsort((mass[comps], pinned))[-1]]
                stray = mine & (label != keep)
                movable = stray & ~np.isin(label, label[stray & fixed])
                if movable.any():
                    side[movable] = 1 - s
                    changed = True
                for c in np.unique(label[stray & fixed]):
                    path = free_path(
                        sub.indptr, sub.indices, fixed, np.flatnonzero(label == c), label == keep
                    )
                    if path:
                        side[path] = s
                        changed = True
            if not changed:
                break
        return side

    # -- balancing --------------------------------------------------------------------
    def _balance(
        self,
        sub: csr_matrix,
        w: np.ndarray,
        side: np.ndarray,
        fixed: np.ndarray,
        f: float,
        size: np.ndarray,
        k1: int,
        k: int,
        until: float,
    ) -> np.ndarray:
        """Trade border units until every measure of side 0 is within tolerance of `f`.

        Greedy on the squared deviations: single moves first (units that stick out into the
        other side before others), pairs of moves in opposite directions when no single move
        helps. A unit whose move would split its side is skipped until a neighbour changes.
        """
        n = len(side)
        small = min(f, 1 - f)
        rows = np.repeat(np.arange(n), np.diff(sub.indptr))
        cols = sub.indices
        degree = np.diff(sub.indptr)
        nb = [a.tolist() for a in np.split(cols, sub.indptr[1:-1])]
        sl = side.tolist()
        wl = (w / small).tolist()
        ws = w / small
        m = w.shape[1]
        dev = ((w[side == 0].sum(axis=0) - f) / small).tolist()
        count = [int(size[side == 0].sum()), int(size[side == 1].sum())]
        sz = size.tolist()
        need = [k1, k - k1]
        refused: set[int] = set()
        cleared = False

        def flip(u: int) -> None:
            s = sl[u]
            sg = -1.0 if s == 0 else 1.0
            for j in range(m):
                dev[j] += sg * wl[u][j]
            sl[u] = 1 - s
            count[s] -= sz[u]
            count[1 - s] += sz[u]
            for v in nb[u]:
                refused.discard(v)
                for x in nb[v]:
                    refused.discard(x)

        def movable(u: int) -> bool:
            if u in refused or count[sl[u]] - sz[u] < need[sl[u]]:
                return False
            if _stays_connected(nb, sl, u):
                return True
            refused.add(u)
            return False

        while max(abs(d) for d in dev) > self.tolerance and time.monotonic() < until:
            sides = np.asarray(sl, dtype=np.int8)
            across = sides[rows] != sides[cols]
            other = np.bincount(rows[across], minlength=n)
            cand = np.flatnonzero((other > 0) & ~fixed)
            if refused:
                cand = cand[~np.isin(cand, np.fromiter(refused, dtype=np.int64))]
            if len(cand) == 0:
                break
            sign = np.where(sides[cand] == 0, -1.0, 1.0)
            d = np.asarray(dev)
            step = sign[:, None] * ws[cand]  # change of the deviation if the unit moves
            gain = -(2 * step @ d + (step**2).sum(axis=1))
            made = 0
            good = gain > 1e-15
            if good.any():
                bump = other[cand] * 2 - degree[cand]  # > 0: sticks out into the other side
                order = np.lexsort((-gain, -np.minimum(bump, 1), ~good))[: int(good.sum())]
                for u in cand[order].tolist():
                    sg = -1.0 if sl[u] == 0 else 1.0
                    g = -sum(sg * wl[u][j] * (2 * dev[j] + sg * wl[u][j]) for j in range(m))
                    if g <= 1e-15 or not movable(u):
                        continue
                    flip(u)
                    made += 1
                    if made >= BATCH or max(abs(x) for x in dev) <= self.tolerance:
                        break
            if made == 0:
                made = self._swap(cand, step, gain, d, sl, movable, flip)
            if made == 0 and refused and not cleared:
                refused.clear()  # connections elsewhere may have changed: look again
                cleared = True
                continue
            if made == 0:
                break
            cleared = False
        self.worst = max(self.worst, max(abs(x) for x in dev))
        return np.asarray(sl, dtype=np.int8)

    @staticmethod
    def _swap(
        cand: np.ndarray,
        step: np.ndarray,
        gain: np.ndarray,
        d: np.ndarray,
        sl: list[int],
        movable: Callable[[int], bool],
        flip: Callable[[int], None],
        top: int = 60,
    ) -> int:
        """Best pair of moves, one each way, among the most promising border units."""
        side = np.asarray(sl)[cand]
        best = []
        for s in (0, 1):
            idx = np.flatnonzero(side == s)
            best.append(idx[np.argsort(-gain[idx], kind="stable")[:top]])
        a, b = best
        if len(a) == 0 or len(b) == 0:
            return 0
        pair = step[a][:, None, :] + step[b][None, :, :]
        pair_gain = -(2 * pair @ d + (pair**2).sum(axis=2))
        for flat in np.argsort(-pair_gain, axis=None, kind="stable")[:20].tolist():
            i, j = divmod(flat, len(b))
            if pair_gain[i, j] <= 1e-15:
                break
            u, v = int(cand[a[i]]), int(cand[b[j]])
            if v in () or not movable(u):
                continue
            flip(u)
            if movable(v):
                flip(v)
                return 2
            flip(u)
        return 0


def _split_sides(graph: csr_matrix, side: np.ndarray) -> int:
    """Pieces beyond one per side."""
    n = len(side)
    rows = np.repeat(np.arange(n), np.diff(graph.indptr))
    same = side[rows] == side[graph.indices]
    g = csr_matrix((np.ones(int(same.sum())), (rows[same], graph.indices[same])), shape=(n, n))
    count, _ = connected_components(g, directed=False)
    return count - 2


def _worst(w: np.ndarray, side: np.ndarray, f: float) -> float:
    """Largest deviation of side 0 from share `f`, relative to the smaller side's target."""
    return float(np.abs(w[side == 0].sum(axis=0) - f).max() / min(f, 1 - f))


def _spread(xy: np.ndarray, weight: np.ndarray, side: np.ndarray) -> float:
    """Moment of inertia of the two sides about their own centres, over the whole's."""

    def inertia(sel: np.ndarray) -> float:
        wt = weight[sel] + 1e-12
        centre = np.average(xy[sel], axis=0, weights=wt)
        return float((wt * ((xy[sel] - centre) ** 2).sum(axis=1)).sum())

    whole = inertia(np.ones(len(side), dtype=bool))
    return (inertia(side == 0) + inertia(side == 1)) / max(whole, 1e-12)


def _stays_connected(nbrs: list[list[int]], side: list[int], u: int) -> bool:
    """Is u's side still one piece without u? Refuses when the search grows past BFS_LIMIT."""
    s = side[u]
    need = [v for v in nbrs[u] if side[v] == s]
    if len(need) <= 1:
        return len(need) == 1
    rest = set(need[1:])
    seen = {u, need[0]}
    queue = deque([need[0]])
    while queue and len(seen) < BFS_LIMIT:
        x = queue.popleft()
        for y in nbrs[x]:
            if y not in seen and side[y] == s:
                seen.add(y)
                rest.discard(y)
                if not rest:
                    return True
                queue.append(y)
    return False
