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
from decimal import Decimal
from functools import lru_cache
from itertools import islice

from lxml.html import HtmlElement

from scrapers.extract.casefold import CaseBlind
from scrapers.extract.codes import shown_sku
from scrapers.extract.details import shown_brand
from scrapers.extract.document import Page
from scrapers.extract.layout import (
    SKIP_TAGS,
    cart_button,
    classes,
    depths,
    distance,
    excluded,
    hooks_matcher,
    is_hidden,
    norm,
    region,
    text_of,
    title_element,
    walk_texts,
    widen,
)
from scrapers.extract.money import _NUMBER_RE, Money, parse_money
from scrapers.extract.shown_stock import shown_availability

_SIGNS = (
    "€",
    "$",
    "£",
    "¥",
    "円",
    "₹",
    "₩",
    "원",
    "₺",
    "₽",
    "CHF",
    "zł",
    "Kč",
    "kr",
    "EUR",
    "USD",
    "GBP",
)
# Small shops often print the ISO code instead of a sign ("Pris: 349,95 DKK").
_CODES = ("DKK", "SEK", "NOK", "PLN", "CZK", "HUF", "RON", "CAD", "AUD", "NZD", "JPY", "ISK", "BGN")
# Words shops print for a currency, found as words like the codes ("1.299,90 TL", "3.199,99 Lei").
_CODES += ("TL", "Lei", "lei", "Ft")  # "69 990 Ft": Hungarian shops print the forint's word
# A sign, or a code standing as a word. Every alternative starts with a plain character (a code's
# word start is checked after its first letter: "D(?<!\wD)KK\b" is "\bDKK\b"), so the matcher
# skips along to those characters instead of trying every alternative at every position: a
# 700-character description paragraph is searched in ~6 us instead of ~30.
_SIGN_TEXT = re.compile(
    "|".join(re.escape(s) for s in _SIGNS)
    + "|"
    + "|".join(rf"{code[0]}(?<!\w{code[0]}){code[1:]}\b" for code in _CODES)
)
CANDIDATE_BUDGET = 10_000  # elements read for price candidates, in document order
_PRICE_CLASS = re.compile("price|preis|prix|precio|prezzo|prijs|pris", re.I)
_STRONG_STRUCK = re.compile(
    r"(?<![a-z])(old|was|compare|strike|crossed|through|before|list-?price|uvp|rrp|msrp|"
    r"origin|org(?![a-z])|statt|streich|barr|tachado|vorher|basis-?price|former|ehemalig|"
    r"precedente|"  # Coupang's "origin-price", Trendyol's "prc-org"
    r"price-?standard(?![a-z])|"  # Shoptet's and SFCC's struck standard price
    r"anterior|secondary-price|van(?![a-z]))",
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
    r"van|adviesprijs|instead of|regular price|originally|vorher|ehemals|prix barré|"
    r"prix conseillé|precio recomendado|prezzo consigliato|preisempfehlung|typical price|"
    r"rekommenderat pris|cena katalogowa|cena bez obniżki|cena przed obniżką|cena regularna|"
    r"cena standardowa|ord\. pris|ordinarie pris|ordinær pris|normalpris|normalpreis|"
    r"vejl\. pris|vejledende pris|veil\. pris|prix normal|precio normal|prezzo normale|"
    r"normale prijs|originalpreis|ursprünglicher preis|prix initial|precio original|"
    r"prezzo originale|oorspronkelijke prijs|tidigare pris|førpris|tidligere pris|"
    r"cena przekreślona|běžná cena|bežná cena|původně|původní cena|pôvodná cena|"
    r"precio de lista|før|prp|"  # es-MX list price, nb "Før 2 599,-", eMAG's "PRP:"
    r"소비자가|정가)\b",  # Cafe24's "소비자가" (consumer list price), ko "정가"
    re.I,
)
# Amounts that are not the item's price: percentages, conversions, used/open-box offers,
# shipping, instalments, savings, loyalty points, unit prices, free-shipping thresholds, and
# fees included in the price (French éco-participation, German Pfand, Belgian Recupel).
# Searched in every price's text and label: CaseBlind is re.I's answer, 3-4x sooner.
_NOT_A_PRICE = CaseBlind(
    r"%|approx|≈|\bca\.|environ|aprox|umgerechnet|"
    r"open-?box|\bused\b|refurbished|renewed|pre-owned|gebraucht|b-ware|occasion|reconditionn|"
    r"reacondicionad|ricondizionat|tweedehands|"
    r"shipping|versand|livraison|envío|envio|spedizione|verzend|postage|delivery|porto|"
    r"dostaw|doprava|dopravy|leverans|fragt|frakt|"
    r"frais de port|gastos de envío|"
    # Hungarian delivery lines: "Foxpost csomagautomatába: 990 Ft", "házhozszállítás".
    r"szállítás|csomagautomat|házhoz|"
    r"installment|klarna|afterpay|paypal|per month|payments|interest-free|de remise|"
    # Instalments elsewhere: "3 rate da 19,97 €", "10 rat x 114,90 zł", "4 rater á", "3 cuotas".
    r"\b\d+ (?:rate|rat|raty|rater|raten|cuotas|termijnen|mensualités|versements)\b|"
    r"\bin \d+ rate\b|ratenzahlung|\brrso\b|"
    # "10 x 119,90 zł", "10x de R$ 89,90", "3 × 33,30 €": a count of payments times an amount.
    r"\b\d{1,2} ?[x×] ?(?:de )?(?:[^\d\s]{1,3} ?)?\d|"
    r"\(\d+\) (?:ab|from|à partir|desde|da|vanaf|od)\b|"
    r"/\s*mo\b|monat|/mois|par mois|al mes|al mese|"
    r"per maand|/\s*(?:mes|mese|maand|mån|mies|month|md)\b|financ|finanz|"
    r"\bpr\.? ?md\b|\bpr\.? måned|per måned|om måneden|i måneden|"
    # cs/sk/pl/de/it/fr "on instalments", "monthly": "Nákup na splátky: již od 399 Kč měsíčně".
    r"splátk|měsíčně|mesačne|miesięcznie|monatlich|mensile|mensuel|"
    r"protection|warranty|insurance|assurance|garantie|versicherung|seguro|garanzia|verzekering|"
    # Prices before tax, shown next to the one a consumer pays.
    r"ex\.? vat|excl\.? vat|excluding vat|exkl\.? mwst|zzgl\.? mwst|\bnetto\b|\bht\b|"
    r"hors taxes|iva esclusa|sin iva|iva excluido|excl\.? btw|exclusief btw|exkl\.? moms|"
    r"bez dph|bez vat|ohne mwst|sans tva|utan moms|uden moms|ekskl\.? mva|"
    # Argentina's required "Precio sin impuestos nacionales" line under the price.
    r"sin impuestos|sem impostos|"
    r"\bsave\b|spare |sparen|sparar|du sparer|oszczędzasz|zaoszczędzisz|économisez|ahorra|"
    r"risparmi|bespaar|\boff\b|points|punkte|cashback|ušetříte|ušetríte|ušetřete|"
    r"monedero|te regresamos|te devolvemos|"  # es-MX store-wallet cashback
    # pt-BR cash prices: "ou R$ 2.069,10 no Pix", "à vista no boleto" (a discount for paying
    # by instant transfer; the card price is what the shop lists).
    r"\bno pix\b|\bvia pix\b|\bpelo pix\b|\bno boleto\b|"
    r"grundpreis|/\s*kg|/\s*100\s*g|/\s*l\b|pro kg|per kg|le kg|al kg|al litro|"
    r"(?:€|\$|£|zł|kč|kr)\s?(?:kg|100\s?g|litre|liter)\b|"  # "(199,00 € kg)": a unit price
    # Japanese shops: instalments (分割払い, 月々 11,583円 × 24回), coupons, points.
    r"分割|月々|月額|×\s?\d+回|クーポン|ポイント|"
    # ... and free-delivery thresholds: "5,500円(税込)以上のお買い上げで送料無料".
    r"送料無料|以上のお買い?上げ|以上お買い?上げ|以上で送料|"
    r"/\s*(?:cup|oz|fl oz|lb|ct|count|each|ea|unit|stück|stk|pièce|unidad|pezzo|stuk|ml|m²|m2)\b|"
    r"gift card|orders over|bestellwert|free over|gratis ab|dès \d|"
    r"éco-?participation|écotaxe|eco-?part|\bdont\b|pfand|recupel|raee|ecotasa|ecotassa|"
    # Vouchers and coupons: an amount off at checkout, and other sellers' offers ("3 Händler ab").
    r"voucher|coupon|gutschein|\bbon de réduction|cupón|buono sconto|kortingscode|\bkupon|"
    r"rabatkode|rabattkod|promo ?code|code promo|código promocional|codice sconto|cupom|"
    r"other sellers|more buying choices|weitere angebote|autres vendeurs|autres offres|"
    r"otras ofertas|altre offerte|andere aanbiedingen|other offers|inne oferty|další nabídky|"
    r"otros vendedores|altri venditori|andere verkopers|\d+ (?:händler|anbieter|sellers?|"
    r"vendeurs?|vendedores|venditori|verkopers|sprzedawc\w*|säljare|forhandlere) ab\b|"
    # "4 Angebote ab 46,80 €" under a marketplace's buy box: the cheapest of all offers.
    r"\d+ (?:angebote?|offers?|offres?|ofertas?|offerte|aanbiedingen|oferty|erbjudanden|"
    r"tilbud) (?:ab|from|dès|à partir de|desde|da|a partire da|vanaf|od|från|fra)\b|"
    # EU Omnibus rule: "lowest price in the 30 days before the reduction" is a past price.
    r"\b30 (?:days|tagen?|jours|días|giorni|dagen|dni|dagar|dage|dager|dias|päivän)\b|"
    r"lowest price|niedrigste|plus bas|más bajo|più basso|laagste|najniższa|lägsta|laveste|"
    r"\bvrg\b|"
    # Member and loyalty-card prices: only some shoppers pay them.
    r"\bmembers?\b|\bmembri\b|mitglied|\bmembres?\b|adhérent|\bsocios?\b|\bleden\b|loyalty|"
    r"fidélité|with your \w+ card|avec (?:la|votre) carte|kundenkarte|club ?pri|clubpreis|"
    r"family[- ]?(?:pris|price|preis|prijs|prix|pri)|"
    # A store card's price ("Precio con Tarjeta CMR", "Preço com cartão Renner").
    r"precio con tarjeta|precio tarjeta|tarjeta cmr|com cartão|"
    # Korean unit prices: "(10개당 2,997원)" is per 10 pieces, "100g당" per 100 g.
    r"개당|(?:g|ml|kg|l|매|장)당"
)
# A block of the buy box named for a member or loyalty-card price ("price-module__family-price",
# "member-price", "clubcard-price"): its amounts are not what everyone pays, whatever the
# label's position (IKEA puts "Family-pris" in a sibling of the amount's wrapper).
_MEMBER_HOOK = re.compile(
    r"member|family[-_]?price|club[-_]?(?:card[-_]?)?price|loyalty|fidelit", re.I
)
# "Gäller t.o.m. 6 dec 2026", "Pris gäller t.o.m. 2026-11-30": a date in a price block's note
# (its class says price) is no amount.
_DATE = re.compile(
    r"\b\d{1,2}\.?\s(?:jan|feb|mar|apr|maj|may|mai|jun|jul|aug|sep|okt|oct|nov|dec|dez)"
    r"[a-zéû]*\.?\s\d{4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b",
    re.I,
)
_PER_UNIT = re.compile(
    r"\s*(?:/|per|pro|je|par|al|le|la|por)\s*(?:\d+\s*)?(?:[a-zµ²³]{1,6})\b", re.I
)
# "50g", "250 ml 禮盒", "2 kg": a variant button's size, with no currency sign, is no amount.
_SIZE = re.compile(
    r"\s*\d+(?:[.,]\d+)?\s?(?:g|kg|mg|ml|cl|l|oz|lbs?|cm|mm|m|入|枚|個|개|매|장)(?![a-z])", re.I
)
_ALTERNATIVES = re.compile(r"\s(?:or|oder|ou|o|of|oppure)\s|\s/\s|\(", re.I)


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
    # The text of the heading's first part when that is an element of its own (IKEA's
    # "<h1><span>KALLBO</span><span>Bokhylla, vit</span></h1>", whose text runs them together).
    title_head: str | None = None
    price: PriceSpot | None = None
    regular: PriceSpot | None = None
    spots: list[PriceSpot] = field(default_factory=list)
    before_tax: set[Decimal] = field(default_factory=set)  # amounts shown ex-VAT
    range_ends: set[Decimal] = field(default_factory=set)  # "89,00 – 109,00 €" by a price
    # Rows of a price table other than the format the page is about (their stock lines speak
    # of those formats only).
    other_rows: list[HtmlElement] = field(default_factory=list)
    gtin: str | None = None
    in_stock_said: bool = False  # an "In stock"-like line, not just a buy button's label
    availability: str | None = None
    sku: str | None = None
    # A code under a label that names nothing but the shop's code ("Artikelnummer", "Kod
    # produktu"; not "Référence" or "Code"), which beats markup carrying an internal id.
    named_sku: str | None = None
    mpn: str | None = None
    brand: str | None = None
    store_only: bool = False  # "only for pickup in store": schema.org's InStoreOnly
    cart_button: HtmlElement | None = None
    area: HtmlElement | None = None  # the block around the title and buy button
    # Closed tabs' panels by the buy box ("Specifications"), met and skipped by its walk.
    closed_tabs: list[HtmlElement] = field(default_factory=list)

    @property
    def discounted(self) -> bool:
        return bool(
            self.price and self.regular and self.regular.money.amount > self.price.money.amount
        )


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
        tokens = [t for t in classes(node).split() if not t.startswith(("with-", "has-"))]
        if depth <= 2 and any(_STRONG_STRUCK.search(t) for t in tokens):
            return 2
        if depth <= 2 and any(_WEAK_STRUCK.search(t) for t in tokens):
            level = 1
    if level == 0 and len(el) and all(c.tag in ("del", "s", "strike") for c in el):
        return 2
    if level == 0 and len(el) and (amount := _only_amount(el)) is not None:
        if _visibly_struck_within(amount, el):
            # "<li><div><span style='line-through'>$ 599.990</span><span>Normal</span>": the
            # one amount a price row holds is drawn struck, so the row is the struck price.
            return 2
    if _REGULAR_LABEL.match(_shown_text(el)) and not _labels_first_child(el):
        return 2  # "List Price: $19.99", "statt 399,00 €", "Was $49"
    if _REGULAR_LABEL.search(_text_before(el)) and not _MAIN_LABEL.search(_text_before(el)):
        return 2  # "<span>cena bez obniżki</span> <span>679,00 zł</span>"
    nxt = el.getnext()
    if nxt is not None and _REGULAR_LABEL.fullmatch(text_of(nxt).strip(" :()")):
        return 2  # "<span>1 499,00 zł</span> <span>cena przekreślona</span>": labelled after
    prev = el.getprevious()
    if (
        level == 0
        and nxt is not None
        and prev is not None
        and _DISCOUNT_BADGE.fullmatch(text_of(nxt))
        and (was := parse_money(text_of(el))) is not None
        and (now := parse_money(text_of(prev))) is not None
        and now.amount < was.amount
    ):
        # "₹1,299 ₹3,990 67% off" (Flipkart strikes by an obfuscated class): a higher amount
        # between the price and the discount badge is the one the discount is taken from.
        return 1
    return level


def _labels_first_child(el: HtmlElement) -> bool:
    """The regular-price label el's text starts with is its first child's, which holds an
    amount of its own, while el's own text after it shows another: Gambio's '<div><span>UVP
    <s>449,00 EUR</s></span><br>Nur 379,00 EUR</div>' strikes the span, not the price."""
    if (el.text or "").strip() or not len(el) or not isinstance(el[0].tag, str):
        return False
    first = text_of(el[0])
    own = " ".join(c.tail or "" for c in el)
    return (
        bool(_REGULAR_LABEL.match(first))
        and any(c.isdigit() for c in first)
        and any(c.isdigit() for c in own)
    )


def _only_amount(el: HtmlElement) -> HtmlElement | None:
    """The one descendant of el whose own text holds a digit, if there is exactly one (and no
    digit stands in el's text outside it: "<s>449,00</s><br>Nur 379,00" shows two amounts)."""
    if any(c.isdigit() for c in el.text or ""):
        return None
    found = None
    for node in el.iterdescendants():
        if node.tail and any(c.isdigit() for c in node.tail):
            return None
        if isinstance(node.tag, str) and node.text and any(c.isdigit() for c in node.text):
            if found is not None:
                return None
            found = node
    return found


def _visibly_struck_within(node: HtmlElement, top: HtmlElement) -> bool:
    """node, or a wrapper of it below top, is drawn struck through."""
    while node is not None and node is not top:
        if node.tag in ("del", "s", "strike"):
            return True
        if "line-through" in (node.get("style") or "").replace(" ", "").lower():
            return True
        node = node.getparent()
    return False


_DISCOUNT_BADGE = re.compile(r"-?\s?\d{1,2}\s?% off|-\s?\d{1,2}\s?%", re.I)


def _visibly_struck(el: HtmlElement) -> bool:
    """Drawn struck through (del, s, line-through, Amazon's data-a-strike), not only labelled."""
    for depth, node in enumerate((el, *el.iterancestors())):
        if depth > 4 or node.tag in ("body", "form"):
            return False
        if node.tag in _STRUCK_TAGS or node.get("data-a-strike") == "true":
            return True
        if "line-through" in (node.get("style") or "").replace(" ", "").lower():
            return True
    return False


_EX_TAX = re.compile(r"excl(?:uding)?[-_]?tax|price-excl|ex-?vat", re.I)


def _before_tax(el: HtmlElement) -> bool:
    """Marked as the price before tax, on el or on the wrapper it alone holds (Magento B2B puts
    data-label="exkl. MwSt." on the price-wrapper inside a price-container)."""
    node: HtmlElement | None = el
    for _ in range(3):
        if node is None:
            return False
        if _EX_TAX.search(classes(node)) or _NOT_A_PRICE.search(node.get("data-label") or ""):
            return True
        node = node[0] if len(node) == 1 and isinstance(node[0].tag, str) else None
    return False


_SIGN_SPLIT = re.compile(r"(\d{1,6})\s?(?:€|\$|£)\s?(\d{2})")
_MAIN_LABEL = re.compile(r"\b(now|jetzt|maintenant|ahora|ora|nu|sale price)\b", re.I)


def _shown_text(el: HtmlElement) -> str:
    """el's text without its hidden parts: Shopify labels every price "Regular price" for
    screen readers, struck or not."""
    if not any(is_hidden(d) for d in el.iterdescendants()):
        return text_of(el)
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and not is_hidden(child):
            parts.append(_shown_text(child))
        parts.append(child.tail or "")
    return " ".join(" ".join(parts).split())


# A struck amount by its class alone, sign-less ("Původně: <span class=crossed>24 490,-</span>").
_STRUCK_HOOK = re.compile(r"(?:^|[\s_-])(?:crossed|strike|strikethrough|struck)(?:$|[\s_-])", re.I)


@lru_cache(maxsize=4096)
def _price_hooks(hooks: str) -> bool:
    """Whether class/id name a price or a struck amount; a page repeats a few dozen hook
    strings."""
    return bool(_PRICE_CLASS.search(hooks) or _STRUCK_HOOK.search(hooks))


def _candidates(root: HtmlElement) -> list[HtmlElement]:
    """Elements showing a currency sign in their own text, or whose class/id says "price"."""
    seen: dict[HtmlElement, None] = {}
    # In document order and bounded: the price sits near the title, not past 10,000 elements
    # of reviews (scanning all 150,000 of a 5 MB page took most of a second).
    for el in islice(root.iter(), CANDIDATE_BUDGET):
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            continue
        if el.text and _SIGN_TEXT.search(el.text):
            seen.setdefault(el, None)
            parent = el.getparent()
            if len(el.text.strip()) <= 3 and parent is not None:
                seen.setdefault(parent, None)  # "<span>549,</span><span>00</span><span>zł</span>"
        if el.tail and _SIGN_TEXT.search(el.tail):
            parent = el.getparent()
            if parent is not None:
                seen.setdefault(parent, None)
        if (
            _price_hooks(classes(el))
            or el.get("data-price-amount") is not None
            or el.get("data-price") is not None
            or (tag in _STRUCK_TAGS and _BARE_AMOUNT.fullmatch(text_of(el)))
        ):
            seen.setdefault(el, None)
    return [el for el in seen if not excluded(el)]


_STRUCK_TAGS = ("del", "s", "strike")
# A struck amount printed bare ("statt <del>279.–</del>", Swiss shops): the sign is the price's.
_BARE_AMOUNT = re.compile(r"\d{1,3}(?:[.,'’ ]\d{3})*(?:[.,](?:\d{2}|-|–))")
# A footnote mark after a label ("UVP<sup>1</sup> 799,00 €"), not cents after an amount.
_FOOTNOTE = re.compile(r"\d|[*†‡]+")


def _without_footnotes(el: HtmlElement, text: str) -> str:
    """el's text without footnote marks set after a word: "UVP<sup>1</sup> 799,00 €" reads
    "UVP 799,00 €", not "UVP1 799,00 €" (1799). Superscript cents follow digits and stay."""
    for sup in el.iter("sup"):
        prev, parent = sup.getprevious(), sup.getparent()
        raw = prev.tail if prev is not None else parent.text if parent is not None else None
        word = " ".join((raw or "").split())[-12:]  # the label's end, as text_of spaces it
        if sup is not el and word[-1:].isalpha() and _FOOTNOTE.fullmatch(text_of(sup)):
            text = text.replace(f"{word}{text_of(sup)}", word, 1)
    return text


def _spot(el: HtmlElement, page: Page) -> Money | None:
    amount_attr = el.get("data-price-amount") or el.get("content")
    text = text_of(el)
    if not text or len(text) > 60 or text[0] in ".,":
        return None  # empty, a paragraph, or the cents of a split price ("399<sup>,99 €</sup>")
    if _holds_several_prices(el):
        return None  # a box of prices: its joined text glues them ("14999 199,99")
    if next(el.iter("select"), None) is not None:
        # SFCC's "prices-add-to-cart-actions" box holds the quantity picker: its options'
        # text runs together ("Menge 1234"), a number that is no amount.
        return None
    if len(el):
        text = _shown_text(el)  # "Was £89.99<span class='hidden-text'> Save £20</span>"
        text = _without_footnotes(el, text)
    own = " ".join((el.text or "").split())
    if (
        _NOT_A_PRICE.search(text)
        and len(_NUMBER_RE.findall(text)) > 1
        and len(el)
        and len(_NUMBER_RE.findall(own)) == 1
        and not _NOT_A_PRICE.search(own)
    ):
        # "Was £329.99 <span>Save £130.00</span>": the saving sits in a child of its own.
        text = own
    if _NOT_A_PRICE.search(text) and len(_NUMBER_RE.findall(text)) > 1:
        # "From $999 or $83.25/mo.": the first part that is a plain price.
        first = _ALTERNATIVES.split(text)[0]
        per_unit = _PER_UNIT.match(text[len(first) :])  # "€ 7,50 / 100 g": a unit price
        text = "" if _NOT_A_PRICE.search(first) or per_unit else first
    machine = parse_money(amount_attr) if amount_attr else None
    whole = parse_money(text, page.locale) if machine else None
    if whole and machine and whole.amount == machine.amount:
        pass  # "249<span>€99</span>" with content="249.99": the split text is that price
    elif len(_NUMBER_RE.findall(text)) > 1 and len(el) and not _SIGN_SPLIT.fullmatch(text):
        # "€149.00 <span>(approx. £127.60)</span>": the element's own leading text, if priced;
        # "<span hidden>Sale Price:</span>£28.80 <span class=original>£36.00</span>": its own
        # text between the children.
        text = " ".join((el.text or "").split())
        if not _NUMBER_RE.search(text):
            text = " ".join(" ".join([el.text or "", *(c.tail or "" for c in el)]).split())
        if not text or len(_NUMBER_RE.findall(text)) != 1:
            return None
    # Shipping, instalments, savings, unit prices: in the text or in the label just before it.
    if _NOT_A_PRICE.search(text) or _NOT_A_PRICE.search(_text_before(el)):
        return None
    if _DATE.search(text) or _in_member_block(el) or _in_swatch(el):
        return None
    money = parse_money(text, page.locale)
    if money is None or (money.currency is None and money.shown is None and _SIZE.match(text)):
        return None
    split = _SIGN_SPLIT.fullmatch(text)
    if split and not amount_attr:  # "79<sup>€99</sup>": the sign stands for the decimal mark
        money = Money(Decimal(f"{split[1]}.{split[2]}"), money.currency, money.shown)
    if amount_attr:
        if machine and machine.amount != money.amount and "." in amount_attr:
            money = Money(machine.amount, money.currency, money.shown)
    return _with_cents(el, _sup_cents(el, money))


def _wrappers(el: HtmlElement) -> Iterator[HtmlElement]:
    """el and its three nearest wrappers, stopping at the page's body or a form: how far a
    price's own block reaches."""
    for depth, node in enumerate((el, *el.iterancestors())):
        if depth > 3 or node.tag in ("body", "form"):
            return
        yield node


_member_hooks = hooks_matcher(_MEMBER_HOOK)


def _in_member_block(el: HtmlElement) -> bool:
    """el or one of its three nearest wrappers is named for a member price."""
    return any(_member_hooks(classes(node)) for node in _wrappers(el))


# A variant chooser's option (SFCC's "color-attribute" swatch buttons, "swatch", "variant-option"
# blocks): the price printed in it is that variant's, whichever variant is selected.
_SWATCH_HOOK = re.compile(
    r"swatch|color-attribute|colou?r-?(?:option|value)|variant-?(?:option|button|picker)|"
    r"size-?(?:option|button)",
    re.I,
)


_swatch_hooks = hooks_matcher(_SWATCH_HOOK)


def _in_swatch(el: HtmlElement) -> bool:
    """el sits in a variant option's button or swatch (up to three wrappers up)."""
    return any(
        node is not el and node.tag == "button" and _swatch_hooks(classes(node))
        for node in _wrappers(el)
    )


_BLOCK_TAGS = frozenset(("div", "p", "ul", "ol", "li", "table", "tr", "section", "dl", "dd"))


def _holds_several_prices(el: HtmlElement) -> bool:
    """A box holding the price and, in a block of its own, another amount (the struck list
    price under "149<sup>99</sup>"): its joined text runs the two together into one number,
    so the box is no price itself; its children are read on their own. Inline pieces of one
    split price ("<span>549,</span><span>00</span>") are not blocks."""
    priced = [c for c in el if isinstance(c.tag, str) and any(ch.isdigit() for ch in text_of(c))]
    if len(priced) > 1 and any(c.tag in _BLOCK_TAGS for c in priced):
        return True
    # Shoptet's '<div class=p-final-price-wrapper><span>2 390 Kč</span><span>(–21 %)</span>
    # <strong>1 890 Kč</strong>…': inline children that each show a whole price with its sign
    # are prices of their own (the struck one, the sale one), not pieces of one.
    whole = [
        c
        for c in priced
        if _SIGN_TEXT.search(text := text_of(c))
        and not _NOT_A_PRICE.search(text)
        and len(_NUMBER_RE.findall(text)) == 1
    ]
    return len(whole) > 1


_CENTS = re.compile(r"\d{2}")
_CENTS_CLASS = re.compile(r"cent|decimal|fraction", re.I)
_GROUPED = re.compile(r"(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+)\s*$")  # "2.499", "12 345"


def _sup_cents(el: HtmlElement, money: Money) -> Money:
    """ "169<sup>99</sup>" with no sign or separator (bol, Coolblue): the superscript is the
    cents, not two more digits of the whole amount."""
    # "<sup>$</sup>179<sup>99</sup>": the cents are the superscript of two digits, which need
    # not be the first (the sign may sit in one too).
    sup = next((d for d in el.iter("sup") if d is not el and _CENTS.fullmatch(text_of(d))), None)
    if sup is None:
        # '<span class="whole">1 199</span><span class="cents">00</span>' (Media Markt-like
        # themes): a span its class names as the cents is a superscript in all but the tag.
        sup = next(
            (
                d
                for d in el.iter("span")
                if d is not el
                and _CENTS_CLASS.search(d.get("class") or "")
                and _CENTS.fullmatch(text_of(d))
            ),
            None,
        )
    if sup is None:
        sup = _cents_styled_as_sign(el)
    if sup is None:
        return money
    cents = text_of(sup)
    prev, parent = sup.getprevious(), sup.getparent()
    before = (prev.tail if prev is not None else parent.text if parent is not None else "") or ""
    if prev is not None and not before.strip() and sup.tag != "sup":
        before = text_of(prev)
    if money.amount != money.amount.to_integral_value():
        # "2.499<sup>99</sup> Lei" (eMAG): grouped whole units glued to the cents read as
        # 2.49999; the superscript is the cents, the dot groups thousands.
        grouped = _GROUPED.search(before)
        glued = re.sub(r"\D", "", grouped[1]) + cents if grouped else None
        if glued and str(money.amount).replace(".", "").lstrip("0") == glued:
            whole = Decimal(re.sub(r"\D", "", grouped[1]))
            return Money(whole + Decimal(cents) / 100, money.currency, money.shown)
        return money
    digits = str(int(money.amount))
    if not before.strip()[-1:].isdigit() or len(digits) < 3 or not digits.endswith(cents):
        return money
    return Money(Decimal(f"{digits[:-2]}.{cents}"), money.currency, money.shown)


def _cents_styled_as_sign(el: HtmlElement) -> HtmlElement | None:
    """'<span class="sym">$</span><span class="big">99</span><span class="sym">00</span>' (Home
    Depot-like themes): the last span, two digits styled as the currency sign (both small and
    raised beside the whole units), is the cents, not two more digits of the amount."""
    spans = [d for d in el if d.tag == "span"]
    if len(spans) < 3 or (last := spans[-1]) is not el[-1] or not _CENTS.fullmatch(text_of(last)):
        return None
    style = last.get("class")
    signs = [
        d
        for d in spans[:-1]
        if style and d.get("class") == style and re.fullmatch(r"[^\w\s]{1,3}", text_of(d))
    ]
    return last if signs and text_of(spans[-2]).isdigit() else None


def _with_cents(el: HtmlElement, money: Money) -> Money:
    """ "<span>$249</span><sup>99</sup>": whole units here, the cents in the next superscript."""
    nxt = el.getnext()
    if (
        nxt is None
        or nxt.tag not in ("sup", "small")
        or (el.tail or "").strip()
        or money.amount != money.amount.to_integral_value()
    ):
        return money
    cents = text_of(nxt)
    if not re.fullmatch(r"\d{2}", cents):
        return money
    return Money(money.amount + Decimal(cents) / 100, money.currency, money.shown)


def read_visible(page: Page) -> Visible:
    visible = Visible()
    title = title_element(page)
    visible.title = text_of(title) if title is not None else None
    if title is not None and len(title) and not (title.text or "").strip():
        visible.title_head = text_of(title[0])
    near = widen(title, 4) if title is not None else None
    visible.cart_button = button = cart_button(page, near)
    visible.area = area = region(page, [title, button])
    candidates = _candidates(area)
    if not candidates and area is not page.body:
        candidates = _candidates(page.body)
    visible.spots = _spots(page, candidates, title, button, visible.before_tax, visible.range_ends)
    main = [s for s in visible.spots if s.struck == 0] or [
        s for s in visible.spots if s.struck == 1
    ]
    if main and _on_request(area):
        main = []  # "Preis auf Anfrage": any other price on the page belongs to something else
    if main:
        chosen = _chosen_row(main, page)
        if chosen is not None and (row := _row_of(chosen.element)) is not None:
            visible.other_rows = [*row.itersiblings(preceding=True), *row.itersiblings()]
        visible.price = chosen or max(main, key=lambda s: s.score)
        visible.regular = _regular_for(visible.price, visible.spots)
    visible.sku = shown_sku(area)
    visible.brand = shown_brand(area) if area is not page.body else None  # not a page's grids
    visible.availability = shown_availability(page, visible, title)
    return visible


def _spots(
    page: Page,
    candidates: list[HtmlElement],
    title: HtmlElement | None,
    button: HtmlElement | None,
    before_tax: set[Decimal],
    range_ends: set[Decimal],
) -> list[PriceSpot]:
    """Candidates that read as a price, scored by closeness to the title/button and class hints."""
    chains = [depths(a) for a in (title, button) if a is not None]
    spots: list[PriceSpot] = []
    for el in candidates:
        if _before_tax(el):
            # Magento's "Excl. Tax" twin of the price: noted, so markup carrying it loses.
            if (net := parse_money(text_of(el), page.locale)) is not None:
                before_tax.add(net.amount)
            continue
        money = _spot(el, page)
        if money is None or money.amount == 0 or _in_delivery_box(el):
            continue
        if money.currency is None and _is_fragment(el):
            continue
        dist = min((distance(a, el) for a in chains), default=10)
        score = -float(dist)
        parent = el.getparent()
        cls = " ".join(classes(n) for n in (el, parent) if n is not None)
        if _PRICE_CLASS.search(cls):
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
    # "89,00 € – 109,00 €" is the range of a product's variants, not a price; when the page
    # also shows a single price (the selected variant's), that one is the price.
    single = [s for s in spots if not _range_end(s.element)]
    if not single:
        return spots
    range_ends.update(s.money.amount for s in spots if s not in single)
    return single


# A delivery/shipping box by its hooks (Allegro's data-box-name="delivery", "product-shipping"):
# its "od 9,99 zł" is what the parcel costs, however the wording there runs.
_DELIVERY_HOOK = re.compile(r"deliver|shipping|dostaw|versand|livraison|postage|lieferung", re.I)


def _in_delivery_box(el: HtmlElement) -> bool:
    for node in (el, *islice(el.iterancestors(), 2)):
        hooks = f"{classes(node)} {node.get('id') or ''} {node.get('data-box-name') or ''}"
        if _DELIVERY_HOOK.search(hooks):
            return True
    return False


_DASHES = ("–", "—", "-")


def _range_end(el: HtmlElement) -> bool:
    """One end of a price range: an amount joined to a sibling amount by a dash (the amount
    may sit in wrappers: "<span><bdi>89,00 €</bdi></span> – <span>...")."""
    for _ in range(3):
        nxt, prev = el.getnext(), el.getprevious()
        if nxt is not None and (el.tail or "").strip() in _DASHES:
            return any(c.isdigit() for c in text_of(nxt))
        if prev is not None and (prev.tail or "").strip() in _DASHES:
            return any(c.isdigit() for c in text_of(prev))
        parent = el.getparent()
        if parent is None or len(parent) != 1 or (parent.text or "").strip():
            return False
        el = parent
    return False


_ON_REQUEST = re.compile(
    r"price on request|call for price|preis auf anfrage|"
    r"prix sur demande|precio a consultar|precio bajo consulta|prezzo su richiesta|"
    r"prijs op aanvraag",
    re.I,
)


def _row_of(el: HtmlElement) -> HtmlElement | None:
    for node in (el, *islice(el.iterancestors(), 3)):
        if node.tag == "tr":
            return node
    return None


def _chosen_row(spots: list[PriceSpot], page: Page) -> PriceSpot | None:
    """The price in the row of a price table ("250 g | 8,50 €", "500 g | 14,90 €") whose
    format the page's <title> names ("Miel de bruyère - 500 g | Shop"): small shops list every
    format on one page, and the title says which one the page sells."""
    rows = {s.element: _row_of(s.element) for s in spots}
    tables = {r.getparent() for r in rows.values() if r is not None}
    if len(tables) != 1 or len(set(rows.values())) < 2 or None in rows.values():
        return None
    named = {norm(p) for p in _TITLE_PARTS.split(page.title)[1:]}
    chosen = [s for s in spots if norm(text_of(rows[s.element][0])) in named]
    if len(chosen) != 1:
        return None
    return chosen[0]


_TITLE_PARTS = re.compile(r"\s[-|–—:]\s")


def _on_request(area: HtmlElement) -> bool:
    return any(_ON_REQUEST.search(text) for _, text in walk_texts(area) if len(text) < 80)


def _is_fragment(el: HtmlElement) -> bool:
    """A piece of a split price ("14" of <span>14</span><sup>99</sup>) rather than a price."""
    parent = el.getparent()
    if parent is None or el.tag not in ("span", "sup", "sub", "small", "b", "strong", "em", "i"):
        return False
    own_text = text_of(el)
    if not re.fullmatch(r"[.,]?\d{1,4}[.,]?", own_text):
        return False
    parent_text = text_of(parent)
    own = sum(c.isdigit() for c in own_text)
    return len(parent_text) < 40 and sum(c.isdigit() for c in parent_text) > own


def _regular_for(price: PriceSpot, spots: list[PriceSpot]) -> PriceSpot | None:
    """The struck or labelled higher price next to the price, or next to another copy of it
    (big shops show the price twice: in the summary with the RRP, and in the buy box)."""
    chains = [depths(s.element) for s in spots if s.money.amount == price.money.amount]
    best: tuple[tuple[bool, int, bool], PriceSpot] | None = None
    for spot in spots:
        if spot is price or spot.money.amount <= price.money.amount:
            continue
        dist = min(distance(chain, spot.element) for chain in chains)
        parent = spot.element.getparent()
        # "$ 499.990Precio Normal": a label after the amount, in a sibling with no space.
        label = _GLUED.sub(r"\1 \2", _label_before(spot.element))
        labelled = _REGULAR_LABEL.search(label) or (
            parent is not None and _REGULAR_LABEL.search(_text_before(parent))
        )
        # Struck and labelled ("Prix conseillé : <s>39,99 €</s>") may sit a little further off,
        # as may a struck price in the row above the price's in one table (Cafe24's '판매가 |
        # <span style=line-through>89,000원</span>' over '할인판매가 | 69,000원').
        reach = 10 if spot.struck == 2 and (labelled or _rows_of_one_table(spot, price)) else 7
        if dist <= reach and (spot.struck or labelled):
            # "MSRP $49.95 / Was $44.95 / Now $34.97": at equal distance the price it was sold
            # at beats the maker's list price.
            listed = bool(
                _LIST_LABEL.search(_label_before(spot.element))
                or _LIST_LABEL.match(text_of(spot.element))  # "UVP: 69,99€" in one element
            )
            # An unstruck "UVP: 69,99€" under a struck "Niedrigster Preis: <s>59,99€</s>": the
            # price drawn struck is the one the shop sets against the price.
            rank = (listed and not _visibly_struck(spot.element), dist, listed)
            if best is None or rank < best[0]:
                best = (rank, spot)
    return best[1] if best else None


def _rows_of_one_table(spot: PriceSpot, price: PriceSpot) -> bool:
    row, price_row = _row_of(spot.element), _row_of(price.element)
    return row is not None and price_row is not None and row.getparent() is price_row.getparent()


_GLUED = re.compile(r"(\d)([^\W\d_])")
_LIST_LABEL = re.compile(
    r"\b(msrp|rrp|uvp|srp|list price|adviesprijs|prix conseillé|preisempfehlung|"
    r"precio recomendado|prezzo consigliato|rekommenderat pris|cena katalogowa|"
    r"precio de lista|prp)\b",
    re.I,
)


def _text_before(el: HtmlElement) -> str:
    """The label just before el ("statt", "Was", "Versand:", "Subscribe & save 15%").

    That is the parent's leading text or the previous sibling's tail, plus the previous
    sibling itself when it reads as a label (no digits) — a neighbouring price is no label.
    """
    parent = el.getparent()
    if parent is None:
        return ""
    prev = el.getprevious()
    for _ in range(2):
        # "Lowest price in 30 days: <span class=a-price><span>£27.99</span></span>": a label
        # before the price's wrapper labels the amount the wrapper's first child shows.
        if prev is not None or (parent.text or "").strip() or parent.tag in _BLOCKS:
            break
        el, parent, prev = parent, parent.getparent(), parent.getprevious()
        if parent is None:
            return ""
    if prev is None:
        before = parent.text or ""
        cell = parent.getprevious() if parent.tag in ("td", "dd") else None
        if not before.strip() and cell is not None and cell.tag in ("td", "th", "dt"):
            # "<td>Běžná cena:</td><td><span>1 690 Kč</span></td>": a table's label cell.
            label = text_of(cell)
            if not any(c.isdigit() for c in label) or label.endswith(":"):
                before = label
    else:
        label = "" if is_hidden(prev) else text_of(prev)
        # A neighbour with digits is a price of its own, not a label, unless it ends in "from"
        # ("3 Händler ab", "New (7) from"); a "%" badge is no label either.
        # A label ending in a colon is one whatever digits it holds ("Lowest price in 30 days:").
        own = (
            any(c.isdigit() for c in label)
            and not _FROM_END.search(label)
            and not label.endswith(":")
        )
        before = ("" if own or _BADGE.fullmatch(label) else label) + " " + (prev.tail or "")
    return " ".join(before.split())[-40:]


_FROM_END = re.compile(r"\b(?:ab|from|à partir de|desde|da|vanaf|od|fra|från)$", re.I)
_BADGE = re.compile(r"\W*\d*\s?%\W*")
# Blocks a price sits in, not a price's own wrapper: a label outside one labels something else.
_BLOCKS = frozenset("body div section article main li td tr table form p dd".split())


def _label_before(el: HtmlElement) -> str:
    """The label before a price and the price's own text ("UVP 799,00 €")."""
    return f"{_text_before(el)} {text_of(el)}"
