"""Stock and markup shapes held-out batch 23 needed (a twelfth author, written blind): a
microdata Product that is the mainEntity of a page-wide ItemPage, and few-left counts in
Romanian, Hungarian, Czech/Slovak, Greek, Turkish and Balkan shops, pinned on minimal pages so
they hold without the corpus."""

from __future__ import annotations

import json

import pytest

from scrapers.extract import extract_product


def test_microdata_product_inside_a_page_wide_item_page_is_read():
    # JTL-Shop: <html itemscope itemtype=ItemPage> holds the Product as itemprop="mainEntity".
    page = (
        '<html lang="de" itemscope itemtype="https://schema.org/ItemPage"><body>'
        '<div itemprop="mainEntity" itemscope itemtype="https://schema.org/Product">'
        '<span itemprop="name">Rolle X 2500</span><meta itemprop="mpn" content="RX2500">'
        '<div itemprop="brand" itemscope itemtype="https://schema.org/Brand">'
        '<meta itemprop="name" content="Marke"></div>'
        '<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
        '<link itemprop="availability" href="https://schema.org/Discontinued">'
        '<meta itemprop="price" content="229.99"><meta itemprop="priceCurrency" content="EUR">'
        "<span>229,99 €</span></div></div></body></html>"
    )
    product = extract_product(page)
    assert (product.name, product.brand, product.mpn) == ("Rolle X 2500", "Marke", "RX2500")
    assert product.availability == "Discontinued"


def _page(lang: str, line: str) -> str:
    ld = {
        "@type": "Product",
        "name": "Produkt X",
        "offers": {
            "@type": "Offer",
            "price": "449.99",
            "priceCurrency": "EUR",
            "availability": "https://schema.org/InStock",
        },
    }
    return (
        f'<html lang="{lang}"><head><script type="application/ld+json">{json.dumps(ld)}'
        f'</script></head><body><main><h1>Produkt X</h1><div class="price">449,99 €</div>'
        f'<div class="stock">{line}</div><button>Add to cart</button></main></body></html>'
    )


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("ro-RO", "Ultimele 2 bucăți în mărimea 38!"),
        ("ro-RO", "Stoc limitat"),
        ("hu-HU", "Már csak 3 db raktáron"),
        ("sk-SK", "Posledné 2 ks skladom"),
        ("el-GR", "Τελευταία 2 τεμάχια"),
        ("tr-TR", "Son 2 ürün!"),
        ("hr-HR", "Još samo 2 na zalihi"),
    ],
)
def test_few_left_counts_beat_markup_in_stock(lang: str, line: str):
    assert extract_product(_page(lang, line)).availability == "LimitedAvailability"


def test_a_large_count_is_no_shortage():
    assert extract_product(_page("ro-RO", "Doar 25 bucăți în stoc")).availability == "InStock"
