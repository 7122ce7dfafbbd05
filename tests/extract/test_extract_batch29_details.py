"""Details held-out batches 29 and 30 needed (written blind): a brand-hooked line whose label is
a word no brand label list holds ('Verlag:', a game's publisher); pinned on a minimal page."""

from __future__ import annotations

from scrapers.extract import extract_product


def _page(brand_line: str) -> str:
    return (
        '<html lang="de-DE"><body><div class="product"><h1>Flussfähren – Das Brettspiel</h1>'
        '<p class="price">39,99 €</p><p class="stock in-stock">Vorrätig</p>'
        '<button name="add-to-cart">In den Warenkorb</button><div class="product_meta">'
        '<span class="posted_in">Kategorie: <a href="/familienspiele/">Familienspiele</a></span> '
        f"{brand_line}</div></div></body></html>"
    )


def test_a_brand_hooked_line_names_the_brand_whatever_its_label_word():
    html = _page('<span class="brand">Verlag: <a href="/verlag/kranich">Kranich Spiele</a></span>')
    assert extract_product(html).brand == "Kranich Spiele"


def test_the_same_label_without_a_brand_hook_names_no_brand():
    html = _page('<span class="meta">Verlag: <a href="/verlag/kranich">Kranich Spiele</a></span>')
    assert extract_product(html).brand is None
