"""Price shapes held-out batch 23 needed (a twelfth author, written blind): a variant button's
size ("50g") printed beside the price is no amount, pinned on a minimal page so it holds without
the corpus."""

from __future__ import annotations

from decimal import Decimal

from scrapers.extract import extract_product


def test_a_variant_buttons_size_is_no_price():
    # Shopline: the weight buttons follow the price; "50g" once read as a sale price of 50.
    page = (
        '<html lang="zh-HK"><body><main><h1>紅茶</h1>'
        '<div class="price-regular price js-price" data-price="188.0">HK$188.00</div>'
        '<div class="variation-selector">'
        '<button type="button" class="btn btn-variation" data-price="98.0">50g</button>'
        '<button type="button" class="btn btn-variation selected" data-price="188.0">100g'
        "</button>"
        '<button type="button" class="btn btn-variation" data-price="428.0">250g 禮盒</button>'
        "</div><button>加入購物車</button></main></body></html>"
    )
    product = extract_product(page)
    assert (product.price, product.regular_price) == (Decimal("188.00"), None)
    assert product.currency == "HKD"
