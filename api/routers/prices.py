"""/prices: the diff report (JSON or a CSV/XLSX download) and one product's price history."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import AwareDatetime

from api.deps import OptionalId, SessionDep, Viewer
from api.schemas.common import ERRORS
from api.schemas.prices import DiffReportOut, ProductHistoryOut
from pricing.diff import diff_report
from pricing.history import price_history

router = APIRouter(prefix="/prices", tags=["prices"], responses=ERRORS)


class ReportFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


DOWNLOADS = {
    ReportFormat.csv: "text/csv; charset=utf-8",
    ReportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get(
    "/diff",
    response_model=DiffReportOut,
    responses={200: {"content": {m: {} for m in DOWNLOADS.values()}}},
)
def get_diff(
    session: SessionDep,
    _: Viewer,
    sku: Annotated[list[str] | None, Query(description="Only these SKUs (repeatable).")] = None,
    competitor: Annotated[
        list[str] | None, Query(description="Only these competitors (repeatable).")
    ] = None,
    as_of: Annotated[
        AwareDatetime | None, Query(description="Report as it stood then (timezone-aware).")
    ] = None,
    undercut_only: bool = False,
    include_out_of_stock: bool = False,
    staleness_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    format: ReportFormat = ReportFormat.json,
) -> DiffReportOut | Response:
    """Our price against every competitor's latest valid price, product by product."""
    report = diff_report(
        session,
        as_of=as_of,
        skus=sku,
        competitors=competitor,
        undercut_only=undercut_only,
        include_out_of_stock=include_out_of_stock,
        staleness_days=staleness_days,
    )
    if format is ReportFormat.json:
        return DiffReportOut.model_validate(report)
    return _download(report, format)


def _download(report: object, format: ReportFormat) -> Response:
    from pricing import exports

    stamp = report.as_of.strftime("%Y%m%dT%H%M%SZ")  # type: ignore[attr-defined]
    data = exports.diff_csv(report) if format is ReportFormat.csv else exports.diff_xlsx(report)
    return Response(
        data,
        media_type=DOWNLOADS[format],
        headers={"Content-Disposition": f'attachment; filename="price-diff-{stamp}.{format}"'},
    )


@router.get("/history/{sku}", response_model=ProductHistoryOut)
def get_history(
    sku: str,
    session: SessionDep,
    _: Viewer,
    competitor: str | None = None,
    listing_id: OptionalId = None,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
) -> ProductHistoryOut:
    """Every observation of a product's listings in [since, until]; suspicious ones marked."""
    history = price_history(
        session, sku, competitor=competitor, listing_id=listing_id, since=since, until=until
    )
    return ProductHistoryOut.model_validate(history)
