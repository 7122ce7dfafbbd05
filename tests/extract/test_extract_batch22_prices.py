"""Prices held-out batch 22 needed (an eleventh author, written blind): a Brazilian cash (Pix)
price shown bigger than the card price, and a Japanese free-delivery threshold beside a small
shop's price, pinned on minimal pages so they hold without the corpus."""

from __future__ import annotations

import json
from decimal import Decimal

from scrapers.extract import extract_product


def _page(lang: str, body: str, ld: dict | None = None) -> str:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return (
        f'<html lang="{lang}"><head>{script}</head><body><main><h1>Produto X</h1>'
        f"{body}<button>Comprar</button></main></body></html>"
    )


def test_pix_cash_price_is_not_the_price():
    # Magalu: the big number is the Pix price; the markup and the card line hold the price.
    body = (
        '<div class="price-box"><p class="price-original"><del>R$ 2.999,00</del></p>'
        '<p class="price-value">ou R$ 2.069,10 no Pix</p>'
        '<p class="installment">R$ 2.299,00 em até 10x de R$ 229,90 sem juros</p></div>'
    )
    offer = {"@type": "Offer", "price": "2299.00", "priceCurrency": "BRL"}
    ld = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Produto X",
        "offers": offer,
    }
    product = extract_product(_page("pt-BR", body, ld))
    assert (product.price, product.regular_price) == (2299, 2999)


def test_pix_price_shown_first_with_via_pix_label():
    body = (
        '<div class="price"><span class="best-price">R$ 189,90 via Pix</span></div>'
        '<div class="price"><span class="card-price">R$ 199,90</span></div>'
    )
    assert extract_product(_page("pt-BR", body)).price == Decimal("199.90")


def test_japanese_free_delivery_threshold_is_not_the_price():
    # MakeShop: the price sits in a spec table, the free-delivery note after the cart button.
    body = (
        '<table><tr><td>販売価格</td><td><span class="M_price">1,540円(税込)</span></td></tr>'
        "</table><p><small>※5,500円(税込)以上のお買い上げで送料無料</small></p>"
    )
    assert extract_product(_page("ja", body)).price == 1540
