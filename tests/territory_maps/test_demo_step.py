"""The demo's map step writes a PNG and an HTML map of the plan the planning step left."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from rich.console import Console

from territory.maps.demo import PLAN_NAME, sample_maps


def test_demo_writes_png_and_html_of_the_sample_plan(plan_path: Path, tmp_path: Path):
    (tmp_path / PLAN_NAME).write_bytes(plan_path.read_bytes())
    png, html = sample_maps(tmp_path, Console(file=io.StringIO()))
    assert Image.open(png).size == (2338, 1654)
    page = html.read_text()
    assert "North Carolina sample" in page and "Mecklenburg" in page  # names from the units
    assert page.count('"rep_id": "R0') >= 8
