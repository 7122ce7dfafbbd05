"""Errors raised where bad territory input enters; each message says what to fix."""

from __future__ import annotations


class TerritoryInputError(ValueError):
    """Base for every problem with units, reps, plans or locks a user can fix in their files."""


class UnsupportedFormat(TerritoryInputError):
    pass


class MissingColumn(TerritoryInputError):
    def __init__(self, what: str, column: str, available: list[str]) -> None:
        super().__init__(
            f"{what} has no column {column!r}; available columns: {', '.join(available)}. "
            "Choose the column with the matching flag (e.g. --id-column, --balance)."
        )


class MissingCRS(TerritoryInputError):
    pass


class WrongCRS(TerritoryInputError):
    pass


class DuplicateIds(TerritoryInputError):
    pass


class BadMeasure(TerritoryInputError):
    """A measure is missing, not a number, or negative for some units."""


class TooManyReps(TerritoryInputError):
    pass


class UnknownUnit(TerritoryInputError):
    pass


class UnknownRep(TerritoryInputError):
    pass


class BadRep(TerritoryInputError):
    """A rep row is unusable: bad target_share, home outside every unit, two homes in one unit."""


class ImpossibleLocks(TerritoryInputError):
    """Locked units alone already push a territory past its tolerance."""


class TolerancesNotMet(UserWarning):
    """The best plan found still breaks a tolerance; the message names measure and amount."""


class NotContiguous(UserWarning):
    """Some territory could not be made one piece (locks or homes on opposite sides)."""


class TimeLimitReached(UserWarning):
    """The wall-clock time limit stopped the search before its work budget was spent, so the
    plan may differ from run to run (machine speed, load)."""
