"""Amounts near the price that are not what a shopper pays, and prices written in pieces —
each found on held-out pages written by a second author (batches 6-10 of the corpus)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scrapers.extract import extract_product


def _page(lang: str, buy_box: str) -> str:
    return (
        f'<html lang="{lang}"><body><main><h1>Produkt X</h1>{buy_box}'
        '<button class="add-to-cart">Add to cart</button></main></body></html>'
    )


@pytest.mark.parametrize(
    ("lang", "noise"),
    [
        ("pl", '<p class="omnibus-price">Najniższa cena z 30 dni przed obniżką: 99,00 zł</p>'),
        ("it", '<p class="price">Prezzo più basso negli ultimi 30 giorni: 99,00 €</p>'),
        ("it", '<div class="plus-price">Prezzo per i membri Plus: 99,00 €</div>'),
        ("de", '<div class="club-price">Mitglieder zahlen nur 99,00 €</div>'),
        ("en", '<div class="price-nectar">£99.00 with your Nectar card</div>'),
        ("it", '<p class="product-price-tax">99,00 € IVA esclusa</p>'),
        ("en", '<p class="price-ex">£99.00 ex. VAT</p>'),
        ("en", '<div class="price-protect">Add a 3-year protection plan for $99.00</div>'),
        ("es", '<p class="price">Financiación 20 meses: 99,00 €/mes</p>'),
    ],
)
def test_other_amounts_in_the_buy_box_are_not_the_price(lang: str, noise: str):
    html = _page(lang, f'<div class="price">120,00</div>{noise}')
    assert extract_product(html).price == Decimal("120.00")


def test_whole_units_with_cents_in_the_next_superscript():
    html = _page("en", '<div class="now"><span class="dollars">$249</span><sup>99</sup></div>')
    product = extract_product(html)
    assert (product.price, product.currency) == (Decimal("249.99"), "USD")


def test_split_price_with_a_machine_amount_keeps_its_currency():
    html = _page("fr", '<p class="price" itemprop="price" content="249.99">249<span>€99</span></p>')
    product = extract_product(html)
    assert (product.price, product.currency) == (Decimal("249.99"), "EUR")


def test_a_bare_price_takes_the_currency_of_the_language_s_country():
    html = _page("sv", '<div class="price-box"><span class="price">12 990:-</span></div>')
    product = extract_product(html)
    assert (product.price, product.currency) == (Decimal("12990"), "SEK")


def test_rrp_next_to_a_second_copy_of_the_price_is_the_regular_price():
    summary = (
        '<div class="summary"><span class="price">26,99 €</span>'
        '<div><span>Prix conseillé : <span data-a-strike="true">39,99 €</span></span></div></div>'
    )
    buy_box = '<div class="box"><div><div><span class="price">26,99 €</span></div></div></div>'
    product = extract_product(_page("fr", summary + buy_box))
    assert (product.price, product.regular_price) == (Decimal("26.99"), Decimal("39.99"))


def test_site_builder_hooks_mark_the_crossed_price_and_related_products():
    html = _page(
        "nl",
        '<span data-hook="formatted-secondary-price">€ 49,50</span>'
        '<span data-hook="formatted-primary-price">€ 39,50</span>'
        '<section data-hook="related-product-list"><span>€ 24,00</span></section>',
    )
    product = extract_product(html)
    assert (product.price, product.regular_price) == (Decimal("39.50"), Decimal("49.50"))
