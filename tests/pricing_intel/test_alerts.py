"""Alert rules: raised once when a condition starts, closed when it ends, notified locally."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from pricing.alerts import InvalidRule, UnknownRule, add_rule, evaluate_alerts, remove_rule
from pricing.models import Alert, AlertKind, Availability
from pricing.notify import NotificationFailed, Notifier

from .conftest import NOW
from .receivers import smtp_receiver, webhook_receiver

OOS = Availability.OutOfStock


def day(n: int):
    return NOW + timedelta(days=n)


def open_alerts(session) -> set[tuple[str, str]]:
    rows = session.scalars(select(Alert).where(Alert.closed_at.is_(None)))
    return {(a.rule.name, a.details["competitor"]) for a in rows}


def test_each_kind_opens_once_and_closes_when_over(session, store):
    p = store.product("TV", "100.00", map_price="90.00")
    a, b, c = store.listing(p, "a"), store.listing(p, "b"), store.listing(p, "c")
    add_rule(session, "undercut 5%", AlertKind.undercut_percent, "5")
    add_rule(session, "undercut 8 EUR", "undercut_amount", "8")
    add_rule(session, "drop 10%", AlertKind.price_drop_percent, "10")
    add_rule(session, "below MAP", AlertKind.below_map)
    add_rule(session, "gone", AlertKind.out_of_stock)
    add_rule(session, "back", AlertKind.back_in_stock)
    add_rule(session, "failing", AlertKind.failed_runs, "2")

    r1 = store.run(day(0), {a: ("96.00",), b: ("100.00",), c: ("99.00",)})
    ev = evaluate_alerts(session, r1)
    assert ev.opened == [] and ev.closed == []

    # a drops to 89.00: undercut 11% and 11 EUR, dropped 7.29%, below MAP; b sells out.
    r2 = store.run(day(1), {a: ("89.00",), b: ("100.00", "EUR", OOS)}, failed=[c])
    ev = evaluate_alerts(session, r2)
    assert {(e.rule, e.competitor) for e in ev.opened} == {
        ("undercut 5%", "a"),
        ("undercut 8 EUR", "a"),
        ("below MAP", "a"),
        ("gone", "b"),
    }
    msg = {e.rule: e.message for e in ev.opened}
    assert msg["undercut 5%"] == "undercuts us by 11.00% (89.00 vs our 100.00 EUR)"
    # The same state in the next run raises nothing new; c fails a second time in a row.
    r3 = store.run(day(2), {a: ("89.00",), b: ("100.00", "EUR", OOS)}, failed=[c])
    ev = evaluate_alerts(session, r3)
    assert [(e.rule, e.competitor) for e in ev.opened] == [("failing", "c")]
    assert ev.closed == []
    # a collapses 50% (drop alert), b is back, c answers again.
    r4 = store.run(day(3), {a: ("44.50",), b: ("100.00",), c: ("99.00",)})
    ev = evaluate_alerts(session, r4)
    assert {(e.rule, e.competitor) for e in ev.opened} == {("drop 10%", "a"), ("back", "b")}
    assert {(e.rule, e.competitor) for e in ev.closed} == {("gone", "b"), ("failing", "c")}
    # Everything back to normal: every open alert closes, nothing reopens.
    r5 = store.run(day(4), {a: ("100.00",), b: ("100.00",), c: ("99.00",)})
    ev = evaluate_alerts(session, r5)
    assert ev.opened == []
    assert {e.rule for e in ev.closed} == {
        "undercut 5%",
        "undercut 8 EUR",
        "below MAP",
        "drop 10%",
        "back",
    }
    assert open_alerts(session) == set()
    alerts = session.scalars(select(Alert).order_by(Alert.id)).all()
    assert len(alerts) == 7  # one per episode (4 + 1 + 2), never one per run
    first = alerts[0]
    assert (first.opened_run_id, first.closed_run_id) == (r2, r5)


def test_suspicious_prices_never_raise_price_alerts(session, store):
    p = store.product("CAM", "100.00", map_price="95.00")
    a = store.listing(p, "a")
    add_rule(session, "undercut", AlertKind.undercut_percent, "5")
    add_rule(session, "map", AlertKind.below_map)
    add_rule(session, "drop", AlertKind.price_drop_percent, "5")
    store.run(day(0), {a: ("99.00",)})
    run = store.run(day(1), {a: ("1.00", "EUR", None, True)})
    ev = evaluate_alerts(session, run)
    assert ev.opened == []
    (flagged,) = ev.review
    assert (flagged.sku, flagged.competitor, flagged.price) == ("CAM", "a", D("1.00"))


def test_scope_by_product_and_competitor(session, store):
    p, q = store.product("P", "10.00"), store.product("Q", "10.00")
    pa, pb, qa = store.listing(p, "a"), store.listing(p, "b"), store.listing(q, "a")
    add_rule(session, "P at b", AlertKind.undercut_amount, "1", sku="P", competitor="b")
    run = store.run(day(0), {pa: ("1.00",), pb: ("1.00",), qa: ("1.00",)})
    assert [(e.sku, e.competitor) for e in evaluate_alerts(session, run).opened] == [("P", "b")]


def test_rules_are_checked_when_added(session, store):
    store.product("P", "10.00")
    with pytest.raises(InvalidRule, match="positive threshold"):
        add_rule(session, "x", AlertKind.undercut_percent)
    with pytest.raises(InvalidRule, match="takes no threshold"):
        add_rule(session, "x", AlertKind.below_map, "3")
    with pytest.raises(InvalidRule, match="unknown alert kind"):
        add_rule(session, "x", "cheaper")
    with pytest.raises(InvalidRule, match="whole number"):
        add_rule(session, "x", AlertKind.failed_runs, "1.5")
    add_rule(session, "x", AlertKind.out_of_stock, sku="P")
    with pytest.raises(InvalidRule, match="exists already"):
        add_rule(session, "x", AlertKind.out_of_stock)
    remove_rule(session, "x")
    with pytest.raises(UnknownRule):
        remove_rule(session, "x")


def test_webhook_and_email_notifications(session, store):
    p = store.product("TV", "100.00")
    a = store.listing(p, "a")
    with webhook_receiver(fail_first=1) as (url, posts), smtp_receiver() as (port, mails):
        add_rule(
            session,
            "undercut",
            AlertKind.undercut_percent,
            "5",
            webhook_url=url,
            email_to="pricing@example.com",
        )
        notifier = Notifier(smtp_port=port, backoff_seconds=0.01)
        ev = evaluate_alerts(session, store.run(day(0), {a: ("80.00",)}), notifier=notifier)
        assert ev.notify_errors == []
        (post,) = posts  # the 503 was retried, then delivered once
        assert (post["event"], post["rule"], post["sku"], post["competitor"]) == (
            "opened",
            "undercut",
            "TV",
            "a",
        )
        assert post["message"] == "undercuts us by 20.00% (80.00 vs our 100.00 EUR)"
        (mail,) = mails
        assert mail["To"] == "pricing@example.com"
        assert mail["Subject"] == "[salesops] opened: undercut - TV at a"
        assert "undercuts us by 20.00%" in mail.get_payload()
        evaluate_alerts(session, store.run(day(1), {a: ("100.00",)}), notifier=notifier)
        assert [p["event"] for p in posts] == ["opened", "closed"]
        assert len(mails) == 2
        alert = session.scalars(select(Alert)).one()
        assert alert.notified_at is not None and alert.notify_error is None


def test_failed_delivery_keeps_the_alert(session, store):
    p = store.product("TV", "100.00")
    a = store.listing(p, "a")
    with webhook_receiver(fail_first=99) as (url, posts):
        add_rule(session, "u", AlertKind.undercut_percent, "5", webhook_url=url)
        notifier = Notifier(backoff_seconds=0.01, webhook_attempts=2)
        ev = evaluate_alerts(session, store.run(day(0), {a: ("80.00",)}), notifier=notifier)
    assert posts == [] and len(ev.opened) == 1
    assert ev.notify_errors == [f"webhook {url}: HTTP 503"]
    assert session.scalars(select(Alert)).one().notify_error == f"webhook {url}: HTTP 503"
    with pytest.raises(NotificationFailed, match="must start with http"):
        notifier.post_json("ftp://x", {})
