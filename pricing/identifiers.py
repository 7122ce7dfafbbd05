"""Product identifiers: GTIN (EAN/UPC/ISBN-13) normalisation and check-digit validation."""

from __future__ import annotations

import re

_NON_DIGIT = re.compile(r"[\s-]")


class InvalidGTIN(ValueError):
    pass


def gtin_check_digit(body: str) -> int:
    """GS1 mod-10 check digit for the digits before it (weights 3,1,3,... from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(value: str) -> bool:
    digits = _NON_DIGIT.sub("", value or "")
    if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        return False
    return gtin_check_digit(digits[:-1]) == int(digits[-1])


def normalise_gtin(value: str) -> str:
    """Return the GTIN as 14 digits (GTIN-14 padding makes UPC-A and EAN-13 compare equal)."""
    digits = _NON_DIGIT.sub("", value or "")
    if not is_valid_gtin(digits):
        raise InvalidGTIN(f"invalid GTIN {value!r}: wrong length or check digit")
    return digits.zfill(14)
