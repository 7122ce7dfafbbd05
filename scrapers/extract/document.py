"""One parse of the page, shared by every layer (parsing twice is most of the cost on big pages)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import lxml.html
from lxml.html import HtmlElement
from w3lib.encoding import html_to_unicode

from scrapers.extract.model import ExtractionError
from scrapers.extract.money import PageLocale

_SNIFF = 4096


def _decode(html: str | bytes) -> str:
    if isinstance(html, str):
        return html
    if not isinstance(html, bytes | bytearray):
        raise ExtractionError(f"expected HTML as str or bytes, got {type(html).__name__}")
    head = bytes(html[:_SNIFF])
    if head.startswith(b"\x1f\x8b"):
        raise ExtractionError("input is gzip-compressed: decompress it first (.html.gz)")
    if head.startswith((b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise ExtractionError("input is a binary file (zip, PDF or image), not an HTML page")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError("input is binary data, not an HTML page (it contains NUL bytes)")
    _, text = html_to_unicode(None, bytes(html))
    return text


@dataclass
class Page:
    """A parsed product page plus what every layer needs to know about it."""

    root: HtmlElement
    url: str | None
    locale: PageLocale
    source: str = ""  # the decoded text, for cheap "does this syntax occur at all" checks

    @property
    def body(self) -> HtmlElement:
        body = self.root.find("body")
        return body if body is not None else self.root

    def meta(self, key: str) -> str | None:
        """Content of <meta property=key> or <meta name=key>."""
        head = self.root.find("head")
        for el in head.iter("meta") if head is not None else ():
            if el.get("property") == key or el.get("name") == key:
                content = el.get("content")
                if content and content.strip():
                    return content.strip()
        return None


def parse_page(html: str | bytes, url: str | None = None) -> Page:
    """Parse once; raise :class:`ExtractionError` when the input is not HTML at all."""
    text = _decode(html)
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise ExtractionError("input is empty: expected an HTML page")
    if "\x00" in stripped[:_SNIFF]:
        raise ExtractionError("input is binary data, not an HTML page (it contains NUL bytes)")
    if "<" not in stripped[:_SNIFF] or not _looks_like_markup(stripped[:_SNIFF]):
        raise ExtractionError(
            "input has no HTML tags in its first 4 KB: expected an HTML page, got plain text"
        )
    if stripped.startswith("<?xml"):
        stripped = stripped.split("?>", 1)[-1]  # lxml refuses str input with an encoding decl
    try:
        root = lxml.html.document_fromstring(stripped)
    except Exception as exc:  # lxml raises ParserError/XMLSyntaxError on hopeless input
        raise ExtractionError(f"input could not be parsed as HTML: {exc}") from exc
    tld = urlparse(url).hostname.rsplit(".", 1)[-1] if url and urlparse(url).hostname else None
    page = Page(root, url, PageLocale(), stripped)
    lang = root.get("lang") or root.get("xml:lang") or page.meta("og:locale")
    page.locale = PageLocale.parse(lang, tld)
    return page


def _looks_like_markup(head: str) -> bool:
    lowered = head.lower()
    return any(
        tag in lowered
        for tag in ("<html", "<!doctype", "<head", "<body", "<div", "<meta", "<script", "<p", "<h1")
    )
