"""/territories/plans: upload units and reps, plan in the background, fetch metrics and exports."""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Query, UploadFile, status
from fastapi.responses import HTMLResponse, Response

from api import jobs
from api.background import start_plan
from api.deps import Analyst, RecordId, SessionDep, Viewer
from api.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from api.schemas.common import ERRORS
from api.schemas.territories import PlanJobOut, PlanResult, PlanStarted
from api.uploads import read_upload
from pricing.models import JobStatus, PlanningJob
from territory.cli import parse_balance, parse_tolerance

router = APIRouter(prefix="/territories/plans", tags=["territories"], responses=ERRORS)
MAX_TIME_LIMIT = 600.0
HIDDEN = ("current", "locks")  # uploaded tables kept in parameters; shown as flags only


class ExportFormat(StrEnum):
    gpkg = "gpkg"
    geojson = "geojson"
    shp = "shp"
    kml = "kml"
    csv = "csv"
    xlsx = "xlsx"


EXPORT_TYPES = {
    ExportFormat.gpkg: ("application/geopackage+sqlite3", "gpkg"),
    ExportFormat.geojson: ("application/geo+json", "geojson"),
    ExportFormat.shp: ("application/zip", "shp.zip"),
    ExportFormat.kml: ("application/vnd.google-earth.kml+xml", "kml"),
    ExportFormat.csv: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.xlsx: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
}


def _attachment(data: bytes, media_type: str, filename: str) -> Response:
    disposition = f'attachment; filename="{filename}"'
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def job_out(job: PlanningJob) -> PlanJobOut:
    params = {k: v for k, v in job.parameters.items() if k not in HIDDEN}
    params.update({k: bool(job.parameters.get(k)) for k in HIDDEN})
    return PlanJobOut(
        id=job.id,
        status=job.status,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        units_name=job.units_name,
        parameters=params,
        result=PlanResult.model_validate(job.metrics) if job.metrics else None,
        error=job.error,
    )


def _csv_text(file: UploadFile | None, what: str) -> str | None:
    if file is None:
        return None
    data = read_upload(file, {"text": "CSV"}, what)
    return data.decode("utf-8-sig")


@router.post("", response_model=PlanStarted, status_code=status.HTTP_202_ACCEPTED)
def start_planning(
    session: SessionDep,
    _: Analyst,
    units: Annotated[
        UploadFile,
        File(description="GeoPackage, GeoJSON, zipped Shapefile, or CSV points (lat, lon)."),
    ],
    reps: Annotated[
        UploadFile | None, File(description="CSV rep_id,name[,lat,lon][,target_share]")
    ] = None,
    reps_count: Annotated[
        int | None, Form(ge=1, le=1000, description="Without a reps file.")
    ] = None,
    balance: Annotated[str, Form(min_length=1, max_length=500)] = "leads,revenue,workload",
    tolerance: Annotated[
        str, Form(max_length=500, description="`0.05` for all, or `0.05,revenue=0.03`.")
    ] = "0.05",
    time_limit: Annotated[float, Form(gt=0, le=MAX_TIME_LIMIT)] = 30.0,
    seed: Annotated[int, Form(ge=0, le=2**31 - 1)] = 0,
    starts: Annotated[int, Form(ge=1, le=20)] = 3,
    id_column: Annotated[str, Form(min_length=1, max_length=100)] = "unit_id",
    current: Annotated[
        UploadFile | None, File(description="Current plan unit_id,rep_id: rebalance it.")
    ] = None,
    locks: Annotated[UploadFile | None, File(description="unit_id,rep_id that must stay.")] = None,
) -> PlanStarted:
    """Start a planning job; poll `status_url` for its status and metrics."""
    if (reps is None) == (reps_count is None):
        raise HTTPException(422, "send exactly one of a reps file or reps_count")
    units_data = read_upload(units, jobs.UNIT_KINDS, "units")
    reps_data = read_upload(reps, {"text": "CSV"}, "reps") if reps is not None else None
    measures = parse_balance(balance)  # the CLI's parsers: same rules, same messages
    parameters = {
        "balance": list(measures),
        "tolerance": parse_tolerance(tolerance, measures),
        "time_limit": time_limit,
        "seed": seed,
        "starts": starts,
        "id_column": id_column,
        "reps": reps_count,
        "current": _csv_text(current, "current plan"),
        "locks": _csv_text(locks, "locks"),
    }
    job = jobs.create_job(session, units.filename or "units", units_data, reps_data, parameters)
    session.commit()  # the job process must see the row
    try:
        start_plan(job.id)
    except OSError as exc:  # no process could be started: say so on the job, not only here
        jobs.fail_job(session, job.id, f"could not start the planning process: {exc}")
        session.commit()  # kept although the request fails
        raise
    return PlanStarted(id=job.id, status=job.status, status_url=f"/territories/plans/{job.id}")


@router.get("", response_model=Page[PlanJobOut])
def list_plans(
    session: SessionDep,
    _: Viewer,
    status: JobStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[PlanJobOut]:
    rows, after = jobs.list_jobs(session, status, decode_cursor(cursor), limit)
    return Page(items=[job_out(j) for j in rows], next_cursor=encode_cursor(after))


@router.get("/{job_id}", response_model=PlanJobOut)
def get_plan(job_id: RecordId, session: SessionDep, _: Viewer) -> PlanJobOut:
    """Status (queued, running, finished, failed), metrics once finished, or the error."""
    return job_out(jobs.get_job(session, job_id))


@router.get(
    "/{job_id}/export",
    response_class=Response,
    responses={200: {"content": {t: {} for t, _ in EXPORT_TYPES.values()}}},
)
def export_plan(
    job_id: RecordId,
    session: SessionDep,
    _: Viewer,
    format: ExportFormat = ExportFormat.gpkg,
    dissolve: bool = False,
) -> Response:
    """Units with their rep (or, with `dissolve`, one shape per territory with totals and
    targets) for QGIS, Google Earth or Excel, as `salesops territory export` writes them."""
    from territory.export import export_plan as write_export

    media_type, suffix = EXPORT_TYPES[format]
    name = f"plan-{job_id}{'-territories' if dissolve else ''}.{suffix}"
    with (
        jobs.opened_plan(jobs.get_job(session, job_id)) as pf,
        tempfile.TemporaryDirectory() as tmp,
    ):
        path = write_export(pf, Path(tmp) / name, format.value, dissolve=dissolve)
        data = path.read_bytes()
    return _attachment(data, media_type, name)


@router.get(
    "/{job_id}/map.png", response_class=Response, responses={200: {"content": {"image/png": {}}}}
)
def plan_map_png(
    job_id: RecordId,
    session: SessionDep,
    _: Viewer,
    measure: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """A printable map (A4, 200 dpi); `measure` adds totals against target per territory."""
    from territory.maps.static import draw_map, save_figure

    with (
        jobs.opened_plan(jobs.get_job(session, job_id)) as pf,
        tempfile.TemporaryDirectory() as tmp,
    ):
        path = save_figure(draw_map(pf, measure=measure), Path(tmp) / "map.png")
        data = path.read_bytes()
    return Response(data, media_type="image/png")


@router.get("/{job_id}/map.html", response_class=HTMLResponse)
def plan_map_html(job_id: RecordId, session: SessionDep, _: Viewer) -> HTMLResponse:
    """An interactive map page (works offline apart from the background tiles)."""
    from territory.maps.interactive import build_map, save_html

    with (
        jobs.opened_plan(jobs.get_job(session, job_id)) as pf,
        tempfile.TemporaryDirectory() as tmp,
    ):
        path = save_html(build_map(pf), Path(tmp) / "map.html")
        page = path.read_text(encoding="utf-8")
    return HTMLResponse(page)
