"""Alert rules as analysts write them: checked when stored, so evaluation never meets a rule
that cannot work (a missing threshold, an unknown product)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from pricing.diff import UnknownCompetitor, UnknownProduct
from pricing.models import Alert, AlertKind, AlertRule, Competitor, Product

# What the threshold means for each kind (None: the kind takes no threshold).
THRESHOLD_UNIT = {
    AlertKind.undercut_percent: "percent",
    AlertKind.undercut_amount: "amount in the product's currency",
    AlertKind.price_drop_percent: "percent",
    AlertKind.below_map: None,
    AlertKind.out_of_stock: None,
    AlertKind.back_in_stock: None,
    AlertKind.failed_runs: "number of runs",
}


class InvalidRule(ValueError):
    """A rule that cannot work as written (missing threshold, unknown kind, duplicate name)."""


class UnknownRule(LookupError):
    def __init__(self, rule: str | int) -> None:
        super().__init__(f"no alert rule {rule!r} (see `salesops alerts rules list`)")


def add_rule(
    session: Session,
    name: str,
    kind: AlertKind | str,
    threshold: Decimal | str | None = None,
    *,
    sku: str | None = None,
    competitor: str | None = None,
    webhook_url: str | None = None,
    email_to: str | None = None,
) -> AlertRule:
    """Store a rule after checking it makes sense; raises :class:`InvalidRule` otherwise."""
    try:
        kind = AlertKind(kind)
    except ValueError:
        raise InvalidRule(
            f"unknown alert kind {kind!r}; choose one of {', '.join(k.value for k in AlertKind)}"
        ) from None
    unit = THRESHOLD_UNIT[kind]
    try:
        value = Decimal(str(threshold).strip()) if threshold is not None else None
    except InvalidOperation:
        raise InvalidRule(f"threshold {threshold!r} is not a number") from None
    if unit and (value is None or not value.is_finite() or value <= 0):
        raise InvalidRule(f"{kind.value} needs a positive threshold ({unit})")
    if not unit and value is not None:
        raise InvalidRule(f"{kind.value} takes no threshold")
    if kind is AlertKind.failed_runs and value != value.to_integral_value():  # type: ignore[union-attr]
        raise InvalidRule("failed_runs needs a whole number of runs")
    if session.scalar(select(AlertRule.id).where(AlertRule.name == name)) is not None:
        raise InvalidRule(f"an alert rule named {name!r} exists already")
    if webhook_url and not webhook_url.lower().startswith(("http://", "https://")):
        raise InvalidRule(f"webhook URL {webhook_url!r} must start with http:// or https://")
    if email_to and "@" not in email_to:
        raise InvalidRule(f"{email_to!r} is not an e-mail address")
    rule = AlertRule(
        name=name, kind=kind, threshold=value, webhook_url=webhook_url, email_to=email_to
    )
    if sku:
        rule.product_id = session.scalar(select(Product.id).where(Product.sku == sku))
        if rule.product_id is None:
            raise UnknownProduct(sku)
    if competitor:
        rule.competitor_id = session.scalar(
            select(Competitor.id).where(Competitor.name == competitor)
        )
        if rule.competitor_id is None:
            raise UnknownCompetitor(competitor)
    session.add(rule)
    session.flush()
    return rule


def remove_rule(session: Session, rule: str | int) -> None:
    """Delete a rule by id or name; its alerts go with it."""
    stmt = select(AlertRule)
    stmt = (
        stmt.where(AlertRule.id == int(rule))
        if str(rule).isdigit()
        else stmt.where(AlertRule.name == rule)
    )
    found = session.scalar(stmt)
    if found is None:
        raise UnknownRule(rule)
    for alert in session.scalars(select(Alert).where(Alert.rule_id == found.id)):
        session.delete(alert)
    session.delete(found)
    session.flush()
