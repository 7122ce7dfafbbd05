"""The one-product report (one PostgreSQL round trip) equals the general path, field by field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

import pricing.diff
from pricing.diff import UnknownProduct, diff_report
from pricing.diff_product import one_product_rows
from pricing.fx import parse_rate, set_rates
from pricing.models import Availability

from .conftest import NOW

T = NOW + timedelta(hours=3)


class _FrozenNow(datetime):
    @classmethod
    def now(cls, tz=None):  # noqa: ANN001, ANN206 - datetime's own signature
        return T


@pytest.fixture
def shop(store, engine, monkeypatch):
    if engine.dialect.name != "postgresql":
        pytest.skip("the one-round-trip path is PostgreSQL only (SQLite takes the general one)")
    monkeypatch.setattr(pricing.diff, "datetime", _FrozenNow)
    kettle = store.product("KETTLE", "100.00")
    toaster = store.product("TOASTER", "80.00", "USD")
    store.product("LONELY", "5.00")  # no listings at all
    k = {n: store.listing(kettle, n) for n in "abcdef"}
    t = {n: store.listing(toaster, n) for n in "ab"}
    gone = store.listing(kettle, "g")
    gone.active = False
    set_rates(store.session, [parse_rate("EUR", "USD", "1.10", date(2026, 3, 1))])
    store.run(
        NOW - timedelta(days=2),
        {
            k["a"]: ("99.00",),
            k["b"]: ("101.00",),
            k["d"]: ("98.00",),
            k["e"]: ("90.00", "USD"),
            gone: ("1.00",),
        },
    )
    store.run(
        NOW - timedelta(hours=2),
        {
            k["a"]: ("95.00",),
            k["b"]: ("101.00", "EUR", Availability.OutOfStock),
            k["c"]: ("70.00", "GBP"),  # no rate: not comparable
            k["e"]: ("120.00", "EUR"),  # currency changed since the previous price
            k["f"]: ("97.00",),
            t["a"]: ("75.00", "EUR"),
            t["b"]: ("85.00", "USD"),
        },
        failed=[k["d"]],
    )
    # a's newest price is flagged; f's competitor ran alone later and recorded nothing for it.
    store.run(NOW - timedelta(hours=1), {k["a"]: ("1.00", "EUR", None, True)}, competitor="a")
    store.run(NOW - timedelta(minutes=30), {}, competitor="f")
    store.session.flush()
    return store


@pytest.mark.parametrize("sku", ["KETTLE", "TOASTER", "LONELY"])
@pytest.mark.parametrize("staleness_days", [0, 7])
def test_one_product_equals_general_path(shop, session, sku, staleness_days) -> None:
    fast = diff_report(session, skus=[sku], staleness_days=staleness_days)
    general = diff_report(session, as_of=T, skus=[sku], staleness_days=staleness_days)
    assert one_product_rows(session, sku, T, T) is not None  # the fast path did answer
    assert fast == general
    if sku == "KETTLE":
        (product,) = fast.products
        changes = {o.competitor: o.change for o in product.offers}
        assert changes["d"] is changes["f"] is pricing.diff.Change.disappeared
        assert changes["e"] is pricing.diff.Change.up  # 90 USD before, 120 EUR now
        assert [s.competitor for s in fast.suspicious] == (["a"] if staleness_days else [])


def test_unknown_sku_is_named(shop, session) -> None:
    with pytest.raises(UnknownProduct, match="NOPE"):
        diff_report(session, skus=["NOPE"])


def test_uses_utc(shop, session) -> None:
    (product,) = diff_report(session, skus=["KETTLE"]).products
    assert all(o.observed_at.utcoffset() == timedelta(0) for o in product.offers if o.observed_at)
    assert {o.observed_at.tzinfo for o in product.offers if o.observed_at} == {UTC}
