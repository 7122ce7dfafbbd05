"""Prices held-out batches 29 and 30 needed (written blind): a split price whose cents are
styled as the currency sign; pinned on minimal pages so they hold without the corpus."""

from __future__ import annotations

from decimal import Decimal

from scrapers.extract import extract_product

_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product", '
    '"name": "Cordless Drill Kit", "sku": "100234567", "offers": {"@type": "Offer", '
    '"price": "99.00", "priceCurrency": "USD", "availability": "https://schema.org/InStock"}}'
    "</script>"
)
# Home Depot-like: sign and cents share the small raised class, the whole units the large one.
_PAGE = (
    f'<html lang="en-US"><head>{_LD}</head><body><main><div class="item-buy">'
    '<h1 class="title">Cordless Drill Kit</h1>'
    '<div class="main-price"><span class="large-symbols">$</span><span class="large">99</span>'
    '<span class="large-symbols">00</span></div>'
    '<div class="was-price">Was <s>$129.00</s> <span class="savings">Save $30.00</span></div>'
    '<p>In stock</p><button class="atc">Add to Cart</button></div></main></body></html>'
)


def test_cents_styled_as_the_sign_are_the_cents_so_the_struck_price_is_the_regular_one():
    """'$' '99' '00' in three spans, the sign and the cents alike: $99.00, not $9900, so the
    struck 'Was $129.00' is above it and is the regular price."""
    product = extract_product(_PAGE)
    assert product.price == Decimal("99.00")
    assert product.regular_price == Decimal("129.00")


def test_two_digits_styled_unlike_the_sign_stay_part_of_the_amount():
    html = _PAGE.replace('<span class="large-symbols">00</span>', '<span class="large">00</span>')
    assert extract_product(html).regular_price is None
