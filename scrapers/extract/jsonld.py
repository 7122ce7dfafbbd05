"""JSON-LD through extruct, with the small repairs real shops need before it parses.

Seen in the wild: trailing commas, a trailing semicolon, HTML-escaped quotes, CDATA or comment
wrappers, and several objects pasted into one script. Repairs run only when strict parsing fails.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from extruct.jsonld import JsonLdExtractor
from lxml.html import HtmlElement

_TRAILING_COMMA = re.compile(r",\s*(?=[}\]])")
_WRAPPERS = re.compile(r"^\s*(?:/\*\s*)?<!\[CDATA\[(?:\s*\*/)?|(?:/\*\s*)?\]\]>(?:\s*\*/)?\s*$")
_EXTRUCT = JsonLdExtractor()


def _decode_all(text: str) -> list[Any]:
    """Every JSON value in text, for scripts holding several objects one after another."""
    decoder = json.JSONDecoder(strict=False)
    values, pos = [], 0
    while pos < len(text):
        while pos < len(text) and text[pos] in " \t\r\n,;":
            pos += 1
        if pos >= len(text):
            break
        value, pos = decoder.raw_decode(text, pos)
        values.append(value)
    return values


def repair_and_parse(script: str) -> list[Any]:
    """Parse a JSON-LD script that strict JSON rejects; raises ValueError when beyond repair."""
    text = _WRAPPERS.sub("", script.strip()).strip()
    text = re.sub(r"^\s*<!--|-->\s*$", "", text).strip().rstrip(";").strip()
    attempts = [text, _TRAILING_COMMA.sub("", text)]
    if "&quot;" in text or "&#" in text or "&amp;" in text:
        unescaped = html.unescape(text)
        attempts += [unescaped, _TRAILING_COMMA.sub("", unescaped)]
    error: ValueError | None = None
    for attempt in attempts:
        try:
            return _decode_all(attempt)
        except ValueError as exc:
            error = exc
    raise ValueError(f"JSON-LD beyond repair: {error}")


def _script_values(node: HtmlElement) -> list[Any]:
    try:
        return list(_EXTRUCT._extract_items(node))
    except (ValueError, TypeError):
        pass
    try:
        return repair_and_parse(node.text_content())
    except ValueError:
        return []


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        graph = value.get("@graph")
        if graph is not None:
            yield from _walk(graph)
        if "@type" in value:
            yield value
        for key in ("mainEntity", "about"):
            if isinstance(value.get(key), dict | list):
                yield from _walk(value[key])


def _resolve(value: Any, ids: dict[str, dict[str, Any]], depth: int = 0) -> Any:
    """Replace {"@id": ...} references by the node they name (as @graph pages use them)."""
    if depth > 6:
        return value
    if isinstance(value, list):
        return [_resolve(v, ids, depth + 1) for v in value]
    if isinstance(value, dict):
        if set(value) == {"@id"} and value["@id"] in ids:
            return _resolve(ids[value["@id"]], ids, depth + 1)
        return {k: _resolve(v, ids, depth + 1) for k, v in value.items()}
    return value


def jsonld_nodes(scripts: Iterable[HtmlElement]) -> list[dict[str, Any]]:
    """Every typed top-level node of the ld+json ones among ``scripts`` (a page's <script>
    elements), @graph flattened, @id refs resolved."""
    nodes: list[dict[str, Any]] = []
    for script in scripts:
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        nodes.extend(_walk(_script_values(script)))
    ids = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    return [_resolve(n, ids) for n in nodes] if ids else nodes
