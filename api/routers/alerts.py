"""/alerts (what fired) and /alert-rules (what should fire), over pricing.alerts."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import Admin, OptionalId, RecordId, SessionDep, Viewer
from api.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from api.schemas.alerts import AlertOut, AlertRuleIn, AlertRuleOut, AlertRulePatch
from api.schemas.common import ERRORS
from pricing import alerts as alert_rules
from pricing import queries
from pricing.models import Alert, AlertKind, AlertRule

alerts_router = APIRouter(prefix="/alerts", tags=["alerts"], responses=ERRORS)
rules_router = APIRouter(prefix="/alert-rules", tags=["alerts"], responses=ERRORS)
routers = [alerts_router, rules_router]


def rule_out(rule: AlertRule) -> AlertRuleOut:
    return AlertRuleOut(
        id=rule.id,
        name=rule.name,
        kind=rule.kind,
        threshold=rule.threshold,
        sku=rule.product.sku if rule.product else None,
        competitor=rule.competitor.name if rule.competitor else None,
        webhook_url=rule.webhook_url,
        email_to=rule.email_to,
        active=rule.active,
        created_at=rule.created_at,
    )


def alert_out(alert: Alert) -> AlertOut:
    return AlertOut(
        id=alert.id,
        rule=alert.rule.name,
        kind=alert.rule.kind,
        listing_id=alert.listing_id,
        sku=alert.listing.product.sku,
        competitor=alert.listing.competitor.name,
        url=alert.listing.url,
        opened_at=alert.opened_at,
        closed_at=alert.closed_at,
        message=alert.message,
        details=alert.details,
        notified_at=alert.notified_at,
        notify_error=alert.notify_error,
    )


@alerts_router.get("", response_model=Page[AlertOut])
def list_alerts(
    session: SessionDep,
    _: Viewer,
    open_only: bool = False,
    rule_id: OptionalId = None,
    sku: str | None = None,
    competitor: str | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[AlertOut]:
    """Newest first; `open_only` leaves out alerts whose condition has ended."""
    page = queries.list_alerts(
        session,
        open_only=open_only,
        rule_id=rule_id,
        sku=sku,
        competitor=competitor,
        after_id=decode_cursor(cursor),
        limit=limit,
    )
    return Page(
        items=[alert_out(a) for a in page.items], next_cursor=encode_cursor(page.next_after_id)
    )


@rules_router.get("", response_model=Page[AlertRuleOut])
def list_rules(
    session: SessionDep,
    _: Viewer,
    kind: AlertKind | None = None,
    active: bool | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[AlertRuleOut]:
    page = queries.list_alert_rules(
        session, kind=kind, active=active, after_id=decode_cursor(cursor), limit=limit
    )
    return Page(
        items=[rule_out(r) for r in page.items], next_cursor=encode_cursor(page.next_after_id)
    )


@rules_router.get("/{rule_id}", response_model=AlertRuleOut)
def get_rule(rule_id: RecordId, session: SessionDep, _: Viewer) -> AlertRuleOut:
    return rule_out(queries.get_alert_rule(session, rule_id))


@rules_router.post("", response_model=AlertRuleOut, status_code=status.HTTP_201_CREATED)
def create_rule(body: AlertRuleIn, session: SessionDep, _: Admin) -> AlertRuleOut:
    """Checked like `salesops alerts rules add`: the threshold must fit the kind."""
    values = body.model_dump()
    rule = alert_rules.add_rule(session, values.pop("name"), values.pop("kind"), **values)
    return rule_out(queries.get_alert_rule(session, rule.id))


@rules_router.patch("/{rule_id}", response_model=AlertRuleOut)
def change_rule(
    rule_id: RecordId, body: AlertRulePatch, session: SessionDep, _: Admin
) -> AlertRuleOut:
    """Pause or resume; to change what a rule checks, delete it and create a new one."""
    return rule_out(queries.set_alert_rule_active(session, rule_id, body.active))


@rules_router.delete("/{rule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_rule(rule_id: RecordId, session: SessionDep, _: Admin) -> None:
    """The rule and its alerts are deleted."""
    queries.get_alert_rule(session, rule_id)  # 404 with the API's wording
    alert_rules.remove_rule(session, rule_id)
