"""Name and brand shapes held-out batch 24 needed (a thirteenth author, written blind): a
microdata brand on a maker link (whose value is its address) and a brand badge in the heading
before a name that already says the brand, pinned on minimal pages so they hold without the
corpus."""

from __future__ import annotations

import json

from scrapers.extract import extract_product


def test_a_microdata_brand_on_a_link_is_the_links_text():
    # Yodobashi: <a href="/maker/…/" itemprop="brand">; microdata reads a link's href.
    page = (
        '<html lang="ja"><body><div itemscope itemtype="https://schema.org/Product">'
        '<p class="pMaker"><a href="/maker/10000026/" itemprop="brand">ソニー SONY</a></p>'
        '<h1><span itemprop="name">WH-1000XM5 B</span></h1>'
        '<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
        '<meta itemprop="price" content="49500"><meta itemprop="priceCurrency" content="JPY">'
        "<span>49,500円</span></div><button>カートに入れる</button></div></body></html>"
    )
    assert extract_product(page, url="https://shop.example/product/1/").brand == "ソニー SONY"


def _branded_heading(heading: str, name: str) -> str:
    ld = {
        "@type": "Product",
        "name": name,
        "brand": {"@type": "Brand", "name": "Moulinex"},
        "offers": {"@type": "Offer", "price": "599.99", "priceCurrency": "EUR"},
    }
    return (
        f'<html lang="fr"><head><script type="application/ld+json">{json.dumps(ld)}</script>'
        f"</head><body><main><h1>{heading}</h1><div class='price'>599,99 €</div>"
        "<button>Ajouter au panier</button></main></body></html>"
    )


def test_a_brand_badge_before_a_name_that_says_the_brand_is_no_part_of_it():
    name = "Robot cuiseur Moulinex Companion XL HF8098"
    heading = f'<span class="product_brand">Moulinex</span> <span>{name}</span>'
    assert extract_product(_branded_heading(heading, name)).name == name


def test_a_brand_before_a_name_without_it_still_names_the_product():
    # Galaxus: <h1><strong>Moulinex</strong> Companion XL</h1> over markup's "Companion XL".
    heading = "<strong>Moulinex</strong> Companion XL"
    assert (
        extract_product(_branded_heading(heading, "Companion XL")).name == "Moulinex Companion XL"
    )
