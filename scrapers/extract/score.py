"""Score extraction against a corpus of saved pages with expected values in sidecar files.

``python -m scrapers.extract.score DIR`` reads every ``NAME.html`` (or ``.html.gz``) with its
``NAME.json`` sidecar (expected ``price``, ``sku``, ``availability``, optional ``url`` and
``selectors``) and prints the rates the issue sets targets for: price right >= 95% and wrong
<= 3% of pages that show a price, SKU right >= 90%, availability right >= 97%.
"""

from __future__ import annotations

import gzip
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from scrapers.extract.model import ExtractedProduct, ExtractionError
from scrapers.extract.product import extract_product

TARGETS = {"price_right": 0.95, "price_wrong": 0.03, "sku_right": 0.90, "availability_right": 0.97}


def read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def sidecar_for(path: Path) -> Path:
    name = path.name.removesuffix(".gz").removesuffix(".html")
    return path.with_name(name + ".json")


def corpus_pages(directory: Path) -> list[Path]:
    pages = sorted([*directory.glob("*.html"), *directory.glob("*.html.gz")])
    return [p for p in pages if sidecar_for(p).exists()]


def mismatches(product: ExtractedProduct, expected: dict[str, Any]) -> dict[str, tuple]:
    """Fields whose extracted value differs from the sidecar (only fields the sidecar names)."""
    wrong: dict[str, tuple] = {}
    for key in ("price", "regular_price"):
        if key in expected:
            want = None if expected[key] is None else Decimal(str(expected[key]))
            got = getattr(product, key)
            if want != got:
                wrong[key] = (want, got)
    for key in (
        "sku",
        "availability",
        "currency",
        "gtin",
        "mpn",
        "name",
        "brand",
        "currency_shown",
        "price_source",
    ):
        if key in expected and expected[key] != getattr(product, key):
            wrong[key] = (expected[key], getattr(product, key))
    if "variants" in expected and expected["variants"] != len(product.variants):
        wrong["variants"] = (expected["variants"], len(product.variants))
    return wrong


@dataclass
class Score:
    pages: int = 0
    priced: int = 0
    price_right: int = 0
    price_wrong: int = 0
    with_sku: int = 0
    sku_right: int = 0
    with_availability: int = 0
    availability_right: int = 0
    failures: list[str] = field(default_factory=list)

    def rates(self) -> dict[str, float]:
        def rate(n: int, d: int) -> float:
            return n / d if d else 1.0

        return {
            "price_right": rate(self.price_right, self.priced),
            "price_wrong": rate(self.price_wrong, self.priced),
            "sku_right": rate(self.sku_right, self.with_sku),
            "availability_right": rate(self.availability_right, self.with_availability),
        }

    def meets_targets(self) -> bool:
        r = self.rates()
        return (
            r["price_right"] >= TARGETS["price_right"]
            and r["price_wrong"] <= TARGETS["price_wrong"]
            and r["sku_right"] >= TARGETS["sku_right"]
            and r["availability_right"] >= TARGETS["availability_right"]
        )


def score_corpus(directory: Path) -> Score:
    score = Score()
    for path in corpus_pages(directory):
        expected = json.loads(sidecar_for(path).read_text(encoding="utf-8"))
        score.pages += 1
        try:
            product = extract_product(
                read_page(path), url=expected.get("url"), selectors=expected.get("selectors")
            )
        except ExtractionError as exc:
            score.failures.append(f"{path.name}: {exc}")
            product = ExtractedProduct()
        wrong = mismatches(product, expected)
        if expected.get("price") is not None:
            score.priced += 1
            if "price" not in wrong:
                score.price_right += 1
            elif product.price is not None:
                score.price_wrong += 1
        if expected.get("sku") is not None:
            score.with_sku += 1
            score.sku_right += "sku" not in wrong
        if expected.get("availability") is not None:
            score.with_availability += 1
            score.availability_right += "availability" not in wrong
        for key, (want, got) in wrong.items():
            score.failures.append(f"{path.name}: {key} expected {want!r}, got {got!r}")
    return score


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m scrapers.extract.score CORPUS_DIR", file=sys.stderr)
        return 2
    score = score_corpus(Path(args[0]))
    rates = score.rates()
    print(f"pages: {score.pages}")
    print(
        f"price right:        {rates['price_right']:7.1%}  ({score.price_right}/{score.priced})"
        f"   target >= {TARGETS['price_right']:.0%}"
    )
    print(
        f"price wrong:        {rates['price_wrong']:7.1%}  ({score.price_wrong}/{score.priced})"
        f"   target <= {TARGETS['price_wrong']:.0%}"
    )
    print(
        f"sku right:          {rates['sku_right']:7.1%}  ({score.sku_right}/{score.with_sku})"
        f"   target >= {TARGETS['sku_right']:.0%}"
    )
    print(
        f"availability right: {rates['availability_right']:7.1%}  "
        f"({score.availability_right}/{score.with_availability})"
        f"   target >= {TARGETS['availability_right']:.0%}"
    )
    for line in score.failures:
        print("  -", line)
    return 0 if score.meets_targets() else 1


if __name__ == "__main__":
    raise SystemExit(main())
