"""`salesops territory plan/score` end to end on the bundled North Carolina sample."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from typer.testing import CliRunner

from salesops.cli import app
from territory.cli import territory_app
from territory.sample import REPS, UNITS

runner = CliRunner()


def test_group_is_importable_for_other_commands():
    assert territory_app.info.name == "territory"


def test_plan_writes_geopackage_and_prints_metrics(tmp_path):
    out = tmp_path / "plan.gpkg"
    result = runner.invoke(
        app,
        [
            "territory",
            "plan",
            str(UNITS),
            "--reps",
            str(REPS),
            "--out",
            str(out),
            "--time-limit",
            "20",
            "--no-progress",
            "--tolerance",
            "0.08",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "max deviation leads" in result.output and "Polsby-Popper" in result.output
    plan = gpd.read_file(out)
    assert {"unit_id", "rep_id", "territory"} <= set(plan.columns)
    assert len(plan) == 100 and plan["rep_id"].nunique() == 8
    # homes: Charlotte is Mecklenburg (37119), Raleigh is Wake (37183)
    by_unit = dict(zip(plan.unit_id, plan.rep_id, strict=True))
    assert by_unit["37119"] == "R01" and by_unit["37183"] == "R02"

    scored = runner.invoke(app, ["territory", "score", str(UNITS), str(out), "--tolerance", "0.08"])
    assert scored.exit_code == 0, scored.output
    assert "territories in pieces 0" in scored.output


def test_csv_out_and_rebalance_lists_moves(tmp_path):
    first = tmp_path / "plan.csv"
    result = runner.invoke(
        app,
        [
            "territory",
            "plan",
            str(UNITS),
            "--reps",
            str(REPS),
            "--out",
            str(first),
            "--time-limit",
            "10",
            "--no-progress",
            "--balance",
            "leads,revenue",
            "--tolerance",
            "0.08",
        ],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(first, dtype=str)
    assert list(table.columns)[:3] == ["unit_id", "rep_id", "territory"]
    reps = pd.read_csv(REPS).iloc[:7]  # the part-time rep leaves
    reps.to_csv(tmp_path / "reps7.csv", index=False)
    second = tmp_path / "plan2.csv"
    result = runner.invoke(
        app,
        [
            "territory",
            "plan",
            str(UNITS),
            "--reps",
            str(tmp_path / "reps7.csv"),
            "--current",
            str(first),
            "--out",
            str(second),
            "--time-limit",
            "10",
            "--no-progress",
            "--balance",
            "leads,revenue",
            "--tolerance",
            "0.08",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "changed rep: units" in result.output
    moves = pd.read_csv(tmp_path / "plan2.moves.csv", dtype=str)
    assert set(table.query("rep_id == 'R08'").unit_id) <= set(moves.unit_id)


def test_bad_input_exits_2_with_the_reason(tmp_path):
    (tmp_path / "reps.csv").write_text("rep_id,name\nA,Ann\n")
    result = runner.invoke(
        app,
        [
            "territory",
            "plan",
            str(UNITS),
            "--reps",
            str(tmp_path / "reps.csv"),
            "--out",
            str(tmp_path / "p.gpkg"),
            "--balance",
            "leads,visits",
        ],
    )
    assert result.exit_code == 2
    assert "no column 'visits'" in " ".join(result.output.split())  # rich wraps lines


def test_unreachable_tolerance_exits_3_but_writes_the_plan(tmp_path):
    out = tmp_path / "p.csv"
    result = runner.invoke(
        app,
        [
            "territory",
            "plan",
            str(UNITS),
            "--reps",
            str(REPS),
            "--out",
            str(out),
            "--tolerance",
            "0.001",
            "--time-limit",
            "2",
            "--starts",
            "1",
            "--no-progress",
        ],
    )
    assert result.exit_code == 3, result.output
    assert "tolerances not met" in " ".join(result.output.split()) and out.exists()
