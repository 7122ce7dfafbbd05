"""The scheduler's sign of life in the store: the API's /health reports how old it is."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pricing.models import utcnow
from scheduler.models import SchedulerHeartbeat

# Rows of schedulers that stopped (or died) this long ago are dropped at the next start.
KEEP_STOPPED = timedelta(days=7)


def beat(session: Session, runner: str, running_crawls: int, now: datetime | None = None) -> None:
    now = now or utcnow()
    row = session.get(SchedulerHeartbeat, runner)
    if row is None:
        session.add(
            SchedulerHeartbeat(
                runner=runner, started_at=now, beat_at=now, running_crawls=running_crawls
            )
        )
    else:
        row.beat_at = now
        row.stopped_at = None
        row.running_crawls = running_crawls
    session.flush()


def mark_stopped(session: Session, runner: str, now: datetime | None = None) -> None:
    row = session.get(SchedulerHeartbeat, runner)
    if row is not None:
        row.stopped_at = now or utcnow()
        row.running_crawls = 0
        session.flush()


def forget_old(session: Session, now: datetime | None = None) -> None:
    cutoff = (now or utcnow()) - KEEP_STOPPED
    session.execute(delete(SchedulerHeartbeat).where(SchedulerHeartbeat.beat_at < cutoff))


def latest_heartbeat(session: Session) -> SchedulerHeartbeat | None:
    """The most recent beat of a scheduler that has not said it stopped (None: none running)."""
    return session.scalars(
        select(SchedulerHeartbeat)
        .where(SchedulerHeartbeat.stopped_at.is_(None))
        .order_by(SchedulerHeartbeat.beat_at.desc())
        .limit(1)
    ).first()


def heartbeat_age(session: Session, now: datetime | None = None) -> timedelta | None:
    """How long since a running scheduler last beat; None when no scheduler is running."""
    row = latest_heartbeat(session)
    if row is None:
        return None
    return (now or utcnow()) - row.beat_at
