"""Rounder territories by exchanges among many territories at once (set partitioning).

On a coarse map every county is a large share of a territory's total, so a single move or a
swap between two territories almost always breaks a band: the rounder plan is reached only by
a cycle or chain of changes (A gives a county to B, B to C, C to A) that keeps every band at
once. Here each territory of a balanced plan gets many variants (up to two units given away,
up to two taken in) that are in band and in one piece, each scored by its exact Polsby-Popper
from shared-border lengths; CP-SAT then picks one variant per territory so that every unit is
covered once and the mean Polsby-Popper is highest. The current plan is one such choice, so a
step never makes the plan worse; steps repeat until none helps.
"""

from __future__ import annotations

import math
from collections import deque
from itertools import combinations

import numpy as np
from ortools.sat.python import cp_model

from territory.budget import Deadline, solve_cpsat
from territory.perimeter import PerimeterPhase
from territory.search import OP_SECONDS, Problem

FOUR_PI = 4.0 * math.pi
SCALE = 1_000_000
CELL_OPS = 0.08  # steps per (given away, taken in) pair scored: vectorised, cheap each


class ExchangeSearch:
    """Very large neighbourhood on balanced, contiguous plans; exact Polsby-Popper."""

    def __init__(
        self,
        w: np.ndarray,
        share: np.ndarray,
        tol: np.ndarray,
        fixed: np.ndarray,
        nbrs: list[list[int]],
        area: list[float],
        perim: list[float],
        shared: list[list[tuple[int, float]]],
        *,
        seed: int = 0,
        depth: int = 2,
        step_seconds: float = 0.5,
        cap: int = 400,
    ) -> None:
        self.w = np.asarray(w, dtype=float)
        self.target = np.asarray(share, dtype=float)
        self.tol = np.asarray(tol, dtype=float) - 1e-7
        self.fixed = np.asarray(fixed, dtype=bool)
        self.nbrs = nbrs
        self.area, self.perim = area, perim
        self.shared = [dict(s) for s in shared]
        self.seed, self.depth, self.step_seconds = seed, depth, step_seconds
        self.rng = np.random.default_rng(seed)
        self.cap = cap
        self.ops = 0  # elementary steps not yet charged to a deadline's clock

    @classmethod
    def from_phase(
        cls, phase: PerimeterPhase, problem: Problem, *, seed: int = 0
    ) -> ExchangeSearch:
        """The same exact shapes the border phase uses (areas, perimeters, shared borders)."""
        return cls(
            problem.w,
            problem.share,
            problem.tol,
            problem.fixed,
            phase.s.nbrs,
            phase.area,
            phase.perim,
            phase.shared,
            seed=seed,
        )

    # -- one territory ----------------------------------------------------------------
    def pp(self, members: frozenset[int]) -> float:
        area, perim = self._shape(members)
        return FOUR_PI * area / (perim * perim) if perim > 0 else 0.0

    def in_band(self, load: np.ndarray, t: int) -> bool:
        target = self.target[t]
        return bool((np.abs(load - target) <= self.tol * target).all())

    def connected(self, members: frozenset[int]) -> bool:
        start = next(iter(members))
        seen = {start}
        queue = deque([start])
        while queue:
            u = queue.popleft()
            self.ops += 1
            for v in self.nbrs[u]:
                if v in members and v not in seen:
                    seen.add(v)
                    queue.append(v)
        return len(seen) == len(members)

    def variants(self, assign: np.ndarray, t: int) -> list[tuple[frozenset[int], float]]:
        """Territory t with up to `depth` units given away and taken in, in band, one piece.

        Polsby-Popper of every in-band variant comes from the shared-border lengths at once
        (matrix sums); only the `cap` roundest that are in one piece are kept, so the choice
        stays small on finer maps. Returns (members, Polsby-Popper) pairs.
        """
        mine = frozenset(np.flatnonzero(assign == t).tolist())
        edge = sorted(
            u for u in mine if not self.fixed[u] and any(assign[v] != t for v in self.nbrs[u])
        )
        around = sorted(
            {v for u in mine for v in self.nbrs[u] if assign[v] != t and not self.fixed[v]}
        )
        outs = [c for d in range(self.depth + 1) for c in combinations(range(len(edge)), d)]
        ins = [c for d in range(self.depth + 1) for c in combinations(range(len(around)), d)]
        m_out = np.zeros((len(outs), len(edge)))
        for i, c in enumerate(outs):
            m_out[i, list(c)] = 1.0
        m_in = np.zeros((len(ins), len(around)))
        for i, c in enumerate(ins):
            m_in[i, list(c)] = 1.0
        # loads and band
        load = self.w[list(mine)].sum(axis=0)
        loads = load - (m_out @ self.w[edge])[:, None, :] + (m_in @ self.w[around])[None, :, :]
        target = self.target[t]
        ok = (np.abs(loads - target) <= self.tol * target).all(axis=2)
        ok[0, 0] = False  # the territory as it is
        self.ops += int(len(outs) * len(ins) * CELL_OPS) + len(edge) + len(around)
        if not ok.any():
            return []
        # areas and perimeters: P(X) = sum of unit perimeters - 2 * inner borders of X
        area, perim = self._shape(mine)
        ar = np.asarray(self.area)
        pe = np.asarray(self.perim)
        ends = edge + around
        length = np.array([[self.shared[u].get(v, 0.0) for v in ends] for u in ends])
        to_mine = np.array([sum(self.shared[u].get(v, 0.0) for v in mine) for u in ends])
        ne = len(edge)
        l_ee, l_aa, l_ea = length[:ne, :ne], length[ne:, ne:], length[:ne, ne:]
        # inner borders lost by giving G away: each g's border with the territory, less the
        # borders inside G (counted twice); gained by taking T in: T's borders with the
        # territory and inside T; borders between G and T are not inner after all
        lost = m_out @ to_mine[:ne] - 0.5 * np.einsum("ij,jk,ik->i", m_out, l_ee, m_out)
        won = m_in @ to_mine[ne:] + 0.5 * np.einsum("ij,jk,ik->i", m_in, l_aa, m_in)
        cross = m_out @ l_ea @ m_in.T
        inner = (pe[list(mine)].sum() - perim) / 2 - lost[:, None] + won[None, :]
        inner = inner - cross
        a_new = area - (m_out @ ar[edge])[:, None] + (m_in @ ar[around])[None, :]
        p_new = pe[list(mine)].sum() - (m_out @ pe[edge])[:, None] + (m_in @ pe[around])[None, :]
        p_new = p_new - 2 * inner
        pp = np.where(ok, FOUR_PI * a_new / np.maximum(p_new, 1e-12) ** 2, -np.inf)
        flat = np.argsort(-pp, axis=None, kind="stable")
        found = []
        for idx in flat[: int(ok.sum())].tolist():
            i, j = divmod(idx, len(ins))
            members = (mine - {edge[q] for q in outs[i]}) | {around[q] for q in ins[j]}
            if members and self.connected(members):
                found.append((frozenset(members), float(pp[i, j])))
                if len(found) >= self.cap:
                    break
        return found

    def _shape(self, members: frozenset[int]) -> tuple[float, float]:
        area = sum(self.area[u] for u in members)
        perim = sum(self.perim[u] for u in members)
        for u in members:
            for v, length in self.shared[u].items():
                if v in members:
                    perim -= length
        return area, perim

    # -- one step ---------------------------------------------------------------------
    def step(
        self,
        assign: np.ndarray,
        deadline: Deadline,
        *,
        noise: float = 0.0,
    ) -> np.ndarray | None:
        """The best plan reachable by one exchange, or None if the current one is best.

        `noise` adds a random amount to every variant's value: a kick to another balanced
        plan nearby, for leaving a local optimum.
        """
        k = len(self.target)
        pool: list[tuple[int, frozenset[int], float]] = []
        current = []
        for t in range(k):
            mine = frozenset(np.flatnonzero(assign == t).tolist())
            current.append(len(pool))
            pool.append((t, mine, self.pp(mine)))
            for members, pp in self.variants(assign, t):
                pool.append((t, members, pp))
            if self._out_of_time(deadline):
                return None
        if noise > 0:
            jitter = self.rng.normal(0.0, noise, len(pool))
            pool = [(t, m, v + float(e)) for (t, m, v), e in zip(pool, jitter, strict=True)]
        choice = self._choose(pool, len(assign), k, current, deadline)
        if choice is None:
            return None
        before = sum(pool[i][2] for i in current)
        if sum(pool[i][2] for i in choice) <= before + 1e-9:
            return None
        result = assign.copy()
        for i in choice:
            t, members, _value = pool[i]
            result[list(members)] = t
        return result

    def _choose(
        self,
        pool: list[tuple[int, frozenset[int], float]],
        n: int,
        k: int,
        current: list[int],
        deadline: Deadline,
    ) -> list[int] | None:
        """One variant per territory covering every unit once, best total value (CP-SAT)."""
        model = cp_model.CpModel()
        pick = [model.new_bool_var(f"c{i}") for i in range(len(pool))]
        by_t: list[list[cp_model.IntVar]] = [[] for _ in range(k)]
        by_unit: list[list[cp_model.IntVar]] = [[] for _ in range(n)]
        for var, (t, members, _value) in zip(pick, pool, strict=True):
            by_t[t].append(var)
            for u in members:
                by_unit[u].append(var)
        for group in by_t + by_unit:
            model.add_exactly_one(group)
        model.maximize(
            sum(round(v * SCALE) * var for var, (_, _, v) in zip(pick, pool, strict=True))
        )
        chosen = set(current)
        for i, var in enumerate(pick):
            model.add_hint(var, i in chosen)
        self.ops += len(pool) * 4  # building the model
        self._settle(deadline)
        solver, status = solve_cpsat(model, deadline, self.seed, self.step_seconds)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return [i for i, var in enumerate(pick) if solver.value(var)]

    def _settle(self, deadline: Deadline) -> None:
        """Charge the steps done so far to the deadline's clock."""
        deadline.charge(self.ops * OP_SECONDS)
        self.ops = 0

    def _out_of_time(self, deadline: Deadline) -> bool:
        self._settle(deadline)
        return deadline.passed()

    def mean_pp(self, assign: np.ndarray) -> float:
        k = len(self.target)
        return sum(self.pp(frozenset(np.flatnonzero(assign == t).tolist())) for t in range(k)) / k

    def climb(
        self,
        assign: np.ndarray,
        deadline: Deadline,
        *,
        kick: float = 0.05,
        kick_steps: int = 3,
        patience: int = 30,
    ) -> np.ndarray:
        """Iterated local search: exchange steps to a local optimum, then a kick (a few steps
        with noisy values) and steps again, keeping the best; stops after `patience` kicks in
        a row bring nothing, or at the deadline."""
        best = self.run(assign, deadline)
        best_pp = self.mean_pp(best)
        stale = 0
        while stale < patience and not deadline.passed():
            kicked = best
            for _ in range(kick_steps):
                moved = self.step(kicked, deadline, noise=kick)
                if moved is not None:
                    kicked = moved
            tried = self.run(kicked, deadline)
            tried_pp = self.mean_pp(tried)
            stale += 1
            if tried_pp > best_pp + 1e-9:
                best, best_pp, stale = tried, tried_pp, 0
        return best

    def run(self, assign: np.ndarray, deadline: Deadline, max_steps: int = 50) -> np.ndarray:
        """Exchange steps until none raises the mean Polsby-Popper (or the deadline passes)."""
        assign = np.asarray(assign).copy()
        for _ in range(max_steps):
            if self._out_of_time(deadline):
                break
            better = self.step(assign, deadline)
            if better is None:
                break
            assign = better
        return assign
