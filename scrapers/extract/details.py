"""The brand and identifiers a page shows in its product details rather than in markup: a
brand line by the title ("Marque : ROWENTA", class "product-brand"), a spec table row
("Brand | Makita", "Merk | Festool") and codes listed far from the buy box (Amazon's "ASIN",
Target's "TCIN" under Specifications).

Read only for fields the markup and the buy box left empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from lxml.html import HtmlElement

from scrapers.extract.codes import (
    SKU_CLASS,
    labelled_gtin,
    labelled_mpn,
    labelled_sku,
    value_element,
    weak_mpn_label,
)
from scrapers.extract.layout import (
    WALK_BUDGET,
    classes,
    excluded,
    is_hidden,
    tab_panel,
    text_of,
    walk_texts,
)

_BRAND_LABEL = re.compile(
    r"^(brand|marke|marque|marca|merk|märke|mærke|merke|marka|hersteller|manufacturer|maker|"
    r"fabricant|fabrikant|producent|produttore|fabricante|tillverkare|valmistaja|"
    r"výrobce|výrobca|gyártó|ブランド名?|メーカー名?|브랜드명?|μάρκα|κατασκευαστής|"
    r"品牌(?:名称)?)"  # zh 'brand (name)'
    # A whole word ("Herstellernummer", "Hersteller-Nr." label a code), though cells may run
    # together ("BrandPhilips" from "<td>Brand</td><td>Philips</td>"); "メーカー希望小売価格" is
    # the maker's suggested price, not a maker label.
    # "Manufacturer's 1 year guarantee" is a possessive, no label.
    r"(?-i:(?![a-zäöüß\u3040-\u30ff\u4e00-\u9fff'’-]))\s*[:：\u200e\u200f]*\s*(.*)$",
    re.I,
)
# Class or test hooks naming the brand line: "product-brand", "fpBrand", "BuyBox_brand__e1",
# "pdp-header__brand", "product-manufacturer", Target's "ProductDetailBrand", Shopify themes'
# "product-single__vendor" — not Shopify's "payment-button__button--unbranded", nor Magento's
# "manufacturer-sku" attribute (the maker's part number).
# IdoSell names the producer "firm" (a.product_name__firm, projector_firm); Japanese carts
# (MakeShop's "itemMaker") the maker.
_BRAND_CLASS = re.compile(
    r"(?<!un)brand(?!ed)|manufacturer(?![-_]?(?:sku|number|part|code|nr))|__vendor|"
    r"product-vendor|product_name__firm|projector_firm|(?:item|product)[-_]?maker(?![a-z])",
    re.I,
)
# Link texts around a brand name: "Visit the Philips Store", "Shop all Ninja".
_BRAND_WRAPPER = re.compile(
    r"^(?:visit the (?P<a>.+?) store|shop all (?P<b>.+?)|more from (?P<c>.+?)|"
    r"alle artikel von (?P<d>.+?)|tous les produits (?P<e>.+?))$",
    re.I,
)
_MARKS = str.maketrans("", "", "\u200e\u200f")
# Trademark signs a shop's text sets after a brand ("Shop all Threshold™"): typography, not
# part of the name a brand line or spec row gives.
_TRADEMARKS = str.maketrans("", "", "™®©")


def _brand_value(text: str) -> str | None:
    """A brand-like short name: one to four words, not a sentence, not a bare number."""
    text = " ".join(text.translate(_MARKS).translate(_TRADEMARKS).split()).strip(" :|·,")
    wrapped = _BRAND_WRAPPER.match(text)
    if wrapped:
        text = next(v for v in wrapped.groupdict().values() if v)
    if not text or len(text) > 40 or len(text.split()) > 4 or text.isdigit():
        return None
    if ":" in text or any(c in text for c in "€$£%"):
        return None
    return text


def _next_value(el: HtmlElement, text: str) -> str:
    """The value after a label: the element's first child ("Marque : <a>ROWENTA</a>"), its
    tail, its next sibling, or the next table cell ("<td><b>Brand</b></td><td>Makita</td>")."""
    if len(el) and text == (el.text or "").translate(_MARKS).strip():
        return text_of(el[0])
    tail = (el.tail or "").translate(_MARKS).strip().lstrip(":").strip()
    if tail:
        return tail
    nxt = value_element(el)
    return text_of(nxt) if nxt is not None else ""


def labelled_brand(el: HtmlElement, text: str) -> str | None:
    """The brand in "Marque : ROWENTA", "Producent: Alpinus" or a "Brand | Makita" row."""
    text = text.translate(_MARKS).strip()
    if len(text) >= 60:
        return None
    label = _BRAND_LABEL.match(text)
    if not label:
        return None
    return _brand_value(label.group(2) or _next_value(el, text))


def shown_brand(area: HtmlElement) -> str | None:
    """The brand line by the title: an element whose class or test hook says "brand"."""
    for el in area.iter():
        if not isinstance(el.tag, str) or el.tag in ("img", "script", "meta", "link"):
            continue
        hooks = f"{classes(el)} {el.get('data-role') or ''} {el.get('itemprop') or ''}"
        if not _BRAND_CLASS.search(hooks) or excluded(el):
            continue
        text = text_of(el)
        label = _BRAND_LABEL.match(text) or _HOOKED_LABEL.match(text)
        value = _brand_value(label.group(2) if label else text)
        if value:
            return value
    return None


# Any one-or-two-word label before a colon in an element whose hook already says "brand"
# ('<span class="brand">Verlag: <a>Kranich Spiele</a></span>', a game's publisher; "Label:",
# "Designer:"): the hook names what follows, whatever word the shop labels it with.
_HOOKED_LABEL = re.compile(r"^([^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)?)\s*[:：]\s*(.+)$")


@dataclass
class Details:
    sku: str | None = None
    mpn: str | None = None
    brand: str | None = None
    gtin: str | None = None


def _sku_hook(el: HtmlElement) -> bool:
    """The label sits in a block a platform names as the product's code (PrestaShop's
    "product-reference" around "Référence"), so a generic label counts there."""
    parent = el.getparent()
    return bool(SKU_CLASS.search(el.get("class") or "")) or (
        parent is not None and bool(SKU_CLASS.search(parent.get("class") or ""))
    )


_MAX_PANELS = 8


def block_tabs(block: HtmlElement) -> list[HtmlElement]:
    """Closed tab panels among the product block's children and grandchildren (Magento's
    "More Information" beside the buy box rather than inside it): a few dozen elements
    looked at, never the block's whole subtree."""
    return [
        el
        for child in block
        for el in (child, *child)
        if isinstance(el.tag, str)
        and tab_panel(el)
        and is_hidden(el)
        and not excluded(el.getparent())
    ]


def tab_details(panels: list[HtmlElement]) -> Details:
    """Codes and brand listed under closed tabs by the buy box (a product shows its SKU in the
    buy box but its model number and brand only under "Specifications")."""
    found = Details()
    for panel in panels[:_MAX_PANELS]:
        details = page_details(panel)
        for key in ("sku", "mpn", "brand", "gtin"):
            if getattr(found, key) is None:
                setattr(found, key, getattr(details, key))
    return found


# Elements read in the blocks after the product's block: a spec table is a few hundred.
_AFTER_BUDGET = 200
_AFTER_BLOCKS = 3
_NOT_SPECS = re.compile(r"review|rating|comment|bewertung|avis|opinie|recensi|omdöm|anmeld", re.I)


def details_after(block: HtmlElement) -> Details:
    """Codes and brand in the blocks right after the product's block (a "Produktdetails" or
    "Caractéristiques" table below the buy box, OTTO, Fnac): the next few siblings, read in a
    walk bounded by element count, never the rest of the page."""
    found = Details()
    for sibling in islice(block.itersiblings(), _AFTER_BLOCKS):
        if not isinstance(sibling.tag, str) or sibling.tag in ("script", "style", "footer"):
            continue
        if excluded(sibling) or _NOT_SPECS.search(f"{classes(sibling)} {sibling.get('id') or ''}"):
            continue  # related products, reviews: no spec table there
        details = page_details(sibling, budget=_AFTER_BUDGET)
        for key in ("sku", "mpn", "brand", "gtin"):
            if getattr(found, key) is None:
                setattr(found, key, getattr(details, key))
    return found


def page_details(body: HtmlElement, budget: int = WALK_BUDGET) -> Details:
    """Labelled codes and brand anywhere on the page, first of each in document order, closed
    tabs included (shops list the codes under a "Specifications" tab)."""
    found = Details()
    weak_mpn = False
    for el, text in walk_texts(body, budget=budget, tabs=True):
        if found.sku is None:
            found.sku = labelled_sku(el, text, generic=_sku_hook(el))
        if found.mpn is None or weak_mpn:
            # A "Model | V15 Detect" row names the model; a later "Kod producenta" beats it.
            mpn = labelled_mpn(el, text)
            if mpn and (found.mpn is None or not weak_mpn_label(text)):
                found.mpn, weak_mpn = mpn, weak_mpn_label(text)
        if found.brand is None:
            found.brand = labelled_brand(el, text)
        if found.gtin is None:
            found.gtin = labelled_gtin(el, text)
        if found.sku and found.mpn and not weak_mpn and found.brand and found.gtin:
            break
    return found


_LOGO_BUDGET = 200  # images looked at: a page's gallery and badges, not a whole catalogue's


def logo_brand(block: HtmlElement) -> str | None:
    """The brand named only by its logo's alt text in a brand block (PrestaShop's
    "product-manufacturer" link around img.manufacturer-logo alt="Iwachu")."""
    for img in islice(block.iter("img"), _LOGO_BUDGET):
        hooks = " ".join(classes(n) for n in (img, *islice(img.iterancestors(), 2)))
        if _BRAND_CLASS.search(hooks) and not excluded(img):
            if value := _brand_value(img.get("alt") or ""):
                return value
    return None
