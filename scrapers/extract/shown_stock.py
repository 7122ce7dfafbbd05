"""Stock as the page shows it around the buy box: stock lines and buttons, lines about one
shop or one fulfilment channel (pickup vs shipping), size pickers, sold-out badges themes always
render, and store-only wording that beats the markup's "out of stock".

Sold in shops only, the shops' stock is the item's: in stock at a shop reads InStock (the
labelling convention: "can't be ordered online but in stock in the selected store is InStock"),
a count of 1-8 or few left there LimitedAvailability, none in any shop OutOfStock.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from scrapers.extract.codes import labelled_gtin, labelled_mpn, labelled_sku, weak_mpn_label
from scrapers.extract.details import labelled_brand
from scrapers.extract.document import Page
from scrapers.extract.layout import classes, region, text_of, walk_texts
from scrapers.extract.stock import phrase_availability

if TYPE_CHECKING:
    from scrapers.extract.visible import Visible

_STATE_CLASS = re.compile(r"sold-?out|out-?of-?stock|unavailable|is-disabled", re.I)
_RANK = {
    "Discontinued": 0,
    "OutOfStock": 1,
    "PreOrder": 2,
    "BackOrder": 3,
    "LimitedAvailability": 4,
    "InStock": 5,
}


# "Not available for pickup", "Nicht im Markt verfügbar": about shops, not the online stock.
_STORE_CONTEXT = re.compile(
    r"in[- ]store|store|pick-?up|nearby|abholung|im markt|in der filiale|en magasin|retrait|"
    r"en tienda|recogida|in negozio|ritiro|in de winkel|afhalen|i butik|w sklepie|märkten|"
    r"filiale|in deiner nähe|near you|collect|recoger|varuhus|hämta|\bbranch\b|w salonie|"
    r"butikk|myymälä",  # nb "hent i butikk", fi "Myymälässä Helsinki: ei varastossa"
    re.I,
)
# "Online nicht verfügbar" beside "in 12 Märkten verfügbar": the shops have it, the web shop not.
_ONLINE = re.compile(
    r"\bonline\b|en ligne|\bweb\b|webblag|internet|for delivery|a domicilio|"
    r"à domicile|livraison|lieferung|consegna|bezorg|shipping|\bdelivery\b|versand|envío|"
    r"spedizione|levering|leverans|dostawa|wysyłka|nettlager|nettbutikk|verkkokaup",
    re.I,
)
_STORE_ONLY = re.compile(
    r"\b(?:in[- ]store only|only (?:available )?in (?:store|shops?)|pick-?up only|"
    r"click (?:&|and) collect only|nur im markt|nur in der filiale|nur (?:zur )?abholung|"
    r"uniquement en magasin|uniquement en retrait|solo en tienda|solo recogida|"
    r"solo (?:con )?ritiro|solo in negozio|alleen in de winkel|alleen afhalen|"
    r"available in stores? only|store pick-?up only|sólo en tienda|nur im geschäft|"
    r"nur im laden|endast i butik|bara i butik|kun i butikk(?:en)?|kun i butik(?:ken)?|"
    r"tylko w sklepie|wyłącznie w (?:sklepie|salonie)|tylko w salonie|"
    r"alleen verkrijgbaar in de winkel|"
    # hu cs sk ro hr sl bg el tr ru uk lt lv et fi: "only in our stores / in person"
    r"csak (?:személyesen|(?:az )?(?:áruház|üzlet)\w*)|(?:pouze|jen|iba|len) (?:na|v) "
    r"(?:prodejn|predajn)\w*|(?:pouze|jen|iba|len) (?:k )?osobn\w+ odb\w+|"
    r"doar în magazin\w*|samo u (?:trgovin|poslovnic)\w*|samo v (?:trgovin|poslovaln)\w*|"
    r"само в магазин\w*|μόνο (?:στο|στα|σε) κατάστημ\w*|(?:sadece|yalnızca) mağaza\w*|"
    r"только в магазин\w*|(?:тільки|лише) в магазин\w*|tik (?:fizinėse )?parduotuvė\w*|"
    r"tikai veikal\w*|ainult kauplus\w*|vain myymälä\w*)",
    re.I,
)
_PICKER = re.compile(r"swatch|variant|picker|selector", re.I)


# A line about stock ("Disponibilità immediata", "Auf Lager"), not a buy button's verb.
_STOCK_WORD = re.compile(
    r"stock|lager|disponib|voorraad|leverbar|lieferbar|magazzino|magazyn|dostępn|immedia",
    re.I,
)


_AT_PLACE = re.compile(r"\b(?:at|in|bei|à|en|i|w|på|hos|bij|op|em|na)\s+[A-ZÀ-Ý]")
# A line in a block whose class names a shop's stock ("buy-module__store", "store-availability",
# "pickup-info"); "storefront" (a WooCommerce theme's class) is none.
_STORE_HOOK = re.compile(
    r"(?:^|[-_\s])(?:store|stores|pickup|instore|in-store|click-?and-?collect)(?:$|[-_\s])",
    re.I,
)


_CHANNEL_HEADINGS = ("h2", "h3", "h4", "h5", "h6", "dt", "legend")


def _channel_heading(el: HtmlElement) -> str:
    """The heading of the fulfilment block a line sits in ("<h3>Pickup</h3><p>Only 4 left</p>",
    "<h3>Shipping</h3><p>Not available</p>"): it names the channel the line speaks of."""
    node = el
    for _ in range(2):
        node = node.getparent()
        if node is None:
            return ""
        first = next(iter(node), None)
        if first is not None and first is not el and first.tag in _CHANNEL_HEADINGS:
            heading = text_of(first)
            return heading if len(heading) <= 40 else ""
    return ""


def _about_a_store(el: HtmlElement, text: str) -> bool:
    """Stock in one shop, said in the text, by its row's label ("Pickup: Out of stock at
    Brooklyn") or by its block's heading, is not the item's stock."""
    if _STORE_CONTEXT.search(text) or _STORE_CONTEXT.search(_channel_heading(el)):
        return True
    parent = el.getparent()
    if _AT_PLACE.search(text) and any(
        _STORE_HOOK.search(node.get("class") or "") for node in (el, parent) if node is not None
    ):
        return True  # "Få kvar i lager på Kungens Kurva" in the buy box's store row
    if parent is None or el.tag in ("body", "main"):
        return False
    if not _AT_PLACE.search(text):
        # "Only 3 left" in Target's pickup cell (data-test="fulfillment-cell-pickup", headed
        # "Pickup ... at Minneapolis Nicollet Mall"): the row says whose stock it is.
        if not _STORE_HOOK.search(classes(parent)):
            return False
    row = text_of(parent)
    return len(row) <= 120 and bool(_STORE_CONTEXT.search(row))


def _in_picker(el: HtmlElement) -> bool:
    """Inside a size/colour picker, where "XL – sold out" speaks of one variant only."""
    for depth, node in enumerate((el, *el.iterancestors())):
        if depth > 4 or node.tag in ("body", "form"):
            return False
        if node.tag in ("fieldset", "label") or _PICKER.search(node.get("class") or ""):
            return True
    return False


def _sold_out_said(page: Page) -> bool:
    """The page says, in a sentence or a label, that the item cannot be had now (sold out,
    discontinued, or back in stock later: "rupture de stock, réapprovisionnement fin mars")."""
    for el, text in walk_texts(page.body):
        if len(text) > 240 or _STORE_CONTEXT.search(text) or _in_picker(el):
            continue
        if phrase_availability(text) in ("OutOfStock", "Discontinued", "BackOrder"):
            return True
    return False


def _hidden_state_badge(el: HtmlElement) -> bool:
    """A "Sold out" badge themes always render and show only under a sold-out parent class
    (Shopify's price__badge--sold-out inside price--sold-out)."""
    chain = [el, *el.iterancestors()][:4]
    badge = next(
        (n for n in chain if "badge" in (c := n.get("class") or "") and _STATE_CLASS.search(c)),
        None,
    )
    if badge is None:
        return False
    return not any(_STATE_CLASS.search(a.get("class") or "") for a in badge.iterancestors())


# WooCommerce marks its stock line <p class="stock available-on-backorder"> when the item is
# sold on backorder, and shops fill it with their own wording ("Lieferzeit 2-3 Wochen").
_BACKORDER_HOOK = "available-on-backorder"
_CLAUSE = re.compile(r"\s[–—-]\s|[.;:!]\s|,\s")


_STOCK_HOOK = re.compile(r"availab|stock|dispo|lager|voorraad|magazyn|delivery|lieferzeit", re.I)


# A row's label naming its value the stock state: "<td>Verfügbarkeit:</td><td>...</td>".
_STOCK_ROW_LABEL = re.compile(
    r"^(?:verfügbarkeit|lieferstatus|lagerstatus|availability|stock status|disponibilit\w*|"
    r"dostupnost|dostępność|saatavuus|tilgjengelighet|lagerstatus|beschikbaarheid|"
    r"disponibilidad|levertijd|lieferzeit)\s*:?$",
    re.I,
)
_STOCK_LINE_MAX = 160  # a stock row's sentence: "Dieses Modell wird ... nicht mehr bestellt."


def _stock_row(el: HtmlElement) -> bool:
    """The value cell of a row labelled as the stock state (table-layout shops), or the
    cell's only child."""
    for node in (el, el.getparent()):
        if node is None or node.tag not in ("td", "dd"):
            continue
        label = node.getprevious()
        if label is not None and _STOCK_ROW_LABEL.match(text_of(label)):
            return True
    return False


def _stock_line(el: HtmlElement, text: str) -> tuple[str, int]:
    """A long line in an availability element read by its first clause: "Sur commande – ce
    produit est fabriqué à la demande, expédition sous 10 à 15 jours ouvrés" states its stock
    up front. A sentence in a row labelled "Verfügbarkeit" is read whole, up to 160
    characters (it may say so at its end). Other long lines (descriptions) are left whole, so
    they state nothing. Returns the text to read and the longest line read as a stock line."""
    if len(text) <= 80:
        return text, 80
    hooks = " ".join(classes(n) for n in (el, el.getparent()) if n is not None)
    if not _STOCK_HOOK.search(hooks):
        return text, _STOCK_LINE_MAX if _stock_row(el) else 80
    head = _CLAUSE.split(text, 1)[0]
    return (head if len(head) <= 40 else text), 80


def _counted_line(el: HtmlElement, text: str) -> str | None:
    """The whole line when a stock count sits in a child ("Solo quedan <span>6</span> en
    stock", Tiendanube's and Shopify's live counters): its own text alone holds no number."""
    if len(el) == 0 or len(text) > 40 or any(c.isdigit() for c in text):
        return None
    if not any((c.text or "").strip().isdigit() for c in el if isinstance(c.tag, str)):
        return None
    line = text_of(el)
    return line if len(line) <= 80 else None


def _store_stock(said: set[str]) -> str:
    """The stock of an item sold in shops only, from what the lines about shops say: in stock
    at some shop is InStock (a competitor selling it over the counter at that price sells it),
    only a few left there LimitedAvailability, none anywhere OutOfStock. Store-only wording
    with no shop's stock said ("Available in stores only") reads as sold there: InStock."""
    for state in ("InStock", "LimitedAvailability", "OutOfStock"):
        if state in said:
            return state
    return "InStock"


def shown_availability(page: Page, visible: Visible, title: HtmlElement | None) -> str | None:
    """The stock state the buy box shows; reads the labelled codes and brand there on the way
    (one walk of the block serves both)."""
    anchors = [a for a in (title, visible.price and visible.price.element) if a is not None]
    if visible.cart_button is not None:
        anchors.append(visible.cart_button)
    # With neither a price nor a buy button there is no buy box to look in: read the page.
    if visible.price is None and visible.cart_button is None:
        area = page.body
    else:
        area = region(page, anchors, levels=2)
    found: list[str] = []
    web_lacks = weak_mpn = False
    store_said: set[str] = set()  # what lines about a shop say of its stock
    counted: HtmlElement | None = None
    for el, text in walk_texts(area, closed=visible.closed_tabs):
        if visible.sku is None:
            visible.sku = labelled_sku(el, text)
        if visible.named_sku is None:
            visible.named_sku = labelled_sku(el, text, generic=False)
        if visible.mpn is None or weak_mpn:
            if (mpn := labelled_mpn(el, text)) is not None:
                visible.mpn, weak_mpn = mpn, weak_mpn_label(text)
        if visible.gtin is None:
            visible.gtin = labelled_gtin(el, text)
        if visible.brand is None:
            visible.brand = labelled_brand(el, text)
        if _BACKORDER_HOOK in el.get("class", "").split():
            found.append("BackOrder")  # whatever delivery time the shop writes in it
        if el is counted:
            continue  # a tail after the count, already read with its line
        if (line := _counted_line(el, text)) is not None:
            text, counted = line, el
        text, limit = _stock_line(el, text)
        if len(text) <= 80 and _STORE_ONLY.search(text):
            visible.store_only = True
        if len(text) <= limit and (said := phrase_availability(text)) is not None:
            in_store = _about_a_store(el, text)
            if in_store:
                store_said.add(said)
            elif said == "OutOfStock":
                web_lacks = web_lacks or bool(
                    _ONLINE.search(text) or _ONLINE.search(_channel_heading(el))
                )
        if len(text) > limit or el.tag == "a" and "btn" not in classes(el):
            continue
        state = phrase_availability(text)
        if state is None or _about_a_store(el, text) or _in_picker(el):
            continue
        if visible.other_rows and any(a in visible.other_rows for a in el.iterancestors()):
            continue  # "250 g | 8,50 € | épuisé": another format's row of the price table
        if state == "InStock" and _STOCK_WORD.search(text):
            visible.in_stock_said = True
        if state != "InStock" and _hidden_state_badge(el):
            continue
        found.append(state)
    button = visible.cart_button
    if button is not None and not found:
        label = phrase_availability(f"{text_of(button)} {button.get('value') or ''}")
        if label:
            found.append(label)
    if (
        button is not None
        and (
            button.get("disabled") is not None or "disabled" in (button.get("class") or "").split()
        )
        and (phrase_availability(text_of(button)) != "InStock" or _sold_out_said(page))
    ):
        # A disabled "Add to cart" usually waits for a size choice; it is a sold-out one when
        # it has another label, or when the page says so anywhere ("Rupture de stock – ...").
        found.append("OutOfStock")
    elif "BackOrder" in found and button is not None:
        # "Temporarily out of stock. Order now and we'll deliver when available" by a live
        # button: it can be ordered, so the backorder is the truth, not the empty shelf.
        found = [s for s in found if s != "OutOfStock"]
    store_has = bool(store_said & {"InStock", "LimitedAvailability"})
    if store_has and "BackOrder" in found and set(found) <= {"BackOrder", "InStock"}:
        # "Lieferung in 2-3 Wochen" beside "In 12 Filialen vorrätig": the shelves hold it, so
        # the weeks are the furniture carrier's, not an order placed with the maker.
        found = ["InStock"]
    visible.store_only = visible.store_only or (store_has and web_lacks)
    if visible.store_only and not {"Discontinued", "PreOrder", "BackOrder"} & set(found):
        # Sold in shops only: "not available online" speaks of delivery, not of the item.
        return _store_stock(store_said)
    if not found:
        return None
    return min(found, key=lambda s: _RANK[s])
