"""The API's asyncio connection pool, for read paths hot enough that a worker thread shows.

PostgreSQL only: psycopg 3's async connections, pooled by psycopg_pool (psycopg's own pool).
SQLAlchemy's asyncio engine did the same job, but checking a connection out and back in
through its greenlet bridge cost ~250 us of CPU against ~30 us here, a fifth of a one-product
request. The pool lives for one application lifespan: its connections belong to the event
loop that opened them.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import anyio
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from psycopg_pool import AsyncConnectionPool
from sqlalchemy.engine import make_url

from api.deps import POOL_CONNECTIONS
from pricing import db
from pricing.db import normalise_url
from salesops.settings import get_settings

T = TypeVar("T")


def make_read_pool(url: str | None = None) -> AsyncConnectionPool | None:
    """An unopened pool; None when the store is not PostgreSQL (no async driver for SQLite)."""
    parsed = make_url(normalise_url(url or get_settings().database_url))
    if not parsed.drivername.startswith("postgresql"):
        return None
    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    # Autocommit: the paths read with one statement, which PostgreSQL answers from one snapshot,
    # so there is no BEGIN to send and no ROLLBACK when the connection goes back. No check on
    # checkout and a 30 min lifetime, as pricing.db.make_engine explains; a connection that
    # broke is discarded when it comes back.
    return AsyncConnectionPool(
        conninfo,
        min_size=1,
        # Requests beyond it wait for a connection on the event loop, costing nothing meanwhile.
        max_size=get_settings().api_read_pool_size,
        max_lifetime=1800,
        kwargs={"autocommit": True},
        open=False,
        name="salesops-api-read",
    )


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.read_pool = pool = make_read_pool()
    if pool is not None:
        await pool.open(wait=False)  # the API starts even while PostgreSQL is down
    app.state.session_slots = anyio.Semaphore(POOL_CONNECTIONS)
    if getattr(app.state, "freeze_gc", False):
        # The ~250k objects the imports left behind live as long as the worker: freezing
        # them keeps the collector from walking them again. A full collection over them
        # took 0.1-0.4 s here, a pause every in-flight request waits through (the p99).
        gc.collect()
        gc.freeze()
    try:
        yield
    finally:
        if pool is not None:
            await pool.close()


def read_pool(request: Request) -> AsyncConnectionPool | None:
    return getattr(request.app.state, "read_pool", None)


async def in_session(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """``fn(session, *args)`` in a worker thread, in one transaction.

    At most POOL_CONNECTIONS at once: the synchronous pool holds 5 + 10 connections per process,
    and more threads would only wait for one while holding a thread (and time out under load).
    """
    state = request.app.state
    slots = getattr(state, "session_slots", None)
    if slots is None:  # an app run without its lifespan (mounted in another one)
        slots = state.session_slots = anyio.Semaphore(POOL_CONNECTIONS)
    async with slots:
        return await run_in_threadpool(_call, fn, args)


def _call(fn: Callable[..., T], args: tuple[Any, ...]) -> T:
    with db.session_scope() as session:
        return fn(session, *args)
