"""Final compactness phase on real shapes: raise the mean Polsby-Popper of a balanced plan.

Dispersion (squared distance to the centre) makes territories round on average, but
Polsby-Popper (4*pi*area/perimeter^2 of the dissolved shape) punishes ragged borders, which
dispersion barely sees. With each unit's perimeter and the border length it shares with each
neighbour, a territory's perimeter after a move is known exactly and cheaply, so boundary moves
and swaps can climb mean Polsby-Popper directly, accepting only those that keep every band and
every territory in one piece.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from territory.budget import Deadline
from territory.search import LocalSearch
from territory.units import Units

FOUR_PI = 4.0 * math.pi


def border_lengths(units: Units) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Area and perimeter per unit, and shared border length per adjacency entry (CSR order)."""
    assert units.geometry is not None
    geoms = units.geometry.to_numpy()
    rings = shapely.boundary(geoms)
    indptr, indices = np.asarray(units.indptr), np.asarray(units.indices)
    rows = np.repeat(np.arange(len(units)), np.diff(indptr))
    shared = shapely.length(shapely.intersection(rings[rows], rings[indices]))
    return shapely.area(geoms), shapely.length(geoms), np.nan_to_num(shared)


class PerimeterPhase:
    """Hill-climb mean Polsby-Popper from a balanced, contiguous assignment."""

    def __init__(self, search: LocalSearch, units: Units, deadline: Deadline) -> None:
        self.s = search
        self.deadline = deadline
        area, perim, shared = border_lengths(units)
        scale = math.sqrt(float(area.sum()))  # unitless numbers, same ratios
        self.area = (area / scale**2).tolist()
        self.perim = (perim / scale).tolist()
        indptr = np.asarray(units.indptr)
        sh = (shared / scale).tolist()
        self.shared = [
            list(zip(search.nbrs[i], sh[indptr[i] : indptr[i + 1]], strict=True))
            for i in range(search.n)
        ]

    def _out_of_time(self) -> bool:
        """Steps are counted by the search (moves, swaps, nodes walked), charged here."""
        self.s.settle()
        return self.deadline.passed()

    def _totals(self) -> None:
        a, k = self.s.a, self.s.k
        self.s.ops += 2 * self.s.n
        self.A = [0.0] * k
        self.P = [0.0] * k
        for u in range(self.s.n):
            self.A[a[u]] += self.area[u]
            self.P[a[u]] += self.perim[u]
            for v, length in self.shared[u]:
                if a[v] == a[u]:
                    self.P[a[u]] -= length  # each inner border counted once from each side

    def _pp(self, area: float, perim: float) -> float:
        return FOUR_PI * area / (perim * perim) if perim > 0 else 0.0

    def _touch(self, u: int, k: int) -> float:
        """Border length between unit u and territory k (u itself excluded)."""
        a = self.s.a
        return sum(length for v, length in self.shared[u] if a[v] == k and v != u)

    def mean_pp(self) -> float:
        self._totals()
        return sum(self._pp(x, p) for x, p in zip(self.A, self.P, strict=True)) / self.s.k

    def _in_band(self, load: list[float], k: int) -> bool:
        s = self.s
        t = s.T[k]
        return all(abs(load[j] - t) / t <= s.tol[j] for j in range(s.m))

    def _move_gain(self, u: int, a: int, b: int) -> float:
        pa = self.P[a] - self.perim[u] + 2 * self._touch(u, a)
        pb = self.P[b] + self.perim[u] - 2 * self._touch(u, b)
        ar = self.area[u]
        return (
            self._pp(self.A[a] - ar, pa)
            + self._pp(self.A[b] + ar, pb)
            - self._pp(self.A[a], self.P[a])
            - self._pp(self.A[b], self.P[b])
        )

    def _apply(self, u: int, b: int) -> None:
        a = self.s.a[u]
        self.P[a] += -self.perim[u] + 2 * self._touch(u, a)
        self.P[b] += self.perim[u] - 2 * self._touch(u, b)
        self.A[a] -= self.area[u]
        self.A[b] += self.area[u]
        self.s.apply(u, b)

    def move_pass(self) -> int:
        s = self.s
        made = 0
        for u in s.rng.permutation(s.boundary()).tolist():
            if self._out_of_time():
                break
            a = s.a[u]
            s.ops += 1
            if s.size[a] <= 1:
                continue
            wu = s.W[u]
            la = s._moved(s.L[a], wu, -1.0)
            if not self._in_band(la, a):
                continue
            best, best_gain = -1, 1e-9
            for b in sorted({s.a[v] for v in s.nbrs[u]} - {a}):
                if not self._in_band(s._moved(s.L[b], wu, 1.0), b):
                    continue
                gain = self._move_gain(u, a, b)
                if gain > best_gain:
                    best, best_gain = b, gain
            if best >= 0 and s.stays_connected(u, a):
                self._apply(u, best)
                made += 1
        return made

    def swap_pass(self) -> int:
        """Swap two border units between neighbouring territories when mean PP rises."""
        s = self.s
        made = 0
        for u in s.rng.permutation(s.boundary()).tolist():
            if self._out_of_time():
                break
            a = s.a[u]
            s.ops += 1
            for v in list(s.nbrs[u]):
                b = s.a[v]
                if b == a or s.fixed[v]:
                    continue
                s.ops += 2
                la = [s.L[a][j] - s.W[u][j] + s.W[v][j] for j in range(s.m)]
                lb = [s.L[b][j] + s.W[u][j] - s.W[v][j] for j in range(s.m)]
                if not (self._in_band(la, a) and self._in_band(lb, b)):
                    continue
                before = self.mean_pp_pair(a, b)
                if not (s.stays_connected(u, a, also_in=v) and s.stays_connected(v, b, also_in=u)):
                    continue
                saved = (list(self.P), list(self.A))
                self._apply(u, b)
                self._apply(v, a)
                if self.mean_pp_pair(a, b) > before + 1e-9:
                    made += 1
                    break
                self._apply(v, b)  # undo
                self._apply(u, a)
                self.P, self.A = saved
        return made

    def mean_pp_pair(self, a: int, b: int) -> float:
        return self._pp(self.A[a], self.P[a]) + self._pp(self.A[b], self.P[b])

    def run(self, assign: np.ndarray, max_sweeps: int = 200) -> np.ndarray:
        self.s.load(assign)
        self._totals()
        for _ in range(max_sweeps):
            if self._out_of_time():
                break
            made = self.move_pass()
            if not self._out_of_time():
                made += self.swap_pass()
            if made == 0:
                break
        self.s.settle()
        return np.asarray(self.s.a)
