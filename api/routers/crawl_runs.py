"""/crawl-runs: what each crawl did, and starting one in the background."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, status

from api.background import start_crawl
from api.deps import Analyst, RecordId, SessionDep, Viewer, utc
from api.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from api.schemas.common import ERRORS
from api.schemas.prices import (
    CrawlRequest,
    CrawlRunDetailOut,
    CrawlRunOut,
    CrawlStarted,
    FailureOut,
)
from pricing import queries
from pricing.models import CrawlStatus
from scrapers.crawl import check_crawl

router = APIRouter(prefix="/crawl-runs", tags=["crawl runs"], responses=ERRORS)


@router.get("", response_model=Page[CrawlRunOut])
def list_crawl_runs(
    session: SessionDep,
    _: Viewer,
    status: CrawlStatus | None = None,
    competitor: str | None = None,
    since: datetime | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[CrawlRunOut]:
    page = queries.list_crawl_runs(
        session,
        status=status,
        competitor=competitor,
        since=utc(since),
        after_id=decode_cursor(cursor),
        limit=limit,
    )
    return Page(
        items=[CrawlRunOut.model_validate(r) for r in page.items],
        next_cursor=encode_cursor(page.next_after_id),
    )


@router.get("/{run_id}", response_model=CrawlRunDetailOut)
def get_crawl_run(run_id: RecordId, session: SessionDep, _: Viewer) -> CrawlRunDetailOut:
    """A run with its counts and the pages that failed (and why)."""
    detail = queries.crawl_run_detail(session, run_id)
    return CrawlRunDetailOut(
        **CrawlRunOut.model_validate(detail.run).model_dump(),
        competitor=detail.competitor,
        failures_total=detail.failures_total,
        failures=[
            FailureOut(
                listing_id=f.listing_id,
                url=f.listing.url,
                kind=f.kind,
                detail=f.detail,
                occurred_at=f.occurred_at,
            )
            for f in detail.failures
        ],
    )


@router.post("", response_model=CrawlStarted, status_code=status.HTTP_202_ACCEPTED)
def start_crawl_run(body: CrawlRequest, session: SessionDep, _: Analyst) -> CrawlStarted:
    """Start a crawl in a separate process; poll `status_url` until it is not `running`."""
    if body.competitor:
        queries.competitor_by_name(session, body.competitor)  # 404 before starting anything
    render = body.render.value if body.render else None
    check_crawl(None, body.competitor, render)  # nothing to crawl: 422 before starting
    run_id = start_crawl(body.competitor, render)
    return CrawlStarted(run_id=run_id, status_url=f"/crawl-runs/{run_id}")
