"""What a shopper sees: the price next to the title and buy button, a struck-through price,
and stock wording — for pages whose markup is missing, incomplete or stale.

Price candidates are texts carrying a currency sign and elements whose class says "price";
those inside related-product, header, cart or hidden blocks are dropped, and the rest are ranked
by how close they sit (in the tree) to the product title and the add-to-cart button.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml.etree import XPath
from lxml.html import HtmlElement

from scrapers.extract.document import Page
from scrapers.extract.money import _NUMBER_RE, Money, parse_money
from scrapers.extract.stock import phrase_availability

_SIGNS = ("€", "$", "£", "¥", "₹", "₩", "₺", "₽", "CHF", "zł", "Kč", "kr", "EUR", "USD", "GBP")
_CURRENCY_TEXT = XPath("//body//text()[" + " or ".join(f"contains(., '{s}')" for s in _SIGNS) + "]")
_PRICE_WORDS = ("price", "Price", "preis", "Preis", "prix", "precio", "prezzo", "prijs", "pris")
_PRICE_ELEMENTS = XPath(
    "//body//*["
    + " or ".join(f"contains(@class, '{w}')" for w in _PRICE_WORDS)
    + " or contains(@id, 'price') or @data-price-amount or @data-price]"
)
_SKIP_TAGS = {"script", "style", "noscript", "template", "option", "select", "textarea", "svg"}
_EXCLUDE = re.compile(
    r"related|recommend|upsell|up-sell|cross-?sell|similar|also[-_]?(bought|viewed|like)|"
    r"recently|you[-_]may|others[-_]|carousel|minicart|mini-cart|cart-drawer|header|footer|"
    r"\bnav|menu|breadcrumb|newsletter|cookie|bundle|accessor|zubeh(?:ö|oe)r|empfehl|aehnlich|ähnlich|"
    r"complete-the-look|shipping-bar|free-shipping|alternative|vergelijkbar|comparable|"
    r"similaires|similares|simili|frequently|together",
    re.I,
)
_EXCLUDE_TAGS = {"header", "footer", "nav", "product-recommendations", "aside"}
_HIDDEN = re.compile(
    r"(?:^|\s)(hidden|d-none|is-hidden|hide|u-hidden|display-none|screen-reader-text|sr-only|"
    r"visually-hidden)(?:\s|$)"
)
_STRONG_STRUCK = re.compile(
    r"(?<![a-z])(old|was|compare|strike|crossed|through|before|list-?price|uvp|rrp|msrp|"
    r"original|statt|streich|barr|tachado|vorher|basis-?price|former|ehemalig|precedente|"
    r"anterior)",
    re.I,
)
_WEAK_STRUCK = re.compile(r"regular", re.I)
_MAIN_HINT = re.compile(
    r"final|current|sale|special|now|actual|product-price|main|our|offer|hero|customer|"
    r"to-?pay|selling",
    re.I,
)
_REGULAR_LABEL = re.compile(
    r"\b(was|statt|uvp|rrp|msrp|list price|compare at|avant|prix de référence|antes|prima|"
    r"van|adviesprijs|instead of|regular price|originally|vorher|ehemals|prix barré)\b",
    re.I,
)
_NOT_A_PRICE = re.compile(
    r"%|open-?box|\bused\b|refurbished|renewed|pre-owned|gebraucht|b-ware|occasion|"
    r"reconditionn|reacondicionad|ricondizionat|tweedehands|shipping|versand|livraison|envío|envio|spedizione|verzend|installment|klarna|afterpay|"
    r"paypal|per month|/\s*mo\b|monat|/mois|par mois|al mes|al mese|per maand|save |spare |"
    r"sparen|économisez|ahorra|risparmi|bespaar|\boff\b|points|punkte|grundpreis|/\s*kg|"
    r"/\s*100\s*g|/\s*l\b|pro kg|per kg|le kg|cashback|gift card|orders over|ab \d+ ?€ bestellwert|"
    r"bestellwert|free over|gratis ab|dès \d",
    re.I,
)
_CART_WORDS = re.compile(
    r"add to (cart|bag|basket)|buy now|in den warenkorb|warenkorb|ajouter au panier|"
    r"añadir al carrito|añadir a la cesta|aggiungi al carrello|in winkelwagen|in winkelmand|"
    r"in mijn winkelwagen|sold out|ausverkauft|épuisé|agotado|esaurito|uitverkocht|pre-?order|"
    r"vorbestellen|précommander|notify me|benachrichtigen|kaufen|comprar|acheter|acquista|"
    r"bestellen",
    re.I,
)
_CART_ATTR = re.compile(
    r"add-?to-?cart|addtocart|add_to_cart|btn-cart|tocart|buy-button|product-form__submit|"
    r"single_add_to_cart|add-to-basket|buy-box|buybox",
    re.I,
)
_BUTTONS = XPath(
    "//body//button | //body//input[@type='submit'] | //body//a[contains(@class,'btn')]"
)
_TITLE_CLASS = XPath(
    "//body//*[contains(@class,'product-title') or contains(@class,'product-name') or "
    "contains(@class,'product_title') or contains(@class,'productName')]"
)
_STATE_CLASS = re.compile(r"sold-?out|out-?of-?stock|unavailable|is-disabled", re.I)


@dataclass
class PriceSpot:
    money: Money
    element: HtmlElement
    struck: int  # 0 not struck, 1 maybe (class "regular"), 2 struck through
    score: float


@dataclass
class Visible:
    """The visible evidence on a page, before it is merged with the markup."""

    title: str | None = None
    price: PriceSpot | None = None
    regular: PriceSpot | None = None
    spots: list[PriceSpot] = field(default_factory=list)
    availability: str | None = None
    sku: str | None = None
    cart_button: HtmlElement | None = None

    @property
    def discounted(self) -> bool:
        return bool(
            self.price and self.regular and self.regular.money.amount > self.price.money.amount
        )


def _classes(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _is_hidden(el: HtmlElement) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (
        el.get("hidden") is not None
        or "display:none" in style
        or "visibility:hidden" in style
        or bool(_HIDDEN.search(el.get("class") or ""))
    )


def _excluded(el: HtmlElement) -> bool:
    """Inside related products, header/footer, a cart drawer, or hidden/non-rendered markup."""
    for node in (el, *el.iterancestors()):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("body", "html"):
            return False
        if tag in _SKIP_TAGS or tag in _EXCLUDE_TAGS or _is_hidden(node):
            return True
        if _EXCLUDE.search(_classes(node)):
            return True
    return False


def _struck(el: HtmlElement) -> int:
    level = 0
    for depth, node in enumerate((el, *el.iterancestors())):
        if depth > 4 or node.tag in ("body", "form"):
            break
        if node.tag in ("del", "s", "strike"):
            return 2
        style = (node.get("style") or "").replace(" ", "").lower()
        if "line-through" in style:
            return 2
        if node.get("data-price-type") == "oldPrice" or node.get("data-a-strike") == "true":
            return 2
        tokens = [
            t for t in (node.get("class") or "").split() if not t.startswith(("with-", "has-"))
        ]
        if depth <= 2 and any(_STRONG_STRUCK.search(t) for t in tokens):
            return 2
        if depth <= 2 and any(_WEAK_STRUCK.search(t) for t in tokens):
            level = 1
    if level == 0 and len(el) and all(c.tag in ("del", "s", "strike") for c in el):
        return 2
    if _REGULAR_LABEL.match(_text(el)):
        return 2  # "List Price: $19.99", "statt 399,00 €", "Was $49"
    return level


def _depths(el: HtmlElement) -> dict[HtmlElement, int]:
    return {a: i for i, a in enumerate((el, *el.iterancestors()))}


def _distance(a_chain: dict[HtmlElement, int], el: HtmlElement) -> int:
    for i, node in enumerate((el, *el.iterancestors())):
        if node in a_chain:
            return i + a_chain[node]
    return 99


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _title(page: Page) -> HtmlElement | None:
    for h1 in page.root.iterfind(".//body//h1"):
        if not _excluded(h1) and _text(h1):
            return h1
    found = [el for el in _TITLE_CLASS(page.root) if not _excluded(el)]
    if found:
        return found[0]
    doc_title = _norm(page.root.findtext(".//head/title") or "")
    for heading in page.root.iterfind(".//body//h2"):
        text = _norm(_text(heading))
        if len(text) > 3 and text in doc_title and not _excluded(heading):
            return heading
    return None


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _cart_button(page: Page) -> HtmlElement | None:
    best = None
    for el in _BUTTONS(page.root):
        label = f"{_text(el)} {el.get('value') or ''} {el.get('aria-label') or ''}"
        attrs = f"{_classes(el)} {el.get('name') or ''}"
        if (_CART_WORDS.search(label) or _CART_ATTR.search(attrs)) and not _excluded(el):
            if _CART_ATTR.search(attrs) or el.get("name") in ("add", "add-to-cart"):
                return el
            best = best if best is not None else el
    return best


def _candidates(page: Page) -> list[HtmlElement]:
    seen: dict[HtmlElement, None] = {}
    for text in _CURRENCY_TEXT(page.root):
        parent = text.getparent()
        if parent is not None and text.is_tail:
            parent = parent.getparent()
        if parent is not None:
            seen.setdefault(parent, None)
    for el in _PRICE_ELEMENTS(page.root):
        seen.setdefault(el, None)
    return list(seen)


def _spot(el: HtmlElement, page: Page) -> Money | None:
    amount_attr = el.get("data-price-amount") or el.get("content")
    text = _text(el)
    if not text or len(text) > 60 or _NOT_A_PRICE.search(text):
        return None
    if len(_NUMBER_RE.findall(text)) > 1:
        if sum(1 for _ in _NUMBER_RE.finditer(text)) > 1 and len(el):
            return None
    money = parse_money(text, page.locale)
    if money is None:
        return None
    if amount_attr:
        machine = parse_money(amount_attr)
        if machine and machine.amount != money.amount and "." in amount_attr:
            money = Money(machine.amount, money.currency, money.shown)
    return money


def read_visible(page: Page) -> Visible:
    visible = Visible()
    title = _title(page)
    visible.title = _text(title) if title is not None else None
    visible.cart_button = button = _cart_button(page)
    anchors = [_depths(a) for a in (title, button) if a is not None]
    spots: list[PriceSpot] = []
    for el in _candidates(page):
        if _excluded(el):
            continue
        money = _spot(el, page)
        if money is None or money.amount == 0:
            continue
        if money.currency is None and _is_fragment(el):
            continue
        dist = min((_distance(a, el) for a in anchors), default=10)
        score = -float(dist)
        parent = el.getparent()
        cls = " ".join(_classes(n) for n in (el, parent) if n is not None)
        if any(w in cls.lower() for w in _PRICE_WORDS[::2]):
            score += 1.5
        if _MAIN_HINT.search(cls):
            score += 1.0
        if money.currency:
            score += 0.5
        if button is not None and button in (el, *el.iterancestors()):
            score -= 1.0
        spots.append(PriceSpot(money, el, _struck(el), score))
    # Keep the outermost of nested elements showing the same amount (the sign is often outside).
    amounts = {s.element: s.money.amount for s in spots}
    spots = [
        s
        for s in spots
        if not any(amounts.get(a) == s.money.amount for a in s.element.iterancestors())
    ]
    visible.spots = spots
    main = [s for s in spots if s.struck == 0] or [s for s in spots if s.struck == 1]
    if main and _on_request(page, title):
        main = []  # "Preis auf Anfrage": any other price on the page belongs to something else
    if main:
        visible.price = max(main, key=lambda s: s.score)
        visible.regular = _regular_for(visible.price, spots)
    visible.sku = _sku(page)
    visible.availability = _availability(page, visible, title)
    return visible


_SKU_LABELS = (
    r"sku|art\.?\s?-?nr\.?|artikelnummer|artikel-nr\.?|bestellnummer|produktnummer|référence|"
    r"réf\.?|ref\.?|referencia|código|codice articolo|codice|cod\.|item no\.?|item #|item number|"
    r"model no\.?|model #|model number|part no\.?|part number|productcode|artikelcode|"
    r"product code|ugs|code produit|code article|n° article|artikelnr\.?|art\.nr\.?|varenr\.?"
).split("|")
_SKU_LABEL = re.compile(
    "^(" + "|".join(sorted(_SKU_LABELS, key=len, reverse=True)) + r")\s*[:#.]?\s*(.*)$", re.I
)
_SKU_VALUE = re.compile(r"^(?=.*\d|[A-Z0-9]+[-_][A-Z0-9])[A-Za-z0-9][A-Za-z0-9._/-]{2,39}$")
_SKU_ELEMENTS = XPath(
    "//body//*[@itemprop='sku' or contains(concat(' ', @class, ' '), ' sku ') or "
    "contains(@class, 'ordernumber') or contains(@class, 'product-reference') or "
    "contains(@class, 'product-sku')]"
)


def _sku(page: Page) -> str | None:
    """A product code shown on the page: itemprop/class "sku", or a label such as "Art.-Nr.:"."""
    for el in _SKU_ELEMENTS(page.root):
        if _excluded(el):
            continue
        value = (el.get("content") or _text(el)).strip()
        label = _SKU_LABEL.match(value)
        value = label.group(2).strip() if label else value
        if _SKU_VALUE.match(value):
            return value
        nxt = el.getnext()
        if label and nxt is not None and _SKU_VALUE.match(_text(nxt)):
            return _text(nxt)
    return None


_ON_REQUEST = re.compile(
    r"price on request|call for price|preis auf anfrage|"
    r"prix sur demande|precio a consultar|precio bajo consulta|prezzo su richiesta|"
    r"prijs op aanvraag",
    re.I,
)


def _on_request(page: Page, title: HtmlElement | None) -> bool:
    region = _region(page, [title]) if title is not None else None
    if region is None:
        return False
    return any(_ON_REQUEST.search(text) for _, text in _walk_texts(region) if len(text) < 80)


def _is_fragment(el: HtmlElement) -> bool:
    """A piece of a split price ("14" of <span>14</span><sup>99</sup>) rather than a price."""
    parent = el.getparent()
    if parent is None or el.tag not in ("span", "sup", "sub", "small", "b", "strong", "em", "i"):
        return False
    own_text = _text(el)
    if not re.fullmatch(r"[.,]?\d{1,4}", own_text):
        return False
    parent_text = _text(parent)
    own = sum(c.isdigit() for c in own_text)
    return len(parent_text) < 40 and sum(c.isdigit() for c in parent_text) > own


def _regular_for(price: PriceSpot, spots: list[PriceSpot]) -> PriceSpot | None:
    chain = _depths(price.element)
    best: tuple[int, PriceSpot] | None = None
    for spot in spots:
        if spot is price or spot.money.amount <= price.money.amount:
            continue
        dist = _distance(chain, spot.element)
        labelled = _REGULAR_LABEL.search(_label_before(spot.element))
        if dist <= 5 and (spot.struck or labelled):
            if best is None or dist < best[0]:
                best = (dist, spot)
    return best[1] if best else None


def _label_before(el: HtmlElement) -> str:
    """Text just before a price ("statt", "Was", "UVP"), within its parent or itself."""
    own = _text(el)
    parent = el.getparent()
    before = ""
    if parent is not None:
        before = (parent.text or "") + " ".join(
            _text(s) + (s.tail or "") for s in el.itersiblings(preceding=True)
        )
    return f"{before[-40:]} {own}"


def _walk_texts(root: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """(element, own text) for rendered elements under root, skipping hidden/related subtrees."""
    stack = [root]
    while stack:
        el = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP_TAGS or tag in _EXCLUDE_TAGS or _is_hidden(el):
            continue
        if el is not root and _EXCLUDE.search(_classes(el)):
            continue
        own = (el.text or "").strip()
        if own:
            yield el, own
        parent = el.getparent()
        if el.tail and el.tail.strip() and parent is not None:
            yield parent, el.tail.strip()
        stack.extend(reversed(list(el)))


def _region(page: Page, anchors: list[HtmlElement]) -> HtmlElement:
    """The smallest block holding the title, price and button, widened by two levels."""
    if not anchors:
        return page.body
    chain = _depths(anchors[0])
    common = anchors[0]
    for other in anchors[1:]:
        for node in (other, *other.iterancestors()):
            if node in chain:
                common = node if chain[node] > chain.get(common, -1) else common
                break
    for _ in range(2):
        parent = common.getparent()
        if parent is None or parent.tag == "html":
            break
        common = parent
    return common


_RANK = {
    "Discontinued": 0,
    "OutOfStock": 1,
    "PreOrder": 2,
    "BackOrder": 3,
    "LimitedAvailability": 4,
    "InStock": 5,
}


def _availability(page: Page, visible: Visible, title: HtmlElement | None) -> str | None:
    anchors = [a for a in (title, visible.price and visible.price.element) if a is not None]
    if visible.cart_button is not None:
        anchors.append(visible.cart_button)
    region = _region(page, anchors)
    found: list[str] = []
    for el, text in _walk_texts(region):
        label = _SKU_LABEL.match(text) if visible.sku is None and len(text) < 60 else None
        if label:
            nxt = el.getnext()
            value = label.group(2).strip() or (_text(nxt) if nxt is not None else "")
            value = value.split(" ")[0].strip("|·,;:")
            if _SKU_VALUE.match(value):
                visible.sku = value
        if len(text) > 80 or el.tag == "a" and "btn" not in _classes(el):
            continue
        state = phrase_availability(text)
        if state is None:
            continue
        if state != "InStock" and _STATE_CLASS.search(el.get("class") or ""):
            # A sold-out badge every theme renders and CSS hides unless a parent says so.
            if not any(_STATE_CLASS.search(a.get("class") or "") for a in el.iterancestors()):
                continue
        found.append(state)
    button = visible.cart_button
    if button is not None and not found:
        label = phrase_availability(f"{_text(button)} {button.get('value') or ''}")
        if label:
            found.append(label)
    if (
        button is not None
        and (
            button.get("disabled") is not None or "disabled" in (button.get("class") or "").split()
        )
        and phrase_availability(_text(button)) != "InStock"
    ):
        # A disabled "Add to cart" usually waits for a size choice; a disabled button without
        # that label is a sold-out one.
        found.append("OutOfStock")
    if not found:
        return None
    return min(found, key=lambda s: _RANK[s])
