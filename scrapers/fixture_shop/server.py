"""The fixture shop's HTTP server: stdlib ``http.server`` in a background thread, loopback only.

It keeps a little state a real site has: a page that fails once per day with 500, one that
answers 429 with ``Retry-After`` once per day, and a log of requested paths so tests can check
what a crawler fetched (and that a browser did not fetch images or fonts).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from scrapers.fixture_shop import pages
from scrapers.fixture_shop.catalog import (
    RETRY_AFTER_SECONDS,
    ROBOTS_DISALLOWED,
    SHOPS,
    SPECIAL,
    Shop,
    ShopProduct,
    offer,
    products,
)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
BENCH_SHOP = "megamart"
MAX_DELAY_SECONDS = 30.0


class ShopHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], day: int) -> None:
        super().__init__(address, ShopRequestHandler)
        self.lock = threading.Lock()
        self.day = day
        self.hits: Counter[str] = Counter()
        self.log: deque[str] = deque(maxlen=100_000)

    def record(self, path: str) -> int:
        """Count a request for ``path`` today; returns how often it was asked for today."""
        with self.lock:
            self.log.append(path)
            self.hits[path] += 1
            return self.hits[path]

    def set_day(self, day: int) -> None:
        with self.lock:
            self.day = day
            self.hits.clear()


class ShopRequestHandler(BaseHTTPRequestHandler):
    server: ShopHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as crawlers and browsers expect
    server_version = "FixtureShop/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # the request log lives in ``server.log``; stderr noise helps nobody in tests

    def _send(
        self,
        status: int,
        body: str | bytes,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        count = self.server.record(path)
        if "delay" in query:  # any page can be made slow: ?delay=SECONDS
            time.sleep(min(float(query["delay"][0]), MAX_DELAY_SECONDS))
        if path == "/robots.txt":
            rules = "".join(f"Disallow: {p}\n" for p in ROBOTS_DISALLOWED)
            return self._send(200, f"User-agent: *\n{rules}Disallow: /checkout/\n", "text/plain")
        if path.startswith("/static/"):
            return self._static(path)
        segments = [s for s in path.split("/") if s]
        if segments[:2] == ["bench", "p"] and len(segments) == 3:
            return self._bench(segments[2])
        shop = SHOPS.get(segments[0]) if segments else None
        if shop is None:
            return self._send(404, pages.not_found_page(None))
        if len(segments) == 1:
            return self._send(200, pages.shop_front(shop))
        if len(segments) == 3 and segments[1] == "p":
            return self._product(shop, segments[2], count)
        return self._send(404, pages.not_found_page(shop))

    def _static(self, path: str) -> None:
        if path.endswith(".png"):
            return self._send(200, PNG, "image/png")
        if path.endswith(".woff2"):
            return self._send(200, b"wOF2" + bytes(2048), "font/woff2")
        if path.endswith(".css"):
            return self._send(200, "body{font-family:sans-serif}", "text/css")
        return self._send(404, "not found", "text/plain")

    def _product(self, shop: Shop, slug: str, count: int) -> None:
        redirected = slug.endswith("-2026")
        product = products().get(slug.removesuffix("-2026"))
        if product is None:
            return self._send(404, pages.not_found_page(shop))
        case = SPECIAL.get((shop.name, product.slug), "")
        if case == "gone":
            return self._send(404, pages.not_found_page(shop))
        if case == "redirect" and not redirected:
            return self._send(301, "", headers={"Location": f"/{shop.name}/p/{product.slug}-2026"})
        if case == "flaky" and count == 1:
            return self._send(500, pages.server_error_page())
        if case == "rate_limited" and count == 1:
            headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
            return self._send(429, "Too Many Requests", "text/plain", headers)
        if case == "captcha":
            return self._send(200, pages.captcha_page(shop))
        if case == "challenge":
            return self._send(403, pages.challenge_page(), headers={"Server": "cloudflare"})
        self._send(200, self._render(shop, product, case))

    def _render(self, shop: Shop, product: ShopProduct, case: str) -> str:
        url = f"http://{self.headers.get('Host', 'localhost')}/{shop.name}/p/{product.slug}"
        today = offer(shop, product, self.server.day)
        filler = pages.reviews_filler() if case == "huge" else ""
        return pages.product_page(shop, product, today, url, case, filler)

    def _bench(self, number: str) -> None:
        """Endless JSON-LD pages for throughput benchmarks: /bench/p/<n>."""
        if not number.isdigit():
            return self._send(404, pages.not_found_page(None))
        catalog = list(products().values())
        product = catalog[int(number) % len(catalog)]
        self._send(200, self._render(SHOPS[BENCH_SHOP], product, ""))
