"""A small web shop on 127.0.0.1 for the demo, the tests and the benchmarks.

>>> with FixtureShop(day=1) as shop:          # port 0: the OS picks a free port
...     url = shop.url("megamart", "hd-100")   # http://127.0.0.1:PORT/megamart/p/hd-100
...     shop.day = 2                           # prices and stock move, daily counters reset
"""

from __future__ import annotations

import threading
from types import TracebackType

from scrapers.fixture_shop.catalog import SHOPS, SPECIAL, Offer, offer, products
from scrapers.fixture_shop.server import Hit, ShopHTTPServer

__all__ = ["FixtureShop", "SHOPS", "SPECIAL", "Offer", "offer", "products", "watchlist_csv", "Hit"]

DEFAULT_PORT = 8765


class FixtureShop:
    """The shop running in a background thread; use as a context manager or start()/stop()."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, day: int = 1) -> None:
        if day < 1:
            raise ValueError(f"day must be 1 or later, got {day}")
        self._address = (host, port)
        self._day = day
        self._server: ShopHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FixtureShop:
        try:
            self._server = ShopHTTPServer(self._address, self._day)
        except OSError as exc:
            raise OSError(
                f"cannot serve the fixture shop on {self._address[0]}:{self._address[1]}: "
                f"{exc.strerror or exc} (is another shop running? pick another --port)"
            ) from exc
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fixture-shop", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FixtureShop:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def server(self) -> ShopHTTPServer:
        if self._server is None:
            raise RuntimeError("the fixture shop is not running: call start() first")
        return self._server

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def host(self) -> str:
        return str(self.server.server_address[0])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, shop: str, slug: str) -> str:
        return f"{self.base_url}/{shop}/p/{slug}"

    @property
    def day(self) -> int:
        return self._day

    @day.setter
    def day(self, value: int) -> None:
        if value < 1:
            raise ValueError(f"day must be 1 or later, got {value}")
        self._day = value
        if self._server is not None:
            self._server.set_day(value)

    def expected(self, shop: str, slug: str) -> Offer:
        """What the shop serves for a product today (to compare with a crawl's observations)."""
        return offer(SHOPS[shop], products()[slug], self._day)

    def requested_paths(self) -> list[str]:
        return [hit.path for hit in self.server.log]

    def hits(self, path: str | None = None) -> list[Hit]:
        """Requests the shop answered (for one path, if given), oldest first."""
        return [h for h in self.server.log if path is None or h.path == path]

    def watchlist_csv(self, pages: list[tuple[str, str]] | None = None) -> bytes:
        """A watchlist (competitor,url,sku,render) of this running shop's product pages."""
        return watchlist_csv(self.base_url, pages)


def watchlist_csv(base_url: str, pages: list[tuple[str, str]] | None = None) -> bytes:
    """Watchlist rows for (shop, product slug) pages; all pages of every shop by default.

    The JavaScript-only page is marked ``browser``: its price exists only after rendering.
    """
    pages = pages or [(shop, slug) for shop in SHOPS for slug in products()]
    lines = ["competitor,url,sku,render"]
    for shop, slug in pages:
        render = "browser" if SPECIAL.get((shop, slug)) == "js_price" else ""
        lines.append(f"{shop},{base_url}/{shop}/p/{slug},{products()[slug].sku},{render}")
    return ("\n".join(lines) + "\n").encode()
