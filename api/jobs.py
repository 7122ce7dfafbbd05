"""Territory planning jobs started over the API: stored inputs in, a plan and metrics out.

The request stores the uploaded files and parameters as a ``PlanningJob`` and starts
``python -m api.jobs <id>``, which runs the territory engine exactly as `salesops territory
plan` does and writes the assignment and metrics back. Exports and maps rebuild the plan from
the stored inputs and assignment, so any worker (or a later restart) can serve them.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tempfile
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.uploads import sniff
from pricing import db
from pricing.models import JobStatus, PlanningJob, utcnow

# Sniffed upload kind -> the file suffix the territory readers dispatch on.
UNIT_SUFFIXES = {
    "gpkg": ".gpkg",
    "geojson": ".geojson",
    "zip-shapefile": ".zip",
    "text": ".csv",
}
UNIT_KINDS = {
    "gpkg": "GeoPackage",
    "geojson": "GeoJSON",
    "zip-shapefile": "zipped Shapefile",
    "text": "CSV points",
}


class UnknownJob(LookupError):
    def __init__(self, job_id: int) -> None:
        super().__init__(f"planning job {job_id} does not exist")


class PlanNotReady(RuntimeError):
    """The job has not finished (or failed), so there is no plan to export yet."""


def create_job(
    session: Session,
    units_name: str,
    units_data: bytes,
    reps_data: bytes | None,
    parameters: dict[str, Any],
) -> PlanningJob:
    job = PlanningJob(
        status=JobStatus.queued,
        units_name=units_name,
        units_data=units_data,
        reps_data=reps_data,
        parameters=parameters,
    )
    session.add(job)
    session.flush()
    return job


def fail_job(session: Session, job_id: int, error: str) -> None:
    job = get_job(session, job_id)
    job.status, job.finished_at, job.error = JobStatus.failed, utcnow(), error
    session.flush()


def get_job(session: Session, job_id: int) -> PlanningJob:
    job = session.get(PlanningJob, job_id)
    if job is None:
        raise UnknownJob(job_id)
    return job


def list_jobs(
    session: Session, status: JobStatus | None, after_id: int | None, limit: int
) -> tuple[list[PlanningJob], int | None]:
    stmt = select(PlanningJob)
    if status is not None:
        stmt = stmt.where(PlanningJob.status == status)
    if after_id is not None:
        stmt = stmt.where(PlanningJob.id > after_id)
    rows = list(session.scalars(stmt.order_by(PlanningJob.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, rows[-1].id if more and rows else None


@contextmanager
def _input_files(job: PlanningJob) -> Iterator[tuple[Path, Path | None]]:
    with tempfile.TemporaryDirectory(prefix=f"salesops-plan-{job.id}-") as tmp:
        units = Path(tmp) / f"units{UNIT_SUFFIXES[sniff(job.units_data)]}"
        units.write_bytes(job.units_data)
        reps = None
        if job.reps_data is not None:
            reps = Path(tmp) / "reps.csv"
            reps.write_bytes(job.reps_data)
        yield units, reps


def _inputs(job: PlanningJob, units_path: Path, reps_path: Path | None):  # noqa: ANN202
    """Units, reps, current plan and locks, read by the territory engine's own readers."""
    from territory.io import read_assignment, read_units
    from territory.reps import Reps, read_reps

    p = job.parameters
    units = read_units(units_path, id_column=p["id_column"], measures=tuple(p["balance"]))
    reps = read_reps(reps_path) if reps_path else Reps.numbered(int(p["reps"]))

    def mapping(key: str, what: str) -> dict[str, str] | None:
        if not p.get(key):
            return None
        path = units_path.with_name(f"{key}.csv")
        path.write_text(p[key], encoding="utf-8")
        return read_assignment(path, units, what)

    return units, reps, mapping("current", "current plan"), mapping("locks", "locks")


def _json_safe(frame: Any) -> list[dict[str, Any]]:
    return json.loads(frame.to_json(orient="records"))


def run_job(job_id: int) -> None:
    """Solve one job; input problems become a failed job with the engine's message."""
    from territory import metrics
    from territory.errors import TerritoryInputError, TolerancesNotMet
    from territory.optimizer import TerritoryOptimizer

    with db.session_scope() as session:
        job = get_job(session, job_id)
        job.status, job.started_at = JobStatus.running, utcnow()
    try:
        p = job.parameters
        with _input_files(job) as (units_path, reps_path):
            units, reps, current, locks = _inputs(job, units_path, reps_path)
        optimizer = TerritoryOptimizer(
            units,
            reps,
            balance=tuple(p["balance"]),
            tolerance=p["tolerance"],
            current=current,
            locks=locks,
            time_limit=float(p["time_limit"]),
            seed=int(p["seed"]),
            starts=int(p["starts"]),
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TolerancesNotMet)
            plan = optimizer.solve()
        before = optimizer.current_plan()
        result = {
            "summary": metrics.summary(plan, before),
            "territories": _json_safe(metrics.territory_table(plan)),
            "notes": [*units.notes, *optimizer.notes],
            "warnings": [str(w.message) for w in caught],
            "seconds": plan.params.get("seconds"),
        }
        assignment = {str(u): plan.rep_of(str(u)) for u in units.ids}
        status, error = JobStatus.finished, None
    except TerritoryInputError as exc:
        # Name the user's file, not our temporary copy of it.
        message = re.sub(r"\S*salesops-plan-[^/\s]+/units\.\w+", job.units_name, str(exc))
        status, error, result, assignment = JobStatus.failed, message, None, None
    except Exception as exc:  # recorded on the job so the client sees it; the trace goes to logs
        traceback.print_exc()
        status, error = JobStatus.failed, f"unexpected error: {type(exc).__name__}: {exc}"
        result = assignment = None
    with db.session_scope() as session:
        job = get_job(session, job_id)
        job.status, job.finished_at, job.error = status, utcnow(), error
        job.metrics, job.assignment = result, assignment


@contextmanager
def opened_plan(job: PlanningJob):  # noqa: ANN201 - yields territory.planfile.PlanFile
    """The finished job's plan over its stored inputs, opened as the territory CLI opens plans
    (with unit and rep names), for exports and maps. Valid inside the ``with`` only."""
    from territory.planfile import open_plan

    if job.status is not JobStatus.finished or job.assignment is None:
        state = f"failed: {job.error}" if job.status is JobStatus.failed else job.status.value
        raise PlanNotReady(f"planning job {job.id} has no plan yet ({state})")
    p = job.parameters
    with _input_files(job) as (units_path, reps_path):
        plan_path = units_path.with_name("plan.csv")
        with plan_path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["unit_id", "rep_id"])
            writer.writerows(job.assignment.items())
        yield open_plan(
            plan_path,
            units_path=units_path,
            reps_path=reps_path,
            balance=tuple(p["balance"]),
            tolerance=p["tolerance"],
            id_column=p["id_column"],
        )


def render(job: PlanningJob, name: str, write: Callable[[Any, Path], Path]) -> bytes:
    """Bytes of a file ``write(plan_file, path)`` makes from the job's plan (export, map)."""
    with opened_plan(job) as pf, tempfile.TemporaryDirectory() as tmp:
        return write(pf, Path(tmp) / name).read_bytes()


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1 or not args[0].isdigit():
        sys.stderr.write("usage: python -m api.jobs JOB_ID\n")
        return 2
    run_job(int(args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
