"""Price and identifier-form rules held-out batch 17 needed (a sixth author, written blind),
pinned on minimal pages so they hold without the corpus."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scrapers.extract import extract_product


def _page(lang: str, buy_box: str, head: str = "", below: str = "") -> str:
    return (
        f'<html lang="{lang}"><head>{head}</head><body><main><h1>Produkt X</h1>{buy_box}'
        f'<button class="add-to-cart">Add to cart</button>{below}</main></body></html>'
    )


@pytest.mark.parametrize(
    ("lang", "shown", "price"),
    [
        # Grouped whole units with the cents in a superscript (eMAG, other ro/de/nl shops).
        ("ro-RO", '<p class="product-new-price">2.499<sup>99</sup> Lei</p>', "2499.99"),
        ("de-DE", '<p class="price">1.299<sup>95</sup> €</p>', "1299.95"),
        ("en-US", '<p class="price">$1,049<sup>99</sup></p>', "1049.99"),
        # Ungrouped and small amounts read as before.
        ("nl-NL", '<p class="price">169<sup>99</sup></p>', "169.99"),
        ("de-DE", '<p class="price">4,99 <sup>*</sup> €</p>', "4.99"),
    ],
)
def test_superscript_cents_after_grouped_whole_units(lang: str, shown: str, price: str):
    assert extract_product(_page(lang, shown)).price == Decimal(price)


def _markup(gtin: str) -> str:
    return (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product",'
        f'"name":"Produkt X","gtin13":"{gtin}","offers":{{"@type":"Offer","price":"449.99",'
        '"priceCurrency":"USD"}}</script>'
    )


def test_a_padded_upc_in_markup_is_reported_as_the_page_prints_it():
    specs = "<table><tr><th>UPC</th><td>887276812342</td></tr></table>"
    html = _page("en-US", "<p>$449.99</p>", _markup("0887276812342"), specs)
    assert extract_product(html).gtin == "887276812342"


def test_a_padded_upc_the_page_prints_nowhere_shorter_stays_as_markup_gives_it():
    # The 12 digits inside the 13-digit code do not count as the short form being printed.
    specs = "<table><tr><th>EAN</th><td>0887276812342</td></tr></table>"
    html = _page("en-US", "<p>$449.99</p>", _markup("0887276812342"), specs)
    assert extract_product(html).gtin == "0887276812342"
    html = _page("en-US", "<p>$449.99</p>", _markup("0887276812342"))
    assert extract_product(html).gtin == "0887276812342"


def test_a_trademark_sign_after_a_shown_brand_is_not_part_of_it():
    link = '<a data-test="ProductDetailBrand" href="/b/threshold">Shop all Threshold™</a>'
    assert extract_product(_page("en-US", link + "<p>$40.00</p>")).brand == "Threshold"
    row = "<table><tr><td>Brand</td><td>Acme®</td></tr></table>"
    assert extract_product(_page("en-US", row + "<p>$40.00</p>")).brand == "Acme"
