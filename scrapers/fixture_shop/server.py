"""The fixture shop's HTTP server: stdlib ``http.server`` in a background thread, loopback only.

It keeps a little state a real site has: a page that fails once per day with 500, one that
answers 429 with ``Retry-After`` once per day, and a log of requested paths so tests can check
what a crawler fetched (and that a browser did not fetch images or fonts).
"""

from __future__ import annotations

import sys
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass
from decimal import Decimal
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
# Benchmark pages: plain JSON-LD product pages, none of the special cases.
BENCH_SHOP = Shop("bench", "Bench Mart", "jsonld", "en_IE", "EUR", Decimal("1.00"))
MAX_DELAY_SECONDS = 30.0


@dataclass(frozen=True)
class Hit:
    """One request the shop answered: when, what, and which visitor session asked."""

    at: float  # time.monotonic()
    path: str
    session: str | None
    user_agent: str


class ShopHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], day: int) -> None:
        super().__init__(address, ShopRequestHandler)
        self.lock = threading.Lock()
        self.day = day
        self.hits: Counter[str] = Counter()
        self.log: deque[Hit] = deque(maxlen=100_000)

    def record(self, hit: Hit) -> int:
        """Log a request; returns how often its path was asked for today."""
        with self.lock:
            self.log.append(hit)
            self.hits[hit.path] += 1
            return self.hits[hit.path]

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up (a crawler's timeout) is normal here, not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def set_day(self, day: int) -> None:
        with self.lock:
            self.day = day
            self.hits.clear()


class ShopRequestHandler(BaseHTTPRequestHandler):
    server: ShopHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as crawlers and browsers expect
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall
    server_version = "FixtureShop/1.0"
    _new_session: str | None = None

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
        if self._new_session:
            self.send_header("Set-Cookie", f"shop_session={self._new_session}; Path=/")
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
        session = self._session()
        self._new_session = None if session else uuid.uuid4().hex[:12]
        hit = Hit(time.monotonic(), path, session, self.headers.get("User-Agent", ""))
        count = self.server.record(hit)
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

    def _session(self) -> str | None:
        """The visitor's session cookie: one per browser context (or cookie jar)."""
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "shop_session" and value:
                return value
        return None

    def _static(self, path: str) -> None:
        if path.endswith(".png"):
            return self._send(200, PNG, "image/png")
        if path.endswith(".woff2"):
            return self._send(200, b"wOF2" + bytes(2048), "font/woff2")
        if path.endswith(".css"):  # cacheable, as real shops serve it: once per browser cache
            headers = {"Cache-Control": "public, max-age=3600"}
            return self._send(200, "body{font-family:sans-serif}", "text/css", headers)
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
        self._send(200, self._render(BENCH_SHOP, product, ""))
