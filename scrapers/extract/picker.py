"""Variants read from the buy box's option picker, for pages that list them nowhere else: one
<select> of sizes, batteries or woods ("500 Wh | Double 1000 Wh") is one variant per option.

Only a single picker is read: with colour x size selects the combinations that exist are not
on the page, and a guess would be a wrong count.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

from scrapers.extract.layout import classes, excluded, text_of
from scrapers.extract.model import ExtractedVariant

_QUANTITY = re.compile(
    r"qty|quantit|quantity|menge|anzahl|antal|aantal|cantidad|ilość|ilosc|^q$|count", re.I
)
_SOLD_OUT = re.compile(
    r"sold out|out of stock|ausverkauft|épuisé|agotado|esaurit|uitverkocht|udsolgt|slutsåld|"
    r"niedostępn|unavailable|indisponible|non disponibile",
    re.I,
)


def _is_quantity(select: HtmlElement) -> bool:
    hooks = f"{select.get('name') or ''} {classes(select)}"
    return bool(_QUANTITY.search(hooks))


def picker_variants(area: HtmlElement) -> list[ExtractedVariant]:
    """One variant per real option of the one option picker in the product's area."""
    selects = [
        s
        for s in area.iter("select")
        if not _is_quantity(s) and (s.getparent() is None or not excluded(s.getparent()))
    ]
    if not selects:
        return _radio_variants(area)
    if len(selects) != 1:
        return []
    options = [o for o in selects[0].iter("option") if (o.get("value") or "").strip()]
    if len(options) < 2:
        return []
    return [
        ExtractedVariant(
            name=text_of(o),
            availability="OutOfStock" if _SOLD_OUT.search(text_of(o)) else None,
        )
        for o in options
    ]


# Star ratings in a review form are radio groups too.
_RATING = re.compile(
    r"rating|\brate\b|stars?\b|review|bewert|évaluation|valoraci|valutazion|recensi", re.I
)
# Through the attribute axis (as structured.py's item searches): same nodes in the same order,
# half the time over a big area (37 -> 17 ms on the 5 MB page's reviews).
_RADIO_GROUPS = XPath("descendant::*/@role[.='radiogroup']/parent::*")
_RADIOS = XPath("descendant::*/@role[.='radio']/parent::*")


def _radio_variants(area: HtmlElement) -> list[ExtractedVariant]:
    """One variant per option of the one ARIA radio group of buttons ("<div role=radiogroup
    aria-label='Välj storlek'><button role=radio disabled>XS</button>..."), React shops' size
    picker; a disabled option is sold out."""
    groups = [
        g
        for g in _RADIO_GROUPS(area)
        if not excluded(g) and not _RATING.search(f"{classes(g)} {g.get('aria-label') or ''}")
    ]
    if len(groups) != 1:
        return []
    radios = _RADIOS(groups[0])
    if len(radios) < 2:
        return []
    return [
        ExtractedVariant(
            name=text_of(r) or r.get("aria-label"),
            availability="OutOfStock"
            if r.get("disabled") is not None or r.get("aria-disabled") == "true"
            else None,
        )
        for r in radios
    ]
