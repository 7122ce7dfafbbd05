"""/listings: the competitor pages we watch (the watchlist)."""

from __future__ import annotations

from fastapi import APIRouter, File, UploadFile, status

from api.deps import Admin, RecordId, SessionDep, Viewer
from api.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from api.routers.products import import_result
from api.schemas.catalog import ImportResult, ListingIn, ListingOut, ListingPatch
from api.schemas.common import ERRORS
from api.uploads import TABLE_KINDS, read_upload
from pricing import queries
from pricing.imports import import_watchlist
from pricing.models import Listing, MatchMethod

router = APIRouter(prefix="/listings", tags=["listings"], responses=ERRORS)


def listing_out(listing: Listing) -> ListingOut:
    return ListingOut(
        id=listing.id,
        competitor=listing.competitor.name,
        sku=listing.product.sku,
        url=listing.url,
        match_method=listing.match_method,
        match_confidence=listing.match_confidence,
        render_mode=listing.render_mode,
        active=listing.active,
        created_at=listing.created_at,
    )


@router.get("", response_model=Page[ListingOut])
def list_listings(
    session: SessionDep,
    _: Viewer,
    competitor: str | None = None,
    sku: str | None = None,
    active: bool | None = None,
    match_method: MatchMethod | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ListingOut]:
    page = queries.list_listings(
        session,
        competitor=competitor,
        sku=sku,
        active=active,
        match_method=match_method,
        after_id=decode_cursor(cursor),
        limit=limit,
    )
    return Page(
        items=[listing_out(item) for item in page.items],
        next_cursor=encode_cursor(page.next_after_id),
    )


@router.post("/import", response_model=ImportResult)
def import_listings(
    session: SessionDep,
    _: Admin,
    file: UploadFile = File(description="The watchlist as CSV or XLSX (same columns as the CLI)"),
    skip_invalid: bool = False,
) -> ImportResult:
    """Upsert watched URLs (unknown competitors are created); bad rows reject the file (422)."""
    data = read_upload(file, TABLE_KINDS, "watchlist")
    report = import_watchlist(session, data, skip_invalid=skip_invalid, name=file.filename)
    return import_result(report)


@router.get("/{listing_id}", response_model=ListingOut)
def get_listing(listing_id: RecordId, session: SessionDep, _: Viewer) -> ListingOut:
    return listing_out(queries.get_listing(session, listing_id))


@router.post("", response_model=ListingOut, status_code=status.HTTP_201_CREATED)
def create_listing(body: ListingIn, session: SessionDep, _: Admin) -> ListingOut:
    return listing_out(queries.save_listing(session, body.model_dump()))


@router.patch("/{listing_id}", response_model=ListingOut)
def update_listing(
    listing_id: RecordId, body: ListingPatch, session: SessionDep, _: Admin
) -> ListingOut:
    """Change only the fields sent; `active: true` re-activates a listing."""
    values = body.model_dump(exclude_unset=True)
    return listing_out(queries.save_listing(session, values, listing_id))


@router.post("/{listing_id}/deactivate", response_model=ListingOut)
def deactivate_listing(listing_id: RecordId, session: SessionDep, _: Admin) -> ListingOut:
    """Stop watching this page; its price history is kept."""
    return listing_out(queries.deactivate_listing(session, listing_id))
