"""Stock rules held-out batch 18 needed (a seventh author, written blind): wording and store
rows other shops use too, pinned here on minimal pages so they hold without the corpus."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product
from scrapers.extract.stock import phrase_availability


def _page(lang: str, buy_box: str) -> str:
    return (
        f'<html lang="{lang}"><head></head><body><main><h1>Produkt X</h1>'
        f'<div class="price">499 kr</div>{buy_box}</main></body></html>'
    )


@pytest.mark.parametrize(
    "line",
    [
        "Udgået – varen kan ikke længere bestilles",  # Danish small shops
        "Varen kan ikke lenger bestilles",
        "Utgått ur sortimentet",
        "Produkt wycofany ze sprzedaży",
        "This item can no longer be ordered",
    ],
)
def test_no_longer_orderable_lines_are_discontinued(line: str):
    assert phrase_availability(line) == "Discontinued"


def test_a_discontinued_line_beside_a_disabled_button_is_discontinued():
    box = (
        "<p><b>Udgået – varen kan ikke længere bestilles</b></p>"
        '<input type="button" value="Læg i kurv" class="BuyButton" disabled>'
    )
    assert extract_product(_page("da-DK", box)).availability == "Discontinued"


@pytest.mark.parametrize(
    ("lang", "store_row"),
    [
        ("sv-SE", "Få kvar i lager på Kungens Kurva"),
        ("en-GB", "Only 2 left at Croydon"),
        ("nl-NL", "Nog 1 op voorraad bij Utrecht"),
    ],
)
def test_a_few_left_row_of_one_store_in_the_buy_box_is_not_the_items_stock(
    lang: str, store_row: str
):
    box = (
        '<div class="buy-module"><div class="buy-module__delivery">Available for delivery</div>'
        f'<div class="buy-module__store">{store_row}</div>'
        '<button class="add-to-cart">Add to cart</button></div>'
    )
    assert extract_product(_page(lang, box)).availability == "InStock"


def test_the_same_few_left_line_outside_a_store_row_is_limited():
    box = (
        '<div class="buy-module"><div class="buy-module__stock">Få kvar i lager</div>'
        '<button class="add-to-cart">Add to cart</button></div>'
    )
    assert extract_product(_page("sv-SE", box)).availability == "LimitedAvailability"
