"""The printed map, checked as a reader would: colours, labels, legend, chart, files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from territory.errors import TerritoryInputError, UnsupportedFormat
from territory.layers import dissolve
from territory.maps.colours import PALETTE, colour_indices, territory_colours, territory_neighbours
from territory.maps.static import draw_map, save_figure
from territory.planfile import PlanFile


def sampled_colours(fig, pf: PlanFile) -> np.ndarray:
    """RGB of the rendered figure at each unit's representative point."""
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[:, :, :3] / 255.0
    ax = fig.axes[0]
    points = pf.plan.units.geometry.representative_point()
    xy = ax.transData.transform(np.column_stack([points.x, points.y]))
    rows = (pixels.shape[0] - xy[:, 1]).round().astype(int)
    cols = xy[:, 0].round().astype(int)
    return pixels[rows, cols]


def test_neighbouring_territories_never_share_a_colour(plan_file: PlanFile):
    plan = plan_file.plan
    shapes = dissolve(plan_file)
    colours = territory_colours(plan, shapes)
    neighbours = territory_neighbours(plan, shapes)
    assert len(neighbours) >= plan.k  # the sample's territories do touch
    fig = draw_map(plan_file, colours=colours)
    seen = sampled_colours(fig, plan_file)
    want = np.array([to_rgb(colours[k]) for k in plan.assignment])
    matches = np.abs(seen - want).max(axis=1) < 0.02
    # labels, stars and borders cover a few points; the fill shows at nearly all of them
    assert matches.mean() > 0.85
    modal = {}
    for k in range(plan.k):
        hits = seen[(plan.assignment == k) & matches]
        assert len(hits), f"territory {plan.reps.ids[k]} not drawn in its colour"
        modal[k] = tuple(np.round(hits[0], 2))
    for a, b in neighbours:
        assert modal[a] != modal[b], f"{plan.reps.ids[a]} and {plan.reps.ids[b]} share a colour"


def test_every_territory_is_labelled_with_its_rep_and_listed(plan_file: PlanFile):
    fig = draw_map(plan_file, title="North Carolina 2027")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    for rep_id, name in zip(plan_file.plan.reps.ids, plan_file.plan.reps.names, strict=True):
        assert f"{rep_id}\n{name}" in texts
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    counts = np.bincount(plan_file.plan.assignment, minlength=plan_file.plan.k)
    for label, n in zip(plan_file.rep_labels, counts, strict=True):
        assert f"{label} ({n} units)" in legend
    assert "rep home" in legend
    assert any(t.endswith(" km") for t in texts)  # scale bar
    assert fig._suptitle.get_text() == "North Carolina 2027"
    homes = [c for c in ax.collections if c.get_offsets().shape == (plan_file.plan.k, 2)]
    assert homes, "rep homes are marked"


def test_measure_adds_totals_against_target(plan_file: PlanFile):
    plan = plan_file.plan
    fig = draw_map(plan_file, measure="revenue")
    bars = [ax for ax in fig.axes if ax.patches and ax.get_title().startswith("revenue")]
    assert len(bars) == 1
    widths = sorted(p.get_width() for p in bars[0].patches)
    want = plan.loads()[:, plan.balance.index("revenue")]
    np.testing.assert_allclose(widths, sorted(want))
    with pytest.raises(TerritoryInputError, match="choose one of leads, revenue, workload"):
        draw_map(plan_file, measure="margin")


@pytest.mark.parametrize(
    "suffix,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")]
)
def test_written_at_a4(plan_file: PlanFile, tmp_path: Path, suffix: str, magic: bytes):
    out = save_figure(draw_map(plan_file), tmp_path / f"map{suffix}")
    assert out.read_bytes()[:5].startswith(magic)
    if suffix == ".png":
        width, height = Image.open(out).size
        assert (width, height) == (2338, 1654)  # A4 landscape at 200 dpi


def test_unknown_figure_type_is_refused(plan_file: PlanFile, tmp_path: Path):
    with pytest.raises(UnsupportedFormat, match=r"\.png, \.svg or \.pdf"):
        save_figure(draw_map(plan_file), tmp_path / "map.jpeg")


def test_colouring_reuses_colours_only_between_strangers():
    # a wheel: territory 0 touches all 30 others, each touches its two neighbours on the rim
    k = 31
    pairs = {(0, i) for i in range(1, k)} | {(i, i % (k - 1) + 1) for i in range(1, k)}
    pairs = {(min(a, b), max(a, b)) for a, b in pairs}
    colours = colour_indices(k, pairs, len(PALETTE))
    for a, b in pairs:
        assert colours[a] != colours[b]
    assert len(set(colours.tolist())) <= len(PALETTE)
    few = colour_indices(5, {(0, 1), (1, 2)}, len(PALETTE))
    assert len(set(few.tolist())) == 5  # few territories: every one its own colour
