"""/schedules: when crawls run; the scheduler process picks changes up on its own."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import Admin, SessionDep, Viewer
from api.schemas.common import ERRORS
from api.schemas.schedules import ScheduleChange, ScheduleIn, ScheduleOut
from scheduler import schedules
from scheduler.models import CrawlSchedule

router = APIRouter(prefix="/schedules", tags=["schedules"], responses=ERRORS)


def schedule_out(schedule: CrawlSchedule, state: schedules.ScheduleStatus | None) -> ScheduleOut:
    return ScheduleOut(
        id=schedule.id,
        name=schedule.name,
        competitor=state.competitor
        if state
        else (schedule.competitor.name if schedule.competitor else schedules.ALL),
        when=schedules.describe(schedule),
        cron=schedule.cron,
        interval_seconds=schedule.interval_seconds,
        timezone=schedule.timezone,
        jitter_seconds=schedule.jitter_seconds,
        timeout_seconds=schedule.timeout_seconds,
        enabled=schedule.enabled,
        last_started_at=state.last_started_at if state else None,
        last_status=state.last_status if state else None,
        last_note=state.last_note if state else None,
        next_run_at=state.next_run_at if state else None,
        running=state.running if state else False,
    )


def _one(session: SessionDep, name: str) -> ScheduleOut:
    schedule = schedules.find_schedule(session, name)
    state = next(
        (s for s in schedules.schedule_statuses(session) if s.schedule.id == schedule.id), None
    )
    return schedule_out(schedule, state)


@router.get("", response_model=list[ScheduleOut])
def list_schedules(session: SessionDep, _: Viewer) -> list[ScheduleOut]:
    """Every schedule with its last run and next run (schedules are few: no paging)."""
    return [schedule_out(s.schedule, s) for s in schedules.schedule_statuses(session)]


@router.get("/{name}", response_model=ScheduleOut)
def get_schedule(name: str, session: SessionDep, _: Viewer) -> ScheduleOut:
    return _one(session, name)


@router.post("", response_model=ScheduleOut, status_code=status.HTTP_201_CREATED)
def create_schedule(body: ScheduleIn, session: SessionDep, _: Admin) -> ScheduleOut:
    """Give exactly one of `every` or `cron`."""
    schedule = schedules.add_schedule(session, **body.model_dump())
    return _one(session, schedule.name)


@router.patch("/{name}", response_model=ScheduleOut)
def change_schedule(name: str, body: ScheduleChange, session: SessionDep, _: Admin) -> ScheduleOut:
    """Pause (`enabled: false`) or resume a schedule."""
    schedules.set_enabled(session, name, body.enabled)
    return _one(session, name)


@router.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT)
def delete_schedule(name: str, session: SessionDep, _: Admin) -> None:
    schedules.remove_schedule(session, name)
