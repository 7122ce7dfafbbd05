"""Request dependencies: one session per request, and the caller's API key and role."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader
from sqlalchemy.orm import Session

from api.keys import Caller, allows, authenticate, cached_caller
from pricing import db
from pricing.models import ApiRole


def get_session() -> Iterator[Session]:
    """Commits before the response is sent, so a failed commit is an error the client sees."""
    with db.session_scope() as session:
        yield session


# SQLAlchemy's default pool holds 5 + 10 overflow connections per process. Letting more
# requests than that open sessions only makes them wait for a connection while holding a
# worker thread (and time out under load); beyond it they queue here instead, threadless.
POOL_CONNECTIONS = 15
SessionDep = Annotated[
    Session, Depends(get_session, scope="function", max_concurrency=POOL_CONNECTIONS)
]


class _KeyOrBearer(APIKeyHeader):
    """The key from ``X-API-Key``, or the same key as a bearer token.

    One security dependency rather than an APIKeyHeader and an HTTPBearer: FastAPI resolves
    each dependency on every request, and the second one was a tenth of a cheap request.
    """

    async def __call__(self, request: Request) -> str | None:  # type: ignore[override]
        return key_from(request.headers)


def key_from(headers: Mapping[str, str]) -> str | None:
    """The API key a request carries: ``X-API-Key``, else a bearer token."""
    key = headers.get("x-api-key")
    if key:
        return key
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    return (credentials.strip() or None) if scheme.lower() == "bearer" else None


_key = _KeyOrBearer(
    name="X-API-Key",
    scheme_name="APIKeyHeader",  # the name clients generated from earlier schemas know
    auto_error=False,
    description="so_<prefix>_<secret>; or send the same key as `Authorization: Bearer <key>`",
)


def _authenticate_now(token: str) -> Caller | None:
    with db.session_scope() as session:
        return authenticate(session, token)


def require(role: ApiRole):  # noqa: ANN201 - a dependency factory
    # Async, so a recently verified key costs no worker thread and no database session: under
    # load nearly every request hits the key cache, and a thread hop per dependency showed
    # in the API's throughput. A cache miss looks the key up in a worker thread.
    async def check(request: Request, token: str | None = Security(_key)) -> Caller:
        challenge = {"WWW-Authenticate": 'Bearer realm="salesops"'}
        if not token:
            raise HTTPException(
                401,
                "missing API key: send it in the X-API-Key header "
                "(create one with `salesops apikey create`)",
                headers=challenge,
            )
        record = cached_caller(token) or await run_in_threadpool(_authenticate_now, token)
        if record is None:
            raise HTTPException(401, "invalid or revoked API key", headers=challenge)
        if not allows(record.role, role):
            raise HTTPException(
                403, f"this needs the {role.value} role; your key has the {record.role.value} role"
            )
        request.state.api_key_prefix = record.prefix  # for access logs: never the secret
        return record

    return check


Viewer = Annotated[Caller, Depends(require(ApiRole.viewer))]
Analyst = Annotated[Caller, Depends(require(ApiRole.analyst))]
Admin = Annotated[Caller, Depends(require(ApiRole.admin))]

# Ids are 32-bit integers in the store; larger numbers are invalid input, not a lookup.
MAX_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def utc(moment: datetime | None) -> datetime | None:
    """Times without a zone are UTC, as in the CLI."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
