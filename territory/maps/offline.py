"""Make a folium page self-contained: Leaflet inlined, every other CDN reference dropped.

folium links Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from CDNs. Our maps
use only Leaflet (markers are plain HTML `DivIcon`s), so Leaflet 1.9.3 (BSD-2-Clause) is put in
`data/leaflet/` at install time (`make assets`, from the npm registry's `leaflet` package; not
kept in the repository) and inlined, its CSS images as data: URIs, and the rest is removed.
The page then draws its territories with no network at all; only the base-map tiles need one.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib import resources

LEAFLET_VERSION = "1.9.3"
_SCRIPT = re.compile(r'<script\s+src="(https?://[^"]+)"\s*>\s*</script>\s*')
_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(https?://[^"]+)"\s*/?>\s*')


class OfflineAssetMissing(RuntimeError):
    """The page references a CDN script we cannot inline and must not drop."""


def _asset(name: str) -> bytes:
    path = resources.files("territory.maps") / "data" / "leaflet" / name
    if not path.is_file():
        raise OfflineAssetMissing(
            f"Leaflet {LEAFLET_VERSION} asset {name!r} is not installed: run `make assets` "
            "(it fetches the npm package `leaflet` into territory/maps/data/leaflet/)"
        )
    return path.read_bytes()


@cache
def leaflet_js() -> str:
    return _asset("leaflet.js").decode("utf-8")


@cache
def leaflet_css() -> str:
    css = _asset("leaflet.css").decode("utf-8")

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode(_asset(f"images/{match.group(1)}")).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)


# CDN files folium adds by default that our maps never use.
UNUSED = ("jquery", "bootstrap", "fontawesome", "awesome-markers", "leaflet.awesome.rotate")


def _is_leaflet(url: str, ext: str) -> bool:
    return bool(re.search(rf"/leaflet(@[\d.]+)?/dist/leaflet\.{ext}$", url))


def make_offline(html: str) -> str:
    """Inline Leaflet into folium's rendered page and drop the unused CDN links."""

    def script(match: re.Match[str]) -> str:
        url = match.group(1)
        if _is_leaflet(url, "js"):
            return f"<script>/* Leaflet {LEAFLET_VERSION} */\n{leaflet_js()}\n</script>\n"
        if any(name in url for name in UNUSED):
            return ""
        raise OfflineAssetMissing(f"the map needs {url}, which is not vendored; cannot inline")

    def link(match: re.Match[str]) -> str:
        url = match.group(1)
        if _is_leaflet(url, "css"):
            return f"<style>/* Leaflet {LEAFLET_VERSION} */\n{leaflet_css()}\n</style>\n"
        if any(name in url for name in UNUSED):
            return ""
        raise OfflineAssetMissing(f"the map needs {url}, which is not vendored; cannot inline")

    return _LINK.sub(link, _SCRIPT.sub(script, html))
