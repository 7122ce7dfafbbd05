"""Every number of the diff report, checked by hand on small stores (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from pricing.diff import Change, OfferStatus, UnknownCompetitor, UnknownProduct, diff_report
from pricing.fx import parse_rate, set_rates
from pricing.models import Availability

from .conftest import NOW

OOS = Availability.OutOfStock


@pytest.fixture
def market(store):
    """One EUR product at 100.00 against every kind of offer the report must handle."""
    p = store.product("KETTLE", "100.00")
    ls = {name: store.listing(p, name) for name in "abcdefghi"}
    set_rates(store.session, [parse_rate("EUR", "USD", "1.10", date(2026, 3, 1))])
    store.run(NOW - timedelta(days=10), {ls["e"]: ("80.00",)})  # e: only a stale price
    store.run(
        NOW - timedelta(hours=2),
        {
            ls["a"]: ("95.00",),
            ls["b"]: ("95.00",),  # tie with a for cheapest
            ls["c"]: ("104.99",),
            ls["d"]: ("90.00", "EUR", OOS),
            ls["f"]: ("110.00", "USD"),  # 110 / 1.10 = 100.00 EUR, ties with us
            ls["g"]: ("50.00", "GBP"),  # no GBP rate: not comparable
            ls["i"]: ("99.00",),
        },
    )
    # i's newest price is flagged by the scrapers: the report keeps 99.00 and lists this one.
    store.run(NOW - timedelta(hours=1), {ls["i"]: ("1.00", "EUR", None, True)}, competitor="i")
    return ls


def offers(report):
    (product,) = report.products
    return product, {o.competitor: o for o in product.offers}


def test_every_figure_of_the_report(session, market):
    report = diff_report(session, as_of=NOW)
    p, by = offers(report)
    assert (p.sku, p.our_price, p.currency) == ("KETTLE", D("100.00"), "EUR")
    # Counted: a 95, b 95, c 104.99, f 100.00 (converted), i 99.00.
    assert p.competitors_counted == 5
    assert (p.min_price, p.max_price) == (D("95.00"), D("104.99"))
    assert p.mean_price == D("98.80")  # 493.99 / 5 = 98.798
    assert p.median_price == D("99.00")
    assert p.cheapest == ("a", "b")
    assert [o.competitor for o in p.offers if o.cheapest] == ["a", "b"]
    assert p.our_rank == 4  # a, b, i are cheaper; f ties with us
    assert p.price_index == D("101.22")  # 100 / 98.798 x 100 = 101.2166...
    assert p.undercut_count == 3
    assert [o.competitor for o in p.offers if o.undercuts] == ["a", "b", "i"]

    assert (by["a"].difference, by["a"].difference_percent) == (D("-5.00"), D("-5.00"))
    assert (by["c"].difference, by["c"].difference_percent) == (D("4.99"), D("4.99"))
    assert by["a"].age == timedelta(hours=1, minutes=55)
    assert by["a"].status is OfferStatus.ok
    f = by["f"]
    assert (f.price, f.currency, f.comparable_price, f.difference) == (
        D("110.00"),
        "USD",
        D("100.00"),
        D("0.00"),
    )
    g = by["g"]
    assert g.status is OfferStatus.not_comparable
    assert (g.price, g.comparable_price, g.difference, g.counted) == (D("50.00"), None, None, False)
    d = by["d"]
    assert (d.status, d.counted, d.undercuts, d.difference) == (
        OfferStatus.out_of_stock,
        False,
        False,
        D("-10.00"),
    )
    e = by["e"]
    assert (e.status, e.counted, e.price) == (OfferStatus.stale, False, D("80.00"))
    assert e.age == timedelta(days=10) - timedelta(minutes=5)
    h = by["h"]
    assert (h.status, h.price, h.counted, h.change) == (OfferStatus.no_data, None, False, None)
    assert by["i"].price == D("99.00")
    (flagged,) = report.suspicious
    assert (flagged.sku, flagged.competitor, flagged.price) == ("KETTLE", "i", D("1.00"))
    assert flagged.reason == "price below 10% of previous"


def test_out_of_stock_offers_can_be_included(session, market):
    p, _ = offers(diff_report(session, as_of=NOW, include_out_of_stock=True))
    assert p.competitors_counted == 6
    assert (p.min_price, p.cheapest, p.our_rank, p.undercut_count) == (D("90.00"), ("d",), 5, 4)
    assert p.mean_price == D("97.33")  # 583.99 / 6 = 97.3316...
    assert p.median_price == D("97.00")  # (95 + 99) / 2
    assert p.price_index == D("102.74")  # 100 / 97.3316... x 100 = 102.7415...


def test_staleness_limit_is_a_setting(session, market):
    p, by = offers(diff_report(session, as_of=NOW, staleness_days=11))
    assert by["e"].status is OfferStatus.ok
    assert (p.min_price, p.cheapest, p.competitors_counted) == (D("80.00"), ("e",), 6)


def test_half_even_rounding_to_the_minor_unit(session, store):
    eur = store.product("HALF", "10.00")
    la, lb = store.listing(eur, "a"), store.listing(eur, "b")
    yen = store.product("YEN", "1000", "JPY")
    lc, ld = store.listing(yen, "c"), store.listing(yen, "d")
    set_rates(session, [parse_rate("EUR", "JPY", "160.2", date(2026, 3, 1))])
    store.run(
        NOW - timedelta(hours=1),
        {la: ("10.00",), lb: ("10.01",), lc: ("6.25",), ld: ("6.2625",)},
    )
    report = diff_report(session, as_of=NOW)
    half, yen_diff = report.products
    assert half.mean_price == D("10.00")  # 10.005 rounds to even, not up
    assert half.median_price == D("10.00")
    assert half.price_index == D("99.95")  # 10 / 10.005 x 100 = 99.9500...
    assert half.our_rank == 1 and half.cheapest == ("a",)  # a ties with us: same rank
    assert [o.difference_percent for o in half.offers] == [D("0.00"), D("0.10")]
    # 6.25 x 160.2 = 1001.25 -> 1001; 6.2625 x 160.2 = 1003.2525 -> 1003 (JPY has no minor unit)
    assert [o.comparable_price for o in yen_diff.offers] == [D("1001"), D("1003")]
    assert yen_diff.mean_price == D("1002")
    assert [o.difference for o in yen_diff.offers] == [D("1"), D("3")]


def test_change_since_previous_run(session, store):
    p = store.product("LAMP", "50.00")
    up, down, same, new, gone, oos, back = (store.listing(p, n) for n in "ABCDEFG")
    day1, day2 = NOW - timedelta(days=1, hours=1), NOW - timedelta(hours=1)
    store.run(
        day1,
        {
            up: ("40.00",),
            down: ("45.00",),
            same: ("49.00",),
            gone: ("48.00",),
            oos: ("47.00",),
            back: ("46.00", "EUR", OOS),
        },
    )
    store.run(
        day2,
        {
            up: ("41.00",),
            down: ("44.99",),
            same: ("49.00",),
            new: ("60.00",),
            oos: ("47.00", "EUR", OOS),
            back: ("46.00",),
        },
        failed=[gone],
    )
    _, by = offers(diff_report(session, as_of=NOW))
    changes = {name: o.change for name, o in by.items()}
    assert changes == {
        "A": Change.up,
        "B": Change.down,
        "C": Change.unchanged,
        "D": Change.new,
        "E": Change.disappeared,
        "F": Change.out_of_stock,
        "G": Change.back_in_stock,
    }
    assert by["A"].previous_price == D("40.00")
    assert by["E"].price == D("48.00")  # still shows its last known price
    # As of the first day everything was new and nothing had changed yet.
    _, then = offers(diff_report(session, as_of=day1 + timedelta(hours=2)))
    assert {o.change for o in then.values() if o.price is not None} == {Change.new}
    assert then["A"].price == D("40.00")


def test_filters(session, market, store):
    other = store.product("OTHER", "5.00")
    store.run(NOW - timedelta(hours=1), {store.listing(other, "a"): ("6.00",)}, competitor="a")
    full = diff_report(session, as_of=NOW)
    assert [p.sku for p in full.products] == ["KETTLE", "OTHER"]
    only = diff_report(session, as_of=NOW, competitors=["c", "f"])
    p, by = offers(only)
    assert sorted(by) == ["c", "f"] and p.cheapest == ("f",) and p.our_rank == 1
    under = diff_report(session, as_of=NOW, undercut_only=True)
    assert [p.sku for p in under.products] == ["KETTLE"]
    assert [p.sku for p in diff_report(session, as_of=NOW, skus=["OTHER"]).products] == ["OTHER"]
    with pytest.raises(UnknownProduct, match="NOPE"):
        diff_report(session, skus=["NOPE"])
    with pytest.raises(UnknownCompetitor, match="zz"):
        diff_report(session, competitors=["zz"])
    with pytest.raises(ValueError, match="timezone"):
        diff_report(session, as_of=NOW.replace(tzinfo=None))
