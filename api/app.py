"""The FastAPI application factory: routers, error shapes and the upload limit in one place."""

from __future__ import annotations

from fastapi import FastAPI

from api import problems
from api.adb import lifespan
from api.fastlane import OneProductLane
from api.routers import (
    alerts,
    competitors,
    crawl_runs,
    health,
    keys,
    listings,
    prices,
    products,
    schedules,
    territories,
)
from api.uploads import UploadLimit
from salesops import __version__

DESCRIPTION = """
Competitor prices and territory plans for sales-ops teams.

Every endpoint except `/health` needs an API key in the `X-API-Key` header (or as a bearer
token); create one with `salesops apikey create --role viewer|analyst|admin`. Viewers read,
analysts also start crawls and planning jobs, admins also manage competitors, products,
listings, alert rules, schedules and keys. Errors are RFC 9457 `application/problem+json`.
Lists are paginated: pass `next_cursor` back as `cursor`. Money is a decimal string.
"""


def create_app(fast_lane: bool = True) -> FastAPI:
    app = FastAPI(
        title="salesops",
        version=__version__,
        description=DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    problems.install(app)
    app.add_middleware(UploadLimit)
    if fast_lane:
        app.add_middleware(OneProductLane)  # outermost: see api.fastlane
    # Routes are matched in this order: the hot read paths first.
    for module in (
        prices,
        health,
        competitors,
        products,
        listings,
        crawl_runs,
        alerts,
        schedules,
        territories,
        keys,
    ):
        for router in getattr(module, "routers", None) or [module.router]:
            app.include_router(router)
    return app


def create_served_app() -> FastAPI:
    """The app as `salesops serve` runs it: a long-lived worker process of its own."""
    app = create_app()
    app.state.freeze_gc = True
    return app
