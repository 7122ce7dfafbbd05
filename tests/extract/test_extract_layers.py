"""Each layer on its own, the merge between them, and the traps the issue lists."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from scrapers.extract import ExtractionError, SelectorError, extract_product, validate_selectors
from scrapers.extract.jsonld import repair_and_parse


def page(head: str = "", body: str = "", lang: str = "en-US") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>t</title>{head}</head>'
        f"<body>{body}</body></html>"
    )


def ld(obj: object | str) -> str:
    text = obj if isinstance(obj, str) else json.dumps(obj)
    return f'<script type="application/ld+json">{text}</script>'


PRODUCT = {
    "@context": "https://schema.org",
    "@type": "Product",
    "name": "Kettle",
    "sku": "K-1",
    "offers": {
        "@type": "Offer",
        "price": "39.90",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
    },
}


# --- JSON-LD and its repairs -------------------------------------------------------------


@pytest.mark.parametrize(
    "script",
    [
        '{"@type": "Product", "name": "A", "offers": {"price": "1.50",},};',
        "{&quot;@type&quot;: &quot;Product&quot;, &quot;name&quot;: &quot;A&quot;}",
        '/*<![CDATA[*/ {"@type": "Product", "name": "A"} /*]]>*/',
        '{"@type": "Organization", "name": "Shop"}\n{"@type": "Product", "name": "A"}',
        '<!-- {"@type": "Product", "name": "A"} -->',
    ],
    ids=["trailing-commas-semicolon", "html-entities", "cdata", "two-objects", "html-comment"],
)
def test_malformed_json_ld_is_repaired(script: str):
    values = repair_and_parse(script)
    assert any(isinstance(v, dict) and v.get("name") == "A" for v in values)


def test_json_ld_beyond_repair_is_skipped_and_the_page_still_reads():
    html = page(
        ld('{"@type": "Product", "name": '), '<h1>Kettle</h1><p class="price">€ 12,50</p>', "de"
    )
    product = extract_product(html)
    assert product.price == Decimal("12.50")
    assert product.price_source == "heuristic"


def test_json_ld_with_entities_end_to_end():
    script = json.dumps(PRODUCT).replace('"', "&quot;")
    product = extract_product(page(ld(script)))
    assert (product.name, product.price, product.price_source) == (
        "Kettle",
        Decimal("39.90"),
        "jsonld",
    )


def test_graph_with_id_references_is_resolved():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Product", "@id": "#p", "name": "Kettle", "offers": {"@id": "#o"}},
            {"@type": "Offer", "@id": "#o", "price": 20, "priceCurrency": "GBP"},
        ],
    }
    product = extract_product(page(ld(graph)))
    assert (product.price, product.currency) == (Decimal("20"), "GBP")


def test_product_group_gives_variants_and_the_url_selects_one():
    group = {
        "@context": "https://schema.org",
        "@type": "ProductGroup",
        "name": "Tee",
        "hasVariant": [
            {
                "@type": "Product",
                "sku": "T-S",
                "offers": {
                    "price": "10",
                    "priceCurrency": "USD",
                    "availability": "https://schema.org/OutOfStock",
                },
            },
            {
                "@type": "Product",
                "sku": "T-M",
                "offers": {
                    "price": "12",
                    "priceCurrency": "USD",
                    "availability": "https://schema.org/InStock",
                },
            },
        ],
    }
    product = extract_product(page(ld(group)), url="https://shop.example/tee?sku=T-M")
    assert [v.sku for v in product.variants] == ["T-S", "T-M"]
    assert [v.price for v in product.variants] == [Decimal("10"), Decimal("12")]
    assert (product.sku, product.price, product.availability) == ("T-M", Decimal("12"), "InStock")


def test_aggregate_offer_reports_the_low_price_with_less_confidence():
    agg = dict(
        PRODUCT,
        offers={
            "@type": "AggregateOffer",
            "lowPrice": "5.00",
            "highPrice": "9.00",
            "priceCurrency": "USD",
        },
    )
    product = extract_product(page(ld(agg)))
    assert product.price == Decimal("5.00")
    assert product.evidence["price"].confidence < 0.9


def test_several_offers_skip_used_ones_and_follow_the_visible_price():
    offers = [
        {
            "@type": "Offer",
            "price": "80",
            "priceCurrency": "EUR",
            "itemCondition": "https://schema.org/UsedCondition",
        },
        {"@type": "Offer", "price": "120", "priceCurrency": "EUR"},
        {"@type": "Offer", "price": "110", "priceCurrency": "EUR"},
    ]
    body = '<h1>Kettle</h1><div class="price">110,00 €</div>'
    product = extract_product(page(ld(dict(PRODUCT, offers=offers)), body, "de-DE"))
    assert product.price == Decimal("110")


def test_strikethrough_price_specification_is_the_regular_price():
    offer = {
        "@type": "Offer",
        "price": 899,
        "priceCurrency": "EUR",
        "priceSpecification": [
            {
                "@type": "UnitPriceSpecification",
                "priceType": "https://schema.org/StrikethroughPrice",
                "price": 1099,
                "priceCurrency": "EUR",
            }
        ],
    }
    product = extract_product(page(ld(dict(PRODUCT, offers=offer))))
    assert (product.price, product.regular_price) == (Decimal("899"), Decimal("1099"))


def test_gtin_with_a_wrong_check_digit_is_dropped():
    good = extract_product(page(ld(dict(PRODUCT, gtin13="4006381333931"))))
    bad = extract_product(page(ld(dict(PRODUCT, gtin13="4006381333932"))))
    assert good.gtin == "4006381333931"
    assert bad.gtin is None


# --- microdata, RDFa, OpenGraph ----------------------------------------------------------


def test_microdata():
    body = (
        '<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Lamp</h1>'
        '<span itemprop="sku">L-9</span><div itemprop="offers" itemscope '
        'itemtype="https://schema.org/Offer"><span itemprop="price" content="45.00">45,00 €</span>'
        '<meta itemprop="priceCurrency" content="EUR"><link itemprop="availability" '
        'href="https://schema.org/OutOfStock"></div></div>'
    )
    product = extract_product(page(body=body, lang="de"))
    assert (product.sku, product.price, product.availability) == (
        "L-9",
        Decimal("45.00"),
        "OutOfStock",
    )
    assert product.price_source == "microdata"


def test_microdata_in_a_related_block_is_not_the_product():
    related = (
        '<section class="related-products"><div itemscope itemtype="https://schema.org/Product">'
        '<span itemprop="name">Other</span><div itemprop="offers" itemscope '
        'itemtype="https://schema.org/Offer"><meta itemprop="price" content="9.00"></div></div>'
        "</section>"
    )
    product = extract_product(page(body='<h1>Lamp</h1><p class="price">$45.00</p>' + related))
    assert product.price == Decimal("45.00")
    assert product.price_source == "heuristic"


def test_rdfa():
    body = (
        '<div vocab="https://schema.org/" typeof="Product"><h1 property="name">Pan</h1>'
        '<span property="sku">P-2</span><div property="offers" typeof="Offer">'
        '<span property="price" content="30.00">£30</span><meta property="priceCurrency" '
        'content="GBP"></div></div>'
    )
    product = extract_product(page(body=body, lang="en-GB"))
    assert (product.sku, product.price, product.currency) == ("P-2", Decimal("30.00"), "GBP")
    assert product.price_source == "rdfa"


def test_opengraph_product_tags():
    head = (
        '<meta property="og:type" content="product"><meta property="og:title" content="Mat">'
        '<meta property="product:price:amount" content="25.00">'
        '<meta property="product:price:currency" content="CAD">'
        '<meta property="product:availability" content="out of stock">'
    )
    product = extract_product(page(head))
    assert (product.price, product.currency, product.availability) == (
        Decimal("25.00"),
        "CAD",
        "OutOfStock",
    )
    assert product.price_source == "opengraph"


# --- selectors -----------------------------------------------------------------------------


SELECTOR_PAGE = page(
    body='<div id="p"><b class="n">Valve</b><i>1.299,00 €</i><u>RP-1</u></div>', lang="de"
)


@pytest.mark.parametrize(
    "selectors",
    [
        {"name": "b.n", "price": "#p > i", "sku": "#p u"},
        {"name": "//b[@class='n']", "price": "//div[@id='p']/i", "sku": "xpath://u"},
    ],
    ids=["css", "xpath"],
)
def test_selectors_read_sites_without_markup(selectors: dict[str, str]):
    product = extract_product(SELECTOR_PAGE, selectors=selectors)
    assert (product.name, product.price, product.sku) == ("Valve", Decimal("1299.00"), "RP-1")
    assert product.evidence["price"].source == "selectors"


def test_structured_data_beats_selectors():
    html = page(ld(PRODUCT), '<span id="x">5,00 €</span>')
    assert extract_product(html, selectors={"price": "#x"}).price == Decimal("39.90")


@pytest.mark.parametrize(
    ("selectors", "message"),
    [
        ({"price": "div[[["}, "'price'"),
        ({"price": "//div[@"}, "'price'"),
        ({"colour": "b"}, "colour"),
    ],
)
def test_bad_selectors_are_rejected_naming_the_field(selectors: dict[str, str], message: str):
    with pytest.raises(SelectorError, match=message):
        validate_selectors(selectors)
    with pytest.raises(SelectorError):
        extract_product(SELECTOR_PAGE, selectors=selectors)


# --- the page beats stale markup -----------------------------------------------------------


def test_visible_discount_beats_markup_regular_price():
    body = '<h1>Kettle</h1><p class="price"><del>39,90 €</del> <ins>29,90 €</ins></p>'
    product = extract_product(page(ld(PRODUCT), body, "de-DE"))
    assert (product.price, product.regular_price) == (Decimal("29.90"), Decimal("39.90"))
    assert product.price_source == "heuristic"


def test_markup_price_shown_on_page_is_kept_and_struck_price_becomes_regular():
    body = '<h1>Kettle</h1><p class="price"><s>49,90 €</s> <span>39,90 €</span></p>'
    product = extract_product(page(ld(PRODUCT), body, "de-DE"))
    assert (product.price, product.regular_price) == (Decimal("39.90"), Decimal("49.90"))
    assert product.price_source == "jsonld"


def test_visible_out_of_stock_beats_markup_in_stock():
    body = '<h1>Kettle</h1><p class="price">39,90 €</p><p class="stock">Derzeit nicht lieferbar</p>'
    product = extract_product(page(ld(PRODUCT), body, "de-DE"))
    assert product.availability == "OutOfStock"
    assert product.evidence["availability"].source == "heuristic"


def test_sold_out_wording_in_related_products_does_not_count():
    body = (
        '<h1>Kettle</h1><p class="price">39,90 €</p>'
        '<button class="add-to-cart">Add to cart</button>'
        '<div class="related-products"><p>Sold out</p></div>'
    )
    assert extract_product(page(ld(PRODUCT), body)).availability == "InStock"


# --- input that is not a page --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("   \n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"<html>\x00\x01\x02\x00", "NUL bytes"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        ("just some words, no tags at all", "no HTML tags"),
    ],
)
def test_input_that_is_not_html_raises_a_clear_error(data: str | bytes, message: str):
    with pytest.raises(ExtractionError, match=message):
        extract_product(data)


def test_bytes_are_decoded_by_their_declared_charset():
    html = page('<meta charset="iso-8859-1">', "<h1>Crème brûlée</h1>", "fr").encode("latin-1")
    assert extract_product(html).name == "Crème brûlée"


def test_a_page_without_a_product_reads_as_empty_not_an_error():
    product = extract_product(page(body="<h1>About us</h1><p>We are a family business.</p>"))
    assert product.price is None and product.availability is None


# --- page layout: site chrome vs the product's own blocks ---------------------------------


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div class="product-header">{}</div>',
        "<article><header>{}</header></article>",
        '<main><div class="pdp-header">{}</div></main>',
    ],
    ids=["product-header-class", "article-header", "pdp-header"],
)
def test_the_products_own_header_is_not_site_chrome(wrapper: str):
    body = (
        '<header class="site-header"><span class="cart-total">$0.00</span></header>'
        '<nav class="mega-menu"><a>Deals from $5</a></nav>'
        + wrapper.format("<h1>Field Jacket</h1>")
        + '<div class="price">$120.00</div><button class="add-to-cart">Add to cart</button>'
    )
    product = extract_product(page(body=body))
    assert (product.name, product.price, product.availability) == (
        "Field Jacket",
        Decimal("120.00"),
        "InStock",
    )


def test_one_sold_out_size_in_the_picker_is_not_the_products_state():
    body = (
        '<h1>Kettle</h1><p class="price">39,90 €</p><fieldset class="variant-picker">'
        "<label>S</label><label>XL <span>Ausverkauft</span></label></fieldset>"
        '<button class="add-to-cart">In den Warenkorb</button>'
    )
    assert extract_product(page(ld(PRODUCT), body, "de-DE")).availability == "InStock"


def test_store_pickup_wording_is_not_online_stock():
    body = (
        '<h1>Kettle</h1><p class="price">$39.90</p><p>Not available for pickup nearby</p>'
        '<button class="add-to-cart">Add to cart</button>'
    )
    assert extract_product(page(ld(PRODUCT), body)).availability == "InStock"


def test_same_priced_variant_offers_prefer_one_in_stock():
    offers = [
        {
            "@type": "Offer",
            "sku": "S",
            "price": "20",
            "priceCurrency": "USD",
            "availability": "https://schema.org/OutOfStock",
        },
        {
            "@type": "Offer",
            "sku": "M",
            "price": "20",
            "priceCurrency": "USD",
            "availability": "https://schema.org/InStock",
        },
    ]
    html = page(ld(dict(PRODUCT, offers=offers)), '<h1>Kettle</h1><p class="price">$20.00</p>')
    product = extract_product(html)
    assert (product.availability, len(product.variants)) == ("InStock", 2)


def test_markup_for_some_other_product_is_not_this_pages_product():
    other = dict(PRODUCT, name="Descaling Tablets 10-pack", sku="DT-10")
    body = '<h1>Glass Teapot 1L</h1><p class="price">$24.00</p>'
    product = extract_product(page(ld(other), body))
    assert (product.name, product.price, product.sku) == ("Glass Teapot 1L", Decimal("24.00"), None)


@pytest.mark.parametrize(
    "data",
    [
        "\ufeff" + page(body="<h1>Crème brûlée</h1>", lang="fr"),
        page(body="<h1>Crème brûlée</h1>", lang="fr").encode("utf-8"),
        b"\xef\xbb\xbf" + page(body="<h1>Crème brûlée</h1>", lang="fr").encode("utf-8"),
        page(body="<h1>Crème brûlée</h1>", lang="fr").encode("utf-16"),
        page('<meta charset="windows-1252">', "<h1>Crème brûlée</h1>", "fr").encode("cp1252"),
        page(body="<h1>Crème brûlée</h1>", lang="fr").encode("cp1252"),  # undeclared, not UTF-8
    ],
    ids=["str-bom", "utf8", "utf8-bom", "utf16-bom", "cp1252-declared", "cp1252-undeclared"],
)
def test_encodings(data: str | bytes):
    assert extract_product(data).name == "Crème brûlée"


def test_a_price_with_no_word_against_it_is_in_stock_with_low_confidence():
    product = extract_product(page(body='<h1>Mug</h1><p class="price">$12.00</p>'))
    assert product.availability == "InStock"
    assert product.evidence["availability"].confidence < 0.5
