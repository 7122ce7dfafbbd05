"""One parse of the page, shared by every layer (parsing twice is most of the cost on big pages)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlparse

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    read_bom,
    resolve_encoding,
)

from scrapers.extract.model import ExtractionError
from scrapers.extract.money import PageLocale

_SNIFF = 4096
# Tags rules look for anywhere in the page. Each lxml ``iter(tag)`` walks the whole tree (and
# taking its first match reads on to the second), ~2 ms a walk on a 1.5 MB page, so one walk
# collects them all for the page's lifetime.
INDEXED_TAGS = ("h1", "script", "form", "select")


def _element_classes() -> etree.ElementNamespaceClassLookup:
    """lxml.html's element classes (FormElement, InputElement, ... else HtmlElement), chosen in C.

    lxml.html's own HTMLParser picks them in a Python method called for every element proxy
    made; walking the 5 MB page's reviews made ~70,000 of them, a tenth of its extraction time.
    """
    fallback = etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
    lookup = etree.ElementNamespaceClassLookup(fallback)
    lookup.get_namespace(None).update(lxml.html.HtmlElementClassLookup._default_element_classes)
    return lookup


_HTML_CLASSES = _element_classes()


def _parser(encoding: str | None) -> etree.HTMLParser:
    parser = etree.HTMLParser(encoding=encoding)
    parser.set_element_class_lookup(_HTML_CLASSES)
    return parser


def _check_bytes(data: bytes) -> None:
    head = data[:_SNIFF]
    if head.startswith(b"\x1f\x8b"):
        raise ExtractionError("input is gzip-compressed: decompress it first (.html.gz)")
    if head.startswith((b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise ExtractionError("input is a binary file (zip, PDF or image), not an HTML page")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError("input is binary data, not an HTML page (it contains NUL bytes)")


def _byte_encoding(data: bytes) -> str | None:
    """The encoding to hand lxml the bytes in, or None to decode in Python first.

    Parsing bytes is a good deal faster than parsing a str of a page with non-ASCII text, so
    the common case (no BOM, declared or implied UTF-8 / a single-byte charset that decodes)
    goes straight to lxml.
    """
    if read_bom(data)[0] is not None:
        return None
    declared = html_body_declared_encoding(data[:_SNIFF])
    # Undeclared and not UTF-8: browsers read it as windows-1252, and so do we.
    tries = [resolve_encoding(declared)] if declared else ["utf-8", "cp1252"]
    for encoding in tries:
        if not encoding or encoding.startswith(("utf-16", "utf-32")):
            return None
        try:
            _check_decodes(data, encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return encoding
    return None


_PIECE = 1 << 16


def _check_decodes(data: bytes, encoding: str) -> None:
    """Raise as ``data.decode(encoding)`` would, reading the page in 64 KB pieces: decoding it
    whole built a string of the page only to drop it (0.8 ms on a 1.5 MB page, 9 ms on a 5 MB
    one with many accented letters, against 0.3 and 3 ms)."""
    if not data:
        return  # bytes.decode answers "" for no bytes, whatever the codec
    info = codecs.lookup(encoding)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{encoding} is not a text encoding")
    decoder = info.incrementaldecoder()
    for start in range(0, len(data), _PIECE):
        decoder.decode(data[start : start + _PIECE])
    decoder.decode(b"", final=True)


@lru_cache(maxsize=64)
def _needle(word: str, in_bytes: bool) -> re.Pattern:
    """A literal search: re finds a word absent from a 1.5 MB page in 0.7 ms, ``in`` in 1.2 ms."""
    return re.compile(re.escape(word.encode() if in_bytes else word))


@dataclass
class Page:
    """A parsed product page plus what every layer needs to know about it."""

    root: HtmlElement
    url: str | None
    locale: PageLocale
    source: str | bytes = ""  # the input, for cheap "does this syntax occur at all" checks
    _index: dict[str, list[HtmlElement]] | None = field(default=None, repr=False, compare=False)

    def elements(self, tag: str) -> list[HtmlElement]:
        """Every ``<tag>`` of the page in document order, ``tag`` one of ``INDEXED_TAGS``
        (the tree is never changed after parsing, so the one walk stays true)."""
        if self._index is None:
            index: dict[str, list[HtmlElement]] = {t: [] for t in INDEXED_TAGS}
            for el in self.root.iter(*INDEXED_TAGS):
                index[el.tag].append(el)
            self._index = index
        return self._index[tag]

    def in_body(self, elements: list[HtmlElement]) -> list[HtmlElement]:
        """Those of ``elements`` inside ``body`` (all of them when the page has no <body>)."""
        body = self.body
        if body is self.root:
            return elements
        return [el for el in elements if el is body or body in el.iterancestors("body")]

    def mentions(self, word: str) -> bool:
        return _needle(word, isinstance(self.source, bytes)).search(self.source) is not None

    @property
    def body(self) -> HtmlElement:
        body = self.root.find("body")
        return body if body is not None else self.root

    @property
    def title(self) -> str:
        """The document's <title> (looked up directly: a search of the whole tree is slow)."""
        head = self.root.find("head")
        found = head.find("title") if head is not None else None
        if found is None:
            found = next(self.root.iter("title"), None)
        return " ".join((found.text_content() if found is not None else "").split())

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
    if isinstance(html, bytearray | memoryview):
        html = bytes(html)
    if not isinstance(html, str | bytes):
        raise ExtractionError(f"expected HTML as str or bytes, got {type(html).__name__}")
    source: str | bytes = html
    encoding = None
    if isinstance(html, bytes):
        _check_bytes(html)
        encoding = _byte_encoding(html)
        if encoding is None:
            source = html_to_unicode(None, html)[1]
    if isinstance(source, str):
        source = source.lstrip("\ufeff \t\r\n")
        if source.startswith("<?xml"):
            source = source.split("?>", 1)[-1]  # lxml refuses str input with an encoding decl
        head = source[:_SNIFF]
    else:
        head = source[:_SNIFF].decode(encoding or "utf-8", "replace").lstrip()
    _check_head(head)
    try:
        root = lxml.html.document_fromstring(source, parser=_parser(encoding))
    except Exception as exc:  # lxml raises ParserError/XMLSyntaxError on hopeless input
        raise ExtractionError(f"input could not be parsed as HTML: {exc}") from exc
    tld = urlparse(url).hostname.rsplit(".", 1)[-1] if url and urlparse(url).hostname else None
    page = Page(root, url, PageLocale(), source)
    lang = root.get("lang") or root.get("xml:lang") or page.meta("og:locale")
    page.locale = PageLocale.parse(lang, tld)
    return page


def _check_head(head: str) -> None:
    if not head.strip():
        raise ExtractionError("input is empty: expected an HTML page")
    if "\x00" in head:
        raise ExtractionError("input is binary data, not an HTML page (it contains NUL bytes)")
    if "<" not in head or not _looks_like_markup(head):
        raise ExtractionError(
            "input has no HTML tags in its first 4 KB: expected an HTML page, got plain text"
        )


def _looks_like_markup(head: str) -> bool:
    lowered = head.lower()
    return any(
        tag in lowered
        for tag in ("<html", "<!doctype", "<head", "<body", "<div", "<meta", "<script", "<p", "<h1")
    )
