"""ISO 4217 currency codes and minor units, from Babel's CLDR data (not a hand-kept list)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel.numbers import get_currency_precision, list_currencies


class UnknownCurrency(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(f"unknown currency code {code!r} (expected an ISO 4217 code such as EUR)")
        self.code = code


@lru_cache(maxsize=1)
def iso_codes() -> frozenset[str]:
    return frozenset(c for c in list_currencies() if len(c) == 3 and c.isalpha())


def is_currency(code: str) -> bool:
    return code in iso_codes()


def normalise_currency(code: str) -> str:
    """Upper-case and check a code; raises :class:`UnknownCurrency` when it is not ISO 4217."""
    norm = (code or "").strip().upper()
    if not is_currency(norm):
        raise UnknownCurrency(code)
    return norm


@lru_cache(maxsize=512)
def minor_unit(code: str) -> int:
    """Digits after the decimal point (JPY 0, EUR 2, KWD 3)."""
    return int(get_currency_precision(code))


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round half-even to the currency's minor unit (banker's rounding, as accountants expect)."""
    return amount.quantize(Decimal(1).scaleb(-minor_unit(currency)), rounding=ROUND_HALF_EVEN)
