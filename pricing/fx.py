"""Exchange rates: stored per day, looked up as of a date, never guessed.

Prices in different currencies are only compared after conversion with a stored rate; when no
rate exists the caller gets ``None`` and shows "not comparable" instead of a wrong number.
"""

from __future__ import annotations

import bisect
import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pricing.currency import UnknownCurrency, normalise_currency, quantize
from pricing.models import FxRate


class InvalidRate(ValueError):
    """A rate that cannot be stored (not a positive number, same currency twice, bad date)."""


@dataclass(frozen=True)
class RateIn:
    base: str
    quote: str
    rate: Decimal
    valid_on: date


def parse_rate(base: str, quote: str, rate: str | Decimal, valid_on: str | date) -> RateIn:
    """Check one rate as a user typed it; raises :class:`InvalidRate` naming the problem."""
    try:
        base_c, quote_c = normalise_currency(base), normalise_currency(quote)
    except UnknownCurrency as exc:
        raise InvalidRate(str(exc)) from None
    if base_c == quote_c:
        raise InvalidRate(f"a rate needs two different currencies, got {base_c} twice")
    try:
        value = Decimal(str(rate).strip())
    except InvalidOperation:
        raise InvalidRate(f"rate {rate!r} is not a number (expected e.g. 1.08)") from None
    if not value.is_finite() or value <= 0:
        raise InvalidRate(f"rate {rate!r} must be a positive number")
    if isinstance(valid_on, str):
        try:
            valid_on = date.fromisoformat(valid_on.strip())
        except ValueError:
            raise InvalidRate(f"date {valid_on!r} is not an ISO date (YYYY-MM-DD)") from None
    return RateIn(base_c, quote_c, value, valid_on)


def set_rates(session: Session, rates: list[RateIn]) -> int:
    """Insert or replace rates (one per pair and day); returns how many were written."""
    if not rates:
        return 0
    rows = [
        {"base": r.base, "quote": r.quote, "rate": r.rate, "valid_on": r.valid_on} for r in rates
    ]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(FxRate).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["base", "quote", "valid_on"], set_={"rate": stmt.excluded.rate}
    )
    session.execute(stmt)
    session.flush()
    return len(rows)


def read_rates_csv(path: Path) -> list[RateIn]:
    """Columns ``base,quote,rate,date``; every bad line is reported, nothing half-imported."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            missing = {"base", "quote", "rate", "date"} - set(reader.fieldnames or [])
            if missing:
                raise InvalidRate(
                    f"{path}: missing column(s) {', '.join(sorted(missing))} "
                    "(expected base,quote,rate,date)"
                )
            rates, problems = [], []
            for line, row in enumerate(reader, start=2):
                try:
                    rates.append(parse_rate(row["base"], row["quote"], row["rate"], row["date"]))
                except InvalidRate as exc:
                    problems.append(f"line {line}: {exc}")
    except OSError as exc:
        raise InvalidRate(f"cannot read {path}: {exc.strerror}") from None
    if problems:
        raise InvalidRate(f"{path}: " + "; ".join(problems))
    return rates


class FxTable:
    """All stored rates in memory (a small table), answering conversions as of a date."""

    def __init__(self, rates: list[tuple[str, str, Decimal, date]]) -> None:
        series: dict[tuple[str, str], list[tuple[date, Decimal]]] = defaultdict(list)
        for base, quote, rate, valid_on in rates:
            series[(base, quote)].append((valid_on, rate))
        self._days: dict[tuple[str, str], list[date]] = {}
        self._rates: dict[tuple[str, str], list[Decimal]] = {}
        for pair, points in series.items():
            points.sort()
            self._days[pair] = [d for d, _ in points]
            self._rates[pair] = [r for _, r in points]

    @classmethod
    def load(cls, session: Session) -> FxTable:
        rows = session.execute(select(FxRate.base, FxRate.quote, FxRate.rate, FxRate.valid_on))
        return cls([tuple(r) for r in rows])  # type: ignore[misc]

    def _direct(self, base: str, quote: str, on: date) -> tuple[Decimal, date] | None:
        days = self._days.get((base, quote))
        if not days:
            return None
        i = bisect.bisect_right(days, on) - 1
        return (self._rates[(base, quote)][i], days[i]) if i >= 0 else None

    def rate(self, base: str, quote: str, on: date) -> Decimal | None:
        """Units of ``quote`` per ``base`` on a day: the latest rate on or before it.

        The reverse pair is used (inverted) when only it is stored; the more recent wins.
        """
        if base == quote:
            return Decimal(1)
        direct = self._direct(base, quote, on)
        reverse = self._direct(quote, base, on)
        if direct and (not reverse or direct[1] >= reverse[1]):
            return direct[0]
        if reverse:
            return Decimal(1) / reverse[0]
        return None

    def convert(self, amount: Decimal, base: str, quote: str, on: date) -> Decimal | None:
        """``amount`` in ``quote``, rounded half-even to its minor unit; None without a rate."""
        if base == quote:
            return amount
        rate = self.rate(base, quote, on)
        return None if rate is None else quantize(amount * rate, quote)
