"""/territories/plans: upload units and reps, a background job plans, exports come back."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from api_helpers import assert_problem
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api import jobs
from pricing import db
from pricing.models import JobStatus
from territory.sample import REPS, UNITS


def _wait(client: TestClient, url: str, headers: dict[str, str], seconds: float = 90) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = client.get(url, headers=headers).json()
        if body["status"] in ("finished", "failed"):
            return body
        time.sleep(0.5)
    raise AssertionError(f"job {url} still {body['status']} after {seconds} s")


@pytest.mark.slow
def test_plan_job_end_to_end(client: TestClient, keys, store_env: Engine) -> None:  # noqa: ANN001
    files = {
        "units": ("counties.bin", UNITS.read_bytes(), "application/octet-stream"),
        "reps": ("reps.csv", REPS.read_bytes(), "text/csv"),
    }
    form = {"time_limit": "2", "starts": "1", "seed": "7", "tolerance": "0.08,revenue=0.06"}
    started = client.post("/territories/plans", headers=keys.analyst, files=files, data=form)
    assert started.status_code == 202, started.text
    assert started.json()["status"] == "queued"
    url = started.json()["status_url"]
    assert_problem(client.get(url + "/export", headers=keys.viewer), 409, "no plan yet")
    job = _wait(client, url, keys.viewer)
    assert job["status"] == "finished", job["error"]
    reps = REPS.read_text().count("\n") - 1
    result = job["result"]
    assert len(result["territories"]) == reps
    assert sum(t["units"] for t in result["territories"]) == 100
    assert result["summary"]["territories_in_pieces"] == 0
    assert job["parameters"]["seed"] == 7 and job["parameters"]["locks"] is False
    assert job["parameters"]["tolerance"] == {"leads": 0.08, "revenue": 0.06, "workload": 0.08}

    csv = client.get(url + "/export?format=csv", headers=keys.viewer)
    assert csv.headers["content-type"].startswith("text/csv")
    rows = csv.text.strip().splitlines()
    assert rows[0].startswith("unit_id") and "rep_id" in rows[0] and len(rows) == 101
    geojson = client.get(url + "/export?format=geojson&dissolve=true", headers=keys.viewer)
    assert len(json.loads(geojson.content)["features"]) == reps  # one shape per territory
    if store_env.dialect.name != "sqlite":
        return  # the files below are made from the same job row: once is enough
    magic = {"gpkg": b"SQLite format 3\x00", "xlsx": b"PK", "shp": b"PK", "kml": b"<?xml"}
    for fmt, start in magic.items():
        download = client.get(url + f"/export?format={fmt}", headers=keys.viewer)
        assert download.content.startswith(start), fmt
        assert f"plan-{job['id']}" in download.headers["content-disposition"]
    png = client.get(url + "/map.png?measure=revenue", headers=keys.viewer)
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
    assert_problem(client.get(url + "/map.png?measure=nope", headers=keys.viewer), 422, "nope")
    html = client.get(url + "/map.html", headers=keys.viewer)
    assert html.headers["content-type"].startswith("text/html") and "L.map" in html.text
    assert_problem(client.get(url + "/export?format=pdf", headers=keys.viewer), 422, "format")
    listed = client.get("/territories/plans?status=finished", headers=keys.viewer).json()
    assert [j["id"] for j in listed["items"]] == [job["id"]]


def test_plan_requests_are_checked_before_a_job_starts(client: TestClient, keys) -> None:  # noqa: ANN001
    units = ("u.gpkg", UNITS.read_bytes())
    reps = ("r.csv", REPS.read_bytes())
    png = ("u.gpkg", b"\x89PNG\r\n\x1a\n" + bytes(64))
    cases = [
        ({"units": units}, {}, 422, "exactly one"),
        ({"units": units, "reps": reps}, {"reps_count": "3"}, 422, "exactly one"),
        ({"units": png, "reps": reps}, {}, 415, "GeoPackage"),
        ({"units": units, "reps": png}, {}, 415, "CSV"),
        ({"units": units, "reps": reps}, {"time_limit": "0"}, 422, "time_limit"),
        ({"units": units, "reps": reps}, {"balance": " , "}, 422, "balance"),
        ({"units": units, "reps": reps}, {"tolerance": "0.05,revenue=lots"}, 422, "lots"),
    ]
    for files, form, status, word in cases:
        response = client.post("/territories/plans", headers=keys.analyst, files=files, data=form)
        assert_problem(response, status, word)
    assert client.get("/territories/plans", headers=keys.viewer).json()["items"] == []
    assert_problem(client.get("/territories/plans/77", headers=keys.viewer), 404, "77")


def _run(engine: Engine, name: str, data: bytes, **params: object) -> dict:
    """Create and run a job in this process (the job code path, without the spawn)."""
    parameters = {
        "balance": ["leads", "revenue", "workload"],
        "tolerance": 0.05,
        "time_limit": 1.0,
        "seed": 0,
        "starts": 1,
        "id_column": "unit_id",
        "reps": 4,
        "current": None,
        "locks": None,
    } | params
    with db.session_scope(engine) as s:
        job_id = jobs.create_job(s, name, data, None, parameters).id
    jobs.run_job(job_id)
    with db.session_scope(engine) as s:
        job = jobs.get_job(s, job_id)
        return {"status": job.status, "error": job.error, "assignment": job.assignment}


def test_unit_formats_are_told_apart_by_content(store_env: Engine, tmp_path: Path) -> None:
    counties = gpd.read_file(UNITS).head(30)
    geojson = counties.to_crs(4326).to_json().encode()
    done = _run(store_env, "c.gpkg", geojson)  # misnamed on purpose
    assert done["status"] is JobStatus.finished, done["error"]
    assert len(done["assignment"]) == 30 and len(set(done["assignment"].values())) == 4

    counties.to_file(tmp_path / "c.shp")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for part in tmp_path.glob("c.*"):
            z.write(part, part.name)
    done = _run(store_env, "c.zip", buf.getvalue())
    assert done["status"] is JobStatus.finished, done["error"]

    points = counties.to_crs(4326).representative_point()
    table = counties.drop(columns="geometry").assign(lat=points.y, lon=points.x)
    done = _run(store_env, "points.csv", table.to_csv(index=False).encode())
    assert done["status"] is JobStatus.finished, done["error"]
    assert set(done["assignment"]) == set(counties["unit_id"])


def test_bad_units_fail_the_job_with_the_engines_message(store_env: Engine) -> None:
    failed = _run(store_env, "stores.csv", b"store,lat,lon\n1,35.1,-80.2\n")
    assert failed["status"] is JobStatus.failed
    assert "stores.csv" in failed["error"] and "unit_id" in failed["error"]
    failed = _run(store_env, "u.gpkg", UNITS.read_bytes(), balance=["visits"])
    assert failed["status"] is JobStatus.failed and "visits" in failed["error"]
    assert failed["assignment"] is None
