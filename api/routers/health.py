"""/health: for load balancers and monitoring, so it needs no key and reveals no data."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from pricing import db
from pricing.queries import store_reachable
from scheduler.heartbeat import latest_heartbeat

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str  # "ok" or "degraded"
    database: str  # "ok" or the reason it is not
    scheduler_last_beat: datetime | None
    scheduler_heartbeat_age_seconds: float | None


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health() -> JSONResponse:
    """200 when the database answers; 503 (same body) when it does not."""
    reachable, reason = store_reachable(db.get_engine())
    beat = age = None
    if reachable:
        with db.session_scope() as session:
            row = latest_heartbeat(session)
            if row is not None:
                beat = row.beat_at
                age = round((datetime.now(UTC) - beat).total_seconds(), 1)
    body = Health(
        status="ok" if reachable else "degraded",
        database="ok" if reachable else reason,
        scheduler_last_beat=beat,
        scheduler_heartbeat_age_seconds=age,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if reachable else 503)
