"""Detail rules (brand, name, currency sign) held-out batch 16 needed (a fifth author, written
blind), pinned on minimal pages so they hold without the corpus."""

from __future__ import annotations

import lxml.html
import pytest

from scrapers.extract import extract_product
from scrapers.extract.details import labelled_brand


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("Herstellernummer 10014620", None),
        ("Hersteller Nintendo", "Nintendo"),
        ("BrandPhilips", "Philips"),
        ("Marque : ROWENTA", "ROWENTA"),
    ],
)
def test_a_brand_label_is_a_whole_word(text: str, brand: str | None):
    assert labelled_brand(lxml.html.fragment_fromstring(f"<td>{text}</td>"), text) == brand


def _shopify(box: str) -> str:
    return (
        '<html lang="en-GB"><body><main><div class="product-single">'
        '<h1 class="product-single__title">Linen Apron - Sage</h1>'
        f'<span class="product-price">£18.00</span>{box}'
        '<button class="product-form__cart-submit">Add to cart</button>'
        '<div class="shopify-payment-button"><button class="shopify-payment-button__button '
        'shopify-payment-button__button--unbranded">Buy it now</button></div>'
        "</div></main></body></html>"
    )


def test_shopify_s_unbranded_payment_button_is_no_brand():
    assert extract_product(_shopify("")).brand is None


def test_shopify_theme_vendor_line_is_the_brand():
    box = '<p class="product-single__vendor">Hollow Oak Home</p>'
    assert extract_product(_shopify(box)).brand == "Hollow Oak Home"


def _named(markup_name: str, heading: str, brand: str = "Halo") -> str:
    return (
        '<html lang="en"><head><script type="application/ld+json">{"@context":"https://schema.org",'
        '"@type":"Product","name":"'
        + markup_name
        + '","brand":{"@type":"Brand","name":"'
        + brand
        + '"},"offers":{"@type":"Offer","price":"9.00","priceCurrency":"EUR"}}</script>'
        f'</head><body><main><h1>{heading}</h1><div class="price">9,00 €</div></main></body></html>'
    )


@pytest.mark.parametrize(
    ("markup_name", "heading"),
    [
        # The brand is shown apart from the heading; markup glues it in front.
        ("Halo Smart Air Purifier HP-400", "Smart Air Purifier HP-400"),
        # The heading names the selected variant too.
        ("Lounge Chair LC3", "Lounge Chair LC3 – egetræ / uld natur"),
    ],
)
def test_the_heading_names_the_product_when_markup_adds_the_brand_or_drops_the_variant(
    markup_name: str, heading: str
):
    assert extract_product(_named(markup_name, heading)).name == heading


def test_a_shorter_heading_that_is_not_markup_minus_the_brand_leaves_markup_s_name():
    assert extract_product(_named("Bohnen Milano 1 kg", "Bohnen")).name == "Bohnen Milano 1 kg"


def test_danish_kr_dot_before_the_amount_is_shown_as_printed():
    html = (
        '<html lang="da-DK"><body><main><h1>Gasgrill</h1>'
        '<span class="price">kr. 7.499,-</span></main></body></html>'
    )
    product = extract_product(html)
    assert (product.price, product.currency, product.currency_shown) == (7499, "DKK", "kr.")


def test_kr_after_the_amount_keeps_no_dot_a_sentence_may_own():
    html = (
        '<html lang="da-DK"><body><main><h1>Stol</h1>'
        '<p class="price">Pris 8.495,00 kr.</p></main></body></html>'
    )
    assert extract_product(html).currency_shown == "kr"
