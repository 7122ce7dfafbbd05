"""Local search that makes a contiguous assignment balanced, then compact (or undisruptive).

Moves a boundary unit to a neighbouring territory, or swaps two boundary units, when that
lowers (1) the squared excess of every measure over its tolerance, then (2) a secondary cost:
measure-weighted squared distance to the territory centre plus, when rebalancing, the revenue
and unit share that changes rep. A move is only made if the territory it leaves stays connected,
checked by a breadth-first search that stops as soon as the unit's old neighbours meet again.
Plain Python lists in the inner loop: at three measures numpy's per-call overhead loses.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from territory.budget import Deadline

EPS = 1e-12
PULL = 0.0
OP_SECONDS = 2.5e-6  # work seconds per step: a candidate or pair compared, a node walked


@dataclass
class Problem:
    """Arrays the search works on; measures already divided by their totals."""

    xy: np.ndarray  # (n, 2) km
    w: np.ndarray  # (n, m) share of each measure's total
    share: np.ndarray  # (K,) target share per territory (sums to 1)
    tol: np.ndarray  # (m,)
    indptr: np.ndarray
    indices: np.ndarray
    fixed: np.ndarray  # (n,) bool: locked units and rep homes never move
    orig: np.ndarray | None = None  # (n,) current rep (-1 = rep leaving) in rebalance mode
    move_cost: np.ndarray | None = None  # (n,) share of revenue and units a change costs
    compact_weight: float = 1.0
    compact_w: np.ndarray | None = None  # (n,) weight of each unit in the dispersion
    disrupt_weight: float = 0.0


class LocalSearch:
    def __init__(
        self,
        problem: Problem,
        rng: np.random.Generator,
        deadline: Deadline,
        report: Callable[[str, float], None] | None = None,
    ) -> None:
        p = problem
        self.p = p
        self.rng = rng
        self.deadline = deadline
        self.ops = 0  # elementary steps not yet charged to the deadline's clock
        self.report = report or (lambda phase, v: None)
        self.n, self.m = p.w.shape
        self.k = len(p.share)
        self.nbrs = [p.indices[p.indptr[i] : p.indptr[i + 1]].tolist() for i in range(self.n)]
        self.W = p.w.tolist()
        self.T = p.share.tolist()
        self.tol = (p.tol - 1e-7).tolist()
        self.cw = p.w.mean(axis=1) if p.compact_w is None else p.compact_w
        self.cwl = self.cw.tolist()
        self.x = p.xy[:, 0].tolist()
        self.y = p.xy[:, 1].tolist()
        gc = (p.xy * self.cw[:, None]).sum(axis=0)
        d0 = float((self.cw * ((p.xy - gc) ** 2).sum(axis=1)).sum())
        self.cscale = p.compact_weight * self.k / max(d0, EPS)  # dispersion ~1 at K blobs
        self.fixed = p.fixed.tolist()
        # while some band is broken, also pull every total towards its target: in-band
        # territories then keep trading units, which opens room where a band is broken
        self.pull = 0.0
        self.orig = None if p.orig is None else p.orig.tolist()
        self.mcost = None if p.move_cost is None else (p.move_cost * p.disrupt_weight).tolist()

    # -- objective pieces -------------------------------------------------------------
    def viol(self, load: list[float], k: int) -> float:
        """Squared excess over the bands; while balancing, a pull towards the target too."""
        t = self.T[k]
        v = 0.0
        for j in range(self.m):
            d = abs(load[j] - t) / t
            e = d - self.tol[j]
            if e > 0:
                v += e * e
            v += self.pull * d * d
        return v

    def total_viol(self) -> float:
        pull, self.pull = self.pull, 0.0
        total = sum(self.viol(self.L[k], k) for k in range(self.k))
        self.pull = pull
        return total

    def secondary(self, u: int, k: int) -> float:
        dx = self.x[u] - self.cx[k]
        dy = self.y[u] - self.cy[k]
        s = self.cwl[u] * (dx * dx + dy * dy) * self.cscale
        if self.orig is not None and self.orig[u] != k:
            s += self.mcost[u]  # type: ignore[index]
        return s

    def total_secondary(self) -> float:
        return sum(self.secondary(u, self.a[u]) for u in range(self.n))

    def score(self) -> tuple[float, float]:
        self._centres()
        self.ops += 2 * self.n
        return self.total_viol(), self.total_secondary()

    def settle(self) -> None:
        """Charge the steps done so far to the deadline's clock."""
        self.deadline.charge(self.ops * OP_SECONDS)
        self.ops = 0

    def out_of_time(self) -> bool:
        self.settle()
        return self.deadline.passed()

    # -- state ------------------------------------------------------------------------
    def load(self, assign: np.ndarray) -> None:
        self.a = assign.tolist()
        L = np.zeros((self.k, self.m))
        np.add.at(L, assign, self.p.w)
        self.L = L.tolist()
        self.size = np.bincount(assign, minlength=self.k).tolist()
        self._centres()

    def _centres(self) -> None:
        a = np.asarray(self.a)
        wsum = np.bincount(a, weights=self.cw, minlength=self.k) + EPS
        self.cx = np.bincount(a, weights=self.cw * self.p.xy[:, 0], minlength=self.k) / wsum
        self.cy = np.bincount(a, weights=self.cw * self.p.xy[:, 1], minlength=self.k) / wsum
        self.cx, self.cy = self.cx.tolist(), self.cy.tolist()

    def boundary(self) -> list[int]:
        self.ops += self.n // 4 + 1  # vectorised: a fraction of a step per unit
        a = np.asarray(self.a)
        rows = np.repeat(np.arange(self.n), np.diff(self.p.indptr))
        diff = a[rows] != a[self.p.indices]
        units = np.unique(rows[diff])
        return units[~self.p.fixed[units]].tolist()

    def stays_connected(self, u: int, k: int, also_out: int = -1, also_in: int = -1) -> bool:
        """Is territory k still one piece without u (and without also_out, with also_in)?"""
        a = self.a

        def member(v: int) -> bool:
            return v == also_in or (a[v] == k and v != u and v != also_out)

        need = {v for v in self.nbrs[u] if member(v)}
        if also_out >= 0:
            need |= {v for v in self.nbrs[also_out] if member(v)}
        if also_in >= 0:
            need.add(also_in)
        if len(need) <= 1:
            return True
        start = next(iter(need))
        need.discard(start)
        seen = {start}
        queue = deque([start])
        while queue:
            x = queue.popleft()
            self.ops += 1
            for y in self.nbrs[x]:
                if y not in seen and member(y):
                    seen.add(y)
                    if y in need:
                        need.discard(y)
                        if not need:
                            return True
                    queue.append(y)
        return False

    def apply(self, u: int, b: int) -> None:
        a = self.a[u]
        wu = self.W[u]
        La, Lb = self.L[a], self.L[b]
        for j in range(self.m):
            La[j] -= wu[j]
            Lb[j] += wu[j]
        self.size[a] -= 1
        self.size[b] += 1
        self.a[u] = b

    def _moved(self, L: list[float], wu: list[float], sign: float) -> list[float]:
        return [L[j] + sign * wu[j] for j in range(self.m)]

    # -- neighbourhoods ---------------------------------------------------------------
    def move_pass(self) -> int:
        """One sweep of single-unit moves over the boundary; returns moves made."""
        self._centres()
        made = 0
        a_, W, L = self.a, self.W, self.L
        for u in self.rng.permutation(self.boundary()).tolist():
            a = a_[u]
            if self.size[a] <= 1:
                continue
            cands = {a_[v] for v in self.nbrs[u]}
            cands.discard(a)
            if not cands:
                continue
            wu = W[u]
            self.ops += 1 + len(cands)
            va = self.viol(L[a], a)
            va_new = self.viol(self._moved(L[a], wu, -1.0), a)
            sa = self.secondary(u, a)
            best, best_key = -1, (0.0, -EPS)
            for b in cands:
                dv = va_new - va + self.viol(self._moved(L[b], wu, 1.0), b) - self.viol(L[b], b)
                if dv > EPS:
                    continue
                key = (dv if dv < -EPS else 0.0, self.secondary(u, b) - sa)
                if key < best_key:
                    best, best_key = b, key
            if best >= 0 and self.stays_connected(u, a):
                self.apply(u, best)
                made += 1
        return made

    def swap_pass(self, compact: bool = False) -> int:
        """Swap two boundary units between neighbouring territories; returns swaps made.

        Balancing: pairs with a broken band, best drop in excess. Compacting: any pair, best
        drop in dispersion that breaks no band.
        """
        self._centres()
        made = 0
        bnd = self.boundary()
        by_pair: dict[tuple[int, int], list[int]] = {}
        for u in bnd:
            for b in {self.a[v] for v in self.nbrs[u]} - {self.a[u]}:
                by_pair.setdefault((self.a[u], b), []).append(u)
        bad = {k for k in range(self.k) if self.viol(self.L[k], k) > 0}
        pairs = [
            pq for pq in by_pair if pq[0] < pq[1] and (compact or pq[0] in bad or pq[1] in bad)
        ]
        for a, b in pairs:
            if self.out_of_time():
                break
            best, best_key = None, (-EPS, 0.0) if not compact else (EPS, -EPS)
            base = self.viol(self.L[a], a) + self.viol(self.L[b], b)
            for u in by_pair.get((a, b), []):
                if self.a[u] != a:
                    continue
                for v in by_pair.get((b, a), []):
                    if self.a[v] != b:
                        continue
                    self.ops += 1
                    wu, wv = self.W[u], self.W[v]
                    la = [self.L[a][j] - wu[j] + wv[j] for j in range(self.m)]
                    lb = [self.L[b][j] + wu[j] - wv[j] for j in range(self.m)]
                    dv = self.viol(la, a) + self.viol(lb, b) - base
                    if compact:
                        if dv > EPS:
                            continue
                        ds = (
                            self.secondary(u, b)
                            - self.secondary(u, a)
                            + self.secondary(v, a)
                            - self.secondary(v, b)
                        )
                        key = (0.0, ds)
                    else:
                        key = (dv, 0.0)
                    if key < best_key:
                        best, best_key = (u, v), key
            if best is None:
                continue
            u, v = best
            if self.stays_connected(u, a, also_in=v) and self.stays_connected(v, b, also_in=u):
                self.apply(u, b)
                self.apply(v, a)
                made += 1
        return made

    def kick(self, count: int) -> None:
        """Random contiguity-keeping moves to leave a local optimum."""
        bnd = self.boundary()
        for u in self.rng.choice(bnd, size=min(count, len(bnd)), replace=False).tolist():
            a = self.a[u]
            cands = sorted({self.a[v] for v in self.nbrs[u]} - {a})
            if cands and self.size[a] > 1 and self.stays_connected(u, a):
                self.apply(u, cands[int(self.rng.integers(len(cands)))])

    # -- driver -----------------------------------------------------------------------
    def run(self, assign: np.ndarray, max_sweeps: int = 400) -> np.ndarray:
        self.load(assign)
        best = np.asarray(self.a)
        best_score = self.score()
        stale = compact_rounds = 0
        for _sweep in range(max_sweeps):
            if self.out_of_time():
                break
            self.pull = PULL if self.total_viol() > 0 else 0.0
            made = self.move_pass()
            v = self.total_viol()
            if v > 0:
                made += self.swap_pass()
                v = self.total_viol()
            self.report("balancing" if v > 0 else "compacting", v)
            score = self.score()
            if score < best_score:
                improved_enough = score[0] < best_score[0] - EPS or score[1] < best_score[1] * (
                    1 - 1e-5
                )
                best, best_score = np.asarray(self.a), score
                stale = 0 if improved_enough else stale + 1
            else:
                stale += 1
            if made == 0 or stale >= 3:
                if best_score[0] <= EPS:
                    self.load(best)
                    if compact_rounds < 20 and self.swap_pass(compact=True):
                        compact_rounds += 1
                        stale = 0
                        continue
                    break
                self.load(best)  # iterated local search: restart from the best, shaken
                self.kick(max(3, self.n // 200))
                stale = 0
        self.settle()
        return best
