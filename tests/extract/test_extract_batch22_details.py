"""Names held-out batch 22 needed (an eleventh author, written blind): a heading that sets the
product type before the markup's name, pinned on minimal pages so they hold without the
corpus."""

from __future__ import annotations

import json

from scrapers.extract import extract_product


def _page(heading: str, name: str) -> str:
    ld = {"@context": "https://schema.org", "@type": "Product", "name": name}
    return (
        f'<html lang="vi"><head><script type="application/ld+json">{json.dumps(ld)}</script>'
        f"</head><body><main><h1>{heading}</h1><div class='price'>8.990.000₫</div>"
        "<button>Mua ngay</button></main></body></html>"
    )


def test_heading_with_the_product_type_before_the_name_is_the_title():
    heading = "Điện thoại Samsung Galaxy A56 5G 8GB/128GB"
    page = _page(heading, "Samsung Galaxy A56 5G 8GB/128GB")
    assert extract_product(page).name == heading


def test_heading_with_a_long_prefix_keeps_the_markup_name():
    page = _page("Khuyến mãi lớn tháng này cho Samsung Galaxy A56", "Samsung Galaxy A56")
    assert extract_product(page).name == "Samsung Galaxy A56"
