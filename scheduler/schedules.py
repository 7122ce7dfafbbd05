"""Schedules as users write them: validated at the edge, turned into APScheduler triggers.

Cron expressions use standard crontab day-of-week numbers (0 or 7 = Sunday). APScheduler 3
numbers weekdays from Monday = 0, so numeric day-of-week fields are translated to day names
before they reach it; otherwise ``1-5`` would silently mean Tuesday to Saturday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pricing.models import Competitor, CrawlStatus, utcnow
from scheduler.models import APSCHEDULER_JOBS, CrawlSchedule, ScheduleRun

ALL = "all"
DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|m|s)", re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


class ScheduleError(ValueError):
    """A schedule the user asked for cannot be stored as given."""


class InvalidSchedule(ScheduleError):
    pass


class UnknownSchedule(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no schedule named {name!r}: see `salesops schedule list`")


class DuplicateSchedule(ScheduleError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"a schedule named {name!r} already exists: pick another --name or remove it first"
        )


class UnknownCompetitor(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"no competitor named {name!r}: import a watchlist that lists it, or use {ALL!r}"
        )


def parse_interval(text: str) -> int:
    """``90``, ``90s``, ``15m``, ``6h``, ``1d``, ``1h30m`` -> seconds (at least 1)."""
    raw = text.strip()
    if raw.isdigit():
        seconds = float(raw)
    else:
        parts = _DURATION.findall(raw)
        if not parts or _DURATION.sub("", raw).strip():
            raise InvalidSchedule(
                f"interval {text!r} is not a duration: write e.g. 90s, 15m, 6h, 1d or 1h30m"
            )
        seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in parts)
    if seconds < 1 or seconds != int(seconds):
        raise InvalidSchedule(f"interval {text!r} must be a whole number of seconds, at least 1")
    return int(seconds)


def format_interval(seconds: int) -> str:
    out = []
    for unit, size in _UNIT_SECONDS.items():
        if seconds >= size:
            n, seconds = divmod(seconds, size)
            out.append(f"{n}{unit}")
    return "".join(out) or "0s"


def parse_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidSchedule(
            f"unknown time zone {name!r}: use an IANA name such as UTC or Europe/Berlin"
        ) from None


def _dow_numbers(element: str) -> list[int]:
    """One comma element of a crontab day-of-week field -> crontab day numbers (0 = Sunday)."""
    spec, _, step_text = element.partition("/")
    step = int(step_text) if step_text else 1
    if spec == "*":
        first, last = 0, 6
    elif "-" in spec:
        a, b = spec.split("-", 1)
        first, last = int(a), int(b)
    else:
        first = last = int(spec)
        if step_text:
            last = 6
    if not (0 <= first <= 7 and 0 <= last <= 7 and first <= last and step >= 1):
        raise ValueError(f"day of week {element!r} is out of range 0-7")
    return [n % 7 for n in range(first, last + 1, step)]


def _translate_day_of_week(field: str) -> str:
    if not any(ch.isdigit() for ch in field):
        return field  # '*', names like mon-fri: the same in crontab and APScheduler
    names: list[str] = []
    for element in field.split(","):
        if not re.fullmatch(r"[\d*]+(-\d+)?(/\d+)?", element):
            names.append(element)  # a name element (mon, tue-thu): passed through
            continue
        for n in _dow_numbers(element):
            if DAY_NAMES[n] not in names:
                names.append(DAY_NAMES[n])
    return ",".join(names)


def cron_trigger(expr: str, tz: ZoneInfo, jitter: int | None = None) -> CronTrigger:
    fields = expr.split()
    if len(fields) != 5:
        raise InvalidSchedule(
            f"cron {expr!r} needs 5 fields (minute hour day-of-month month day-of-week), "
            f"got {len(fields)}"
        )
    minute, hour, day, month, dow = fields
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=_translate_day_of_week(dow),
            timezone=tz,
            jitter=jitter,
        )
    except ValueError as exc:
        raise InvalidSchedule(f"cron {expr!r} is not valid: {exc}") from None


def trigger_for(schedule: CrawlSchedule) -> BaseTrigger:
    """The APScheduler trigger a stored schedule fires on."""
    tz = parse_timezone(schedule.timezone)
    jitter = schedule.jitter_seconds or None
    if schedule.cron:
        return cron_trigger(schedule.cron, tz, jitter)
    assert schedule.interval_seconds is not None
    # Anchored at creation so every scheduler process computes the same slots.
    return IntervalTrigger(
        seconds=schedule.interval_seconds,
        start_date=schedule.created_at.astimezone(tz),
        timezone=tz,
        jitter=jitter,
    )


def describe(schedule: CrawlSchedule) -> str:
    when = (
        f"cron {schedule.cron}"
        if schedule.cron
        else f"every {format_interval(schedule.interval_seconds or 0)}"
    )
    if schedule.timezone != "UTC":
        when += f" ({schedule.timezone})"
    if schedule.jitter_seconds:
        when += f" ±{format_interval(schedule.jitter_seconds)}"
    return when


def find_schedule(session: Session, name: str) -> CrawlSchedule:
    schedule = session.scalar(select(CrawlSchedule).where(CrawlSchedule.name == name))
    if schedule is None:
        raise UnknownSchedule(name)
    return schedule


def add_schedule(
    session: Session,
    competitor: str,
    *,
    every: str | None = None,
    cron: str | None = None,
    timezone: str = "UTC",
    jitter: str | None = None,
    timeout: str | None = None,
    name: str | None = None,
    enabled: bool = True,
) -> CrawlSchedule:
    """Validate everything first, then store the schedule (nothing is written on bad input)."""
    if (every is None) == (cron is None):
        raise InvalidSchedule("give exactly one of --every (an interval) or --cron (an expression)")
    tz = parse_timezone(timezone)
    interval = parse_interval(every) if every is not None else None
    jitter_s = parse_interval(jitter) if jitter else 0
    timeout_s = parse_interval(timeout) if timeout else None
    if interval is not None and jitter_s >= interval:
        raise InvalidSchedule(
            f"jitter {jitter} is not shorter than the interval {every}: runs would collide; "
            "use a smaller --jitter"
        )
    if cron is not None:
        cron = " ".join(cron.split())
        cron_trigger(cron, tz)
    competitor_id = None
    if competitor != ALL:
        competitor_id = session.scalar(select(Competitor.id).where(Competitor.name == competitor))
        if competitor_id is None:
            raise UnknownCompetitor(competitor)
    name = name or competitor
    if session.scalar(select(CrawlSchedule.id).where(CrawlSchedule.name == name)) is not None:
        raise DuplicateSchedule(name)
    schedule = CrawlSchedule(
        name=name,
        competitor_id=competitor_id,
        cron=cron,
        interval_seconds=interval,
        timezone=tz.key,
        jitter_seconds=jitter_s,
        timeout_seconds=timeout_s,
        enabled=enabled,
        revision=1,
    )
    session.add(schedule)
    session.flush()
    return schedule


def set_enabled(session: Session, name: str, enabled: bool) -> CrawlSchedule:
    schedule = find_schedule(session, name)
    if schedule.enabled != enabled:
        schedule.enabled = enabled
        schedule.revision += 1
        session.flush()
    return schedule


def remove_schedule(session: Session, name: str) -> None:
    # Its stored job is left to the scheduler's next sync: deleting it under a running
    # scheduler could race APScheduler's own update of that row and stop its loop.
    session.delete(find_schedule(session, name))
    session.flush()


@dataclass(frozen=True)
class ScheduleStatus:
    """One line of `salesops schedule list`."""

    schedule: CrawlSchedule
    competitor: str
    last_started_at: datetime | None
    last_status: CrawlStatus | None
    last_note: str | None
    next_run_at: datetime | None
    running: bool


def _next_run(
    schedule: CrawlSchedule, stored: dict[str, float | None], now: datetime
) -> datetime | None:
    """The running scheduler's own next run time; else what a started scheduler would pick."""
    if not schedule.enabled:
        return None
    if stored.get(schedule.job_id) is not None:
        return datetime.fromtimestamp(stored[schedule.job_id], tz=now.tzinfo)  # type: ignore[arg-type]
    trigger = trigger_for(schedule)
    trigger.jitter = None  # type: ignore[attr-defined] - show the slot, not one random draw
    fire = trigger.get_next_fire_time(None, now)
    return fire.astimezone(now.tzinfo) if fire else None


def schedule_statuses(session: Session, now: datetime | None = None) -> list[ScheduleStatus]:
    now = now or utcnow()
    latest = (
        select(ScheduleRun.schedule_id, func.max(ScheduleRun.id).label("run_id"))
        .group_by(ScheduleRun.schedule_id)
        .subquery()
    )
    last_runs = {
        run.schedule_id: run
        for run in session.scalars(
            select(ScheduleRun).join(latest, ScheduleRun.id == latest.c.run_id)
        )
    }
    jobs = select(APSCHEDULER_JOBS.c.id, APSCHEDULER_JOBS.c.next_run_time)
    stored: dict[str, float | None] = {job_id: at for job_id, at in session.execute(jobs)}
    out = []
    for schedule in session.scalars(select(CrawlSchedule).order_by(CrawlSchedule.name)):
        run = last_runs.get(schedule.id)
        out.append(
            ScheduleStatus(
                schedule=schedule,
                competitor=schedule.competitor.name if schedule.competitor else ALL,
                last_started_at=run.started_at if run else None,
                last_status=run.status if run else None,
                last_note=run.note if run else None,
                next_run_at=_next_run(schedule, stored, now),
                running=bool(run and run.status == CrawlStatus.running),
            )
        )
    return out
