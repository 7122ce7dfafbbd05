"""Alert rules evaluated after each crawl run: an alert opens when its condition starts and
closes when it ends, so a lasting undercut raises one alert, not one per run.

Price conditions read only valid observations: a price the scrapers flagged as suspicious never
raises an alert; it is returned for review instead.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pricing.alert_rules import (  # noqa: F401 - re-exported: callers import them from here
    THRESHOLD_UNIT,
    InvalidRule,
    UnknownRule,
    add_rule,
    remove_rule,
)
from pricing.fx import FxTable
from pricing.models import (
    Alert,
    AlertKind,
    AlertRule,
    Competitor,
    CrawlRun,
    CrawlStatus,
    Product,
    ScrapeFailure,
    utcnow,
)
from pricing.money import money
from pricing.notify import NotificationFailed, Notifier
from pricing.offers import UNAVAILABLE, ListingState, listing_states
from pricing.recording import UnknownCrawlRun
from pricing.review import SuspiciousObservation, run_suspicious

log = logging.getLogger(__name__)
PERCENT = Decimal("0.01")


@dataclass
class AlertEvent:
    alert_id: int
    event: str  # "opened" or "closed"
    rule: str
    kind: AlertKind
    sku: str
    competitor: str
    url: str
    message: str
    at: datetime
    crawl_run_id: int


@dataclass
class Evaluation:
    crawl_run_id: int
    opened: list[AlertEvent] = field(default_factory=list)
    closed: list[AlertEvent] = field(default_factory=list)
    review: list[SuspiciousObservation] = field(default_factory=list)
    notify_errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Product:
    sku: str
    our_price: Decimal
    currency: str
    map_price: Decimal | None


def _comparable(state: ListingState, product: _Product, fx: FxTable, on: date) -> Decimal | None:
    cur = state.current
    if cur is None:
        return None
    return fx.convert(cur.price, cur.currency, product.currency, on)  # type: ignore[arg-type]


def _m(amount: Decimal, currency: str) -> Decimal:
    return money(amount, currency)  # type: ignore[return-value]


def _condition(
    rule: AlertRule,
    state: ListingState,
    product: _Product,
    fx: FxTable,
    on: date,
    failing: set[int],
) -> str | None:
    """A message when the rule's condition holds for this listing now, else None."""
    kind, cur, prev = rule.kind, state.current, state.previous
    if kind is AlertKind.failed_runs:
        return (
            f"failed {int(rule.threshold)} runs in a row" if state.listing_id in failing else None
        )  # type: ignore[arg-type]
    if cur is None:
        return None
    available = cur.availability not in UNAVAILABLE
    if kind is AlertKind.out_of_stock:
        return f"out of stock ({cur.availability})" if not available else None
    if kind is AlertKind.back_in_stock:
        came_back = prev is not None and prev.availability in UNAVAILABLE and available
        return "back in stock" if came_back else None
    if kind is AlertKind.price_drop_percent:
        if prev is None:
            return None
        before = fx.convert(prev.price, prev.currency, cur.currency, on)  # type: ignore[arg-type]
        if not before:
            return None
        drop = (before - cur.price) * 100 / before  # type: ignore[operator]
        if drop > rule.threshold:  # type: ignore[operator]
            return (
                f"price dropped {drop.quantize(PERCENT, rounding=ROUND_HALF_EVEN)}% "
                f"from {_m(before, cur.currency)} to {_m(cur.price, cur.currency)} {cur.currency}"
            )
        return None
    price = _comparable(state, product, fx, on)
    if price is None:
        return None
    if kind is AlertKind.below_map:
        if product.map_price is not None and price < product.map_price:
            return (
                f"{_m(price, product.currency)} {product.currency} is below our MAP "
                f"{_m(product.map_price, product.currency)}"
            )
        return None
    if not available:
        return None  # a shopper cannot buy it: it does not undercut us
    gap = product.our_price - price
    if kind is AlertKind.undercut_amount and gap > rule.threshold:  # type: ignore[operator]
        c = product.currency
        return (
            f"undercuts us by {_m(gap, c)} {c} ({_m(price, c)} vs our {_m(product.our_price, c)})"
        )
    if kind is AlertKind.undercut_percent and product.our_price:
        pct = gap * 100 / product.our_price
        if pct > rule.threshold:  # type: ignore[operator]
            return (
                f"undercuts us by {pct.quantize(PERCENT, rounding=ROUND_HALF_EVEN)}% "
                f"({_m(price, product.currency)} vs our {_m(product.our_price, product.currency)} "
                f"{product.currency})"
            )
    return None


def _failing(
    session: Session, run: CrawlRun, states: list[ListingState], rules: list[AlertRule]
) -> dict[int, set[int]]:
    """Per failed_runs rule: listings with a recorded failure in each of the last N runs."""
    wanted = [r for r in rules if r.kind is AlertKind.failed_runs]
    if not wanted:
        return {}
    runs = session.execute(
        select(CrawlRun.id, CrawlRun.competitor_id)
        .where(
            CrawlRun.started_at <= run.started_at,
            (CrawlRun.status == CrawlStatus.finished) | (CrawlRun.id == run.id),
        )
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        .limit(1000)
    ).all()
    longest = max(int(r.threshold) for r in wanted)  # type: ignore[arg-type]
    competitors = {s.competitor_id for s in states}
    covering = {
        c: [rid for rid, rc in runs if rc is None or rc == c][:longest] for c in competitors
    }
    run_ids = {rid for ids in covering.values() for rid in ids}
    failures: dict[int, set[int]] = defaultdict(set)
    for listing_id, run_id in session.execute(
        select(ScrapeFailure.listing_id, ScrapeFailure.crawl_run_id).where(
            ScrapeFailure.crawl_run_id.in_(run_ids)
        )
    ):
        failures[listing_id].add(run_id)
    out: dict[int, set[int]] = {}
    for rule in wanted:
        n = int(rule.threshold)  # type: ignore[arg-type]
        out[rule.id] = {
            s.listing_id
            for s in states
            if len(covering[s.competitor_id]) >= n
            and all(rid in failures[s.listing_id] for rid in covering[s.competitor_id][:n])
        }
    return out


def evaluate_alerts(
    session: Session, crawl_run_id: int, *, notifier: Notifier | None = None
) -> Evaluation:
    """Open and close alerts for the listings a crawl run covered; notify about each change.

    The scheduler calls this after every run. Pass ``notifier`` to send webhooks and
    e-mails (``Notifier.from_settings()``); without one the alerts are only stored.
    """
    run = session.get(CrawlRun, crawl_run_id)
    if run is None:
        raise UnknownCrawlRun(crawl_run_id)
    as_of = run.finished_at or utcnow()
    result = Evaluation(crawl_run_id)
    result.review = run_suspicious(session, crawl_run_id)
    rules = list(session.scalars(select(AlertRule).where(AlertRule.active.is_(True))))
    if not rules:
        return result
    competitor_name = None
    if run.competitor_id is not None:
        competitor_name = session.get(Competitor, run.competitor_id).name  # type: ignore[union-attr]
    product_ids = {r.product_id for r in rules}
    skus = None
    if None not in product_ids:
        skus = list(session.scalars(select(Product.sku).where(Product.id.in_(product_ids))))
    states = listing_states(
        session, as_of, skus=skus, competitors=[competitor_name] if competitor_name else None
    )
    products = {
        pid: _Product(sku, price, cur, map_price)
        for pid, sku, price, cur, map_price in session.execute(
            select(
                Product.id, Product.sku, Product.our_price, Product.currency, Product.map_price
            ).where(Product.id.in_({s.product_id for s in states}))
        )
    }
    names = dict(session.execute(select(Competitor.id, Competitor.name)).all())
    fx = FxTable.load(session)
    failing = _failing(session, run, states, rules)
    open_alerts = {
        (a.rule_id, a.listing_id): a
        for a in session.scalars(select(Alert).where(Alert.closed_at.is_(None)))
    }
    on = as_of.date()
    changed: list[tuple[AlertEvent, AlertRule, Alert]] = []
    for rule in rules:
        for state in states:
            if rule.product_id not in (None, state.product_id):
                continue
            if rule.competitor_id not in (None, state.competitor_id):
                continue
            product = products[state.product_id]
            message = _condition(rule, state, product, fx, on, failing.get(rule.id, set()))
            alert = open_alerts.get((rule.id, state.listing_id))
            if message and alert is None:
                alert = Alert(
                    rule_id=rule.id,
                    listing_id=state.listing_id,
                    opened_at=as_of,
                    opened_run_id=crawl_run_id,
                    message=message,
                    details={"sku": product.sku, "competitor": names[state.competitor_id]},
                )
                session.add(alert)
                session.flush()
                event = "opened"
            elif alert is not None and not message:
                alert.closed_at = as_of
                alert.closed_run_id = crawl_run_id
                event = "closed"
            else:
                continue
            ev = AlertEvent(
                alert.id, event, rule.name, rule.kind, product.sku, names[state.competitor_id],
                state.url, alert.message, as_of, crawl_run_id,
            )  # fmt: skip
            (result.opened if event == "opened" else result.closed).append(ev)
            changed.append((ev, rule, alert))
    session.flush()
    if notifier is not None:
        for ev, rule, alert in changed:
            _notify(notifier, ev, rule, alert, result)
        session.flush()
    return result


def _notify(
    notifier: Notifier, ev: AlertEvent, rule: AlertRule, alert: Alert, result: Evaluation
) -> None:
    payload = {
        "event": ev.event,
        "alert_id": ev.alert_id,
        "rule": ev.rule,
        "kind": ev.kind.value,
        "sku": ev.sku,
        "competitor": ev.competitor,
        "url": ev.url,
        "message": ev.message,
        "at": ev.at.isoformat(),
        "crawl_run_id": ev.crawl_run_id,
    }
    errors = []
    if rule.webhook_url:
        try:
            notifier.post_json(rule.webhook_url, payload)
        except NotificationFailed as exc:
            errors.append(str(exc))
    if rule.email_to:
        subject = f"[salesops] {ev.event}: {ev.rule} - {ev.sku} at {ev.competitor}"
        body = "\n".join(f"{k}: {v}" for k, v in payload.items())
        try:
            notifier.send_email(rule.email_to, subject, body)
        except NotificationFailed as exc:
            errors.append(str(exc))
    if rule.webhook_url or rule.email_to:
        alert.notified_at = utcnow()
        alert.notify_error = "; ".join(errors) or None
    for error in errors:
        log.warning("alert %d: %s", ev.alert_id, error)
        result.notify_errors.append(error)


def list_alerts(session: Session, *, open_only: bool = False, limit: int = 500) -> list[Alert]:
    stmt = select(Alert).order_by(Alert.opened_at.desc(), Alert.id.desc()).limit(limit)
    if open_only:
        stmt = stmt.where(Alert.closed_at.is_(None))
    return list(session.scalars(stmt))
