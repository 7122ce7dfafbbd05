"""Coarse versions of a region: compact, connected cells of about equal weight.

Bisection balances a split on cells before units: moving a whole cell across the border
changes the mix of measures on each side far more than a border unit can, so the coarse pass
reaches towns or empty land behind the border that single-unit moves would have to dig towards.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components


def cells(
    xy: np.ndarray, mass: np.ndarray, graph: csr_matrix, fixed: np.ndarray, count: int
) -> np.ndarray:
    """Label of a connected cell for every unit: about `count` cells of equal mass.

    Recursive coordinate bisection at the weighted median of the longer side, then each cell's
    connected pieces become cells of their own. Pinned units are cells on their own, so a cell
    never holds pins of two reps.
    """
    n = len(xy)
    label = np.full(n, -1, dtype=np.int64)
    limit = mass.sum() / max(count, 1)
    stack = [np.flatnonzero(~fixed)]
    next_label = 0
    while stack:
        idx = stack.pop()
        if len(idx) == 0:
            continue
        if mass[idx].sum() <= limit or len(idx) == 1:
            label[idx] = next_label
            next_label += 1
            continue
        span = xy[idx].max(axis=0) - xy[idx].min(axis=0)
        order = idx[np.argsort(xy[idx, int(np.argmax(span))], kind="stable")]
        cum = mass[order].cumsum()
        cut = min(max(int(np.searchsorted(cum, cum[-1] / 2)), 1), len(order) - 1)
        stack.extend([order[cut:], order[:cut]])
    label[fixed] = next_label + np.arange(int(fixed.sum()))
    rows = np.repeat(np.arange(n), np.diff(graph.indptr))
    same = label[rows] == label[graph.indices]
    g = csr_matrix((np.ones(int(same.sum())), (rows[same], graph.indices[same])), shape=(n, n))
    _, piece = connected_components(g, directed=False)
    return np.unique(piece, return_inverse=True)[1].astype(np.int64)


def cell_graph(label: np.ndarray, graph: csr_matrix) -> csr_matrix:
    """Adjacency of the cells, weighted by the number of unit edges between them."""
    n, c = len(label), int(label.max()) + 1
    rows = np.repeat(np.arange(n), np.diff(graph.indptr))
    la, lb = label[rows], label[graph.indices]
    keep = la != lb
    g = coo_matrix((np.ones(int(keep.sum())), (la[keep], lb[keep])), shape=(c, c)).tocsr()
    g.sum_duplicates()
    return g
