"""Case-blind searches at case-sensitive speed, with the same answers.

With ``re.IGNORECASE`` the matcher loses its quick first-character test, so a pattern of a
hundred alternatives (the "not a price" wording) tries every one at every position: ~40 us on
"€129.00", ~110 us on a 40-character label. A pattern written in lower case finds the same
match case-sensitively in the lower-cased text, with that test on, 3-4x faster. The two agree
for every character but the few whose lower case differs from the matcher's own (Turkish İ,
Kelvin K, long s, micro sign ...); a text holding one of those takes the ignore-case pattern.
"""

from __future__ import annotations

import re
from re import _casefix, _constants, _parser  # the stdlib's own regex compiler tables

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Characters the matcher folds onto others beyond their lower case ("ſ" matches "s").
_FOLDED = frozenset(c for k, v in _casefix._EXTRA_CASES.items() for c in (k, *v))
_ODD_TEXT = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLDED if c > 0x7F) + "]")


def _plain_char(code: int) -> bool:
    """A pattern character that is its own lower case and folds onto nothing else."""
    char = chr(code)
    return char.lower() == char and (code < 0x80 or code not in _FOLDED)


_PLAIN_OPS = {
    _constants.ANY,
    _constants.AT,
    _constants.BRANCH,
    _constants.CATEGORY,
    _constants.GROUPREF,
    _constants.GROUPREF_EXISTS,
    _constants.IN,
    _constants.LITERAL,
    _constants.NOT_LITERAL,
    _constants.SUBPATTERN,
    _constants.MAX_REPEAT,
    _constants.MIN_REPEAT,
    _constants.POSSESSIVE_REPEAT,
    _constants.ATOMIC_GROUP,
    _constants.ASSERT,
    _constants.ASSERT_NOT,
}


def _lower_only(items: object) -> bool:
    """Whether a parsed pattern holds lower-case characters only and no inline flag groups."""
    for op, av in items:  # type: ignore[attr-defined]
        if op not in _PLAIN_OPS:
            return False
        if op in (_constants.LITERAL, _constants.NOT_LITERAL):
            if not _plain_char(av):
                return False
        elif op is _constants.IN:
            for member, value in av:
                if member is _constants.LITERAL and not _plain_char(value):
                    return False
                if member is _constants.RANGE:
                    low, high = value
                    if high - low > 0x10000 or not all(map(_plain_char, range(low, high + 1))):
                        return False
        elif op is _constants.BRANCH:
            if not all(_lower_only(branch) for branch in av[1]):
                return False
        elif op is _constants.SUBPATTERN:
            if av[1] or av[2] or not _lower_only(av[3]):
                return False
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            if not _lower_only(av[2]):
                return False
        elif op in (_constants.ASSERT, _constants.ASSERT_NOT):
            if not _lower_only(av[1]):
                return False
        elif op is _constants.ATOMIC_GROUP:
            if not _lower_only(av):
                return False
        elif op is _constants.GROUPREF_EXISTS:
            if not all(p is None or _lower_only(p) for p in av[1:]):
                return False
    return True


class CaseBlind:
    """``re.compile(pattern, re.IGNORECASE)`` for ``search``; matches come from that pattern."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.ignorecase = re.compile(pattern, re.I)
        try:
            plain = _lower_only(_parser.parse(pattern, 0))
        except Exception:  # a stdlib without these internals: search the slow, sure way
            plain = False
        self._lowered = re.compile(pattern) if plain else None

    def search(self, text: str) -> re.Match[str] | None:
        lowered = self._lowered
        if lowered is None:
            return self.ignorecase.search(text)
        low = text.lower()
        if not text.isascii() and (low != text.translate(_ASCII_LOWER) or _ODD_TEXT.search(text)):
            return self.ignorecase.search(text)
        # Most texts have no match: that is settled here; a match is re-found as re.I finds it.
        return self.ignorecase.search(text) if lowered.search(low) else None
