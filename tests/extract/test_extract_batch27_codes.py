"""Codes held-out batch 27 needed (a sixteenth author, written blind): a Japanese cart's bare
'品番' spec row is the shop's item number (the maker's is 'メーカー品番' or '型番'); pinned on
minimal pages so they hold without the corpus."""

from __future__ import annotations

from scrapers.extract import extract_product


def test_a_bare_hinban_row_is_the_shops_item_number_not_the_makers():
    html = (
        '<html lang="ja-JP"><body><div class="itemInfo"><h1 class="itemName">美濃焼 豆皿 5枚セット'
        '</h1><table class="itemSpec"><tbody><tr><th>販売価格</th><td><span class="price">'
        "3,850円</span></td></tr><tr><th>品番</th><td>KZ-MN-MZ5</td></tr></tbody></table>"
        '<button class="cartBtn">カートに入れる</button></div></body></html>'
    )
    product = extract_product(html)
    assert product.sku == "KZ-MN-MZ5"
    assert product.mpn is None


def test_a_makers_hinban_row_stays_the_mpn():
    html = (
        '<html lang="ja-JP"><body><h1>ソニー α7 IV ボディ</h1><p class="price">328,000円</p>'
        "<p>メーカー品番：ILCE-7M4</p><button>カートに入れる</button></body></html>"
    )
    assert extract_product(html).mpn == "ILCE-7M4"


def test_odoos_internal_reference_row_is_the_shops_code():
    """Odoo prints the product's default_code under 'Interne referentie' (nl; 'Internal
    Reference' in en) in the attribute table below the buy box."""
    html = (
        '<html lang="nl-BE"><body><div id="product_details"><h1>Regenton Regenwijs 300 liter'
        '</h1><span class="oe_price">€ 89,99</span><a id="add_to_cart">In winkelmandje</a>'
        '</div><div id="product_attributes_simple"><table><tr><td>Interne referentie</td>'
        "<td>KT-RW300-ANT</td></tr></table></div></body></html>"
    )
    assert extract_product(html).sku == "KT-RW300-ANT"


def test_manufacturer_part_no_labels_the_mpn():
    """Magento's More Information table: 'Manufacturer Part No.' (abbreviated, where earlier
    pages spelled out 'Manufacturer Part Number')."""
    html = (
        '<html lang="en-GB"><body><h1>Brightwell Lux 1200 Front Light</h1>'
        '<span class="price">£44.99</span><button id="product-addtocart-button">Add to Basket'
        '</button><table class="additional-attributes"><tr><th class="col label">'
        'Manufacturer Part No.</th><td class="col data">BW-L1200-FR</td></tr></table>'
        "</body></html>"
    )
    assert extract_product(html).mpn == "BW-L1200-FR"
