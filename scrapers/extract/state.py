"""Product facts a JavaScript shop keeps only in a JSON state blob: Next.js/Nuxt page data and
the product JSON older Shopify themes embed for their variant picker.

Read only when the markup and the visible page leave a field empty, so the blobs (often the
largest thing on a page) cost nothing on pages that say it elsewhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

from lxml.etree import XPath
from lxml.html import HtmlElement

from pricing.identifiers import is_valid_gtin
from scrapers.extract.document import Page
from scrapers.extract.model import ExtractedVariant
from scrapers.extract.stock import markup_availability

# The first stock status in a blob is the page's own product; recommendations come after it.
_STATE_STOCK = re.compile(
    r'"(?:availability|availabilityStatus|stockStatus|stock_status|inventoryStatus|stockState)"'
    r'\s*:\s*"([^"]{2,40})"|"stock"\s*:\s*\{\s*"status"\s*:\s*"([^"]{2,40})"'
)


def _json_scripts(page: Page) -> Iterator[HtmlElement]:
    """Scripts of JSON data: application/json, and vendor types such as Tesco's
    application/discover+json (JSON-LD is markup, read elsewhere)."""
    for script in page.elements("script"):
        kind = (script.get("type") or "").lower()
        json_data = kind == "application/json" or (
            kind.endswith("+json") and kind != "application/ld+json"
        )
        if json_data and script.text:
            yield script


def state_availability(page: Page) -> str | None:
    """Stock stated only in a state blob, for pages whose buy box renders client-side."""
    for script in _json_scripts(page):
        found = _STATE_STOCK.search(script.text)
        if found:
            return markup_availability(found.group(1) or found.group(2))
    return None


# A barcode in page data; the first is the page's own product, as with stock.
_STATE_GTIN = re.compile(r'"(?:gtin\d{0,2}|ean\d{0,2}|upc|barcode)"\s*:\s*"?(\d{8,14})\b')


def state_gtin(page: Page) -> str | None:
    """A barcode stated only in a state blob ("upc": "840123457714"), check digit valid."""
    for script in _json_scripts(page):
        found = _STATE_GTIN.search(script.text)
        if found:
            return _barcode(found.group(1))
    return None


# A brand in page data: '"brand": "Samsung"', '"brand": {"name": "Samsung"}' or Trendyol's
# '"brand": {"id": 104, "name": "Koton"}'.
_STATE_BRAND = re.compile(
    r'"brand"\s*:\s*(?:\{\s*(?:"id"\s*:\s*"?\w{1,20}"?\s*,\s*)?"name"\s*:\s*)?"([^"\\]{2,40})"'
)
# An inline script assigning the page's data to a global ("window.__INITIAL_STATE__ = {",
# "window.digitalData={"): state as JSON, under a JavaScript name.
_STATE_ASSIGNMENT = re.compile(r"\s*window\.[\w$]{1,60}\s*=\s*\{")


def _state_scripts(page: Page) -> Iterator[HtmlElement]:
    """JSON data scripts, then inline scripts that assign page data to a window global."""
    yield from _json_scripts(page)
    for script in page.elements("script"):
        if not script.get("type") and script.text and _STATE_ASSIGNMENT.match(script.text):
            yield script


def state_brand(page: Page, heading: str | None) -> str | None:
    """The first brand a state blob names (Next.js's product props), taken only when the
    page's heading shows it as written ("Heladera No Frost Samsung RT38..."): the blob
    confirms which word of the name is the brand, and a blob's other products are not read."""
    if not heading:
        return None
    words = heading.split()
    for script in _state_scripts(page):
        found = _STATE_BRAND.search(script.text)
        if found:
            brand = found.group(1).strip()
            n = len(brand.split())
            shown = any(" ".join(words[i : i + n]) == brand for i in range(len(words)))
            return brand if shown else None
    return None


# The listing's code ending a URL's path: ".../odkurzacz-dyson-v15-13879123456", "/itm/2857",
# Amazon's "/dp/B0C7K9TQ4M", ".../f-1101438-row3221614012.html", "/products/312487651", noon's
# ".../N70104785V/p/".
_URL_CODE = re.compile(r"[-/_]((?=[A-Za-z]*\d)[A-Za-z0-9]{6,20})(?:\.html?|/p)?/?$")
# What stands before that code where the page's own data or cart names it as the item's id:
# a JSON key ('"offerId": "...', '"itemId": ', '"productSku": "'), a buy button's data
# attribute (data-product-id, data-sku) or a cart form's hidden input (name="ASIN" value=).
_ID_BEFORE = re.compile(
    r'(?:"(?:id|offerId|itemId|item_id|productId|product_id|productSku|sku|asin|articleId)"'
    r'\s*:\s*"?|data-(?:sku|product-?id|item-?id|offer-?id)="|'
    r'name="(?:asin|itemid|item_id|sku|product_?id|productid|offerid)"\s+value=")$',
    re.I,
)


def state_listing_id(page: Page, url: str | None) -> str | None:
    """The code that ends the page's URL when the page's own data or cart names it as the
    item's id (a marketplace offer's number, '"offer": {"id": "13879123456"', a basket button's
    data-product-id, Amazon's ASIN input): two sources agreeing on the listing's code on a
    page that prints none. Returned as the page writes it (Cdiscount's URL is lower case)."""
    found = _URL_CODE.search(urlparse(url or "").path)
    if not found:
        return None
    source = page.source
    code = found[1]
    needle = re.compile(re.escape(code.encode() if isinstance(source, bytes) else code), re.I)
    for hit in needle.finditer(source):
        after = source[hit.end() : hit.end() + 1]
        if after and (after.isalnum() if isinstance(after, str) else after.isalnum()):
            continue
        before = source[max(0, hit.start() - 40) : hit.start()]
        if isinstance(before, bytes):
            before = before.decode("utf-8", "replace")
        if _ID_BEFORE.search(before):
            shown = hit.group(0)
            return shown.decode() if isinstance(shown, bytes) else shown
    return None


def vtex_ref_id(page: Page, item_id: str) -> str | None:
    """The shop's reference code ('RefId') a VTEX store keeps for the item whose platform id
    the markup gives as its sku ('"itemId": "9021", … "referenceId": [{"Key": "RefId", "Value":
    "TH-90211"}]' in __STATE__), when the page prints it ('Referencia: TH-90211', 'SKU:
    PD-118204'): the code the shop shows is its item number, the itemId only the platform's."""
    if not page.mentions("referenceId"):
        return None
    source = page.source
    if isinstance(source, bytes):
        source = source.decode("utf-8", "replace")
    found = re.search(
        rf'"itemId"\s*:\s*"{re.escape(item_id)}"[^{{}}]{{0,400}}?"referenceId"\s*:\s*\[\s*'
        r'\{\s*"Key"\s*:\s*"RefId"\s*,\s*"Value"\s*:\s*"([^"\\]{1,40})"',
        source,
    )
    if not found or found[1] == item_id:
        return None
    code = found[1]
    for el in page.body.xpath("//*[contains(text(), $code)]", code=code)[:5]:
        if el.tag in ("script", "template", "style") or any(
            a.tag in ("script", "template") for a in el.iterancestors()
        ):
            continue
        return code
    return None


def shopify_variants(page: Page, url: str | None) -> tuple[list[ExtractedVariant], int | None]:
    """Variants from a Shopify theme's product JSON, and which one the page shows: the URL's
    ?variant=, else the picker's selected option, else the first available one."""
    for script in _json_scripts(page):
        if not (script.get("id") or "").startswith("ProductJson"):
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            return [], None
        raw = [v for v in data.get("variants") or [] if isinstance(v, dict)]
        variants = [
            ExtractedVariant(
                sku=v.get("sku") or None,
                gtin=_barcode(v.get("barcode")),
                name=v.get("title"),
                price=Decimal(v["price"]) / 100 if isinstance(v.get("price"), int) else None,
                availability="InStock" if v.get("available") else "OutOfStock",
            )
            for v in raw
        ]
        ids = [str(v.get("id")) for v in raw]
        chosen = _chosen_id(page, url)
        if chosen in ids:
            return variants, ids.index(chosen)
        stocked = [i for i, v in enumerate(raw) if v.get("available")]
        return variants, (stocked or [0])[0] if variants else None
    return [], None


def _barcode(value: object) -> str | None:
    digits = "".join(c for c in str(value or "") if c.isdigit())
    return digits if digits and is_valid_gtin(digits) else None


def _chosen_id(page: Page, url: str | None) -> str | None:
    if url:
        picked = parse_qs(urlparse(url).query).get("variant")
        if picked:
            return picked[0]
    for select in page.elements("select"):
        if select.get("name") == "id":
            for option in select.iter("option"):
                if option.get("selected") is not None:
                    return option.get("value")
    return cart_variant(page)


def cart_variant(page: Page) -> str | None:
    """The variant id a Shopify add-to-cart form posts: its selected <select name="id">
    option, or its <input type="hidden" name="id">."""
    for form in page.in_body(page.elements("form")):
        if "/cart/add" not in (form.get("action") or ""):
            continue
        for field in form.iter("select", "input"):
            if field.get("name") != "id":
                continue
            if field.tag == "input" and field.get("value"):
                return field.get("value")
            for option in field.iter("option"):
                if option.get("selected") is not None:
                    return option.get("value")
    return None


_VARIANTS_KEY = re.compile(r'"variants"\s*:\s*\[')


def state_variants(page: Page, area: HtmlElement, blobs: bool = True) -> list[ExtractedVariant]:
    """Variants in a picker's data-variants attribute inside the product's block (Squarespace)
    or, with ``blobs``, in a JavaScript shop's page data (Next.js "variants": [...]); the
    first list is the page's product."""
    texts = [el.get("data-variants") or "" for el in _DATA_VARIANTS(area)]
    if blobs:
        texts += [s.text for s in _json_scripts(page)]
    for text in texts:
        if '"variants"' not in text and not text.lstrip().startswith("["):
            continue  # a plain substring test first: state blobs run to megabytes
        found = _VARIANTS_KEY.search(text) or re.match(r"\s*\[", text)
        if not found:
            continue
        try:
            raw, _ = json.JSONDecoder().raw_decode(text, found.end() - 1)
        except ValueError:
            continue
        variants = [_state_variant(v) for v in raw if isinstance(v, dict)]
        if len(variants) > 1 and all(v.sku or v.name for v in variants):
            return variants
    return []


# Through the attribute axis: libxml2 then tests each element's attributes instead of first
# gathering every descendant and filtering them (same nodes, same order; half the time).
_DATA_VARIANTS = XPath("descendant::*/@data-variants/parent::*")


def _state_variant(raw: dict) -> ExtractedVariant:
    stock = raw.get("stock")
    if isinstance(stock, dict):
        stock = None if stock.get("unlimited") else stock.get("quantity")
    available = raw.get("available")
    if available is None and isinstance(stock, int | float):
        available = stock > 0
    name = raw.get("title") or raw.get("name") or raw.get("size")
    if name is None and isinstance(raw.get("attributes"), dict):
        name = " / ".join(str(v) for v in raw["attributes"].values())
    return ExtractedVariant(
        sku=str(raw["sku"]) if raw.get("sku") else None,
        gtin=_barcode(raw.get("ean") or raw.get("gtin") or raw.get("barcode")),
        name=str(name) if name is not None else None,
        availability=None if available is None else "InStock" if available else "OutOfStock",
    )
