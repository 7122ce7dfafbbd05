"""What extraction returns: a product read from one page, and for each field where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Best evidence first; the merge keeps the first layer that has a usable value.
LAYERS = ("jsonld", "microdata", "rdfa", "opengraph", "selectors", "heuristic")
FIELDS = (
    "name",
    "brand",
    "sku",
    "gtin",
    "mpn",
    "price",
    "regular_price",
    "currency",
    "availability",
)


class ExtractionError(ValueError):
    """The input is not an HTML page at all (empty, binary, plain text)."""


class SelectorError(ValueError):
    """A per-competitor selector is not valid CSS/XPath or names an unknown field."""


@dataclass(frozen=True)
class FieldEvidence:
    """Which layer produced a field, and how far to trust it (0..1)."""

    value: Any
    source: str
    confidence: float


@dataclass
class ExtractedVariant:
    sku: str | None = None
    gtin: str | None = None
    name: str | None = None
    price: Decimal | None = None
    regular_price: Decimal | None = None
    currency: str | None = None
    availability: str | None = None


@dataclass
class ExtractedProduct:
    name: str | None = None
    brand: str | None = None
    sku: str | None = None
    gtin: str | None = None
    mpn: str | None = None
    price: Decimal | None = None
    regular_price: Decimal | None = None
    currency: str | None = None
    currency_shown: str | None = None
    availability: str | None = None
    """The selected item's stock as a schema.org value: InStock, OutOfStock, PreOrder,
    BackOrder, LimitedAvailability or Discontinued. An item that can't be ordered online but is
    in stock at the shopper's (selected) store is InStock, and schema.org's InStoreOnly reads
    as InStock; a count of 1-8 or few-left wording (also at that store) is LimitedAvailability;
    store-only with none in any store is OutOfStock. Discontinued, PreOrder and BackOrder shown
    on the page come first."""
    variants: list[ExtractedVariant] = field(default_factory=list)
    evidence: dict[str, FieldEvidence] = field(default_factory=dict)

    @property
    def price_source(self) -> str | None:
        ev = self.evidence.get("price")
        return ev.source if ev else None

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready dict: money as decimal strings, evidence as source/confidence."""

        def money(v: Decimal | None) -> str | None:
            return None if v is None else str(v)

        return {
            "name": self.name,
            "brand": self.brand,
            "sku": self.sku,
            "gtin": self.gtin,
            "mpn": self.mpn,
            "price": money(self.price),
            "regular_price": money(self.regular_price),
            "currency": self.currency,
            "currency_shown": self.currency_shown,
            "availability": self.availability,
            "price_source": self.price_source,
            "variants": [
                {
                    "sku": v.sku,
                    "gtin": v.gtin,
                    "name": v.name,
                    "price": money(v.price),
                    "regular_price": money(v.regular_price),
                    "currency": v.currency,
                    "availability": v.availability,
                }
                for v in self.variants
            ],
            "evidence": {
                k: {"source": e.source, "confidence": round(e.confidence, 3)}
                for k, e in self.evidence.items()
            },
        }
