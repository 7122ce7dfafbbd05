"""Identifiers, brand and name rules held-out batch 15 needed: the variant the URL selects,
a master id beside the selected variant's code, codes and brand shown only in detail tables."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from scrapers.extract import extract_product


def _ld(product: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(product)}</script>'


def test_the_offer_the_url_selects_gives_its_sku_over_the_product_s():
    offers = [
        {
            "@type": "Offer",
            "sku": f"TEE-{size}",
            "price": price,
            "priceCurrency": "USD",
            "availability": "http://schema.org/InStock",
            "url": f"https://x.test/p/tee?variant={n}",
        }
        for n, (size, price) in enumerate([("S", 58.0), ("M", 58.0), ("XXL", 64.0)], start=1)
    ]
    head = _ld(
        {
            "@context": "http://schema.org/",
            "@type": "Product",
            "name": "Tee",
            "sku": "TEE-S",
            "offers": offers,
        }
    )
    html = f"<html><head>{head}</head><body><h1>Tee</h1><p>$64.00</p></body></html>"
    product = extract_product(html, url="https://x.test/p/tee?variant=3")
    assert (product.sku, product.price) == ("TEE-XXL", 64)
    assert extract_product(html, url="https://x.test/p/tee").sku == "TEE-S"


def test_a_shown_variant_code_beats_the_master_id_in_markup():
    head = _ld(
        {
            "@context": "http://schema.org/",
            "@type": "Product",
            "name": "Giacca",
            "sku": "8409321",
            "offers": {"@type": "Offer", "price": "59.90", "priceCurrency": "EUR"},
        }
    )
    body = (
        '<h1 class="product-name">Giacca</h1><div class="product-number">Codice articolo: '
        '<span class="product-id">CODE</span></div><span class="sales">59,90 €</span>'
    )
    html = f'<html lang="it"><head>{head}</head><body>{body}</body></html>'
    assert extract_product(html.replace("CODE", "8409321-NVY-M")).sku == "8409321-NVY-M"
    # A different code on the page is not a more specific copy of the markup's.
    assert extract_product(html.replace("CODE", "77-8409321")).sku == "8409321"


@pytest.mark.parametrize(
    ("details", "sku"),
    [
        ("<li><span>ASIN \u200f : \u200e</span><span>B07QK2ZMJX</span></li>", "B07QK2ZMJX"),
        ("<div><b>TCIN</b>: 89012345</div>", "89012345"),
        ("<p>Varenummer: LV-FJ-22</p>", "LV-FJ-22"),
    ],
)
def test_codes_in_a_details_section_far_from_the_buy_box(details: str, sku: str):
    filler = "".join(f"<div><div><p>Detail {i}</p></div></div>" for i in range(8))
    html = (
        '<html lang="en"><body><div><div><h1>Thing</h1><span class="price">$10.00</span>'
        f'<button class="add-to-cart">Add to cart</button></div></div>{filler}'
        f'<section class="specs"><ul>{details}</ul></section></body></html>'
    )
    assert extract_product(html).sku == sku


@pytest.mark.parametrize(
    ("snippet", "brand"),
    [
        ('<div class="fpBrand">Marque : <a href="/marque/rowenta">ROWENTA</a></div>', "ROWENTA"),
        ('<p class="BuyBox_brand__e1">Velox</p>', "Velox"),
        ('<a data-test="ProductDetailBrand" href="/b/ninja">Shop all Ninja</a>', "Ninja"),
        (
            '<div class="row"><span>Producent:</span> <span><a href="#">Alpinus</a></span></div>',
            "Alpinus",
        ),
        ("<table><tr><th>Merk</th><td>Festool</td></tr></table>", "Festool"),
        (
            '<table><tr><td><span class="b">Brand</span></td><td><span>Philips</span></td></tr>'
            "</table>",
            "Philips",
        ),
    ],
)
def test_a_brand_shown_by_the_title_or_in_a_spec_row(snippet: str, brand: str):
    html = (
        f'<html lang="en"><body><main><h1>Thing 3000</h1>{snippet}'
        '<span class="price">$10.00</span><button class="add-to-cart">Add to cart</button>'
        "</main></body></html>"
    )
    assert extract_product(html).brand == brand


def test_a_brand_line_that_is_a_sentence_is_no_brand():
    html = (
        '<html lang="en"><body><main><h1>Thing 3000</h1>'
        '<p class="brand-story">Made by a family firm in Bristol since 1921, with love</p>'
        '<span class="price">$10.00</span></main></body></html>'
    )
    assert extract_product(html).brand is None


def test_html_entities_in_json_ld_names_are_decoded():
    head = _ld(
        {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": "Bohnen &bdquo;Milano&ldquo; &quot;1 kg&quot;",
        }
    )
    html = f"<html><head>{head}</head><body><h1>Bohnen</h1></body></html>"
    assert extract_product(html).name == 'Bohnen \u201eMilano\u201c "1 kg"'


def test_a_table_shop_s_h2_that_extends_the_title_s_first_part_is_the_product_title():
    html = (
        '<html><head><title>Keramikskål "Fjord" - Lerværkstedet</title></head><body><table><tr>'
        "<td><font><b>Nyheder</b><br>Krus kun 179,00 DKK</font></td><td>"
        '<h2>Keramikskål "Fjord" Ø 22 cm</h2><p>Varenummer: LV-FJ-22</p>'
        '<font size="4"><b>Pris: 349,95 DKK</b></font><p>Lagerstatus: <b>På lager</b></p>'
        '<form><input type="submit" value="Læg i kurv"></form><hr>'
        "<font><b>Andre kunder købte også:</b><br>Tallerken - 289,00 DKK (udsolgt)</font>"
        "</td></tr></table></body></html>"
    )
    product = extract_product(html)
    assert product.name == 'Keramikskål "Fjord" Ø 22 cm'
    assert (product.price, product.sku, product.availability) == (
        Decimal("349.95"),
        "LV-FJ-22",
        "InStock",
    )


def test_a_promo_code_elsewhere_on_the_page_is_no_sku():
    filler = "".join(f"<div><div><p>Detail {i}</p></div></div>" for i in range(8))
    html = (
        '<html lang="en"><body><div class="promo"><p>Code: SAVE10</p></div><div><div>'
        '<h1>Thing</h1><span class="price">$10.00</span><button class="add-to-cart">Add to '
        f"cart</button></div></div>{filler}</body></html>"
    )
    assert extract_product(html).sku is None


def test_a_bold_price_label_does_not_hide_its_block_as_other_products():
    html = (
        '<html lang="en-GB"><body><h1>Thing</h1><div class="box"><b>Recommended retail price'
        '</b> <s>£40.00</s><div class="now">£30.00</div></div></body></html>'
    )
    product = extract_product(html)
    assert (product.price, product.regular_price) == (Decimal("30.00"), Decimal("40.00"))


@pytest.mark.parametrize(
    ("line", "sku"),
    [
        ("Style #: 123-ABC", "123-ABC"),
        ("Tuotenumero: 55512", "55512"),
        ("Kód produktu: X-12", "X-12"),
        ("Web ID: 1234567", "1234567"),
        ("Numéro d'article : 88-21", "88-21"),
    ],
)
def test_more_product_code_labels(line: str, sku: str):
    html = (
        f'<html><body><h1>Thing</h1><span class="price">$10.00</span><p>{line}</p>'
        '<button class="add-to-cart">Add to cart</button></body></html>'
    )
    assert extract_product(html).sku == sku


def test_without_a_variant_in_the_url_the_cart_form_names_the_variant_shown():
    offers = [
        {
            "@type": "Offer",
            "sku": f"TEE-{size}",
            "price": 58.0,
            "priceCurrency": "USD",
            "url": f"https://x.test/p/tee?variant={n}",
        }
        for n, size in enumerate(["S", "M", "XXL"], start=1)
    ]
    head = _ld(
        {
            "@context": "http://schema.org/",
            "@type": "Product",
            "name": "Tee",
            "sku": "TEE-S",
            "offers": offers,
        }
    )
    form = '<form action="/cart/add"><input type="hidden" name="id" value="3"></form>'
    html = f"<html><head>{head}</head><body><h1>Tee</h1><p>$58.00</p>{form}</body></html>"
    assert extract_product(html, url="https://x.test/p/tee").sku == "TEE-XXL"
    # A ?variant= in the URL still wins over the form.
    assert extract_product(html, url="https://x.test/p/tee?variant=2").sku == "TEE-M"
