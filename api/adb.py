"""The API's asyncio engine, for read paths hot enough that a worker thread per request shows.

PostgreSQL only (psycopg 3's async mode, through SQLAlchemy's asyncio extension). The engine
lives for one application lifespan: its connections belong to the event loop that opened them.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import anyio
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from api.deps import POOL_CONNECTIONS
from pricing import db
from pricing.db import normalise_url
from salesops.settings import get_settings

T = TypeVar("T")
# Requests beyond this wait for a connection on the event loop, costing nothing meanwhile.
POOL_SIZE = 10


def make_async_engine(url: str | None = None) -> AsyncEngine | None:
    """None when the store is not PostgreSQL (SQLite has no async driver we ship)."""
    url = normalise_url(url or get_settings().database_url)
    if not url.startswith("postgresql"):
        return None
    # Autocommit: the paths read with one statement, which PostgreSQL answers from one snapshot,
    # so there is no BEGIN to send and no ROLLBACK when the connection goes back to the pool.
    # No pre-ping, recycled after 30 min: as pricing.db.make_engine explains.
    return create_async_engine(
        url,
        pool_size=POOL_SIZE,
        max_overflow=0,
        pool_recycle=1800,
        isolation_level="AUTOCOMMIT",
        pool_reset_on_return=None,
    )


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.async_engine = make_async_engine()
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
        if app.state.async_engine is not None:
            await app.state.async_engine.dispose()


def async_engine(request: Request) -> AsyncEngine | None:
    return getattr(request.app.state, "async_engine", None)


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
