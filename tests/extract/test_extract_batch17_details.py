"""Name and currency rules held-out batch 17 needed (a sixth author, written blind), pinned on
minimal pages so they hold without the corpus."""

from __future__ import annotations

from scrapers.extract import extract_product


def _page(name: str, heading: str, offer: str) -> str:
    return (
        '<html lang="de-CH"><head><script type="application/ld+json">{"@context":'
        f'"https://schema.org","@type":"Product","name":"{name}","brand":{{"@type":"Brand",'
        f'"name":"Apple"}},"offers":{{"@type":"Offer",{offer}}}}}</script></head>'
        f"<body><main><h1>{heading}</h1><div class='price'>CHF 199.–</div>"
        '<button class="add-to-cart">In den Warenkorb</button></main></body></html>'
    )


_OFFER = '"price":"199","priceCurrency":"CHF","availability":"https://schema.org/InStock"'


def test_a_heading_that_sets_the_brand_before_markup_s_name_is_the_name():
    html = _page("AirPods Pro 2", "<strong>Apple</strong> <span>AirPods Pro 2</span>", _OFFER)
    assert extract_product(html).name == "Apple AirPods Pro 2"
    # Any other difference keeps markup's name.
    html = _page("AirPods Pro 2", "Neu: AirPods Pro 2", _OFFER)
    assert extract_product(html).name == "AirPods Pro 2"


def test_a_page_with_no_price_has_no_currency():
    # A discontinued offer keeps priceCurrency in markup but shows and states no price.
    offer = '"priceCurrency":"CHF","availability":"https://schema.org/Discontinued"'
    html = _page("AirPods Pro 2", "AirPods Pro 2", offer).replace("CHF 199.–", "Ausgelaufen")
    product = extract_product(html)
    assert (product.price, product.currency, product.availability) == (
        None,
        None,
        "Discontinued",
    )
    # With a price the markup's currency stays.
    assert extract_product(_page("AirPods Pro 2", "AirPods Pro 2", _OFFER)).currency == "CHF"
