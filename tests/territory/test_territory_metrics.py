"""Scores are functions of a plan only: checked on hand-made plans with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from territory import metrics
from territory.plan import Plan
from territory.units import units_from_frame


@pytest.fixture
def units(make_grid):
    frame = make_grid(4, 2)  # g0..g3 bottom row, g4..g7 top row
    frame["leads"] = 1.0
    frame["revenue"] = [10.0, 10.0, 10.0, 10.0, 20.0, 20.0, 20.0, 20.0]
    frame["workload"] = 5.0
    return units_from_frame(frame)


def plan_of(units, reps):
    return Plan.from_mapping(units, dict(zip(units.ids, reps, strict=True)))


def test_balance_of_halves(units):
    left_right = plan_of(units, ["A", "A", "B", "B", "A", "A", "B", "B"])
    assert metrics.max_deviation(left_right) == {"leads": 0.0, "revenue": 0.0, "workload": 0.0}
    bottom_top = plan_of(units, ["A"] * 4 + ["B"] * 4)
    dev = metrics.deviations(bottom_top)
    np.testing.assert_allclose(dev[:, 1], [-1 / 3, 1 / 3])  # 40 vs 80 against a 60 target
    shortfalls = metrics.shortfalls(bottom_top)
    assert {s.measure for s in shortfalls} == {"revenue"}
    assert "33.3% under target" in str(shortfalls[0]) or "33.3% over" in str(shortfalls[0])


def test_pieces_counts_disconnected_parts(units):
    checker = plan_of(units, ["A", "B", "A", "B", "B", "A", "B", "A"])
    assert list(metrics.pieces(checker)) == [4, 4]  # rook adjacency: corners do not join
    assert not metrics.is_contiguous(checker)
    assert metrics.is_contiguous(plan_of(units, ["A", "A", "B", "B", "A", "A", "B", "B"]))


def test_polsby_popper_of_a_square_territory(units):
    left_right = plan_of(units, ["A", "A", "B", "B", "A", "A", "B", "B"])
    np.testing.assert_allclose(metrics.polsby_popper(left_right), [np.pi / 4, np.pi / 4])
    strips = plan_of(units, ["A"] * 4 + ["B"] * 4)  # 4 km x 1 km: 4*pi*4/100
    np.testing.assert_allclose(metrics.polsby_popper(strips), [0.16 * np.pi] * 2)


def test_dispersion_prefers_blocks_over_strips(units):
    blocks = plan_of(units, ["A", "A", "B", "B", "A", "A", "B", "B"])
    strips = plan_of(units, ["A", "B", "A", "B", "A", "B", "A", "B"])
    assert metrics.dispersion(blocks).sum() < metrics.dispersion(strips).sum()


def test_disruption_counts_units_and_revenue_that_change_rep(units):
    before = plan_of(units, ["A", "A", "B", "B", "A", "A", "B", "B"])
    after = plan_of(units, ["A", "A", "B", "B", "A", "B", "B", "B"])  # g5 (revenue 20) moves
    changed = metrics.disruption(after, before)
    assert changed["units"] == pytest.approx(1 / 8)
    assert changed["revenue"] == pytest.approx(20 / 120)
    moves = metrics.moves(after, before)
    assert moves.to_dict("records")[0] | {} == {
        "unit_id": "g5",
        "from_rep": "A",
        "to_rep": "B",
        "leads": 1.0,
        "revenue": 20.0,
        "workload": 5.0,
    }


def test_plan_is_immutable(units):
    plan = plan_of(units, ["A"] * 4 + ["B"] * 4)
    with pytest.raises(ValueError):
        plan.assignment[0] = 1
    with pytest.raises(AttributeError):
        plan.balance = ("leads",)  # type: ignore[misc]
