"""Extraction speed on a 1.5 MB product page: median must be <= 50 ms on one core.

The page is generated here the way big shops' pages are big: inline CSS, a mega-menu, a large
JSON state blob, reviews and a grid of related products with their own prices and microdata.
The baseline, measured in the same run on the same page, is a bare lxml parse (the floor any
HTML extraction pays); for contrast, plain ``extruct.extract`` over all syntaxes is timed too.

    python benchmarks/extract_speed.py [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Callable

import extruct
import lxml.html

from scrapers.extract import extract_product

TARGET_MS = 50.0
TARGET_BYTES = 1_500_000


def big_page(target: int = TARGET_BYTES, seed: int = 7) -> str:
    rnd = random.Random(seed)
    css = "".join(
        f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{rnd.randrange(0xFFFFFF):06x}}}\n"
        for i in range(4000)
    )
    menu = "".join(
        f'<li class="nav-item"><a href="/c/{i}">Category {i}</a><ul class="sub">'
        + "".join(f'<li><a href="/c/{i}/{j}">Sub {i}.{j}</a></li>' for j in range(12))
        + "</ul></li>"
        for i in range(150)
    )
    state = json.dumps(
        {
            "props": {
                "products": [
                    {"id": i, "title": f"Item {i}", "price": {"value": i + 0.99}, "tags": ["x"] * 8}
                    for i in range(2500)
                ]
            }
        }
    )
    reviews = "".join(
        f'<div class="review"><h4>Review {i}</h4><p>{"Great product, works as described. " * 8}'
        f'</p><span class="stars">{i % 5 + 1}/5</span></div>'
        for i in range(400)
    )
    cards = "".join(
        f'<li class="product-card" itemscope itemtype="https://schema.org/Product">'
        f'<a href="/p/{i}"><img src="/i/{i}.jpg" alt=""><h3 itemprop="name">Related {i}</h3></a>'
        f'<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
        f'<span class="price" itemprop="price" content="{10 + i}.00">{10 + i},00 €</span>'
        f'<meta itemprop="priceCurrency" content="EUR"></div>'
        f'<button class="add-to-cart">In den Warenkorb</button></li>'
        for i in range(300)
    )
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": "Akkuschrauber X18 Profi-Set",
            "sku": "X18-SET",
            "gtin13": "4006381333931",
            "offers": {
                "@type": "Offer",
                "price": "149.00",
                "priceCurrency": "EUR",
                "availability": "https://schema.org/InStock",
            },
        }
    )
    main = (
        '<main><div class="product-detail"><h1>Akkuschrauber X18 Profi-Set</h1>'
        '<div class="price-box"><del class="old-price">179,00 €</del>'
        '<span class="price">149,00 €</span></div><p class="stock">Auf Lager</p>'
        '<button class="add-to-cart">In den Warenkorb</button></div></main>'
    )
    head = (
        f'<!DOCTYPE html><html lang="de-DE"><head><meta charset="utf-8"><title>X18</title>'
        f'<style>{css}</style><script type="application/ld+json">{ld}</script></head><body>'
        f'<header class="site-header"><nav><ul class="mega-menu">{menu}</ul></nav></header>'
        f"{main}"
    )
    tail = "</body></html>"
    body = (
        f'<section class="reviews">{reviews}</section>'
        f'<section class="related-products"><ul>{cards}</ul></section>'
        f'<script id="__NEXT_DATA__" type="application/json">{state}</script>'
    )
    page = head + body
    filler = (
        '<div class="footer-links">'
        + "".join(f'<a href="/info/{i}">Info page {i}</a> ' for i in range(400))
        + "</div>"
    )
    while len(page.encode()) + len(tail) < target:
        page += filler
    return page + tail


def fixture_huge_page() -> bytes:
    """The fixture shop's 5 MB product page (the crawl's worst page), as the shop serves it."""
    from scrapers.fixture_shop import pages
    from scrapers.fixture_shop.catalog import SHOPS, offer, products

    shop, product = SHOPS["techhaus"], products()["ssd-1t"]
    url = "http://127.0.0.1/techhaus/p/ssd-1t"
    today = offer(shop, product, 1)
    return pages.product_page(shop, product, today, url, "huge", pages.reviews_filler()).encode()


def median_ms(fn, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in ms.

    On a shared machine the wall time includes waiting for a core; the CPU time is what one
    core spends, which is what the target is about. Both are printed.
    """
    return interleaved_ms([fn], runs)[0]


def interleaved_ms(fns: list[Callable[[], object]], runs: int) -> list[tuple[float, float]]:
    """``median_ms`` of several functions run in turn, one call of each per round.

    The machine is shared and its load moves within seconds: timing the extractor's runs and
    then the baseline's, each saw a different load (CPU times here vary up to 2x with it), so
    their ratio swung between runs; taken in turn, both see the same load.
    """
    wall: list[list[float]] = [[] for _ in fns]
    cpu: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            w, c = time.perf_counter(), time.process_time()
            fn()
            cpu[i].append((time.process_time() - c) * 1000)
            wall[i].append((time.perf_counter() - w) * 1000)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(wall, cpu, strict=True)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    page = big_page()
    data = page.encode()
    product = extract_product(data)
    assert product.price is not None and str(product.price) == "149.00", product
    extract_product(data)  # warm caches (compiled XPaths, babel data)
    ours, parse = interleaved_ms(
        [lambda: extract_product(data), lambda: lxml.html.document_fromstring(data)], args.runs
    )
    naive = median_ms(lambda: extruct.extract(data, errors="ignore"), max(3, args.runs // 10))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"page size: {len(data) / 1e6:.2f} MB, runs: {args.runs}, load average: {load:.2f}")
    print(f"{'median ms':28}{'wall':>9}{'cpu':>9}")
    print(f"{'extract_product':28}{ours[0]:9.1f}{ours[1]:9.1f}   target <= {TARGET_MS:.0f} (cpu)")
    print(f"{'baseline: lxml parse':28}{parse[0]:9.1f}{parse[1]:9.1f}")
    print(f"{'contrast: extruct.extract':28}{naive[0]:9.1f}{naive[1]:9.1f}   (all syntaxes)")
    print(f"extract_product / lxml parse (cpu): {ours[1] / parse[1]:.2f}x")
    # The fixture shop's 5 MB page: 40,000 reviews beside the buy box, which the text walks
    # once read whole (1.4 s of CPU); bounded, it should cost a few parses of the page.
    huge = fixture_huge_page()
    runs = max(3, args.runs // 6)
    huge_ours, huge_parse = interleaved_ms(
        [lambda: extract_product(huge), lambda: lxml.html.document_fromstring(huge)], runs
    )
    print(
        f"{'5 MB shop page':28}{huge_ours[0]:9.1f}{huge_ours[1]:9.1f}   ({len(huge) / 1e6:.1f} MB)"
    )
    print(f"{'baseline: lxml parse':28}{huge_parse[0]:9.1f}{huge_parse[1]:9.1f}")
    print(f"5 MB page: extract_product / lxml parse (cpu): {huge_ours[1] / huge_parse[1]:.2f}x")
    ok = ours[1] <= TARGET_MS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
