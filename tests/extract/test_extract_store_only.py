"""Store-only items (salesops issue #3): an item that can't be ordered online but is in stock at
the shopper's store is InStock, as the labelling convention says; a count of 1-8 or few left at
that store is LimitedAvailability; none in any store is OutOfStock. schema.org's InStoreOnly
reads as InStock unless the page shows the store's stock otherwise."""

from __future__ import annotations

import json

import pytest

from scrapers.extract import extract_product
from scrapers.extract.stock import markup_availability


def _page(box: str, markup: str | None = None, lang: str = "en") -> str:
    head = ""
    if markup is not None:
        ld = {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": "Cordless Drill",
            "offers": {
                "@type": "Offer",
                "price": "129.00",
                "priceCurrency": "USD",
                "availability": f"https://schema.org/{markup}",
            },
        }
        head = f'<head><script type="application/ld+json">{json.dumps(ld)}</script></head>'
    return (
        f'<html lang="{lang}">{head}<body><h1>Cordless Drill</h1>'
        f'<span class="price">$129.00</span>{box}</body></html>'
    )


_NOT_ONLINE = "<div>This item isn't sold online</div><div>In store only</div>"


def test_in_store_only_markup_is_in_stock():
    assert markup_availability("https://schema.org/InStoreOnly") == "InStock"
    assert extract_product(_page("", "InStoreOnly")).availability == "InStock"


@pytest.mark.parametrize("markup", [None, "InStoreOnly", "OutOfStock", "InStock"])
def test_store_only_in_stock_at_the_store_is_in_stock(markup: str | None):
    box = f'{_NOT_ONLINE}<div class="store-availability">In stock at Edina</div>'
    assert extract_product(_page(box, markup)).availability == "InStock"


@pytest.mark.parametrize("markup", [None, "InStoreOnly", "OutOfStock", "InStock"])
def test_store_only_with_a_few_left_at_the_store_is_limited(markup: str | None):
    box = f'{_NOT_ONLINE}<div class="store-availability">Only 2 left at Edina</div>'
    assert extract_product(_page(box, markup)).availability == "LimitedAvailability"


@pytest.mark.parametrize("markup", [None, "InStoreOnly", "InStock"])
def test_store_only_with_no_stock_in_any_store_is_out_of_stock(markup: str | None):
    box = f'{_NOT_ONLINE}<div class="store-availability">Out of stock at all stores</div>'
    assert extract_product(_page(box, markup)).availability == "OutOfStock"


def test_store_only_in_stock_at_the_selected_store_beats_another_store_s_none():
    box = (
        '<div class="notice">Nur im Markt erhältlich</div><ul class="store-stock">'
        '<li class="store store--selected"><b>Leipzig</b> – <span>Vorrätig</span></li>'
        '<li class="store">Halle – <span>Nicht vorrätig</span></li></ul>'
    )
    assert extract_product(_page(box, "InStoreOnly", "de")).availability == "InStock"


@pytest.mark.parametrize("state", ["Discontinued", "PreOrder", "BackOrder"])
def test_store_only_keeps_discontinued_pre_order_and_back_order_first(state: str):
    line = {
        "Discontinued": "No longer available",
        "PreOrder": "Pre-order now",
        "BackOrder": "Available on backorder",
    }[state]
    box = f'{_NOT_ONLINE}<p class="stock">{line}</p>'
    assert extract_product(_page(box)).availability == state
