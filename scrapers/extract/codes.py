"""Product codes shoppers see: "SKU: AB-12", "Art.-Nr. 4711", "Réf. : CP-LAG", itemprop="sku".

Only values that look like codes are taken (a digit, or capitals joined by - or _), so a label
followed by prose does not become a SKU.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from pricing.identifiers import is_valid_gtin
from scrapers.extract.layout import excluded, text_of

_SKU_LABELS = (
    r"sku|art\.?\s?-?nr\.?|artikelnummer|artikel-nr\.?|bestellnummer|produktnummer|référence|"
    r"réf\.?|ref\.?|referencia|código|codice articolo|codice|cod\.|item no\.?|item #|item number|"
    r"part no\.?|part number|productcode|artikelcode|"
    r"product code|ugs|code produit|code article|n° article|artikelnr\.?|art\.nr\.?|varenr\.?|code|"
    r"codice prodotto|código de producto|productnummer|kod produktu|nr katalogowy|"
    r"artikelnr|art\. nr\.?|riferimento|rif\.|referentie|cod\. art\.?|symbol|référence fnac|"
    r"varenummer|vare-nr\.?|varunummer|asin|tcin|numer produktu|artnr\.?|produktnr\.?|"
    r"tuotenumero|tuotekoodi|kód produktu|katalogové číslo|numéro d'article|n° d'article|"
    r"item code|product id|style #|style no\.?|web id|product number|stock code|"
    r"catalog number|catalogue number|numer katalogowy|indeks|kod|varunr\.?|sku#|"
    r"kód zboží|kód tovaru|kód|商品番号|商品コード|"  # cs/sk "goods code", ja "item number"
    # Odoo's "Internal Reference" (default_code) row, as its translations print it.
    r"interne referentie|internal reference|référence interne|interne referenz|"
    r"referencia interna|riferimento interno|"
    r"品番|"  # ja "item number" (MakeShop's spec row); the maker's is "メーカー品番" or "型番"
    r"상품코드|상품 코드|상품번호|상품 번호|referência|"  # ko "product code/number", pt "reference"
    r"자체상품코드|자체 상품코드|"  # ko "own product code" (Cafe24's 자체상품코드 row)
    r"cat\.? no\.?|cikkszám|ürün kodu|"  # en-GB catalogue number, hu and tr "item number"
    r"publicación|publicação|"  # Mercado Libre's listing number: "Publicación: MLA1423456789"
    # Marketplaces name their listing's number: "eBay item number:", "ValuMart Item # 1031".
    r"[a-z]+ item number|[a-z]+ item #|"
    # zh-TW/zh-CN "item number", he "catalogue number" (מק"ט), th "product code", uk/ru
    # "article"/"product code", Home Depot's online listing number.
    r"商品貨號|貨號|商品編號|商品编号|货号|商品編碼|מק\"ט|מק״ט|מקט|รหัสสินค้า|"
    r"артикул|код товару|код товара|internet #|internet number|"
    # el "product code" ("Κωδ. προϊόντος: 4812377", "Κωδικός προϊόντος").
    r"κωδ\. προϊόντος|κωδ\.προϊόντος|κωδικός προϊόντος|κωδικός είδους|"
    # en "Article number" (IKEA's English sites), fr-CA "Nº d'article" (ordinal º, not °),
    # Bunnings' "I/N" (item number).
    r"article number|article no\.?|art\. no\.?|nº d'article|nº article|no d'article|i/n"
).split("|")
_SKU_LABEL = re.compile(
    "^(" + "|".join(sorted(_SKU_LABELS, key=len, reverse=True)) + r")\s*[:#.：]?\s*(.*)$", re.I
)
_SKU_VALUE = re.compile(
    r"^(?!\d+[.,]\d+$)(?=.*\d|[A-Z0-9]+[-_][A-Z0-9])[A-Za-z0-9][A-Za-z0-9._/-]{2,39}$"
)  # a code, not a decimal such as a rating "4.6"
# Rakuten's shop pages print the shop's item code bare in <span class="item_number">.
SKU_CLASS = re.compile(
    r"(?:^|\s)(?:sku|item_number)(?:\s|$)|ordernumber|product-reference|product-sku"
)


def shown_sku(area: HtmlElement) -> str | None:
    """A product code shown on the page: itemprop/class "sku", or a label such as "Art.-Nr.:"."""
    for el in area.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get("itemprop") != "sku" and not SKU_CLASS.search(el.get("class") or ""):
            continue
        if excluded(el):
            continue
        value = (el.get("content") or text_of(el)).strip()
        label = _SKU_LABEL.match(value)
        value = label.group(2).strip() if label else value
        if _SKU_VALUE.match(value):
            return value
        nxt = el.getnext()
        if label and nxt is not None and _SKU_VALUE.match(text_of(nxt)):
            return text_of(nxt)
    return None


# Labels that name other codes too ("Code: SAVE10" in a promo bar): trusted in the buy box only.
_GENERIC_SKU_LABELS = {
    "code",
    "ref",
    "ref.",
    "symbol",
    "codice",
    "código",
    "cod.",
    "référence",
    "kod",
    "kód",
    "referência",
}
_GENERIC_SKU_LABELS |= {"indeks", "product id", "publicación", "publicação"}
_PROMO_LABELS = {"code", "codice", "código", "cod.", "kod", "kód", "symbol"}


_PARTS = re.compile(r"\s+[|•·]\s+")
_LAST_SENTENCE = re.compile(r"[.!?]\s+(\S+\s?\S+)$")


def _with_numbered_child(el: HtmlElement, text: str) -> str:
    """'Internet <span>#318824517</span>': a label whose first child prints the "#" and the
    code is read as one line ("Internet #318824517"), as the shopper reads it."""
    if len(el) and text and text == (el.text or "").strip() and isinstance(el[0].tag, str):
        first = text_of(el[0])
        if first.startswith("#") and len(first) < 42:
            return f"{text} {first}"
    return text


def labelled_sku(el: HtmlElement, text: str, generic: bool = True) -> str | None:
    """The code in a short text such as "Artikelnummer: DM-TRAK-01", or in the next element;
    with ``generic=False`` only labels that name nothing but a product code."""
    text = _with_numbered_child(el, text)
    # Amazon's "ASIN ‏ : ‎"; small shops space a line's codes with "&nbsp; | &nbsp;".
    text = " ".join(text.replace("\u200e", "").replace("\u200f", "").split())
    # "Model: HP-400-WHT · SKU 6612044": one line with several labelled codes. A long line
    # split by bars ("Artikelnr: TK-12 | Finns i lager, skickas inom 2 arbetsdagar") is read
    # part by part: the code's part is short though the stock note beside it is not.
    parts = [part for part in _PARTS.split(text) if len(part) < 60]
    if len(text) >= 60 and (len(parts) < 2 or len(text) >= 200):
        return None
    for part in parts:
        # "Kod x-kom: 1288431", "Code Darty : 4711": the shop's name between label and code.
        named = _SHOP_CODE.match(part)
        if named and not _MPN_LABEL.match(part) and named.group(2).lower() not in _NOT_SHOPS:
            value = named.group(3).strip("|·,;")
            if _SKU_VALUE.match(value):
                return value
    shop_cell = _SHOP_CODE_CELL.match(text)
    if shop_cell and shop_cell.group(2).lower() not in _NOT_SHOPS and not _MPN_LABEL.match(text):
        # "<th>Κωδικός Skroutsaki</th><td>41233012</td>": the shop's name after the label word
        # in a header cell, the code in the next cell.
        nxt = value_element(el)
        value = text_of(nxt).strip() if nxt is not None else ""
        if _SKU_VALUE.match(value):
            return value
    label = next((m for m in map(_SKU_LABEL.match, parts) if m), None)
    if label is None and (last := _LAST_SENTENCE.search(text)):
        # "Tous nos prix s'entendent TVAC. Réf. BRU500.": the code in a line's last sentence
        # ("Free shipping. Code: SAVE10" is a voucher, so not under a bare "code" label).
        label = _SKU_LABEL.match(last.group(1).rstrip("."))
        if label and label.group(1).lower() in _PROMO_LABELS:
            label = None
    if not label or (not generic and label.group(1).lower() in _GENERIC_SKU_LABELS):
        return None
    # "Ref.: <span>HQ6351</span>": a label in the element's own text names its first child.
    own_label = len(el) and text == (el.text or "").strip()
    # A bare label in a wrapper ("<th><span>상품코드</span></th><td>…"): the wrapper's next cell.
    nxt = el[0] if own_label else value_element(el)
    value = (
        label.group(2).strip()
        or (el.tail or "").strip().lstrip(":").strip()  # "<b>TCIN</b>: 89012345"
        or (text_of(nxt) if nxt is not None else "")
    )
    value = _sentence_end(value.split(" ")[0].strip("|·,;:\u200e\u200f"))
    return value if _SKU_VALUE.match(value) else None


def _sentence_end(value: str) -> str:
    """A code at the end of a sentence ("Model number AF400UK.") without the sentence's stop."""
    return value[:-1] if value.endswith(".") and not value.endswith("..") else value


_SHOP_CODE = re.compile(
    r"^(kod|kód|code|código|codice|référence|réf\.?|ref\.?|nr\.?|numer)\s+([\w.-]{2,24})\s*:\s*(\S+)$",
    re.I,
)
_SHOP_CODE_CELL = re.compile(
    r"^(kod|kód|code|código|codice|κωδικός|κωδ\.)\s+([^\W\d_][\w.-]{1,23})\s*:?$", re.I
)
# Words after "Code"/"Kod" that name a voucher, a postcode or a maker, not the shop.
_NOT_SHOPS = {
    "promo",
    "promocional",
    "promocyjny",
    "rabatowy",
    "sconto",
    "voucher",
    "coupon",
    "kupon",
    "postal",
    "pocztowy",
    "zip",
    "ean",
    "producenta",
    "výrobce",
    "fabricant",
    "fabricante",
    "produttore",
}


def value_element(el: HtmlElement) -> HtmlElement | None:
    """The element after a bare label: its next sibling, or its wrappers' (eBay's item
    specifics put "<div><div><span>MPN</span></div></div>" and the value in sibling blocks)."""
    node = el
    for _ in range(4):
        nxt = node.getnext()
        if nxt is not None:
            return nxt
        parent = node.getparent()
        if node.tag in ("td", "th", "dt") or parent is None or parent.tag in ("tr", "body"):
            return None
        node = parent
    return None


_MPN_LABEL = re.compile(
    # tr "model code", "maker's code"; es/fr/it Amazon's "model number of the product".
    r"^(model kodu|üretici kodu|número de modelo del producto|número de modelo|"
    # cs/sk "maker's number" (Kaufland, Alza), ro, el, hr, da/nb, pt, es, it, fi, tr, hu kin.
    r"číslo výrobce|číslo výrobcu|kód výrobcu|cod producător|cod producator|"
    r"κωδικός κατασκευαστή|šifra proizvođača|producentens varenummer|"
    r"produsentens varenummer|referência do fabricante|código de fabricante|"
    r"código del fabricante|cod\. produttore|valmistajan tuotekoodi|valmistajan tuotenumero|"
    r"üretici parça numarası|gyártói szám|gyártói kód|"
    r"numéro du modèle de l'article|numéro de modèle|numero di modello|"
    r"mpn|herstellernummer|hersteller-?artikelnummer|référence fabricant|r[ée]f\.? fabricant|"
    r"référence constructeur|r[ée]f\.? constructeur|型番|"
    r"p/n|referencia del fabricante|codice produttore|fabrikantcode|manufacturer part number|"
    r"manufacturer part no\.?|"
    r"mfr\.? ?#|mfg\.? ?#|model ?#|model no\.?|model number|modellnummer|modelo|"
    r"modelnummer|kod producenta|tillv\.? ?nr\.?|numero modello articolo|item model number|"
    # de "Hersteller-Nr.", cs "Kód výrobce"/"Typ", pl, nl, sv, fi, pt, es, it, ja kin.
    r"hersteller-?nr\.?|herst\.-?nr\.?|kód výrobce|označení výrobce|katalogové číslo výrobce|"
    r"typové označení|typenummer|typ(?![a-zà-ž])|numer producenta|artikelnummer fabrikant|"
    r"tillverkarens artikelnummer|valmistajan koodi|código do fabricante|número de pieza|"
    r"référence du fabricant|codice del produttore|メーカー型番|メーカー品番|"
    # de "Referenz" (watches, fittings: the maker's reference; the shop's code is "Art.-Nr.").
    r"referenznummer|referenz(?![a-zäöü])|"
    # hu "maker's item number", ar "model number".
    r"gyártói cikkszám|gyári cikkszám|رقم الموديل|"
    # A LEGO set's number is the maker's (bol's "Setnummer"); ko "model name/number".
    r"setnummer|set number|모델명|모델 번호|모델번호|"
    # de "Hersteller-Art.-Nr.", he "model", zh "model number", ja "model", ru/uk and bg/sr
    # "model" (OpenCart's "Модел:" line under the maker's).
    r"hersteller-?art\.?-?nr\.?|herst\.-?art\.?-?nr\.?|דגם|型號|型号|型式|model|модель|модел|"
    # de "HAN:" (Hersteller-Artikelnummer), with its colon: "Han" is a word in sv/no/da.
    r"han(?=\s*:))"
    r"(?:\s*\([^)]{0,40}\))?"  # "MPN (Manufacturer Part Number)": a gloss after the label
    r"\s*[:#.：]?\s*(.*)$",
    re.I,
)


def labelled_mpn(el: HtmlElement, text: str) -> str | None:
    """The manufacturer's part number in "MPN: DCD796N-XJ" or "P/N: 90NR0GW1", or next to it."""
    text = _with_numbered_child(el, text.replace("\u200e", "").replace("\u200f", "").strip())
    if len(text) >= 60:
        return None
    # "Item # 20017733 | Model # PH-48CA": one line with several labelled codes.
    parts = _PARTS.split(text)
    label = next((m for m in map(_MPN_LABEL.match, parts) if m), None)
    if not label and (label := _MPN_LABEL.match(text.lstrip("·|•,; "))):
        # "מק"ט: <span>261234</span> | דגם: <span>MTJV3HB/A</span>": a label in a child's
        # tail names the next child.
        after = next((c for c in el if text in (c.tail or "")), None)
        nxt = after.getnext() if after is not None else None
        if not label.group(2).strip() and nxt is not None:
            value = _sentence_end(text_of(nxt).split(" ")[0])
            return value if _SKU_VALUE.match(value) else None
    if not label:
        return None
    own_label = len(el) and text == (el.text or "").strip()
    nxt = el[0] if own_label else value_element(el)
    inline = label.group(2).strip()
    whole = text_of(nxt) if not inline and nxt is not None else ""
    words = (inline or whole).split()
    if weak_mpn_label(text) and len(words) > 1 and len(words[0]) <= 4 and words[1][0].isalpha():
        # "Model | T20 Pro", "Model: V12 Detect Slim": a model's name, whose first word names
        # a series, not the maker's part number.
        return None
    if _SPACED_CODE.fullmatch(whole) or _COLOUR_SUFFIX.fullmatch(whole):
        # A value cell of its own: "3825 1/4" (Hazet) is one part number, and so is
        # "WH-1000XM6 B" (Japanese shops' 型番 with the colour's letter after the model).
        return whole
    value = _sentence_end((inline or whole).split(" ")[0].strip("|·,;:\u200e\u200f"))
    return value if _SKU_VALUE.match(value) or _LETTER_CODE.match(value) else None


# Nintendo's and others' part numbers are all capitals ("HEGSKBAAA"): under a part-number
# label, a long run of capitals is a code, not a word.
_LETTER_CODE = re.compile(r"^[A-Z]{7,20}$")
# A model with a colour letter after a space ("WH-1000XM6 B", "KJ-55X85L W").
_COLOUR_SUFFIX = re.compile(r"(?=[A-Za-z0-9./-]*\d)[A-Z0-9][A-Za-z0-9./-]{3,30} [A-Z]{1,2}")
# A part number printed with spaces, each piece with a digit ("3825 1/4", "0 986 494 104").
_SPACED_CODE = re.compile(r"(?=.*\d[^\s]*\s)(?:[A-Za-z0-9./-]*\d[A-Za-z0-9./-]*\s?){2,4}")


_GTIN_LABEL = re.compile(
    r"^(ean ?\(gtin\)|ean[- ]?13|ean/upc|ean-code|ean-koodi|isbn[- ]?13|ean|gtin|upc|isbn|barcode|"
    r"code ean|código ean|codice ean|streepjescode|janコード|jan code|"
    # The barcode's name elsewhere: cs/sk, tr, hu, fi, pl, nb/da/sv, es/pt, it, el, ko.
    r"čárový kód|čiarový kód|barkod|vonalkód|viivakoodi|kod kreskowy|kod ean|"
    r"strekkode|stregkode|streckkod|código de barras|codice a barre|"
    r"γραμμωτός κώδικας|γραμμοκώδικας|κωδικός ean|바코드|jan)\s*[:#.：]?\s*(.*)$",
    re.I,
)


def labelled_gtin(el: HtmlElement, text: str) -> str | None:
    """A barcode shown with its label ("EAN: 4006381333931", "ISBN-13: 978-3-16-148410-0", a
    spec table row), kept only when its check digit is right."""
    text = text.replace("\u200e", "").replace("\u200f", "").lstrip("·|•,; ")  # Amazon's marks
    if len(text) >= 60:
        return None
    label = _GTIN_LABEL.match(text)
    if not label:
        return None
    own_label = len(el) and text == (el.text or "").strip()
    # "Réf : <span>X</span> · EAN : <span>Y</span>": a label in a child's tail names the next child.
    after = next((c for c in el if text in (c.tail or "")), None)
    nxt = el[0] if own_label else after.getnext() if after is not None else value_element(el)
    value = (
        label.group(2).strip()
        or (el.tail or "").strip().lstrip(":").strip()  # "<b>UPC</b>: 041604380228"
        or (text_of(nxt) if nxt is not None else "")
    )
    digits = "".join(c for c in value.split(" ")[0] if c.isdigit())
    return digits if len(digits) in (8, 12, 13, 14) and is_valid_gtin(digits) else None


def weak_mpn_label(text: str) -> bool:
    """A bare "Model" names the model, which a "Kod producenta"/"MPN" line beats."""
    return bool(
        re.match(r"^(model|modelo|модель|модел)\b(?!\s*(?:#|no|number|nr))", text.strip(), re.I)
    )


def gtin_as_printed(gtin: str, source: str | bytes) -> str:
    """A UPC-A that markup pads to 13 digits ("gtin13": "0887276812342") in the form the page
    prints it ("UPC 887276812342"); a padded code the page writes nowhere shorter stays as is.
    Both forms name the same item; labels, like shoppers, copy what is shown."""
    if len(gtin) != 13 or not gtin.startswith("0"):
        return gtin
    short = gtin[1:]
    needle = rf"(?<![0-9]){short}(?![0-9])"
    found = re.search(needle.encode() if isinstance(source, bytes) else needle, source)
    return short if found else gtin
