"""The scheduler's tables: schedules, the runs they started, and the scheduler's heartbeat.

They live on the pricing store's ``Base`` (one database, one migration history, migration
0003), and ``pricing.models`` imports this module so the metadata is always complete.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Unicode,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pricing.models import (
    Base,
    Competitor,
    CrawlRun,
    CrawlStatus,
    CrawlTrigger,
    UTCDateTime,
    _enum,
    utcnow,
)


class CrawlSchedule(Base):
    """When to crawl one competitor (or all): a cron expression or an interval, in a time zone."""

    __tablename__ = "crawl_schedule"
    __table_args__ = (
        CheckConstraint("(cron IS NULL) <> (interval_seconds IS NULL)", name="cron_xor_interval"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # None = every competitor in one crawl.
    competitor_id: Mapped[int | None] = mapped_column(
        ForeignKey("competitor.id", ondelete="CASCADE")
    )
    # Standard 5-field crontab (0 or 7 = Sunday), as the user wrote it.
    cron: Mapped[str | None] = mapped_column(String(200))
    interval_seconds: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    jitter_seconds: Mapped[int] = mapped_column(Integer, default=0)
    # None = the scheduler_crawl_timeout_seconds setting.
    timeout_seconds: Mapped[int | None] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on every change so running schedulers replace their job (and keep it otherwise).
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    competitor: Mapped[Competitor | None] = relationship()

    @property
    def job_id(self) -> str:
        return f"schedule-{self.id}"

    def __repr__(self) -> str:
        return f"CrawlSchedule({self.name!r})"


class ScheduleRun(Base):
    """One firing of a schedule. (schedule, slot) is unique: two schedulers cannot both take it."""

    __tablename__ = "schedule_run"
    __table_args__ = (
        UniqueConstraint("schedule_id", "slot_at"),
        Index(None, "schedule_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("crawl_schedule.id", ondelete="CASCADE"))
    # The time the run was due (the scheduled slot), not when it actually started.
    slot_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    trigger: Mapped[CrawlTrigger] = mapped_column(_enum(CrawlTrigger, "crawl_trigger"))
    status: Mapped[CrawlStatus] = mapped_column(
        _enum(CrawlStatus, "crawl_status"), default=CrawlStatus.running
    )
    crawl_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_run.id", ondelete="SET NULL")
    )
    # host:pid of the scheduler (or CLI) process that ran it.
    runner: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    schedule: Mapped[CrawlSchedule] = relationship()
    crawl_run: Mapped[CrawlRun | None] = relationship()


class SchedulerHeartbeat(Base):
    """A running scheduler process stamps ``beat_at`` regularly; /health reports its age."""

    __tablename__ = "scheduler_heartbeat"

    runner: Mapped[str] = mapped_column(String(200), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    running_crawls: Mapped[int] = mapped_column(Integer, default=0)


# APScheduler's SQLAlchemyJobStore table, declared here so Alembic owns it like every other
# table (the job store finds it existing and never creates or alters it).
APSCHEDULER_JOBS = Table(
    "apscheduler_jobs",
    Base.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)
