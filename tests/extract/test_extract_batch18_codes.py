"""Identifier rules held-out batch 18 needed (a seventh author, written blind), pinned on
minimal pages so they hold without the corpus."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product

_MARKUP = (
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product",'
    '"name":"Produkt X","offers":{"@type":"Offer","price":"99.00","priceCurrency":"EUR"}}'
    "</script>"
)


def _page(body: str, head: str = _MARKUP, lang: str = "en-US") -> str:
    return (
        f'<html lang="{lang}"><head>{head}</head><body><main><h1>Produkt X</h1>'
        f'<p class="price">€ 99,00</p>{body}</main></body></html>'
    )


@pytest.mark.parametrize(
    ("url", "body", "sku"),
    [
        # A marketplace offer's number in a plain script's state (not application/json).
        (
            "https://shop.example/oferta/ekspres-magnifica-15893241277",
            '<script>window.__state = {"offerId": "15893241277", "price": 1199}</script>',
            "15893241277",
        ),
        # Amazon's ASIN: the URL's /dp/ code and the cart form's hidden input.
        (
            "https://shop.example/Coffee-Maker/dp/B0C7K9TQ4M",
            '<form><input type="hidden" name="ASIN" value="B0C7K9TQ4M">'
            '<button class="add-to-cart">Add to Cart</button></form>',
            "B0C7K9TQ4M",
        ),
        # A lower-case code in the URL, the page's own upper-case form on the basket button.
        (
            "https://shop.example/aspirateur/f-1101438-row3221614012.html",
            '<button class="add-to-cart" data-sku="ROW3221614012">Ajouter au panier</button>',
            "ROW3221614012",
        ),
        # A basket button's product id (bol).
        (
            "https://shop.example/nl/p/tandenborstel/9300000164823071/",
            '<a class="btn" data-product-id="9300000164823071" href="/basket">In winkelwagen</a>',
            "9300000164823071",
        ),
    ],
)
def test_the_code_ending_the_url_is_the_sku_when_the_pages_data_names_it_an_id(
    url: str, body: str, sku: str
):
    assert extract_product(_page(body), url=url).sku == sku


@pytest.mark.parametrize(
    "body",
    [
        # The number only in prose or a link, not named as the item's id.
        "<p>Over 15893241277 happy customers</p>",
        '<a href="/oferta/ekspres-magnifica-15893241277#reviews">Reviews</a>',
        # Named as an id, but of something longer (a prefix of another code).
        '<script>var s = {"id": "158932412770"}</script>',
    ],
)
def test_a_url_code_the_page_names_no_id_is_no_sku(body: str):
    url = "https://shop.example/oferta/ekspres-magnifica-15893241277"
    assert extract_product(_page(body), url=url).sku is None


@pytest.mark.parametrize(
    ("lang", "line", "sku"),
    [
        ("cs-CZ", '<div class="detail-code">Kód: <span>NL301c7k</span></div>', "NL301c7k"),
        (
            "cs-CZ",
            "<table><tr><td>Dostupnost:</td><td>Skladem</td></tr>"
            "<tr><td>Kód:</td><td>AX-TEN-M-2026</td></tr></table>",
            "AX-TEN-M-2026",
        ),
        ("ja-JP", '<div>商品番号：<span class="n">4549980712345</span></div>', "4549980712345"),
    ],
)
def test_czech_and_japanese_code_labels_in_the_buy_box(lang: str, line: str, sku: str):
    html = _page(f'{line}<button class="add-to-cart">Do košíku</button>', head="", lang=lang)
    assert extract_product(html).sku == sku


def test_a_czech_manufacturer_row_names_the_brand():
    specs = (
        "<h2>Parametry</h2><table><tr><td>Výrobce</td><td>Alpinex</td></tr>"
        "<tr><td>Kód zboží</td><td>AX-TEN-M-2026</td></tr></table>"
    )
    html = _page(f'<button class="add-to-cart">Do košíku</button>{specs}', head="", lang="cs-CZ")
    product = extract_product(html)
    assert (product.brand, product.sku) == ("Alpinex", "AX-TEN-M-2026")


def _shop(buy_box: str, after: str) -> str:
    return (
        '<html lang="de-DE"><head></head><body><header><nav>Menü</nav></header>'
        f'<div class="pdp"><h1>Waschmaschine WW90</h1><div class="price">549,00 €</div>'
        f'<div class="sku">Artikel-Nr.: S0Q1H0B2</div>{buy_box}'
        f'<button class="add-to-cart">In den Warenkorb</button></div>{after}'
        "<footer>Impressum</footer></body></html>"
    )


_SPECS = (
    '<section class="pdp_details"><h2>Produktdetails</h2><table>'
    "<tr><td>Marke</td><td>Samsong</td></tr>"
    "<tr><td>Herstellernummer</td><td>WW90T554AAX/S2</td></tr>"
    "<tr><td>EAN</td><td>8806094458718</td></tr></table></section>"
)


def test_a_spec_table_in_the_block_after_the_buy_box_gives_mpn_brand_and_gtin():
    product = extract_product(_shop("", _SPECS))
    assert (product.sku, product.mpn, product.brand, product.gtin) == (
        "S0Q1H0B2",
        "WW90T554AAX/S2",
        "Samsong",
        "8806094458718",
    )


@pytest.mark.parametrize(
    "block",
    [
        # Reviews and related products quote other codes and brands.
        _SPECS.replace('class="pdp_details"', 'class="reviews"'),
        _SPECS.replace('class="pdp_details"', 'class="related-products"'),
    ],
)
def test_reviews_and_related_blocks_after_the_buy_box_are_not_read(block: str):
    product = extract_product(_shop("", block))
    assert (product.mpn, product.brand) == (None, None)


@pytest.mark.parametrize(
    ("label", "mpn"),
    [("Référence constructeur", "880066-0100"), ("型番", "NA-LX127DL-W")],
)
def test_french_and_japanese_manufacturer_reference_labels(label: str, mpn: str):
    row = f"<table><tr><th>{label}</th><td>{mpn}</td></tr></table>"
    assert extract_product(_shop(row, "")).mpn == mpn


def _specifics(label: str, value: str) -> str:
    return (
        '<div class="row"><div class="labels"><div class="labels-content"><div>'
        f'<span class="text">{label}</span></div></div></div><div class="values">'
        f'<div class="values-content"><div><span class="text">{value}</span></div></div></div>'
        "</div>"
    )


def test_labels_and_values_in_sibling_wrapper_blocks_are_read():
    # eBay's item specifics: label and value each wrapped three deep, in sibling blocks.
    box = (
        '<div class="specifics">'
        + _specifics("Brand", "Bosch Professional")
        + _specifics("MPN", "06019H5202")
        + _specifics("EAN", "3165165136128")
        + "</div>"
    )
    html = _page(f'{box}<button class="add-to-cart">Buy it now</button>', head="", lang="en-GB")
    product = extract_product(html)
    assert (product.brand, product.mpn, product.gtin) == (
        "Bosch Professional",
        "06019H5202",
        "3165165136128",
    )


def test_a_barcode_in_a_vendor_json_data_script_is_read():
    blob = (
        '<script type="application/discover+json">{"apolloCache": {"ProductType:312487651": '
        '{"id": "312487651", "gtin": "5018425012343"}}}</script>'
    )
    html = (
        '<html lang="en-GB"><head></head><body><main><h1>Finest Ham 240G</h1>'
        '<p class="price">£3.50</p><button class="add-to-cart">Add</button></main>'
        f"{blob}</body></html>"
    )
    assert extract_product(html).gtin == "5018425012343"


def test_a_japanese_jan_code_row_is_the_barcode():
    specs = (
        "<table><tr><th>メーカー</th><td>パナソノック</td></tr>"
        "<tr><th>JANコード</th><td>4549980712344</td></tr></table>"
    )
    html = _page(f'{specs}<button class="add-to-cart">かごに追加</button>', head="", lang="ja-JP")
    product = extract_product(html)
    assert (product.gtin, product.brand) == ("4549980712344", "パナソノック")


def test_idosells_firm_link_names_the_brand():
    box = (
        '<div class="product_name__block"><a class="product_name__firm" '
        'href="/firm-pol-12-Abusz.html" title="Abusz">Abusz</a></div>'
        '<button class="add-to-cart">Dodaj do koszyka</button>'
    )
    assert extract_product(_page(box, head="", lang="pl-PL")).brand == "Abusz"


def test_amazons_direction_marks_before_a_detail_value_are_dropped():
    specs = (
        "<table><tr><th>Item model number</th><td>\u200eKPC-1200TS</td></tr>"
        "<tr><th>ASIN</th><td>\u200eB0C7K9TQ4M</td></tr></table>"
    )
    html = _page(specs, head="")
    product = extract_product(html)
    assert (product.mpn, product.sku) == ("KPC-1200TS", "B0C7K9TQ4M")
