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
from re import _casefix, _compiler, _constants, _parser  # the stdlib's own regex compiler tables

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


def _leading_literal(
    state: _parser.State, items: list[tuple[object, object]]
) -> list[list[tuple[object, object]]]:
    """``items`` (one alternative) as alternatives that start with a plain character where
    that is exact: "\\bvrg" is "v(?<!\\wv)rg" (a word start before a word character is no word
    character before it), "(?:€|zł)\\s?kg" is "€\\s?kg|zł\\s?kg"."""
    if not items:
        return [items]
    op, av = items[0]
    if op is _constants.AT and av is _constants.AT_BOUNDARY and len(items) > 1:
        nxt, char = items[1]
        if nxt is _constants.LITERAL and (chr(char).isalnum() or chr(char) == "_"):  # type: ignore[arg-type]
            word = [(_constants.IN, [(_constants.CATEGORY, _constants.CATEGORY_WORD)])]
            behind = _parser.SubPattern(state, [*word, (_constants.LITERAL, char)])
            return [[items[1], (_constants.ASSERT_NOT, (-1, behind)), *items[2:]]]
    if op is _constants.BRANCH:
        return [
            lead
            for branch in av[1]  # type: ignore[index]
            for lead in _leading_literal(state, [*branch.data, *items[1:]])
        ]
    return [items]


def _quick_stages(parsed: _parser.SubPattern) -> list[re.Pattern[str]] | None:
    """The same search as ``parsed`` (one alternation of many words) as two patterns, either of
    which matching means ``parsed`` matches: the alternatives that start with a plain character,
    grouped by it ("a(?:pprox|fterpay)|b(?:-ware|...)"), which lets the matcher skip to those
    characters and try one group there instead of every word; and the few others ("\\d+ rate").
    Whether a match exists does not depend on the alternatives' order, and the match itself is
    re-found by the ignore-case pattern. None when the pattern is not one plain alternation."""
    if len(parsed.data) != 1 or parsed.data[0][0] is not _constants.BRANCH:
        return None
    state = parsed.state
    groups: dict[int, list[_parser.SubPattern]] = {}
    others: list[_parser.SubPattern] = []
    for alternative in parsed.data[0][1][1]:
        for items in _leading_literal(state, list(alternative.data)):
            if items and items[0][0] is _constants.LITERAL:
                rest = _parser.SubPattern(state, items[1:])
                groups.setdefault(items[0][1], []).append(rest)  # type: ignore[arg-type]
            else:
                others.append(_parser.SubPattern(state, items))
    if len(groups) < 2:
        return None
    led = []
    for char, rests in groups.items():
        tail = [(_constants.BRANCH, (None, rests))] if len(rests) > 1 else rests[0].data
        led.append(_parser.SubPattern(state, [(_constants.LITERAL, char), *tail]))
    stages = [_parser.SubPattern(state, [(_constants.BRANCH, (None, led))])]
    if others:
        stages.append(_parser.SubPattern(state, [(_constants.BRANCH, (None, others))]))
    return [_compiler.compile(stage, 0) for stage in stages]


class CaseBlind:
    """``re.compile(pattern, re.IGNORECASE)`` for ``search``; matches come from that pattern."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.ignorecase = re.compile(pattern, re.I)
        stages = None
        try:
            parsed = _parser.parse(pattern, 0)
            plain = _lower_only(parsed)
            if plain and parsed.state.groups == 1:  # no capture groups, so no backreferences
                stages = _quick_stages(parsed)
        except Exception:  # a stdlib without these internals: search the slow, sure way
            plain = False
        self._lowered = re.compile(pattern) if plain else None
        # The lower-case search split in two quicker ones (see _quick_stages), if it splits.
        self._stages = stages or ([self._lowered] if self._lowered is not None else [])

    def search(self, text: str) -> re.Match[str] | None:
        lowered = self._lowered
        if lowered is None:
            return self.ignorecase.search(text)
        low = text.lower()
        if not text.isascii() and (low != text.translate(_ASCII_LOWER) or _ODD_TEXT.search(text)):
            return self.ignorecase.search(text)
        # Most texts have no match: that is settled here; a match is re-found as re.I finds it.
        found = any(stage.search(low) for stage in self._stages)
        return self.ignorecase.search(text) if found else None
