"""Planning jobs as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from pricing.models import JobStatus


class PlanStarted(BaseModel):
    id: int
    status: JobStatus
    status_url: str


class PlanResult(BaseModel):
    summary: dict[str, float]
    territories: list[dict[str, Any]]
    notes: list[str]
    warnings: list[str]
    seconds: float | None = None


class PlanJobOut(BaseModel):
    id: int
    status: JobStatus
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    units_name: str
    parameters: dict[str, Any]
    result: PlanResult | None
    error: str | None
