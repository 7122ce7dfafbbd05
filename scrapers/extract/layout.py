"""Where things sit on a product page: the title, the buy button, the block around them, and
the parts a shopper does not look at (hidden, header/footer, related products).

Big pages are big because of menus, state blobs and product grids, so searches start in the
block around the title and button and only fall back to the whole body when that finds nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from lxml.html import HtmlElement

from scrapers.extract.document import Page

SKIP_TAGS = {"script", "style", "noscript", "template", "option", "select", "textarea", "svg"}
_EXCLUDE = re.compile(
    r"related|recommend|upsell|up-sell|cross-?sell|similar|also[-_]?(bought|viewed|like)|"
    r"recently|you[-_]may|others[-_]|carousel|minicart|mini-cart|cart-drawer|"
    r"breadcrumb|newsletter|cookie|bundle|accessor|zubeh(?:ö|oe)r|empfehl|aehnlich|"
    r"ähnlich|complete-the-look|shipping-bar|free-shipping|alternative|vergelijkbar|comparable|"
    r"similaires|similares|simili|frequently|together|relacionad|correlat|sponsor|"
    r"(?:^|\s)(?:[a-z]-)?reco(?:$|\s|_)|other-?(?:offers|sellers)",
    re.I,
)
# A block whose own heading names other products ("You might also like", "Produits
# apparentés"), whatever its classes are called.
_OTHERS_HEADING = re.compile(
    r"also like|might like|may like|also bought|also viewed|customers also|related|similar|"
    r"alternativ|recommended|auch gefallen|könnte (?:dir|ihnen)|ähnliche|kunden kauften|"
    r"vous aimerez|ont aussi|apparentés|también te|relacionados|te puede interesar|"
    r"potrebbero interessarti|correlati|ook iets voor|vaak samen|köpte även|kanske också|"
    r"kupili także|podobne|inne oferty|købte også|kjøpte også|kan også lide|liker kanskje|"
    r"more from|mehr von|plus de produits|más de este|altro da|meer van|mer från|więcej od|"
    # cs/sk "related/similar goods", pl "related products", fi "similar products".
    r"související|souvisiace|podobné|příslušenství|powiązane|samankaltaiset|liittyvät",
    re.I,
)
_HEADINGS = ("h2", "h3", "h4", "b", "strong")  # old table shops head blocks with a <b>
# Site chrome by class/id token: "header", "site-header", "header__icons", "page-footer", "nav",
# "mega-menu" — but not "product-header" or "pdp-header", which hold the product's own title.
_CHROME = re.compile(
    r"^(?:site|page|main|global|shop|top|mega)?[-_]?"
    r"(?:header|footer|nav|navbar|navigation|menu|masthead|topbar)(?:$|[-_].*)",
    re.I,
)
_EXCLUDE_TAGS = {"nav", "product-recommendations", "aside"}
# "<aside class=kw-buybox>": marketplaces set the buy box beside the product's details in an
# aside, which otherwise holds a sidebar; one named for the buy box is the product's own.
_BUY_BOX = re.compile(r"buy[-_]?box", re.I)


def _excluded_tag(el: HtmlElement, tag: str) -> bool:
    return tag in _EXCLUDE_TAGS and not (tag == "aside" and _BUY_BOX.search(classes(el)))


_CONTENT_TAGS = {"main", "article"}
_HIDDEN = re.compile(
    r"(?:^|\s)(hidden|d-none|is-hidden|hide|u-hidden|display-none|screen-reader-text|sr-only|"
    r"visually-hidden|hidden-text|screenreader|screen-reader|a11y-hidden)(?:\s|$)"
)
_CART_WORDS = re.compile(
    r"add to (cart|bag|basket)|buy now|book now|in den warenkorb|warenkorb|ajouter au panier|"
    r"añadir al carrito|añadir a la cesta|aggiungi al carrello|in winkelwagen|in winkelmand|"
    r"in mijn winkelwagen|sold out|ausverkauft|épuisé|agotado|esaurito|uitverkocht|pre-?order|"
    r"vorbestellen|précommander|notify me|benachrichtigen|kaufen|comprar|acheter|acquista|"
    r"bestellen|reserveer|einkaufswagen|buy it now|do koszyka|i varukorgen|slutsåld|"
    r"læg i kurv|legg i handlekurv|forudbestil|udsolgt|køb nu|kjøp nå",
    re.I,
)
_CART_ATTR = re.compile(
    r"add-?to-?cart|addtocart|add_to_cart|btn-cart|tocart|buy-button|product-form__submit|"
    r"single_add_to_cart|add-?to-?basket|buy-box|buybox|buy-?now|preorder",
    re.I,
)
# Rakuten shops' item pages have no h1: the title is the "item_name" span.
# JD.com's and its imitators' "sku-name": the product's name where the page has no h1.
_TITLE_CLASS = re.compile(
    r"product[-_]?title|product[-_]?name|productName|\bitem_name\b|(?:^|[-_\s])sku-name(?:$|\s)",
    re.I,
)
WIDEN = 3  # levels above the title/button block that still count as the product's area


# An element's hook string, remembered until the page is forgotten: the walks, the price
# candidates and the exclusion checks each ask for it (~140 times a page for ~50 elements).
# A pure function of the element, so threads sharing the dict can only ever agree.
_HOOKS: dict[HtmlElement, str] = {}


def classes(el: HtmlElement) -> str:
    """Class, id and the hooks site builders name parts by (Wix data-hook, data-test[id])."""
    hooks = _HOOKS.get(el)
    if hooks is None:
        hook = el.get("data-hook") or el.get("data-testid") or el.get("data-test")
        base = f"{el.get('class') or ''} {el.get('id') or ''}"
        hooks = _HOOKS[el] = f"{base} {hook}" if hook else base
    return hooks


def text_of(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def is_hidden(el: HtmlElement) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (
        el.get("hidden") is not None
        or "display:none" in style
        or "visibility:hidden" in style
        or bool(_HIDDEN.search(el.get("class") or ""))
    )


def _is_chrome(node: HtmlElement, tag: str, hooks: str | None = None) -> bool:
    """Site header/footer/menu, told apart from an <article>'s own <header> with the title.
    ``hooks`` is ``classes(node)`` when the caller has it already."""
    if tag in ("header", "footer"):
        return not any(a.tag in _CONTENT_TAGS for a in node.iterancestors())
    return _chrome_hooks(classes(node) if hooks is None else hooks)


# The class/id verdicts below are pure functions of the hook string, and a page repeats a few
# dozen such strings over thousands of elements: remembered, the walks over a big buy box's
# surroundings cost a dictionary lookup per element instead of a long case-blind regex.
@lru_cache(maxsize=4096)
def _chrome_hooks(hooks: str) -> bool:
    return any(_CHROME.match(token) for token in hooks.split())


def hooks_matcher(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether a node's class/id string matches ``pattern``: a page repeats a few dozen hook
    strings, so each verdict is remembered instead of searched again per node."""

    @lru_cache(maxsize=4096)
    def says(hooks: str) -> bool:
        return bool(pattern.search(hooks))

    return says


_excluding_hooks = hooks_matcher(_EXCLUDE)


def _excludes_itself(node: HtmlElement) -> bool:
    tag = node.tag if isinstance(node.tag, str) else ""
    return (
        tag in SKIP_TAGS
        or _excluded_tag(node, tag)
        or is_hidden(node)
        or _excluding_hooks(hooks := classes(node))
        or _is_chrome(node, tag, hooks)
        or _headed_as_others(node)
    )


def _headed_as_others(node: HtmlElement) -> bool:
    """A block whose heading names other products: its first child, or the heading just
    before it ("<h3>You might also like</h3><table>...</table>" on old table shops)."""
    first = next(iter(node), None)
    if first is not None and first.tag in _HEADINGS and _names_others(first):
        return True
    before = node.getprevious()
    return before is not None and before.tag in _HEADINGS[:3] and _names_others(before)


def _names_others(first: HtmlElement) -> bool:
    heading = " ".join(first.text_content().split())[:80]
    if first.tag in ("b", "strong") and (
        len(heading) > 40 or _PRICE_WORD.search(heading) or any(c.isdigit() for c in heading)
    ):
        return False  # "<b>Recommended retail price</b>" labels a price, it heads no block
    return bool(_OTHERS_HEADING.search(heading))


_PRICE_WORD = re.compile(r"price|prix|preis|prezzo|precio|prijs|pris|cena|€|\$|£", re.I)


# Verdicts per element, shared by every call on one page (per thread): a grid of 300 related
# products then costs one walk up to <body>, not 300.
_local = threading.local()


def _cache() -> dict[HtmlElement, bool]:
    cache = getattr(_local, "verdicts", None)
    if cache is None:
        cache = _local.verdicts = {}
    return cache


def excluded(el: HtmlElement) -> bool:
    """Inside related products, header/footer, a cart drawer, or hidden/non-rendered markup."""
    _verdicts = _cache()
    chain = []
    verdict = False
    for node in (el, *el.iterancestors()):
        if node in _verdicts:
            verdict = _verdicts[node]
            break
        if node.tag in ("body", "html"):
            break
        chain.append(node)
        if _excludes_itself(node):
            verdict = True
            break
    if verdict:
        # Every element on the walked chain sits inside the excluded block.
        for node in chain:
            _verdicts[node] = True
    elif chain:
        for node in chain:
            _verdicts[node] = False
    return verdict


def _walks() -> dict[tuple[HtmlElement, int, bool], list[tuple[HtmlElement, str | None]]]:
    walks = getattr(_local, "walks", None)
    if walks is None:
        walks = _local.walks = {}
    return walks


def forget_page() -> None:
    """Drop cached verdicts and walks (called once per page so no tree outlives its
    extraction)."""
    _cache().clear()
    _walks().clear()
    _HOOKS.clear()


def depths(el: HtmlElement) -> dict[HtmlElement, int]:
    """Each ancestor of el (and el) with its distance from el."""
    return {a: i for i, a in enumerate((el, *el.iterancestors()))}


def distance(chain: dict[HtmlElement, int], el: HtmlElement) -> int:
    """Tree distance from el to the element whose ``depths`` chain is given."""
    for i, node in enumerate((el, *el.iterancestors())):
        if node in chain:
            return i + chain[node]
    return 99


def title_element(page: Page) -> HtmlElement | None:
    """The product's title: the first h1 outside excluded blocks, else a product-title class,
    else a heading repeated in <title>."""
    doc_parts = [norm(p) for p in _TITLE_SPLIT.split(page.title)]
    shop_name = doc_parts[-1] if len(doc_parts) > 1 else None
    for h1 in page.elements("h1"):
        text = text_of(h1)
        # "<h1>Le Rucher du Plateau</h1>" on "Miel de bruyère - 500 g | Le Rucher du Plateau":
        # old shops head every page with their name; the product's heading comes after.
        if not excluded(h1) and text and norm(text) != shop_name:
            return h1
    for el in page.body.iter("div", "span", "p", "h2"):
        if _TITLE_CLASS.search(el.get("class") or "") and not excluded(el) and text_of(el):
            return el
    doc_title = norm(page.title)
    # "<title>Skål "Fjord" - Shop</title>" over "<h2>Skål "Fjord" Ø 22 cm</h2>": the heading
    # may say more than the title's product part, which may also follow the shop's name
    # ("Cedar & Sage Soap Co. - Smudge Bar" over "<h2>Smudge Bar — white sage ...</h2>").
    parts = [p.strip() for p in _TITLE_SPLIT.split(doc_title)]
    parts = [p for p in parts if len(p.split()) >= 2]
    for heading in page.body.iter("h2", "h3"):
        text = norm(text_of(heading))
        if len(text) > 3 and not excluded(heading):
            if text in doc_title or any(text.startswith(p) for p in parts):
                return heading
    return None


_TITLE_SPLIT = re.compile(r"\s[-|–—:]\s")


def _buttons(root: HtmlElement) -> Iterator[HtmlElement]:
    for el in root.iter("button", "input", "a"):
        # <input type="image" alt="Add to Cart">: the PayPal / old-shop picture button.
        if el.tag == "button" or (el.tag == "input" and el.get("type") in ("submit", "image")):
            yield el
        elif el.tag == "a" and "btn" in (el.get("class") or ""):
            yield el


def cart_button(page: Page, near: HtmlElement | None) -> HtmlElement | None:
    """The add-to-cart (or sold-out / pre-order) button, searched near the title first."""
    for root in ([near] if near is not None else []) + [page.body]:
        best = None
        for el in _buttons(root):
            label = f"{text_of(el)} {el.get('value') or ''} {el.get('aria-label') or ''}"
            if el.get("type") == "image":
                label = f"{label} {el.get('alt') or ''}"
            attrs = f"{classes(el)} {el.get('name') or ''}"
            if (_CART_WORDS.search(label) or _CART_ATTR.search(attrs)) and not excluded(el):
                if _CART_ATTR.search(attrs) or el.get("name") in ("add", "add-to-cart"):
                    return el
                best = best if best is not None else el
        if best is not None:
            return best
    return None


def widen(el: HtmlElement, levels: int) -> HtmlElement:
    """el's ancestor ``levels`` up, stopping below <body>."""
    for _ in range(levels):
        parent = el.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        el = parent
    return el


def region(page: Page, anchors: Iterable[HtmlElement | None], levels: int = WIDEN) -> HtmlElement:
    """The smallest block holding all anchors, widened by ``levels``; <body> without anchors."""
    found = [a for a in anchors if a is not None]
    if not found:
        return page.body
    chain = depths(found[0])
    common = found[0]
    for other in found[1:]:
        for node in (other, *other.iterancestors()):
            if node in chain:
                common = node if chain[node] > chain.get(common, -1) else common
                break
    if common.tag in ("body", "html"):
        return page.body
    return widen(common, levels)


# Elements one text walk reads at most. A buy box holds dozens; what lies past thousands (the
# 40,000 reviews of a 5 MB page) is not about the offer, and reading it cost seconds a page.
WALK_BUDGET = 4000


def tab_panel(el: HtmlElement) -> bool:
    """A tab's panel (role="tabpanel", Bootstrap's "tab-pane"): hidden only until its tab is
    clicked, so what it lists ("Specifications": ASIN, UPC, Référence) is shown on the page."""
    return el.get("role") == "tabpanel" or "tab-pane" in (el.get("class") or "")


def walk_texts(
    root: HtmlElement,
    budget: int = WALK_BUDGET,
    tabs: bool = False,
    closed: list[HtmlElement] | None = None,
) -> Iterator[tuple[HtmlElement, str]]:
    """(element, own text) for rendered elements under root, in document order, skipping
    hidden/related subtrees and stopping after ``budget`` elements; with ``tabs`` the panels
    of closed tabs are read too, else those skipped are added to ``closed`` if given.

    A walk read to its end is kept for the page: the price's on-request check and the stock
    reading walk the same buy box (the tree never changes after parsing)."""
    key = (root, budget, tabs)
    steps = _walks().get(key)
    if steps is None:
        return _walk(root, budget, tabs, closed, key)
    return _replay(steps, closed)


def _replay(
    steps: list[tuple[HtmlElement, str | None]], closed: list[HtmlElement] | None
) -> Iterator[tuple[HtmlElement, str]]:
    for el, text in steps:
        if text is not None:
            yield el, text
        elif closed is not None:
            closed.append(el)


def _walk(
    root: HtmlElement,
    budget: int,
    tabs: bool,
    closed: list[HtmlElement] | None,
    key: tuple[HtmlElement, int, bool],
) -> Iterator[tuple[HtmlElement, str]]:
    steps: list[tuple[HtmlElement, str | None]] = []  # a closed tab's panel with no text
    stack = [root]
    while stack and budget > 0:
        budget -= 1
        el = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP_TAGS or _excluded_tag(el, tag):
            continue
        if is_hidden(el):
            if not (tabs and tab_panel(el)):
                if tab_panel(el):
                    steps.append((el, None))
                    if closed is not None:
                        closed.append(el)
                continue
        if el is not root and (
            _excluding_hooks(hooks := classes(el))
            or _is_chrome(el, tag, hooks)
            or _headed_as_others(el)
        ):
            continue
        own = (el.text or "").strip()
        if own:
            steps.append((el, own))
            yield el, own
        parent = el.getparent()
        if el is not root and el.tail and el.tail.strip() and parent is not None:
            tail = el.tail.strip()
            steps.append((parent, tail))
            yield parent, tail
        stack.extend(reversed(list(el)))
    _walks()[key] = steps  # read to the end: a caller that stopped early leaves nothing
