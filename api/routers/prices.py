"""/prices: the diff report (JSON or a CSV/XLSX download) and one product's price history."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from api.adb import in_session, read_pool
from api.deps import OptionalId, SessionDep, Viewer, utc
from api.schemas.common import ERRORS
from api.schemas.prices import DiffReportOut, ProductHistoryOut
from pricing.diff import DiffReport, diff_report
from pricing.diff_async import one_product_report
from pricing.history import price_history
from pricing.models import utcnow
from salesops.settings import get_settings

_REPORT = TypeAdapter(DiffReportOut)
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
async def get_diff(
    request: Request,
    _: Viewer,
    sku: Annotated[list[str] | None, Query(description="Only these SKUs (repeatable).")] = None,
    competitor: Annotated[
        list[str] | None, Query(description="Only these competitors (repeatable).")
    ] = None,
    as_of: Annotated[
        datetime | None, Query(description="Report as it stood then (UTC if no zone).")
    ] = None,
    undercut_only: bool = False,
    include_out_of_stock: bool = False,
    staleness_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    format: ReportFormat = ReportFormat.json,
) -> DiffReportOut | Response:
    """Our price against every competitor's latest valid price, product by product."""
    pool = read_pool(request)
    if pool is not None and as_of is None and sku and len(sku) == 1 and not competitor:
        # One product now, on PostgreSQL: awaited on the event loop, no worker thread.
        days = get_settings().staleness_days if staleness_days is None else staleness_days
        async with pool.connection() as conn:
            report = await one_product_report(
                conn,
                sku[0],
                utcnow(),
                days,
                undercut_only=undercut_only,
                include_out_of_stock=include_out_of_stock,
            )
        if format is ReportFormat.json:
            return _json(report)
        return await run_in_threadpool(_render, report, format)
    options = {
        "as_of": utc(as_of),
        "skus": sku,
        "competitors": competitor,
        "undercut_only": undercut_only,
        "include_out_of_stock": include_out_of_stock,
        "staleness_days": staleness_days,
    }
    return await in_session(request, _diff, options, format)


def _diff(session: Session, options: dict[str, Any], fmt: ReportFormat) -> Response:
    return _render(diff_report(session, **options), fmt)


def _render(report: DiffReport, fmt: ReportFormat) -> Response:
    if fmt is ReportFormat.json:
        return _json(report)
    from pricing.export import DIFF_COLUMNS, diff_rows

    stamp = report.as_of.strftime("%Y%m%dT%H%M%SZ")
    return _download(diff_rows(report), DIFF_COLUMNS, fmt, f"price-diff-{stamp}")


def _json(report: DiffReport) -> Response:
    return Response(json_body(report), media_type="application/json")


def json_body(report: DiffReport) -> bytes:
    # Serialised here, once: returning the model makes FastAPI dump, re-validate and dump it
    # again; the bytes are the same. api.fastlane answers with these bytes too.
    return _REPORT.dump_json(DiffReportOut.model_validate(report))


def _download(
    rows: Iterable[dict], columns: tuple[str, ...], fmt: ReportFormat, name: str
) -> Response:
    """The same CSV/XLSX files `salesops prices ... --format` writes."""
    from pricing.export import write_csv, write_xlsx

    if fmt is ReportFormat.csv:
        buf = io.StringIO()
        write_csv(rows, columns, buf)
        data = buf.getvalue().encode("utf-8")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{name}.xlsx"
            write_xlsx(rows, columns, path, name)
            data = path.read_bytes()
    return Response(
        data,
        media_type=DOWNLOADS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt.value}"'},
    )


@router.get(
    "/history/{sku}",
    response_model=ProductHistoryOut,
    responses={200: {"content": {m: {} for m in DOWNLOADS.values()}}},
)
def get_history(
    sku: str,
    session: SessionDep,
    _: Viewer,
    competitor: str | None = None,
    listing_id: OptionalId = None,
    since: datetime | None = None,
    until: datetime | None = None,
    format: ReportFormat = ReportFormat.json,
) -> ProductHistoryOut | Response:
    """Every observation of a product's listings in [since, until]; suspicious ones marked."""
    history = price_history(
        session,
        sku,
        competitor=competitor,
        listing_id=listing_id,
        since=utc(since),
        until=utc(until),
    )
    if format is ReportFormat.json:
        return ProductHistoryOut.model_validate(history)
    from pricing.export import HISTORY_COLUMNS, history_rows

    return _download(history_rows(history), HISTORY_COLUMNS, format, f"price-history-{sku}")
