"""Every error as RFC 9457 problem+json, so clients handle one shape with a readable message.

Domain errors raised in ``pricing/`` and ``territory/`` are mapped to HTTP statuses here, once,
instead of being caught in each route.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.background import CrawlDidNotStart
from api.jobs import PlanNotReady, UnknownJob
from api.keys import UnknownKey
from pricing.alerts import InvalidRule, UnknownRule
from pricing.currency import UnknownCurrency
from pricing.diff import UnknownCompetitor, UnknownProduct
from pricing.history import UnknownListing
from pricing.imports import ImportRejected
from pricing.queries import Conflict, InvalidValue, NotFound
from pricing.recording import UnknownCrawlRun
from pricing.tables import UnreadableFile
from scheduler.schedules import DuplicateSchedule, ScheduleError, UnknownSchedule
from scheduler.schedules import UnknownCompetitor as UnknownScheduleCompetitor
from scrapers.targets import NothingToCrawl
from scrapers.targets import UnknownCompetitor as UnknownCrawlCompetitor
from territory.errors import TerritoryInputError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("salesops.api")


def problem(
    status: int, detail: str | None = None, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _where(loc: tuple[Any, ...]) -> str:
    kinds = {"query": "query parameter", "path": "path parameter", "header": "header"}
    if loc and loc[0] in kinds and len(loc) > 1:
        return f"{kinds[loc[0]]} {'.'.join(map(str, loc[1:]))!r}"
    if loc and loc[0] == "body":
        return "body" + "".join(f"[{part!r}]" for part in loc[1:])
    return ".".join(map(str, loc))


async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"location": _where(tuple(e["loc"])), "message": e["msg"], "type": e["type"]}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:5])
    return problem(422, detail, errors=errors)


async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if exc.detail != HTTPStatus(exc.status_code).phrase else None
    return problem(exc.status_code, detail, headers=getattr(exc, "headers", None))


def _status(status: int):  # noqa: ANN202 - an exception handler factory
    async def handler(_: Request, exc: Exception) -> JSONResponse:
        return problem(status, str(exc))

    return handler


async def _import_rejected(_: Request, exc: ImportRejected) -> JSONResponse:
    report = exc.report
    return problem(
        422,
        f"{report.file}: {len(report.rejected_lines)} bad row(s), nothing imported; "
        "fix the rows listed in 'problems' (or pass skip_invalid=true)",
        problems=[
            {"line": p.line, "column": p.column, "message": p.message}
            for p in sorted(report.problems)
        ],
    )


async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
    log.warning("integrity error: %s", exc.orig)
    return problem(409, "the change conflicts with stored data (a duplicate or a missing parent)")


async def _data_error(_: Request, exc: DataError) -> JSONResponse:
    log.info("value rejected by the database: %s", exc.orig)
    return problem(
        422, "a value is out of range or holds characters the database cannot store (e.g. NUL)"
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem(500, "an unexpected error occurred; it has been logged")


# Domain errors by the status they mean; Starlette picks the most specific class first.
NOT_FOUND: tuple[type[Exception], ...] = (
    NotFound,
    UnknownCrawlRun,
    UnknownKey,
    UnknownJob,
    UnknownProduct,
    UnknownCompetitor,
    UnknownListing,
    UnknownRule,
    UnknownSchedule,
    UnknownScheduleCompetitor,
    UnknownCrawlCompetitor,
)
UNPROCESSABLE: tuple[type[Exception], ...] = (
    InvalidValue,
    UnknownCurrency,
    UnreadableFile,
    InvalidRule,
    ScheduleError,
    NothingToCrawl,
    TerritoryInputError,
)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(ImportRejected, _import_rejected)  # type: ignore[arg-type]
    app.add_exception_handler(IntegrityError, _integrity)  # type: ignore[arg-type]
    app.add_exception_handler(DataError, _data_error)  # type: ignore[arg-type]
    app.add_exception_handler(Conflict, _status(409))
    app.add_exception_handler(CrawlDidNotStart, _status(503))
    app.add_exception_handler(PlanNotReady, _status(409))
    app.add_exception_handler(DuplicateSchedule, _status(409))
    for cls in NOT_FOUND:
        app.add_exception_handler(cls, _status(404))
    for cls in UNPROCESSABLE:
        app.add_exception_handler(cls, _status(422))
    app.add_exception_handler(Exception, _unexpected)
