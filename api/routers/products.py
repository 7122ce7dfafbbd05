"""/products: our own catalog, editable one product at a time or by uploading the catalog file."""

from __future__ import annotations

from fastapi import APIRouter, File, UploadFile, status

from api.deps import Admin, RecordId, SessionDep, Viewer
from api.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from api.schemas.catalog import Deactivated, ImportResult, ProductIn, ProductOut, ProductPatch
from api.schemas.common import ERRORS
from api.uploads import TABLE_KINDS, read_upload
from pricing import queries
from pricing.imports import ImportReport, import_catalog

router = APIRouter(prefix="/products", tags=["products"], responses=ERRORS)


def import_result(report: ImportReport) -> ImportResult:
    return ImportResult(
        file=report.file,
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected_lines=report.rejected_lines,
        competitors_created=report.competitors_created,
        problems=[
            {"line": p.line, "column": p.column, "message": p.message}
            for p in sorted(report.problems)
        ],
    )


@router.get("", response_model=Page[ProductOut])
def list_products(
    session: SessionDep,
    _: Viewer,
    sku: str | None = None,
    brand: str | None = None,
    q: str | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ProductOut]:
    """Products by id; `q` searches SKU and name."""
    page = queries.list_products(
        session, sku=sku, brand=brand, q=q, after_id=decode_cursor(cursor), limit=limit
    )
    return Page(
        items=[ProductOut.model_validate(p) for p in page.items],
        next_cursor=encode_cursor(page.next_after_id),
    )


@router.post("/import", response_model=ImportResult)
def import_products(
    session: SessionDep,
    _: Admin,
    file: UploadFile = File(description="The catalog as CSV or XLSX (same columns as the CLI)"),
    skip_invalid: bool = False,
) -> ImportResult:
    """Upsert the catalog; any bad row rejects the file (422, line-numbered) unless skipping."""
    data = read_upload(file, TABLE_KINDS, "catalog")
    report = import_catalog(session, data, skip_invalid=skip_invalid, name=file.filename)
    return import_result(report)


@router.get("/{product_id}", response_model=ProductOut)
def get_product(product_id: RecordId, session: SessionDep, _: Viewer) -> ProductOut:
    return ProductOut.model_validate(queries.get_product(session, product_id))


@router.post("", response_model=ProductOut, status_code=status.HTTP_201_CREATED)
def create_product(body: ProductIn, session: SessionDep, _: Admin) -> ProductOut:
    return ProductOut.model_validate(queries.save_product(session, body.model_dump()))


@router.patch("/{product_id}", response_model=ProductOut)
def update_product(
    product_id: RecordId, body: ProductPatch, session: SessionDep, _: Admin
) -> ProductOut:
    values = body.model_dump(exclude_unset=True)
    return ProductOut.model_validate(queries.save_product(session, values, product_id))


@router.post("/{product_id}/deactivate", response_model=Deactivated)
def deactivate_product(product_id: RecordId, session: SessionDep, _: Admin) -> Deactivated:
    """Stop watching a product at every competitor; the product and its history stay."""
    return Deactivated(listings_deactivated=queries.deactivate_product(session, product_id))
