"""/health: for load balancers and monitoring, so it needs no key and reveals no data.

On PostgreSQL it is answered on the event loop from the read pool, in one statement (the
heartbeat query proves the database answers): a synchronous route waited for a worker thread
and a pooled session behind the traffic it was meant to watch, and under 50 clients 3 in
10,906 health checks hit a 5 s timeout. SQLite (no async driver) keeps the threaded path.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.adb import read_pool
from pricing import db
from pricing.queries import store_reachable
from scheduler.heartbeat import latest_heartbeat

router = APIRouter(tags=["health"])

# A database that cannot hand out a connection this fast is reported, not waited for.
CHECK_TIMEOUT_SECONDS = 2.0
LATEST_BEAT_SQL = (
    "SELECT beat_at FROM scheduler_heartbeat WHERE stopped_at IS NULL ORDER BY beat_at DESC LIMIT 1"
)


class Health(BaseModel):
    status: str  # "ok" or "degraded"
    database: str  # "ok" or the reason it is not
    scheduler_last_beat: datetime | None
    scheduler_heartbeat_age_seconds: float | None


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
async def health(request: Request) -> JSONResponse:
    """200 when the database answers; 503 (same body) when it does not."""
    pool = read_pool(request)
    if pool is None:
        reachable, reason, beat = await run_in_threadpool(_check_sync)
    else:
        try:
            async with pool.connection(timeout=CHECK_TIMEOUT_SECONDS) as conn:
                cursor = await conn.execute(LATEST_BEAT_SQL)
                row = await cursor.fetchone()
        except Exception as exc:  # any driver, pool or network failure means "unreachable"
            reachable, reason, beat = False, f"unreachable: {type(exc).__name__}", None
        else:
            reachable, reason = True, "ok"
            beat = row[0].astimezone(UTC) if row is not None else None
    age = round((datetime.now(UTC) - beat).total_seconds(), 1) if beat is not None else None
    body = Health(
        status="ok" if reachable else "degraded",
        database=reason,
        scheduler_last_beat=beat,
        scheduler_heartbeat_age_seconds=age,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if reachable else 503)


def _check_sync() -> tuple[bool, str, datetime | None]:
    reachable, reason = store_reachable(db.get_engine())
    if not reachable:
        return False, reason, None
    with db.session_scope() as session:
        row = latest_heartbeat(session)
        return True, "ok", row.beat_at if row is not None else None
