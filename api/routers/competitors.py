"""/competitors: who we watch, and how politely we crawl them."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import Admin, RecordId, SessionDep, Viewer
from api.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from api.schemas.catalog import CompetitorIn, CompetitorOut, CompetitorPatch, Deactivated
from api.schemas.common import ERRORS
from pricing import queries

router = APIRouter(prefix="/competitors", tags=["competitors"], responses=ERRORS)


@router.get("", response_model=Page[CompetitorOut])
def list_competitors(
    session: SessionDep,
    _: Viewer,
    name: str | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[CompetitorOut]:
    """Competitors, oldest first; `name` filters by a case-insensitive part of the name."""
    page = queries.list_competitors(session, name=name, after_id=decode_cursor(cursor), limit=limit)
    return Page(
        items=[CompetitorOut.model_validate(c) for c in page.items],
        next_cursor=encode_cursor(page.next_after_id),
    )


@router.get("/{competitor_id}", response_model=CompetitorOut)
def get_competitor(competitor_id: RecordId, session: SessionDep, _: Viewer) -> CompetitorOut:
    return CompetitorOut.model_validate(queries.get_competitor(session, competitor_id))


@router.post("", response_model=CompetitorOut, status_code=status.HTTP_201_CREATED)
def create_competitor(body: CompetitorIn, session: SessionDep, _: Admin) -> CompetitorOut:
    return CompetitorOut.model_validate(queries.save_competitor(session, body.model_dump()))


@router.patch("/{competitor_id}", response_model=CompetitorOut)
def update_competitor(
    competitor_id: RecordId, body: CompetitorPatch, session: SessionDep, _: Admin
) -> CompetitorOut:
    """Change only the fields sent."""
    values = body.model_dump(exclude_unset=True)
    return CompetitorOut.model_validate(queries.save_competitor(session, values, competitor_id))


@router.post("/{competitor_id}/deactivate", response_model=Deactivated)
def deactivate_competitor(competitor_id: RecordId, session: SessionDep, _: Admin) -> Deactivated:
    """Stop crawling a competitor: all its listings become inactive; history is kept."""
    return Deactivated(listings_deactivated=queries.deactivate_competitor(session, competitor_id))
