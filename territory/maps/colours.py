"""Territory colours: a light qualitative palette, coloured so neighbours never match.

Light colours keep the black labels and borders readable. The colouring is a balanced greedy
colouring in DSATUR order (most-constrained territory first, least-used allowed colour), so
with up to 11 territories every territory gets its own colour, and beyond that a colour is
only reused between territories that do not touch.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import to_hex

from territory.plan import Plan

# Set3 (11 clearly distinct light hues; its grey is dropped: it reads as "no rep"), then
# Pastel1 and Pastel2, used only when a territory's neighbours already take all of Set3.
PRIMARY = 11
PALETTE: tuple[str, ...] = tuple(
    to_hex(c)
    for c in (
        *[colormaps["Set3"](i) for i in range(12) if i != 8],
        *[colormaps["Pastel1"](i) for i in range(9) if i != 8],
        *[colormaps["Pastel2"](i) for i in range(7)],
    )
)


def territory_neighbours(plan: Plan, shapes: gpd.GeoSeries | None = None) -> set[tuple[int, int]]:
    """Pairs (a, b), a < b, of territories that share a unit edge, a corner, or an island link."""
    u = plan.units
    rows = np.repeat(np.arange(len(u)), np.diff(u.indptr))
    a, b = plan.assignment[rows], plan.assignment[u.indices]
    pairs = {(int(min(x, y)), int(max(x, y))) for x, y in zip(a, b, strict=True) if x != y}
    if shapes is not None:  # corners: territories meeting at a point look adjacent on a map
        left, right = shapes.sindex.query(shapes, predicate="intersects")
        pairs |= {(int(x), int(y)) for x, y in zip(left, right, strict=True) if x < y}
    return pairs


def colour_indices(k: int, neighbours: set[tuple[int, int]], n_colours: int) -> np.ndarray:
    """A palette index per territory; neighbours always differ (past n_colours, extra colours)."""
    adj: list[set[int]] = [set() for _ in range(k)]
    for x, y in neighbours:
        adj[x].add(y)
        adj[y].add(x)
    colour = np.full(k, -1, dtype=np.int64)
    used = np.zeros(n_colours + k, dtype=np.int64)
    for _ in range(k):
        # DSATUR: the uncoloured territory with the most distinct neighbour colours, then degree
        todo = [t for t in range(k) if colour[t] < 0]
        t = max(
            todo,
            key=lambda t: (len({colour[n] for n in adj[t] if colour[n] >= 0}), len(adj[t]), -t),
        )
        taken = {int(colour[n]) for n in adj[t] if colour[n] >= 0}
        choice = -1
        for lo, hi in ((0, min(PRIMARY, n_colours)), (PRIMARY, n_colours)):
            free = [c for c in range(lo, hi) if c not in taken]
            if free:  # the most distinct colours first; the paler extras only when needed
                choice = min(free, key=lambda c: (used[c], c))
                break
        if choice < 0:  # more distinct neighbour colours than the palette holds: a new colour
            choice = next(c for c in range(n_colours, len(used)) if c not in taken)
        colour[t] = choice
        used[choice] += 1
    return colour


def territory_colours(plan: Plan, shapes: gpd.GeoSeries | None = None) -> list[str]:
    """Hex fill colour per territory (index = rep index)."""
    idx = colour_indices(plan.k, territory_neighbours(plan, shapes), len(PALETTE))
    extra = colormaps["tab20"]
    return [PALETTE[i] if i < len(PALETTE) else to_hex(extra(i % 20)) for i in idx]
