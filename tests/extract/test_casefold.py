"""CaseBlind must answer exactly as re.IGNORECASE does, only sooner."""

from __future__ import annotations

import random
import re

import pytest

from scrapers.extract.casefold import CaseBlind
from scrapers.extract.visible import _NOT_A_PRICE

TEXTS = [
    "€129.00",
    "Free SHIPPING on orders over 50 €",
    "Lowest price in 30 days: 24,99 €",
    "ÉCO-PARTICIPATION : 0,50 €",
    "3 RATEN à 33,30 €",
    "149,00 €",
    "İnstallment plan",  # Turkish capital I with dot: lower-cases to two characters
    "ſhipping",  # long s: re.I folds it onto "s"
    "\u212aG",  # Kelvin sign: re.I folds it onto "k"
    "19,99 € / \u00b5g",  # micro sign folds onto Greek mu
    "ΣΩΣ members",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_match_as_ignorecase(text: str) -> None:
    slow = re.compile(_NOT_A_PRICE.pattern, re.I).search(text)
    fast = _NOT_A_PRICE.search(text)
    assert (fast and (fast.span(), fast.group())) == (slow and (slow.span(), slow.group()))


def test_folded_characters_in_text_match_like_ignorecase() -> None:
    blind = CaseBlind(r"shipping|kg\b|\bin\b")
    assert blind.search("ſhipping") is not None  # re.I's own folding, kept
    assert blind.search("5 \u212ag") is not None
    assert (blind.search("İn store") is None) == (
        re.compile(r"shipping|kg\b|\bin\b", re.I).search("İn store") is None
    )


def test_pattern_with_capitals_or_flags_falls_back_to_ignorecase() -> None:
    for pattern in (r"Preis|prix", r"(?-i:abc)|x", r"[A-Z]{3}"):
        blind = CaseBlind(pattern)
        for text in ("PREIS", "preis", "ABC", "abc", "xyz", "eur"):
            slow = re.compile(pattern, re.I).search(text)
            fast = blind.search(text)
            assert (fast and fast.span()) == (slow and slow.span()), (pattern, text)


def test_random_texts_agree() -> None:
    pattern = _NOT_A_PRICE.pattern
    words = re.findall(r"[^\W\d_]{2,}", pattern)
    alphabet = "aAbBsSkKiIİıſ\u212aµμΣσς €$£%/.,:0123456789xX×éÉöÖ"
    rnd = random.Random(7)
    slow_re = re.compile(pattern, re.I)
    for _ in range(3000):
        parts = [
            "".join(c.upper() if rnd.random() < 0.3 else c for c in rnd.choice(words))
            if rnd.random() < 0.5
            else "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(6)))
            for _ in range(rnd.randrange(1, 5))
        ]
        text = " ".join(parts)
        slow, fast = slow_re.search(text), _NOT_A_PRICE.search(text)
        assert (fast and fast.span()) == (slow and slow.span()), text
