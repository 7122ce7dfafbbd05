"""Stock lines held-out batch 25 needed (a fourteenth author, written blind): a delivery weeks
away beside a line saying the shops hold the item is a furniture carrier's lead time, not a
backorder; pinned on minimal pages so it holds without the corpus."""

from __future__ import annotations

from scrapers.extract import extract_product


def _page(lines: str) -> str:
    return (
        '<html lang="de-AT"><body><main><h1>Boxspringbett Luna</h1>'
        f'<div class="price">899,00 €</div>{lines}'
        "<button>In den Warenkorb</button></main></body></html>"
    )


def test_weeks_away_with_stores_holding_it_is_in_stock():
    lines = (
        '<div class="online">Online verfügbar · Lieferung in 2-3 Wochen</div>'
        '<div class="stores">In 12 Filialen vorrätig</div>'
    )
    assert extract_product(_page(lines)).availability == "InStock"


def test_weeks_away_alone_is_still_a_backorder():
    lines = '<div class="online">Online verfügbar · Lieferung in 2-3 Wochen</div>'
    assert extract_product(_page(lines)).availability == "BackOrder"
