"""What the fixture shop sells and at what price on a given "day".

Prices and stock are pure functions of (shop, product, day), so a test can ask the shop what it
served and compare it with what a crawl stored, and two crawls on different days see history move.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from pricing.models import Availability

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ShopProduct:
    sku: str
    name: str
    brand: str
    gtin: str
    mpn: str
    base_price: Decimal

    @property
    def slug(self) -> str:
        return self.sku.lower()


@dataclass(frozen=True)
class Shop:
    """One competitor site: how it marks up products and how it formats prices."""

    name: str
    title: str
    markup: str  # jsonld | microdata | rdfa | opengraph | none
    locale: str
    currency: str
    price_factor: Decimal


SHOPS: dict[str, Shop] = {
    s.name: s
    for s in (
        Shop("megamart", "MegaMart", "jsonld", "en_IE", "EUR", Decimal("0.97")),
        Shop("techhaus", "TechHaus", "microdata", "de_DE", "EUR", Decimal("1.00")),
        Shop("bonprix-electro", "BonPrix Électro", "none", "fr_FR", "EUR", Decimal("0.95")),
        Shop("casa-digitale", "Casa Digitale", "rdfa", "it_IT", "EUR", Decimal("1.02")),
        Shop("nordlicht", "Nordlicht", "opengraph", "nl_NL", "EUR", Decimal("0.99")),
    )
}

# Pages that behave unlike the shop's usual page: (shop, product slug) -> case name.
SPECIAL: dict[tuple[str, str], str] = {
    ("megamart", "hd-200"): "sale",
    ("megamart", "mn-270"): "variants",
    ("megamart", "kb-420"): "graph",
    ("megamart", "cm-900"): "malformed_jsonld",
    ("megamart", "bl-450"): "redirect",
    ("megamart", "sp-310"): "flaky",  # 500 on the first request of a day, then OK
    ("megamart", "ms-110"): "rate_limited",  # 429 + Retry-After on the first request of a day
    ("megamart", "lp-140"): "zero_price",  # markup says 0.00: no usable price on the page
    ("megamart", "pb-200"): "price_crash",  # day 2 drops by 90%: kept but suspicious
    ("techhaus", "dk-160"): "js_price",  # price only rendered by JavaScript
    ("techhaus", "lp-140"): "robots",  # disallowed in robots.txt
    ("techhaus", "wc-080"): "captcha",  # CAPTCHA page with status 200
    ("techhaus", "rt-600"): "challenge",  # 403 bot challenge
    ("techhaus", "ssd-1t"): "huge",  # a 5 MB page
    ("techhaus", "kb-420"): "sale",
    ("bonprix-electro", "pb-200"): "gone",  # 404
    ("bonprix-electro", "cm-900"): "no_price",  # discontinued page without any price
    ("bonprix-electro", "ch-500"): "out_of_stock",
    ("casa-digitale", "ch-500"): "out_of_stock",
    ("casa-digitale", "dk-160"): "js_price",
    ("nordlicht", "hd-100"): "sale",
}

ROBOTS_DISALLOWED = [
    f"/{shop}/p/{slug}" for (shop, slug), case in SPECIAL.items() if case == "robots"
]
RETRY_AFTER_SECONDS = 1


@lru_cache(maxsize=1)
def products() -> dict[str, ShopProduct]:
    """The shop sells our sample catalog (so the bundled watchlist matches real pages)."""
    path = resources.files("pricing") / "data" / "sample_catalog.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    items = (
        ShopProduct(r["sku"], r["name"], r["brand"], r["gtin"], r["mpn"], Decimal(r["price"]))
        for r in rows
    )
    return {p.slug: p for p in items}


def _roll(*parts: object) -> int:
    """A stable pseudo-random number in 0..9999 for a (shop, product, day) combination."""
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big") % 10_000


@dataclass(frozen=True)
class Offer:
    price: Decimal
    regular_price: Decimal | None
    currency: str
    availability: Availability


def offer(shop: Shop, product: ShopProduct, day: int) -> Offer:
    """What the shop charges for a product on a day (day 1 is the baseline)."""
    price = product.base_price * shop.price_factor
    case = SPECIAL.get((shop.name, product.slug))
    if day > 1:
        roll = _roll(shop.name, product.sku, day)
        if roll < 3500:  # about a third of the prices move a little each day
            price *= Decimal(1) - Decimal(roll % 15 + 1) / 100
        elif roll < 4500:
            price *= Decimal(1) + Decimal(roll % 6 + 1) / 100
    if case == "price_crash" and day > 1:
        price = product.base_price / 10  # a pricing error (or a real fire sale): flag it
    price = price.quantize(CENT)
    regular: Decimal | None = None
    if case == "sale":
        regular = price
        price = (price * Decimal("0.80" if day > 1 else "0.90")).quantize(CENT)
    availability = Availability.InStock
    if case == "out_of_stock" or (day > 1 and _roll("stock", shop.name, product.sku, day) < 800):
        availability = Availability.OutOfStock
    if case == "zero_price":
        price = Decimal("0.00")
    return Offer(price, regular, shop.currency, availability)
