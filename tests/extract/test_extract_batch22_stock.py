"""Stock words, currency and struck rows held-out batch 22 needed (an eleventh author, written
blind): an empty shelf the shop still takes orders for, Taiwan's dollar sign and a price row
whose one amount is drawn struck, pinned on minimal pages so they hold without the corpus."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product


def _page(lang: str, price: str, stock: str = "") -> str:
    return (
        f'<html lang="{lang}"><head></head><body><main><h1>Produkt X</h1>'
        f'<div class="price">{price}</div><div class="stock">{stock}</div>'
        "<button>In den Warenkorb</button></main></body></html>"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Nicht an Lager – bestellbar, Lieferzeit 3–4 Wochen",
        "Out of stock – can be ordered, ships in 3 weeks",
    ],
)
def test_empty_shelf_still_orderable_is_backorder(line: str):
    assert extract_product(_page("de-CH", "179.00 CHF", line)).availability == "BackOrder"


def test_empty_shelf_not_orderable_stays_out_of_stock():
    line = "Nicht an Lager – nicht bestellbar, Lieferzeit 3–4 Wochen"
    assert extract_product(_page("de-CH", "179.00 CHF", line)).availability == "OutOfStock"


def test_taiwan_dollar_sign():
    product = extract_product(_page("zh-Hant", "NT$880"))
    assert (product.price, product.currency) == (880, "TWD")


def test_price_row_whose_one_amount_is_struck_is_the_regular_price():
    # Falabella: each price is a list row; the "Normal" row's amount is drawn struck.
    prices = (
        '<ol><li class="prices-1"><div><span>$ 449.990</span><span>Precio Internet</span>'
        '</div></li><li class="prices-2"><div><span style="text-decoration:line-through">'
        "$ 599.990</span><span>Normal</span></div></li></ol>"
    )
    product = extract_product(_page("es-CL", prices))
    assert (product.price, product.regular_price) == (449990, 599990)
