"""Per-competitor selectors: field -> CSS, or XPath when it starts with "/" or "xpath:"."""

from __future__ import annotations

from functools import lru_cache

from cssselect import SelectorError as CssError
from lxml.cssselect import CSSSelector
from lxml.etree import XPath, XPathError
from lxml.html import HtmlElement

from pricing.identifiers import is_valid_gtin
from scrapers.extract.document import Page
from scrapers.extract.model import FIELDS, SelectorError
from scrapers.extract.money import Money, parse_money
from scrapers.extract.stock import markup_availability, phrase_availability


@lru_cache(maxsize=1024)
def compile_selector(field: str, expression: str) -> XPath:
    """Compile once per (field, expression); raises :class:`SelectorError` naming the field."""
    if field not in FIELDS:
        raise SelectorError(
            f"unknown selector field {field!r}; expected one of: {', '.join(FIELDS)}"
        )
    expr = (expression or "").strip()
    if not expr:
        raise SelectorError(f"selector for {field!r} is empty")
    try:
        if expr.startswith("xpath:"):
            return XPath(expr[len("xpath:") :].strip())
        if expr.startswith(("/", "(")):
            return XPath(expr)
        return CSSSelector(expr)
    except (CssError, XPathError, SyntaxError) as exc:
        raise SelectorError(f"invalid selector for {field!r}: {expression!r} ({exc})") from exc


def validate_selectors(selectors: dict[str, str]) -> None:
    """Check a competitor's selector config up front (for imports and the API)."""
    for field, expression in selectors.items():
        compile_selector(field, expression)


def _value(match: object) -> str | None:
    if isinstance(match, str):
        return " ".join(match.split()) or None
    if isinstance(match, HtmlElement):
        for attr in ("content", "data-price-amount", "data-price", "value"):
            if match.get(attr):
                return match.get(attr)
        if match.tag == "link" and match.get("href"):
            return match.get("href")
        return " ".join(match.text_content().split()) or None
    return None


def apply_selectors(page: Page, selectors: dict[str, str]) -> dict[str, object]:
    """Field values the configured selectors find; prices come back as :class:`Money`."""
    found: dict[str, object] = {}
    for field, expression in selectors.items():
        compiled = compile_selector(field, expression)
        try:
            matches = compiled(page.root)
        except XPathError as exc:
            raise SelectorError(f"selector for {field!r} failed: {expression!r} ({exc})") from exc
        if not isinstance(matches, list):
            matches = [matches]
        texts = [v for v in map(_value, matches) if v]
        if not texts:
            continue
        text = texts[0]
        if field in ("price", "regular_price"):
            money: Money | None = parse_money(text, page.locale)
            if money is not None:
                found[field] = money
        elif field == "availability":
            state = markup_availability(text) or phrase_availability(text)
            if state:
                found[field] = state
        elif field == "gtin":
            digits = "".join(c for c in text if c.isdigit())
            if is_valid_gtin(digits):
                found[field] = digits
        elif field == "currency":
            code = text.strip().upper()
            money = parse_money("1 " + text, page.locale)
            found[field] = code if len(code) == 3 else (money.currency if money else None)
        else:
            found[field] = text
    return {k: v for k, v in found.items() if v is not None}
