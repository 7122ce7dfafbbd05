"""Product-code rules held-out batch 16 needed (a fifth author, written blind), pinned on
minimal pages so they hold without the corpus."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product


def _page(sku: str, shown: str, lang: str = "de") -> str:
    return (
        f'<html lang="{lang}"><head><script type="application/ld+json">'
        '{"@context":"https://schema.org","@type":"Product","name":"Produkt X","sku":"' + sku + '",'
        '"offers":{"@type":"Offer","price":"49.00","priceCurrency":"EUR"}}</script></head>'
        f'<body><main><div class="product"><h1>Produkt X</h1><div class="price">49,00 €</div>'
        f'{shown}<button class="add-to-cart">In den Warenkorb</button></div></main></body></html>'
    )


@pytest.mark.parametrize(
    ("lang", "shown", "code"),
    [
        ("de", "<table><tr><td>Artikelnummer</td><td>92155477</td></tr></table>", "92155477"),
        ("pl", "<div><span>Kod produktu: </span><strong>TRK45-GRF</strong></div>", "TRK45-GRF"),
    ],
)
def test_a_code_under_a_shop_code_label_beats_markup_s_internal_id(
    lang: str, shown: str, code: str
):
    # The markup's id is the one in the page's address: the platform's record id.
    url = "https://shop.example/p/waschmaschine-S0Q2X4B1/"
    assert extract_product(_page("S0Q2X4B1", shown, lang), url=url).sku == code
    # Not in the address: a different code shown is no reason to doubt the markup.
    assert extract_product(_page("S0Q2X4B1", shown, lang)).sku == "S0Q2X4B1"


def test_a_generic_reference_label_does_not_overrule_markup():
    # "Référence" names the maker's part number on many French pages: markup's SKU stays.
    shown = "<div><span>Référence : </span><span>WH1000XM5B</span></div>"
    url = "https://shop.example/p/16789012/casque"
    assert extract_product(_page("16789012", shown, "fr"), url=url).sku == "16789012"


def test_the_sku_in_a_line_with_several_labelled_codes():
    html = (
        '<html lang="en-US"><body><main><h1>Purifier HP-400</h1><div class="price">$179.99</div>'
        '<p class="meta">Model: HP-400-WHT · SKU 6612044</p>'
        '<button class="add-to-cart">Add to cart</button></main></body></html>'
    )
    product = extract_product(html)
    assert (product.sku, product.mpn) == ("6612044", "HP-400-WHT")


def test_a_gloss_after_the_mpn_label_is_not_the_code():
    html = (
        '<html lang="nl"><body><main><h1>Airfryer XXL</h1><div class="price">€ 179,99</div>'
        "<dl><dt>EAN</dt><dd>8720389027123</dd><dt>MPN (Manufacturer Part Number)</dt>"
        '<dd>HD9285/90</dd></dl><button class="add-to-cart">In winkelwagen</button></main>'
        "</body></html>"
    )
    assert extract_product(html).mpn == "HD9285/90"
