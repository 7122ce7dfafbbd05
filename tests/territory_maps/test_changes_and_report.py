"""The change map and moves table for a rebalance, the balance report, and the commands."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from salesops.cli import app
from territory import metrics, sample
from territory.maps.changes import changes_html, draw_changes, moves_by_rep, open_old_plan
from territory.plan import Plan
from territory.planfile import PlanFile

runner = CliRunner()


def rebalanced(pf: PlanFile, count: int = 5) -> Plan:
    """The plan after moving `count` border units to a neighbouring territory."""
    a = pf.plan.assignment.copy()
    units, moved = pf.plan.units, 0
    for i in range(len(units)):
        other = [j for j in units.neighbours(i) if a[j] != a[i]]
        if other and moved < count and np.bincount(a, minlength=pf.plan.k)[a[i]] > 2:
            a[i] = a[other[0]]
            moved += 1
    return pf.plan.with_assignment(a)


@pytest.fixture(scope="module")
def old_csv(plan_file: PlanFile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan before: the fixture plan is 'new', this one differs by five units."""
    path = tmp_path_factory.mktemp("old") / "old.csv"
    rebalanced(plan_file).to_frame()[["unit_id", "rep_id"]].to_csv(path, index=False)
    return path


def test_moves_per_rep_add_up_to_the_change_in_loads(plan_file: PlanFile, old_csv: Path):
    old = open_old_plan(old_csv, plan_file)
    summary = moves_by_rep(plan_file.plan, old).set_index("rep_id")
    assert summary["units_gained"].sum() == summary["units_lost"].sum() == 5
    change = plan_file.plan.loads() - old.loads()
    for j, m in enumerate(plan_file.plan.balance):
        np.testing.assert_allclose(
            summary.loc[list(plan_file.plan.reps.ids), f"{m}_net"], change[:, j]
        )
    counts = np.bincount(plan_file.plan.assignment, minlength=8) - np.bincount(
        old.assignment, minlength=8
    )
    net_units = summary["units_gained"] - summary["units_lost"]
    assert net_units.loc[list(plan_file.plan.reps.ids)].tolist() == counts.tolist()


def test_change_map_marks_every_move_from_to(plan_file: PlanFile, old_csv: Path):
    old = open_old_plan(old_csv, plan_file)
    moved = metrics.moves(plan_file.plan, old)
    fig = draw_changes(plan_file, old)
    ax = fig.axes[0]
    marks = {t.get_gid(): t.get_text() for t in ax.texts}
    assert len(marks) == len(moved) == 5
    for _, row in moved.iterrows():
        assert marks[f"move-{row['unit_id']}"] == f"{row['from_rep']} → {row['to_rep']}"
    table = fig.axes[1].tables[0]
    cells = {(r, c): cell.get_text().get_text() for (r, c), cell in table.get_celld().items()}
    assert cells[(0, 0)] == "rep" and cells[(0, 1)] == "units +"
    assert [cells[(r, 0)] for r in range(1, 9)] == list(plan_file.plan.reps.ids)
    page = changes_html(plan_file, old, tiles="none")
    for _, row in moved.iterrows():
        assert f"{row['from_rep']} \\u2192 {row['to_rep']}" in page or (
            f"{row['from_rep']} → {row['to_rep']}" in page
        )
    assert "5 of 100 units change rep" in page


def test_report_command_table_csv_xlsx(plan_path: Path, tmp_path: Path, plan_file: PlanFile):
    result = runner.invoke(app, ["territory", "report", str(plan_path), "--reps", str(sample.REPS)])
    assert result.exit_code == 0, result.output
    for rep in plan_file.plan.reps.ids:
        assert rep in result.output
    result = runner.invoke(app, ["territory", "report", str(plan_path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.output))
    want = metrics.territory_table(plan_file.plan)
    for col in ("units", "leads", "leads_target", "leads_dev", "pieces", "polsby_popper"):
        np.testing.assert_allclose(table[col].to_numpy(float), want[col].to_numpy(float))
    out = tmp_path / "balance.xlsx"
    result = runner.invoke(
        app, ["territory", "report", str(plan_path), "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)["Balance"]
    assert sheet.max_row == plan_file.plan.k + 1
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("revenue") + 1).value == pytest.approx(want["revenue"][0])


def test_commands_write_maps_exports_and_diffs(plan_path: Path, old_csv: Path, tmp_path: Path):
    reps = ["--reps", str(sample.REPS)]
    for out in ("map.png", "map.html", "map.svg"):
        result = runner.invoke(
            app, ["territory", "map", str(plan_path), "--out", str(tmp_path / out), *reps]
        )
        assert result.exit_code == 0, result.output
        assert (tmp_path / out).stat().st_size > 10_000
    result = runner.invoke(
        app,
        ["territory", "export", str(plan_path), "--format", "geojson", "--dissolve",
         "--out", str(tmp_path / "t.geojson")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(json.loads((tmp_path / "t.geojson").read_text())["features"]) == 8
    result = runner.invoke(
        app,
        ["territory", "diff", str(old_csv), str(plan_path), "--out", str(tmp_path / "c.png"),
         "--moves", str(tmp_path / "moves.csv")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "5 of 100 units change rep" in result.output
    assert len(pd.read_csv(tmp_path / "moves.csv")) == 5


@pytest.mark.parametrize(
    "args,message",
    [
        (["map", "{plan}", "--out", "{tmp}/m.jpeg"], r"use \.png, \.svg or \.pdf"),
        (["map", "{plan}", "--out", "{tmp}/m.png", "--measure", "margin"], "not a measure"),
        (["map", "{tmp}/missing.gpkg", "--out", "{tmp}/m.png"], "plan file not found"),
        (["export", "{plan}", "--out", "{tmp}/x.docx"], "cannot tell the format"),
        (["report", "{plan}", "--format", "xlsx"], "needs --out"),
        (["report", "{plan}", "--format", "pdf"], "choose table, csv or xlsx"),
        (["diff", "{tmp}/none.csv", "{plan}", "--out", "{tmp}/c.png"], "old plan file not found"),
    ],
)
def test_bad_input_is_named_and_exits_2(plan_path: Path, tmp_path: Path, args, message):
    argv = [a.format(plan=plan_path, tmp=tmp_path) for a in args]
    result = runner.invoke(app, ["territory", *argv])
    assert result.exit_code == 2
    assert re.search(message, " ".join(result.output.split())), result.output
    assert not list(tmp_path.glob("m.*"))
