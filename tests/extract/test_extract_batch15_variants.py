"""Variants held-out batch 15 found only outside structured data: a Next.js page-data list, a
Squarespace data-variants attribute, and a single option picker in the buy box."""

from __future__ import annotations

import html as htmllib
import json

from scrapers.extract import extract_product


def _page(buy_box: str, tail: str = "") -> str:
    return (
        '<html lang="de"><body><main><h1>Laufschuh</h1><span class="price">129,95 €</span>'
        f'{buy_box}<button class="add-to-cart">In den Warenkorb</button></main>{tail}'
        "</body></html>"
    )


def test_variants_from_next_js_page_data():
    data = {
        "props": {
            "pageProps": {
                "product": {
                    "variants": [
                        {"sku": f"PR3-{size}", "size": str(size), "available": size != 41}
                        for size in (41, 42, 43)
                    ]
                },
                "recommendations": [{"id": "X", "variants": [{"sku": "Y"}, {"sku": "Z"}]}],
            }
        }
    }
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
    product = extract_product(_page("", script))
    assert [v.sku for v in product.variants] == ["PR3-41", "PR3-42", "PR3-43"]
    assert product.variants[0].availability == "OutOfStock"


def test_variants_from_a_data_variants_attribute():
    raw = [
        {"attributes": {"Size": "Small"}, "sku": "SQ1", "stock": {"quantity": 7}},
        {"attributes": {"Size": "Large"}, "sku": "SQ2", "stock": {"quantity": 0}},
    ]
    box = f'<div class="product-variants" data-variants="{htmllib.escape(json.dumps(raw))}"></div>'
    product = extract_product(_page(box))
    assert [(v.sku, v.name, v.availability) for v in product.variants] == [
        ("SQ1", "Small", "InStock"),
        ("SQ2", "Large", "OutOfStock"),
    ]


def test_one_option_picker_gives_one_variant_per_real_option():
    box = (
        '<select name="group[3]"><option value="">Choisir</option>'
        '<option value="14" selected>500 Wh</option><option value="15">Double 1000 Wh</option>'
        '</select><select name="qty"><option value="1">1</option><option value="2">2</option>'
        "</select>"
    )
    product = extract_product(_page(box))
    assert [v.name for v in product.variants] == ["500 Wh", "Double 1000 Wh"]


def test_two_pickers_give_no_guessed_combinations():
    box = (
        '<select name="color"><option value="r">Rot</option><option value="b">Blau</option>'
        '</select><select name="size"><option value="s">S</option><option value="m">M</option>'
        "</select>"
    )
    assert extract_product(_page(box)).variants == []
