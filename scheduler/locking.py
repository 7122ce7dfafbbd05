"""One schedule runs at most once at a time, across every process sharing the database.

On PostgreSQL a session-level advisory lock, held on its own connection for the whole crawl,
decides; the server drops it if the holder dies, so a crashed scheduler never leaves a stale
lock behind. SQLite has no such lock: there the guarantee covers one scheduler process (run a
single scheduler per SQLite file), through an in-process lock per schedule.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

# Advisory locks are keyed (namespace, id); the namespace keeps ours apart from other users.
LOCK_NAMESPACE = 0x5A1E  # "SALE"

_local_locks: dict[int, threading.Lock] = {}
_local_guard = threading.Lock()


def _local_lock(schedule_id: int) -> threading.Lock:
    with _local_guard:
        return _local_locks.setdefault(schedule_id, threading.Lock())


@contextmanager
def schedule_lock(engine: Engine, schedule_id: int) -> Iterator[bool]:
    """Yields True while this process holds the schedule's lock, False if someone else does."""
    local = _local_lock(schedule_id)
    if not local.acquire(blocking=False):
        yield False
        return
    try:
        if engine.dialect.name != "postgresql":
            yield True
            return
        with engine.connect() as conn:
            if not _try_advisory_lock(conn, schedule_id):
                yield False
                return
            try:
                yield True
            finally:
                _advisory_unlock(conn, schedule_id)
    finally:
        local.release()


def _try_advisory_lock(conn: Connection, schedule_id: int) -> bool:
    got = conn.scalar(
        text("SELECT pg_try_advisory_lock(:ns, :id)"), {"ns": LOCK_NAMESPACE, "id": schedule_id}
    )
    conn.commit()  # the lock is session-level; no transaction stays open during the crawl
    return bool(got)


def _advisory_unlock(conn: Connection, schedule_id: int) -> None:
    conn.execute(
        text("SELECT pg_advisory_unlock(:ns, :id)"), {"ns": LOCK_NAMESPACE, "id": schedule_id}
    )
    conn.commit()


def is_locked_elsewhere(engine: Engine, schedule_id: int) -> bool:
    """Whether a crawl of this schedule is running in any process (PostgreSQL) or this one."""
    with schedule_lock(engine, schedule_id) as got:
        return not got
