"""``extract_product``: every layer read, then merged field by field, best evidence first."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from itertools import islice
from urllib.parse import parse_qs, urlparse

from babel.numbers import get_currency_symbol
from lxml.html import HtmlElement

from scrapers.extract.codes import gtin_as_printed
from scrapers.extract.details import (
    block_tabs,
    details_after,
    logo_brand,
    page_details,
    tab_details,
)
from scrapers.extract.document import Page, parse_page
from scrapers.extract.layout import forget_page, text_of
from scrapers.extract.model import (
    ExtractedProduct,
    ExtractedVariant,
    FieldEvidence,
)
from scrapers.extract.money import Money, PageLocale, likely_territory
from scrapers.extract.picker import picker_variants
from scrapers.extract.selectors import apply_selectors
from scrapers.extract.state import (
    cart_variant,
    shopify_variants,
    state_availability,
    state_brand,
    state_gtin,
    state_listing_id,
    state_variants,
    vtex_ref_id,
)
from scrapers.extract.stock import phrase_availability
from scrapers.extract.structured import (
    Offer,
    ProductData,
    from_jsonld,
    from_microdata,
    from_opengraph,
    from_rdfa,
)
from scrapers.extract.visible import Visible, read_visible

CONFIDENCE = {
    "jsonld": 0.95,
    "microdata": 0.9,
    "rdfa": 0.9,
    "opengraph": 0.8,
    "selectors": 0.85,
    "heuristic": 0.6,
}
_STOCKED = ("InStock", "LimitedAvailability")
_MARKUP = ("jsonld", "microdata", "rdfa", "opengraph")
_COLON_DASH = re.compile(r"\d\s?:-")
# A shown price this close to the title or buy button (tree steps, less class bonuses) is the
# buy box's; further off it may be a related product's card while the real one is unrendered.
_BUY_BOX_SCORE = -2.0


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"\w{3,}", _norm(text))}


def _page_words(visible: Visible, page: Page) -> set[str]:
    return _words(visible.title) | _words(page.meta("og:title")) | _words(page.title)


def _main_product(
    products: list[ProductData], visible: Visible, page_words: set[str]
) -> ProductData | None:
    """The page's own product, not a related one: in the main area, named like the title.

    A product whose name shares no word with the page's heading, og:title or <title> is some
    other product's markup (a widget, a bundle) and is not used at all.
    """
    products = [p for p in products if not p.name or not page_words or _words(p.name) & page_words]
    if not products:
        return None
    title = _norm(visible.title)

    def rank(p: ProductData) -> tuple[int, int, int]:
        name = _norm(p.name)
        named = int(bool(title and name and (name in title or title in name)))
        return (named, int(bool(p.offers or p.variants)), int(bool(p.sku or p.gtin)))

    return max(products, key=rank)  # max keeps the first of equals: document order


def _selected_key(url: str | None) -> set[str]:
    if not url:
        return set()
    parsed = urlparse(url)
    keys = {v for vals in parse_qs(parsed.query).values() for v in vals}
    return keys | {url}


def _named_offer(offers: list[Offer], keys: set[str]) -> Offer | None:
    """The offer the page's URL (?variant=, ?sku=, the offer's own URL) or its cart form
    selects.

    Zalando lists every size's offer under the page's own URL: a URL several offers share
    names none of them.
    """
    by_url = [
        offer
        for offer in offers
        if offer.url and (offer.url in keys or any(k and offer.url.endswith(f"={k}") for k in keys))
    ]
    for offer in offers:
        if offer.sku in keys or (offer in by_url and len(by_url) == 1):
            return offer
    return None


def _pick_offer(offers: list[Offer], visible: Visible, keys: set[str]) -> Offer | None:
    offers = [o for o in offers if not o.used] or offers
    if not offers:
        return None
    if (named := _named_offer(offers, keys)) is not None:
        return named
    shown = visible.price.money.amount if visible.price else None
    if shown is not None:
        matching = [o for o in offers if o.price == shown]
        stocked = [o for o in matching if o.availability in _STOCKED]
        if stocked or matching:
            return (stocked or matching)[0]
    priced = [o for o in offers if o.price is not None]
    stocked = [o for o in priced if o.availability in _STOCKED]
    return (stocked or priced or offers)[0]


def _variants(product: ProductData) -> list[ExtractedVariant]:
    out = []
    for v in product.variants:
        offer = v.offers[0] if v.offers else Offer()
        out.append(
            ExtractedVariant(
                v.sku or offer.sku,
                v.gtin,
                v.name,
                offer.price,
                offer.regular_price,
                offer.currency,
                offer.availability,
            )
        )
    skus = {o.sku for o in product.offers if o.sku}
    if not out and len(skus) > 1:
        out = [
            ExtractedVariant(
                o.sku, None, None, o.price, o.regular_price, o.currency, o.availability
            )
            for o in product.offers
        ]
    return out


def _selected_variant(
    product: ProductData, visible: Visible, keys: set[str]
) -> tuple[ProductData, bool]:
    """The variant the page shows, and whether the URL named it (?variant=, ?sku=, its URL)."""
    for variant in product.variants:
        urls = {variant.url, *(o.url for o in variant.offers)} - {None}
        if variant.sku in keys or urls & keys:
            return variant, True
    offer = _pick_offer([o for v in product.variants for o in v.offers], visible, keys)
    chosen = next((v for v in product.variants if offer in v.offers), product.variants[0])
    return chosen, False


def _layer_fields(product: ProductData, visible: Visible, keys: set[str]) -> dict[str, object]:
    """Field values one structured layer states for the page's product."""
    fields: dict[str, object] = {
        "name": product.name,
        "brand": product.brand,
        "sku": product.sku,
        "gtin": product.gtin,
        "mpn": product.mpn,
    }
    named_by_url = False
    if product.variants:
        variant, named_by_url = _selected_variant(product, visible, keys)
        for key in ("sku", "gtin", "mpn"):
            if named_by_url or not fields[key]:
                fields[key] = getattr(variant, key) or fields[key]
        offer = variant.offers[0] if variant.offers else None
    else:
        offer = _pick_offer(product.offers, visible, keys)
    if offer is not None:
        # A 0.00 price in markup is a placeholder ("call us"), not a price anyone pays.
        fields["price"] = offer.price if offer.price else None
        if offer.regular_price != offer.price:
            fields["regular_price"] = offer.regular_price
        fields["currency"] = offer.currency
        fields["availability"] = offer.availability
        if offer is _named_offer(product.offers, keys) and len(product.offers) > 1:
            # Shopify puts the first variant's codes on the Product; the variant the URL or the
            # cart form names is the one the page shows, so its offer's codes win.
            fields["sku"] = offer.sku or fields["sku"]
            fields["gtin"] = offer.gtin or fields["gtin"]
        if offer.sku and offer.sku == visible.sku and len(product.offers) > 1:
            # The first variant sold out, the page selects another ('UGS : BM-JETE-GR' by its
            # price): the code it shows is that offer's, not the first offer's on the Product.
            fields["sku"] = offer.sku
        fields["sku"] = fields["sku"] or offer.sku
        fields["gtin"] = fields["gtin"] or offer.gtin
        fields["_low_price"] = offer.low_price
        # The URL or cart form named one of several offers: the page's HTML may show another.
        fields["_named"] = named_by_url or (
            len(product.offers) > 1 and offer is _named_offer(product.offers, keys)
        )
    return {k: v for k, v in fields.items() if v is not None}


def extract_product(
    html: str | bytes, url: str | None = None, selectors: dict[str, str] | None = None
) -> ExtractedProduct:
    """Read one product page.

    Raises :class:`ExtractionError` for input that is not HTML at all and
    :class:`SelectorError` for a selector config that is not valid CSS/XPath; a page that
    simply shows no product comes back with empty fields.
    """
    page = parse_page(html, url)
    try:
        return _extract(page, url, selectors)
    finally:
        forget_page()


def _extract(page: Page, url: str | None, selectors: dict[str, str] | None) -> ExtractedProduct:
    visible = read_visible(page)
    layers: list[tuple[str, dict[str, object]]] = []
    variants: list[ExtractedVariant] = []
    page_words = _page_words(visible, page)
    keys = _selected_key(url)
    if "variant" not in parse_qs(urlparse(url or "").query) and (chosen := cart_variant(page)):
        keys |= {chosen}  # Shopify's add-to-cart form names the variant shown
    for layer, reader in (
        ("jsonld", from_jsonld),
        ("microdata", lambda page: from_microdata(page, near=visible.area)),
        ("rdfa", from_rdfa),
        ("opengraph", from_opengraph),
    ):
        main = _main_product(reader(page), visible, page_words)
        if main is not None:
            layers.append((layer, _layer_fields(main, visible, keys)))
            variants = variants or _variants(main)
    # OpenGraph names a product but carries no variants or codes: a page with only that keeps
    # them in its page data (Next.js __NEXT_DATA__).
    markup_found = any(layer != "opengraph" for layer, _ in layers)
    result = _merge(page, visible, layers, selectors)
    if not variants and (result.sku is None or result.gtin is None):
        variants, shown = shopify_variants(page, url)
        if shown is not None:
            for key in ("sku", "gtin"):
                if getattr(result, key) is None and getattr(variants[shown], key):
                    setattr(result, key, getattr(variants[shown], key))
                    result.evidence[key] = FieldEvidence(getattr(result, key), "heuristic", 0.6)
    if result.gtin and result.gtin != (printed := gtin_as_printed(result.gtin, page.source)):
        result.gtin = printed
        result.evidence["gtin"] = FieldEvidence(printed, result.evidence["gtin"].source, 0.8)
    area = visible.area if visible.area is not None else page.body
    # Page-data blobs run to megabytes: read them only on pages with no structured product.
    result.variants = variants or state_variants(page, area, blobs=not markup_found)
    if result.gtin is None and not markup_found and (gtin := state_gtin(page)):
        result.gtin = gtin
        result.evidence["gtin"] = FieldEvidence(gtin, "heuristic", 0.5)
    if not result.variants and visible.area is not None and visible.area is not page.body:
        result.variants = picker_variants(visible.area)
    if result.sku is None:
        # Codes and brand listed in the page's details, far from the buy box (a whole-page
        # walk, so only for pages that showed no SKU anywhere else).
        details = page_details(page.body)
    elif result.mpn is None or result.brand is None:
        # The SKU shown, the model number and brand listed only under a closed tab by the buy
        # box: those panels alone are read (the buy box's walk met them).
        panels = visible.closed_tabs
        if not panels and visible.area is not None and visible.area is not page.body:
            panels = block_tabs(visible.area)
        details = tab_details(panels)
        if visible.area is not None and visible.area is not page.body:
            # A spec table in the blocks right after the buy box's (a bounded walk).
            after = details_after(visible.area)
            for key in ("mpn", "brand", "gtin"):
                if getattr(details, key) is None:
                    setattr(details, key, getattr(after, key))
            if details.brand is None:
                # Only a logo names the brand (PrestaShop's img.manufacturer-logo alt="Iwachu"
                # under a tab the theme opens with classes, not the hidden attribute).
                details.brand = logo_brand(visible.area)
    else:
        return result
    for key in ("sku", "mpn", "brand", "gtin"):
        if getattr(result, key) is None and getattr(details, key):
            setattr(result, key, getattr(details, key))
            result.evidence[key] = FieldEvidence(getattr(details, key), "heuristic", 0.5)
    if result.brand is None and (brand := state_brand(page, visible.title)):
        # No brand line, label or markup: page data names one that the heading shows.
        result.brand = brand
        result.evidence["brand"] = FieldEvidence(brand, "heuristic", 0.4)
    if result.sku is None and (listing := state_listing_id(page, url)):
        # No code printed anywhere, nor in markup: the listing's code, in its URL and its data.
        result.sku = listing
        result.evidence["sku"] = FieldEvidence(listing, "heuristic", 0.4)
    return result


def _merge(
    page: Page,
    visible: Visible,
    layers: list[tuple[str, dict[str, object]]],
    selectors: dict[str, str] | None,
) -> ExtractedProduct:
    result = ExtractedProduct()
    if selectors:
        picked = apply_selectors(page, selectors)
        layers.append(
            ("selectors", {k: (v.amount if isinstance(v, Money) else v) for k, v in picked.items()})
        )
        if isinstance(picked.get("price"), Money) and not picked.get("currency"):
            layers[-1][1]["currency"] = picked["price"].currency  # type: ignore[union-attr]
    shown = visible.price.money if visible.price else None
    layers.append(
        (
            "heuristic",
            {
                "name": visible.title,
                "brand": visible.brand,
                "sku": visible.sku,
                "price": shown.amount if shown else None,
                "regular_price": visible.regular.money.amount if visible.discounted else None,
                "mpn": visible.mpn,
                "gtin": visible.gtin,
                "currency": _shown_currency(shown, visible, page) if shown else None,
                "availability": visible.availability,
            },
        )
    )
    for name in ("name", "brand", "sku", "gtin", "mpn", "price", "currency", "availability"):
        for layer, values in layers:
            value = values.get(name)
            if value not in (None, ""):
                conf = CONFIDENCE[layer]
                if name == "price" and values.get("_low_price"):
                    conf -= 0.2
                setattr(result, name, value)
                result.evidence[name] = FieldEvidence(value, layer, conf)
                break
    _price_the_page_shows(result, visible, layers)
    heading = visible.title
    if heading and result.name and visible.title_head == result.name != heading:
        # "<h1><span>KALLBO</span><span>Bokhylla, vit</span>": markup names the first part;
        # the parts are words apart as shown, though the text runs them together.
        rest = heading[len(result.name) :].lstrip()
        if heading.startswith(result.name) and rest:
            heading = f"{result.name} {rest}"
    named_by_og = "name" in result.evidence and result.evidence["name"].source == "opengraph"
    if _heading_names_better(heading, result.name, result.brand) or (
        named_by_og and _og_title_of(heading, result.name)
    ):
        # The heading names the product as a shopper reads it: markup names often add the
        # brand ("Halo Smart Air Purifier" over "<h1>Smart Air Purifier") or drop the selected
        # variant ("Lounge Chair LC3" under "<h1>Lounge Chair LC3 – egetræ / uld natur");
        # og:title is often the document's title, the shop's name or a ™ after the heading.
        result.name = heading
        result.evidence["name"] = FieldEvidence(heading, "heuristic", 0.7)
    price_layer = result.price_source
    for layer, values in layers:
        if layer == price_layer and values.get("regular_price") is not None:
            result.regular_price = values["regular_price"]  # type: ignore[assignment]
            result.evidence["regular_price"] = FieldEvidence(
                result.regular_price, layer, CONFIDENCE[layer]
            )
    low_only = any(layer == price_layer and values.get("_low_price") for layer, values in layers)
    named = any(layer == price_layer and values.get("_named") for layer, values in layers)
    _reconcile_with_page(result, visible, page, low_only, named)
    if result.price is None and result.currency is not None:
        # A currency says what a price is counted in: with no price (a discontinued page whose
        # markup keeps priceCurrency) there is nothing to count.
        result.currency = None
        result.evidence.pop("currency", None)
    if (
        result.price is not None
        and result.regular_price is not None
        and (result.regular_price <= result.price)
    ):
        result.regular_price = None
        result.evidence.pop("regular_price", None)
    if result.currency:
        result.currency_shown = (
            shown.shown
            if shown and shown.shown and shown.currency in (None, result.currency)
            else _symbol(result.currency, page)
        )
    elif shown and shown.shown:
        result.currency_shown = shown.shown  # "BTC": no ISO currency, but say what was shown
    if (
        visible.price
        and shown
        and shown.shown is None
        and result.price == shown.amount
        and _COLON_DASH.search(text_of(visible.price.element))
    ):
        result.currency_shown = ":-"  # "11 490:-": Nordic shops print this instead of "kr"
    return result


def _price_the_page_shows(
    result: ExtractedProduct, visible: Visible, layers: list[tuple[str, dict[str, object]]]
) -> None:
    """Two markup layers disagreeing on the price: the one the page shows is the live one.

    A stale JSON-LD offer (an old price, priceValidUntil long gone) shown nowhere on the page,
    while the page's microdata states the amount the buy box prints (Shopware: JSON-LD 1299.00,
    itemprop price 1449 by '€ 1.449,00*'): the shown one is what a shopper pays.
    """
    source = result.price_source
    if source not in _MARKUP or visible.price is None or result.price is None:
        return
    shown = visible.price.money
    if result.price == shown.amount or result.price in {s.money.amount for s in visible.spots}:
        return
    for layer, values in layers:
        if (
            layer in _MARKUP
            and layer != source
            and values.get("price") == shown.amount
            and values.get("currency") in (None, result.currency)
            and not values.get("_low_price")
        ):
            result.price = shown.amount
            result.evidence["price"] = FieldEvidence(shown.amount, layer, CONFIDENCE[layer])
            return


def _reconcile_with_page(
    result: ExtractedProduct,
    visible: Visible,
    page: Page,
    low_only: bool = False,
    named: bool = False,
) -> None:
    """What the shopper sees beats stale markup: a shown discount, a shown 'sold out'."""
    markup_priced = result.price is not None and result.price_source != "heuristic"
    if (
        markup_priced
        and low_only
        and visible.price
        and visible.price.money.currency in (None, result.currency)
        and visible.price.money.amount > result.price  # type: ignore[operator]
    ):
        # An AggregateOffer's lowPrice is the cheapest of many sellers or variants; the buy
        # box shows what this offer costs (marketplaces: 'od 1 049 zł', this seller 1 149 zł).
        result.price = visible.price.money.amount
        result.evidence["price"] = FieldEvidence(result.price, "heuristic", 0.7)
    if (
        markup_priced
        and not named
        and visible.price
        and (
            visible.price.score >= _BUY_BOX_SCORE
            or result.price in visible.range_ends
            or visible.price.element.get("data-price-type") == "finalPrice"
        )
        and visible.price.money.currency in (None, result.currency)
        and result.price not in {spot.money.amount for spot in visible.spots}
        and _near(visible.price.money.amount, result.price)  # type: ignore[arg-type]
    ):
        # The markup's amount is shown nowhere as a price (at most in a "lowest price in 30
        # days" line, or as one end of a variant range beside the selected variant's price):
        # stale or unspecific markup, so the price the buy box shows is what a shopper pays.
        # Magento's finalPrice box is the price the shop computed for this page, wherever
        # the theme places it.
        result.price = visible.price.money.amount
        result.evidence["price"] = FieldEvidence(result.price, "heuristic", 0.7)
        if visible.discounted and visible.regular:
            result.regular_price = visible.regular.money.amount
            result.evidence["regular_price"] = FieldEvidence(result.regular_price, "heuristic", 0.7)
    if markup_priced and visible.discounted and visible.price and visible.regular:
        shown, was = visible.price.money.amount, visible.regular.money.amount
        on_page = {spot.money.amount for spot in visible.spots}
        struck = {spot.money.amount for spot in visible.spots if spot.struck == 2}
        stale = result.price not in on_page and shown < result.price
        struck_markup = result.price in struck and shown < result.price  # type: ignore[operator]
        if shown != result.price and (was == result.price or stale or struck_markup):
            # The struck price shown is the regular one, not the stale markup amount (markup
            # often carries the pre-campaign price while the page strikes the list price).
            result.price = shown
            result.evidence["price"] = FieldEvidence(shown, "heuristic", 0.75)
            result.regular_price = was
            result.evidence["regular_price"] = FieldEvidence(was, "heuristic", 0.75)
        elif result.regular_price is None and (
            shown == result.price or (result.price in on_page and was > result.price)  # type: ignore[operator]
        ):
            # Also when the biggest price is a member-only one: everyone else pays the markup
            # price, struck against the same list price.
            result.regular_price = was
            result.evidence["regular_price"] = FieldEvidence(was, "heuristic", 0.7)
    struck_shown = {s.money.amount for s in visible.spots if s.struck == 2}
    if (
        markup_priced
        and visible.price is None
        and result.regular_price is None
        and len(struck_shown) == 1
        and result.price < (was := next(iter(struck_shown))) < 3 * result.price  # type: ignore[operator]
    ):
        # The buy box prints its price without a sign ("1 999,-", "34<sup>99</sup>"), so only
        # its struck price ("Før 2 599,-", "Adviesprijs <del>49,99</del>") was read: that is
        # the regular price of the price the markup states.
        result.regular_price = was
        result.evidence["regular_price"] = FieldEvidence(was, "heuristic", 0.6)
    if (
        markup_priced
        and visible.price
        and result.price in visible.before_tax
        and visible.price.money.amount > result.price  # type: ignore[operator]
    ):
        # Markup carrying the price before VAT while the page shows what a consumer pays.
        result.price = visible.price.money.amount
        result.evidence["price"] = FieldEvidence(result.price, "heuristic", 0.7)
    if visible.availability == "LimitedAvailability" and result.availability == "InStock":
        # "Only 3 left" is the more specific truth about an item the markup calls in stock.
        result.availability = visible.availability
        result.evidence["availability"] = FieldEvidence(visible.availability, "heuristic", 0.7)
    if visible.availability in ("PreOrder", "BackOrder") and result.availability in _STOCKED:
        # "Pre-order – ships 15 January" by the buy button: not on the shelf, whatever the markup.
        result.availability = visible.availability
        result.evidence["availability"] = FieldEvidence(visible.availability, "heuristic", 0.7)
    if (
        visible.availability == "PreOrder"
        and result.availability == "OutOfStock"
        and _live(visible.cart_button)
        and phrase_availability(text_of(visible.cart_button)) == "PreOrder"
    ):
        # Not released yet: markup says out of stock, the page takes orders ("Pre-order now –
        # released 19 December" by a live "Pre-order" button).
        result.availability = "PreOrder"
        result.evidence["availability"] = FieldEvidence("PreOrder", "heuristic", 0.7)
    if (
        visible.availability == "BackOrder"
        and result.availability == "OutOfStock"
        and _live(visible.cart_button)
        and phrase_availability(text_of(visible.cart_button)) in ("InStock", "BackOrder")
    ):
        # Markup's empty shelf by a live "Add to cart" and "ships in 3 weeks": it can be
        # ordered now, so it is on backorder.
        result.availability = "BackOrder"
        result.evidence["availability"] = FieldEvidence("BackOrder", "heuristic", 0.7)
    if visible.availability in ("OutOfStock", "Discontinued") and result.availability in (
        *_STOCKED,
        None,
    ):
        result.availability = visible.availability
        result.evidence["availability"] = FieldEvidence(visible.availability, "heuristic", 0.8)
    if (visible.availability == "Discontinued" and result.availability == "OutOfStock") or (
        visible.store_only
        and visible.availability in _STOCKED
        and result.availability == "OutOfStock"
    ):
        # More specific than the markup's "out of stock": gone for good, or sold in shops only
        # (the web shop's empty shelf; the shops have it, so it is in stock or a few left).
        result.availability = visible.availability
        result.evidence["availability"] = FieldEvidence(visible.availability, "heuristic", 0.75)
    if (
        result.availability == "OutOfStock"
        and result.evidence["availability"].source != "heuristic"
        and visible.availability == "InStock"
        and visible.in_stock_said
    ):
        # Stale markup: the page says "Disponibilità immediata" by a live buy button.
        result.availability = "InStock"
        result.evidence["availability"] = FieldEvidence("InStock", "heuristic", 0.6)
    shown_sku = visible.sku
    if (
        result.sku
        and shown_sku
        and result.evidence["sku"].source != "heuristic"
        and (
            shown_sku[: len(result.sku) + 1] in {f"{result.sku}{c}" for c in "-_./"}
            or (
                low_only
                and shown_sku == visible.named_sku
                and re.fullmatch(rf"{re.escape(result.sku)}[A-Za-z0-9]{{1,4}}", shown_sku)
            )
        )
    ):
        # Markup with the master id ("8409321") on a page showing the selected variant's code
        # ("8409321-NVY-M", Salesforce Commerce Cloud): the shown code is the item on offer.
        # Magento's configurable product appends the option with no separator ("Réf.
        # VC-ALP-R45" under JSON-LD's "VC-ALP-R"): taken when the markup's offer is an
        # AggregateOffer over the variants, so its code is the parent's.
        result.sku = shown_sku
        result.evidence["sku"] = FieldEvidence(shown_sku, "heuristic", 0.7)
    if (
        result.sku
        and shown_sku
        and not named
        and result.evidence["sku"].source != "heuristic"
        and (
            result.sku[: len(shown_sku) + 1] in {f"{shown_sku}{c}" for c in "-_./"}
            or (result.sku.startswith(shown_sku) and _slug_has(shown_sku, page.url))
        )
        and shown_sku == visible.named_sku
    ):
        # Markup picked one of a ProductGroup's variants ("MOC-221-NER-40") that the URL does
        # not name, while the page labels the style's code ("Codice articolo: MOC-221") with
        # no size chosen yet: the code shown is the item on offer. Zalando appends the size
        # with no separator ("AD115O1B2-A110007000"); there the URL names the style's code.
        result.sku = shown_sku
        result.evidence["sku"] = FieldEvidence(shown_sku, "heuristic", 0.7)
    named_sku = visible.named_sku
    if (
        result.sku
        and named_sku
        and named_sku != result.sku
        and result.evidence["sku"].source != "heuristic"
        and named_sku == visible.sku
        and _in_url(result.sku, page.url)
        and not _in_description(page, named_sku)
    ):
        # Markup carrying the platform's record id, the one in the page's address ("...-1871.html",
        # a variation id), while the page labels the shop's code ("Kod produktu: TRK45-GRF",
        # "Artikelnummer 92155477"). Any other differing code is not taken over the markup's,
        # nor one in the seller's description ("Ürün Bilgileri: Ürün Kodu: 4WAK50012EW" under a
        # Trendyol listing, whose id, '-p-812345678', is what the marketplace sells it as).
        result.sku = named_sku
        result.evidence["sku"] = FieldEvidence(named_sku, "heuristic", 0.7)
    if (
        result.sku
        and named_sku
        and named_sku != result.sku
        and named_sku == visible.sku
        and _STORE_CODE.search(page.body.text_content()[:200_000].replace(result.sku, "\0"))
    ):
        # Markup carrying the code a store's shelf label prints ("Store SKU #1000082135",
        # Home Depot, Lowe's) while the page labels the online listing's number ("Internet
        # #204279858"): a web shop's listing is what a crawl prices.
        result.sku = named_sku
        result.evidence["sku"] = FieldEvidence(named_sku, "heuristic", 0.7)
    if (
        result.sku
        and result.evidence["sku"].source != "heuristic"
        and (ref := vtex_ref_id(page, result.sku))
    ):
        # VTEX markup gives the platform's itemId ("9021") as the sku; the page prints the
        # item's RefId ("Referencia: TH-90211"), the shop's own code.
        result.sku = ref
        result.evidence["sku"] = FieldEvidence(ref, "heuristic", 0.7)
    if result.availability is None and (state := state_availability(page)):
        result.availability = state
        result.evidence["availability"] = FieldEvidence(state, "heuristic", 0.5)
    if result.availability is None and result.price is not None:
        # A price on offer and no word against it: shops say when they cannot sell.
        result.availability = "InStock"
        result.evidence["availability"] = FieldEvidence("InStock", "heuristic", 0.3)


# A store's shelf code label right before the markup's code (put in as \0 by the caller).
_STORE_CODE = re.compile(
    r"(?<![a-z])store (?:sku|item|so sku)\s*(?:#|no\.?|number)?\s*:?\s*\0", re.I
)


def _in_url(code: str, url: str | None) -> bool:
    """The code is a whole token of the URL's path or query (not part of a longer one), in
    any case: slugs are lowercased ("...-0431780p.html" for markup's "0431780P")."""
    return bool(url) and code.lower() in re.split(r"[^a-z0-9_]+", (url or "").lower())


_DESCRIPTION = re.compile(r"desc", re.I)


def _in_description(page: Page, code: str) -> bool:
    """The code is printed inside a block named for the product's description."""
    for el in page.body.xpath("//*[contains(text(), $code)]", code=code)[:3]:
        for node in (el, *islice(el.iterancestors(), 3)):
            if _DESCRIPTION.search(node.get("class") or ""):
                return True
    return False


def _slug_has(code: str, url: str | None) -> bool:
    """The code, hyphens and all, stands whole in the URL ("...-black-ad115o1b2-a11.html")."""
    pattern = rf"(?<![a-z0-9]){re.escape(code.lower())}(?![a-z0-9])"
    return bool(url) and re.search(pattern, (url or "").lower()) is not None


def _heading_names_better(heading: str | None, name: str | None, brand: str | None) -> bool:
    if not heading or not name or heading == name:
        return False
    extends = heading.startswith(name) and heading[len(name) : len(name) + 1] in (" ", ",")
    # "Sardinhas … – lata 120g" over markup's "… - lata 120g": the same words, the heading
    # with the dash the shopper reads (WordPress turns " - " into an en dash when it prints).
    dashes = _DASHES.sub("-", heading) == _DASHES.sub("-", name)
    # The brand set before the name on one side only: "Halo Smart Air Purifier" in markup
    # over <h1>Smart Air Purifier, or <h1><strong>Apple</strong> AirPods Pro over markup's
    # "AirPods Pro" (Galaxus/Digitec): either way the shopper reads the heading.
    branded = bool(brand) and (name == f"{brand} {heading}" or heading == f"{brand} {name}")
    # The product type set before the whole name ("Điện thoại Samsung Galaxy A56" over
    # markup's "Samsung Galaxy A56", a Vietnamese chain's headings): the heading is the title.
    kind = heading[: -len(name)] if heading.endswith(f" {name}") else ""
    # Words only: "Neu: AirPods Pro 2" is a badge before the name.
    typed = 0 < len(kind.split()) <= 3 and all(w.isalpha() for w in kind.split())
    # Words before the name that the name already says ("<span>Moulinex</span> Robot cuiseur
    # Moulinex Companion XL", Fnac/Darty's brand badge in the h1) are a badge, not its title.
    if kind and all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", name, re.I) for w in kind.split()):
        branded = typed = False
    return extends or branded or typed or dashes


_DASHES = re.compile(r"[–—‒−]")


# What follows the heading in an og:title: " | Salt & Timber Studio", " - Shop", "™".
_TITLE_TAIL = re.compile(r"\s*(?:[|:–—-]\s+\S.{0,60}|[™®]+)")


def _og_title_of(heading: str | None, name: str | None) -> bool:
    """og:title is the heading plus a shop's name or a trademark sign after it."""
    if not heading or not name or name == heading:
        return False
    if not name.startswith(heading):
        # "ソニー SONY WH-1000XM6 B" over <h1>WH-1000XM6 B [ワイヤレス…]: the maker set before
        # the model the heading begins with and goes on to describe.
        words = name.split()
        return any(heading.startswith(f"{' '.join(words[i:])} ") for i in range(1, len(words)))
    return _TITLE_TAIL.fullmatch(name[len(heading) :]) is not None


def _near(shown: Decimal, markup: Decimal) -> bool:
    """Within a factor of two: a stale or range price differs by a discount, not 100x (a shown
    price misread with its cents glued on must not overrule markup that is right)."""
    return markup / 2 <= shown <= markup * 2


def _live(button: HtmlElement | None) -> bool:
    return (
        button is not None
        and button.get("disabled") is None
        and "disabled" not in (button.get("class") or "").split()
    )


def _shown_currency(shown: Money, visible: Visible, page: Page) -> str | None:
    """The price's ISO currency; a bare price takes the page's, but a price printed with a
    unit that is not that currency's sign ("0.00098 BTC", "₿0.00098") has none we know."""
    if shown.currency:
        return shown.currency
    guess = _page_currency(visible, page)
    if guess is None or shown.shown is None:
        return guess
    locale = page.locale.language or "en"
    signs = {guess, _symbol(guess, page), get_currency_symbol(guess, locale="en")}
    try:
        signs.add(get_currency_symbol(guess, locale=locale))
    except Exception:  # babel: unknown locale
        pass
    return guess if shown.shown in signs else None


def _page_currency(visible: Visible, page: Page) -> str | None:
    """The currency of a price printed bare ("12 990:-", "199,-"): the one the other prices
    near it show, else the page's country's, else that of the country its language implies."""
    shown = Counter(s.money.currency for s in visible.spots if s.money.currency)
    if shown:
        return shown.most_common(1)[0][0]
    local = page.locale.default_currency()
    if local or not page.locale.language:
        return local
    territory = likely_territory(page.locale.language)
    return PageLocale(page.locale.language, territory).default_currency() if territory else None


def _symbol(currency: str, page: Page) -> str:
    try:
        locale = page.locale.language and (
            f"{page.locale.language}_{page.locale.territory}"
            if page.locale.territory
            else page.locale.language
        )
        return get_currency_symbol(currency, locale=locale or "en")
    except Exception:  # unknown locale in babel: the code itself is still what a user reads
        return currency
