"""Identifier rules held-out batch 19 needed (an eighth author, written blind), pinned on
minimal pages so they hold without the corpus."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product

_MARKUP = (
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product",'
    '"name":"Produkt X","sku":"ABC-123","offers":{"@type":"Offer","price":"99.00",'
    '"priceCurrency":"EUR"}}</script>'
)


def _page(body: str, head: str = _MARKUP, lang: str = "de-DE") -> str:
    return (
        f'<html lang="{lang}"><head>{head}</head><body><main><h1>Produkt X</h1>'
        f'<p class="price">99,00 €</p>{body}<button class="add-to-cart">Kaufen</button>'
        "</main></body></html>"
    )


@pytest.mark.parametrize(
    ("lang", "row", "mpn"),
    [
        ("de-DE", "<p>Hersteller-Nr.: WGB-2291</p>", "WGB-2291"),
        ("cs-CZ", "<table><tr><td>Typ:</td><td>DDF485RFJ</td></tr></table>", "DDF485RFJ"),
        ("cs-CZ", "<p>Kód výrobce: DDF485RFJ</p>", "DDF485RFJ"),
        ("ja-JP", "<p>メーカー型番: ILCE-7M4</p>", "ILCE-7M4"),
        ("nl-NL", "<p>Typenummer: HR2041/10</p>", "HR2041/10"),
    ],
)
def test_manufacturer_part_number_labels_in_more_languages(lang: str, row: str, mpn: str):
    assert extract_product(_page(row, lang=lang)).mpn == mpn


def test_a_part_number_cell_printed_with_spaces_is_one_code():
    # Magento's attribute block: label in <strong>, value in the next <div>.
    row = (
        '<div class="product attribute manufacturer-sku"><strong class="type">Hersteller-Nr.'
        '</strong><div class="value">3825 1/4</div></div>'
    )
    assert extract_product(_page(row)).mpn == "3825 1/4"


def test_a_manufacturer_part_number_block_names_no_brand():
    # "manufacturer-sku" is the maker's code, and "Hersteller-Nr." is no "Hersteller" label.
    row = (
        '<div class="product attribute manufacturer-sku"><strong class="type">Hersteller-Nr.'
        '</strong><div class="value">3825 1/4</div></div>'
        "<table><tr><th>Hersteller</th><td>Hazet</td></tr></table>"
    )
    assert extract_product(_page(row)).brand == "Hazet"
