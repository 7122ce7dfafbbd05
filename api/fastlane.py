"""A fast lane for the API's most frequent call: one product's diff, ``GET /prices/diff?sku=X``.

Dashboards and integrations ask for one product at a time, many times a second. Through the
full FastAPI stack (middleware, route matching, dependency and parameter resolution) such a
request costs about as much again as the work itself. This ASGI middleware answers the plain
form of that request directly, with the same key check, the same validation rules, the same
report function and the same serialisation as the route, so the response bytes are identical
(tests/api/test_api_fastlane.py). Anything else it passes on untouched to the application:
other parameters, a value that does not validate, a key not verified in the last seconds, a
SQLite store, an unknown SKU or any error, so every error keeps the route's problem+json.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import parse_qsl

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import key_from
from api.keys import allows, cached_caller
from api.routers.prices import json_body  # the route's own serialisation
from pricing.diff import UnknownProduct
from pricing.diff_async import one_product_report
from pricing.models import ApiRole, utcnow
from salesops.settings import get_settings

PATH = "/prices/diff"


class LaneQuery(BaseModel):
    """The query forms the lane answers, validated as the route validates them."""

    model_config = ConfigDict(extra="forbid")

    sku: str
    undercut_only: bool = False
    include_out_of_stock: bool = False
    staleness_days: int | None = Field(None, ge=0, le=3650)
    format: Literal["json"] = "json"


class OneProductLane:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "GET":
            body = await self._answer(scope)
            if body is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-length", str(len(body)).encode()),
                            (b"content-type", b"application/json"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope) -> bytes | None:
        """The response body, or None to leave the request to the application."""
        pool = getattr(scope["app"].state, "read_pool", None)
        if pool is None:
            return None
        query = _query(scope["query_string"])
        token = key_from(Headers(scope=scope))
        caller = cached_caller(token) if token else None
        if query is None or caller is None or not allows(caller.role, ApiRole.viewer):
            return None
        days = query.staleness_days
        try:
            async with pool.connection() as conn:
                report = await one_product_report(
                    conn,
                    query.sku,
                    utcnow(),
                    get_settings().staleness_days if days is None else days,
                    undercut_only=query.undercut_only,
                    include_out_of_stock=query.include_out_of_stock,
                )
        except UnknownProduct:
            return None  # the route answers it as a 404 problem
        return json_body(report)


def _query(raw: bytes) -> LaneQuery | None:
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):  # a repeated sku is a many-product report
        return None
    try:
        return LaneQuery.model_validate(dict(pairs))
    except ValidationError:
        return None  # the route gives the 422 with its message
