"""Prices held-out batch 25 needed (a fourteenth author, written blind): a Hungarian parcel-locker
delivery fee under the price, and Argentina's required "Precio sin impuestos nacionales" line,
neither of which is what the shopper pays; pinned on minimal pages so they hold without the
corpus."""

from __future__ import annotations

from decimal import Decimal

from scrapers.extract import extract_product


def test_a_hungarian_delivery_fee_is_not_the_price():
    html = (
        '<html lang="hu"><body><h1>Szabó Magda: Az ajtó</h1>'
        "<table><tr><td>Ár:</td><td><b>4 990 Ft</b></td></tr></table>"
        "<button>Kosárba</button>"
        '<p class="note">Foxpost csomagautomatába: 990 Ft · 15 000 Ft felett ingyenes</p>'
        "</body></html>"
    )
    assert extract_product(html).price == Decimal("4990")


def test_argentinas_price_without_national_taxes_is_not_the_price():
    """The buy box prints the price's digits bare (the sign drawn by CSS), so the tax line is
    the only signed amount; the markup's price stands."""
    ld = '{"@type": "Product", "name": "Zapatillas Boro Negro", "offers": {"@type": '
    ld += '"AggregateOffer", "lowPrice": 89999, "highPrice": 104500, "priceCurrency": "ARS"}}'
    html = (
        f'<html lang="es-AR"><head><script type="application/ld+json">{ld}</script></head>'
        "<body><h1>Zapatillas Boro Negro</h1>"
        '<div class="pdp-price"><span class="money-amount"><span class="fraction">89.999</span>'
        '</span><p class="pdp-price__tax">Precio sin impuestos nacionales: $ 74.379</p></div>'
        "<button>Comprar ahora</button></body></html>"
    )
    assert extract_product(html).price == Decimal("89999")
