"""Amounts as people read them: stored ``Numeric(14, 4)`` values shown at the currency's minor
unit (``95.0000`` EUR -> ``95.00``), keeping extra digits only when they carry a value."""

from __future__ import annotations

import functools
from decimal import Decimal

from pricing.currency import minor_unit


@functools.cache
def minor_step(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_unit(currency))


def money(amount: Decimal | None, currency: str | None) -> Decimal | None:
    """``amount`` at the minor unit when that loses nothing, else as precise as needed."""
    if amount is None or currency is None:
        return amount
    short = amount.quantize(minor_step(currency))
    return short if short == amount else amount.normalize()
