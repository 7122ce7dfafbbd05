"""The one-pass report (pricing.diff_bulk) equals the offer-by-offer reference on random stores.

Stores are drawn small but dense in the cases that break aggregates: ties at the minimum and
at our price, stale, out-of-stock and discontinued offers, listings never observed or gone in
the last run, flagged prices, three currencies with and without stored rates, our price zero.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from pricing.diff import diff_report, report_inputs
from pricing.diff_bulk import bulk_report
from pricing.diff_model import Change, OfferStatus
from pricing.diff_reference import reference_report
from pricing.fx import parse_rate, set_rates
from pricing.models import Availability

from .conftest import NOW, StoreBuilder

# Few distinct amounts, so ties (with each other and with our price) are common.
PRICES = ["0.00", "9.99", "9.99", "10.00", "10.00", "10.005", "10.01", "1001.25", "6.2625"]
CURRENCIES = ["EUR", "USD", "JPY"]
AVAILABILITIES = [
    Availability.InStock,
    Availability.InStock,
    Availability.OutOfStock,
    Availability.Discontinued,
    Availability.PreOrder,
]
RATES = [("EUR", "USD", "1.10"), ("USD", "JPY", "160.2"), ("EUR", "JPY", "157.3")]

observation = st.one_of(
    st.none(),  # not crawled this run
    st.just("failed"),
    st.tuples(
        st.sampled_from(PRICES),
        # Mostly the products' own currency; never a GBP rate: not comparable.
        st.sampled_from(["EUR"] * 5 + CURRENCIES + ["GBP"]),
        st.sampled_from(AVAILABILITIES),
        st.sampled_from([False] * 9 + [True]),  # now and then flagged by the scrapers
    ),
)
store_spec = st.fixed_dictionaries(
    {
        "products": st.lists(
            st.tuples(
                st.sampled_from(["0.00", "10.00", "10.00", "10.01", "1000"]),
                st.sampled_from(["EUR"] * 3 + CURRENCIES),
                st.lists(st.sampled_from("abcd"), min_size=0, max_size=5),  # may repeat
            ),
            min_size=1,
            max_size=4,
        ),
        # Days before NOW of each run (older than the staleness limit too).
        "runs": st.lists(st.sampled_from([20, 9, 3, 1, 0]), min_size=1, max_size=3, unique=True),
        "observations": st.lists(observation, min_size=60, max_size=60),
        "rates": st.lists(st.sampled_from(RATES), unique=True, max_size=3),
        "as_of_days_ago": st.sampled_from([0, 0, 2, 10]),
        "staleness_days": st.sampled_from([0, 1, 7, 30]),
        "include_out_of_stock": st.booleans(),
        "undercut_only": st.booleans(),
    }
)


def _build(session: Session, spec: dict) -> None:
    store = StoreBuilder(session)
    listings = []
    for i, (price, currency, competitors) in enumerate(spec["products"]):
        product = store.product(f"SKU{i}", price, currency)
        listings += [store.listing(product, name) for name in competitors]
    set_rates(session, [parse_rate(b, q, r, date(2026, 1, 1)) for b, q, r in spec["rates"]])
    draws = iter(spec["observations"])
    for days in sorted(spec["runs"], reverse=True):
        prices, failed = {}, []
        for listing in listings:
            drawn = next(draws, None)
            if drawn == "failed":
                failed.append(listing)
            elif drawn is not None:
                prices[listing] = drawn
        store.run(NOW - timedelta(days=days, hours=2), prices, failed=failed)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=store_spec)
def test_bulk_report_equals_the_reference(session: Session, spec: dict) -> None:
    savepoint = session.begin_nested()
    try:
        _build(session, spec)
        as_of = NOW - timedelta(days=spec["as_of_days_ago"])
        flags = (spec["undercut_only"], spec["include_out_of_stock"], spec["staleness_days"])
        inputs = report_inputs(session, as_of, None, None, spec["staleness_days"])
        expected = reference_report(*inputs, as_of, *flags)
        got = bulk_report(*inputs, as_of, *flags)
        assert got == expected
        # Field by field too: Decimal equality ignores the exponent, and 95.0 is not 95.00.
        for mine, ref in zip(got.products, expected.products, strict=True):
            assert repr(mine) == repr(ref)
        # The report itself: on PostgreSQL, when latest_price answers for as_of, from the
        # full report's own query (pricing.diff_full), which decides each offer's kind in SQL.
        report = diff_report(
            session,
            as_of=as_of,
            undercut_only=spec["undercut_only"],
            include_out_of_stock=spec["include_out_of_stock"],
            staleness_days=spec["staleness_days"],
        )
        assert report == expected
        assert repr(report.products) == repr(expected.products)
    finally:
        savepoint.rollback()


def test_a_store_with_every_hard_case(session: Session) -> None:
    """One store drawn by hand through the same comparison, so every case is surely covered."""
    ok = Availability.InStock
    spec = {
        # Listings: SKU0 a, b, c, c (a second page of c), d; SKU1 a, b.
        "products": [("10.00", "EUR", ["a", "b", "c", "c", "d"]), ("1000", "JPY", ["a", "b"])],
        "runs": [9, 0],
        "observations": [
            *[("10.00", "EUR", ok, False)] * 7,  # nine days ago: stale by now
            ("9.99", "EUR", ok, False),
            ("9.99", "USD", ok, False),  # 9.99 / 0.999 = 10.00 EUR: ties with us
            ("9.99", "GBP", ok, False),  # no rate: not comparable
            ("9.99", "EUR", ok, False),  # ties with a for cheapest
            "failed",  # d disappeared, its last price is stale
            ("6.2625", "EUR", Availability.OutOfStock, False),  # 1003 JPY, out of stock
            None,  # not crawled: stale
        ],
        "rates": [("EUR", "USD", "0.999"), ("EUR", "JPY", "160.2")],
    }
    _build(session, spec)
    inputs = report_inputs(session, NOW, None, None, 7)
    for flags in [(False, False), (True, True)]:
        got = bulk_report(*inputs, NOW, *flags, 7)
        expected = reference_report(*inputs, NOW, *flags, 7)
        assert got == expected
        report = diff_report(
            session, as_of=NOW, undercut_only=flags[0], include_out_of_stock=flags[1],
            staleness_days=7,
        )  # fmt: skip
        assert repr(report.products) == repr(expected.products)
    kettle, yen = bulk_report(*inputs, NOW, False, False, 7).products
    by = {(o.competitor, o.url): o for o in kettle.offers}
    assert [o.status for o in kettle.offers] == [
        OfferStatus.ok, OfferStatus.ok, OfferStatus.not_comparable, OfferStatus.ok,
        OfferStatus.stale,
    ]  # fmt: skip
    assert (kettle.cheapest, kettle.min_price, kettle.our_rank) == (("a", "c"), D("9.99"), 3)
    assert (kettle.competitors_counted, kettle.undercut_count) == (3, 2)
    assert [o.comparable_price for o in by.values()][1] == D("10.00")
    assert [o.status for o in yen.offers] == [OfferStatus.out_of_stock, OfferStatus.stale]
    assert yen.offers[0].comparable_price == D("1003")
    assert yen.competitors_counted == 0


def test_competitor_runs_moves_and_gone_listings(session: Session) -> None:
    """The newest run covering a listing may be its competitor's own: a listing is gone only
    when that run recorded nothing for it (on PostgreSQL the full report's query decides)."""
    store = StoreBuilder(session)
    product = store.product("SKU0", "10.00")
    a, b, a2 = store.listing(product, "a"), store.listing(product, "b"), store.listing(product, "a")
    oos = Availability.OutOfStock
    store.run(NOW - timedelta(days=2), {a: ("9.00",), b: ("11.00",), a2: ("12.00", "EUR", oos)})
    store.run(NOW - timedelta(days=1), {a: ("9.50",), a2: ("12.00",)}, competitor="a")
    store.run(NOW - timedelta(hours=3), {}, failed=[b], competitor="b")
    inputs = report_inputs(session, NOW, None, None, 7)
    expected = reference_report(*inputs, NOW, False, False, 7)
    report = diff_report(session, as_of=NOW, staleness_days=7)
    assert repr(report.products) == repr(expected.products)
    offers = report.products[0].offers
    assert [(o.competitor, o.change) for o in offers] == [
        ("a", Change.up), ("a", Change.back_in_stock), ("b", Change.disappeared),
    ]  # fmt: skip
