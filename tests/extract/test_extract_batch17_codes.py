"""Product-code rules held-out batch 17 needed (a sixth author, written blind), pinned on
minimal pages so they hold without the corpus."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product


def _page(details: str, lang: str = "en") -> str:
    """A page with no product markup and no code in its buy box, ``details`` below it."""
    return (
        f'<html lang="{lang}"><body><main><div class="buybox"><h1>Power Bank 26800</h1>'
        '<div class="price">$45.99</div><button class="add-to-cart">Add to cart</button>'
        f"</div>{details}</main></body></html>"
    )


def _tabs(panel: str, attrs: str = 'role="tabpanel" hidden') -> str:
    return (
        '<div role="tablist"><button role="tab" aria-selected="true">Description</button>'
        '<button role="tab" aria-selected="false">Specifications</button></div>'
        '<section role="tabpanel"><p>A big battery.</p></section>'
        f"<section {attrs}>{panel}</section>"
    )


_SPECS = (
    "<table><tr><th>Brand</th><td>Anker</td></tr>"
    "<tr><th>Item model number</th><td>A1277</td></tr>"
    "<tr><th>ASIN</th><td>B0CX7QK2PM</td></tr>"
    "<tr><th>UPC</th><td>885909950805</td></tr></table>"
)


@pytest.mark.parametrize(
    "attrs", ['role="tabpanel" hidden', 'class="tab-pane fade" style="display:none"']
)
def test_codes_in_a_closed_tab_are_read(attrs: str):
    # A tab's panel is hidden only until its tab is clicked: the codes are on the page.
    product = extract_product(_page(_tabs(_SPECS, attrs)))
    assert (product.sku, product.mpn, product.brand, product.gtin) == (
        "B0CX7QK2PM",
        "A1277",
        "Anker",
        "885909950805",
    )


def test_codes_in_a_hidden_block_that_is_no_tab_stay_unread():
    product = extract_product(_page(f'<div style="display:none">{_SPECS}</div>'))
    assert (product.sku, product.mpn, product.gtin) == (None, None, None)


def test_a_barcode_labelled_with_a_tail_in_the_specifications():
    panel = "<div><b>TCIN</b>: 83712345</div><div><b>UPC</b>: 191908123455</div>"
    product = extract_product(_page(_tabs(panel)))
    assert (product.sku, product.gtin) == ("83712345", "191908123455")


def test_a_marketplace_s_item_number_is_the_sku():
    shown = "<div><span>eBay item number:</span><span>285712345678</span></div>"
    assert extract_product(_page(shown)).sku == "285712345678"
    # A word other than a name before "number" is no such label.
    shown = "<div><span>Phone number:</span><span>0800123456</span></div>"
    assert extract_product(_page(shown)).sku is None


def test_a_part_number_row_beats_an_earlier_model_row():
    panel = (
        "<table><tr><td>Marka</td><td>Dyson</td></tr><tr><td>Model</td><td>V15 Detect</td></tr>"
        "<tr><td>Kod producenta</td><td>446986-01</td></tr></table>"
    )
    product = extract_product(_page(_tabs(panel), "pl"))
    assert (product.mpn, product.brand) == ("446986-01", "Dyson")
    # A model row alone is still the model number.
    panel = "<table><tr><td>Model</td><td>V15-DETECT</td></tr></table>"
    assert extract_product(_page(_tabs(panel), "pl")).mpn == "V15-DETECT"


def test_a_reference_label_counts_inside_prestashop_s_reference_block():
    shown = (
        '<div class="product-reference"><label class="label">Référence </label>'
        "<span>SAC-BDL-CAM</span></div>"
    )
    assert extract_product(_page(_tabs(shown), "fr")).sku == "SAC-BDL-CAM"
    # Outside such a block a bare "Référence" may name the maker's part: not read page-wide.
    shown = "<div><label>Référence </label><span>SAC-BDL-CAM</span></div>"
    assert extract_product(_page(_tabs(shown), "fr")).sku is None


_SPECS_TAB = 'id="tab-specs" role="tabpanel" hidden'


def _with_sku(details: str) -> str:
    """A page whose buy box shows its SKU, ``details`` below it."""
    return _page(details).replace("</h1>", "</h1><p>SKU: RL-WPJ-2024</p>")


def test_model_number_and_brand_only_under_a_closed_tab_are_read_beside_a_shown_sku():
    panel = (
        "<table><tr><th>Brand</th><td>Ninja</td></tr><tr><th>Manufacturer Part Number</th>"
        "<td>AF101</td></tr></table>"
    )
    product = extract_product(_with_sku(_tabs(panel, _SPECS_TAB)))
    assert (product.sku, product.mpn, product.brand) == ("RL-WPJ-2024", "AF101", "Ninja")


def test_a_closed_tab_inside_other_products_is_not_read():
    panel = "<table><tr><th>Brand</th><td>Ninja</td></tr></table>"
    tabs = _tabs(panel, _SPECS_TAB)
    others = f'<div class="related-products">{tabs}</div>'
    product = extract_product(_with_sku(others))
    assert (product.sku, product.brand) == ("RL-WPJ-2024", None)


def _listing(url_tail: str, state_id: str, markup: str = "") -> tuple[str, str]:
    html = (
        f'<html lang="pl"><head>{markup}<meta property="og:title" content="Odkurzacz V15">'
        "</head><body><main><h1>Odkurzacz V15</h1><div class='price'>2 299,00 zł</div>"
        '<button class="add-to-cart">Dodaj do koszyka</button>'
        '<script type="application/json">{"offer": {"id": "' + state_id + '", "name": "V15"}}'
        "</script></main></body></html>"
    )
    return html, f"https://shop.example/oferta/odkurzacz-v15-{url_tail}"


def test_an_offer_number_in_both_url_and_page_data_is_the_sku_when_none_is_printed():
    html, url = _listing("13879123456", "13879123456")
    assert extract_product(html, url=url).sku == "13879123456"


def test_a_url_number_the_page_data_does_not_name_is_no_sku():
    html, url = _listing("13879123456", "99999999")
    assert extract_product(html, url=url).sku is None
    html, _ = _listing("13879123456", "13879123456")
    assert extract_product(html).sku is None  # no URL given
