"""Crawl schedules as the API shows and accepts them (same rules as `salesops schedule`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pricing.models import CrawlStatus

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ScheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    competitor: Text = Field(description="Competitor name, or `all` for one crawl of everyone.")
    every: Text | None = Field(None, description="Interval such as `6h`, `1h30m`, `90s`.")
    cron: Text | None = Field(None, description="5-field crontab, e.g. `0 6 * * 1-5`.")
    timezone: Text = "UTC"
    jitter: Text | None = Field(None, description="Random delay up to this, e.g. `5m`.")
    timeout: Text | None = Field(None, description="Stop a crawl running longer, e.g. `2h`.")
    name: Text | None = Field(None, description="Defaults to the competitor name.")
    enabled: bool = True


class ScheduleChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool


class ScheduleOut(BaseModel):
    id: int
    name: str
    competitor: str
    when: str
    cron: str | None
    interval_seconds: int | None
    timezone: str
    jitter_seconds: int
    timeout_seconds: int | None
    enabled: bool
    last_started_at: datetime | None = None
    last_status: CrawlStatus | None = None
    last_note: str | None = None
    next_run_at: datetime | None = None
    running: bool = False
