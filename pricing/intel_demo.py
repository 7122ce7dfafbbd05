"""The demo's price intelligence step: the diff report, a history chart and an XLSX export of
whatever the store holds (the fixture-shop crawl fills it with two days of prices)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from sqlalchemy import func, select

from pricing import db
from pricing.charts import history_chart
from pricing.diff import diff_report
from pricing.export import DIFF_COLUMNS, diff_rows, write_xlsx
from pricing.fx import FxTable
from pricing.history import price_history
from pricing.intel_cli import render_diff
from pricing.models import Listing, PriceObservation, Product


def price_intelligence_demo(out: Path, console: Console) -> None:
    with db.session_scope() as session:
        report = diff_report(session)
        busiest = session.execute(
            select(Product.sku, func.count(PriceObservation.id))
            .join(Listing, Listing.product_id == Product.id)
            .join(PriceObservation, PriceObservation.listing_id == Listing.id)
            .group_by(Product.sku)
            .order_by(func.count(PriceObservation.id).desc(), Product.sku)
            .limit(1)
        ).first()
        history = price_history(session, busiest[0]) if busiest else None
        fx = FxTable.load(session)
    render_diff(report, limit=50, screen=console)
    xlsx = out / "price-diff.xlsx"
    write_xlsx(diff_rows(report), DIFF_COLUMNS, xlsx, "price diff")
    console.print(f"diff report for {len(report.products)} products written to {xlsx}")
    if history is None:
        console.print("no observations in the store yet: no history chart")
        return
    chart = history_chart(history, out / f"price-history-{history.sku}.png", fx)
    points = sum(len(s.points) for s in history.series)
    console.print(f"history chart of {history.sku} ({points} observations) written to {chart}")
