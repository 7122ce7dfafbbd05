"""FX look-ups, history, and the trigger-kept latest_price table against the full scan."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import delete, select, update

from pricing import diff as diff_module
from pricing import offers
from pricing.diff import UnknownProduct, diff_report
from pricing.fx import FxTable, InvalidRate, parse_rate, read_rates_csv, set_rates
from pricing.history import UnknownListing, price_history
from pricing.models import LatestPrice, PriceObservation
from pricing.offers import rebuild_latest_prices

from .conftest import NOW


def test_fx_rates_by_date_and_inverse(session):
    set_rates(
        session,
        [
            parse_rate("EUR", "USD", "1.10", "2026-01-01"),
            parse_rate("eur", "usd", "1.20", "2026-02-01"),
            parse_rate("USD", "EUR", "0.5", "2026-03-01"),
        ],
    )
    fx = FxTable.load(session)
    assert fx.rate("EUR", "USD", date(2025, 12, 31)) is None  # before any rate
    assert fx.rate("EUR", "USD", date(2026, 1, 31)) == D("1.10")
    assert fx.rate("EUR", "USD", date(2026, 2, 1)) == D("1.20")
    assert fx.rate("EUR", "USD", date(2026, 3, 5)) == D(2)  # the newer reverse rate wins
    assert fx.convert(D("10.005"), "EUR", "USD", date(2026, 1, 2)) == D("11.01")  # 11.0055
    assert fx.convert(D("1"), "EUR", "GBP", date(2026, 1, 2)) is None
    set_rates(session, [parse_rate("EUR", "USD", "1.30", "2026-01-01")])  # replaces that day
    assert FxTable.load(session).rate("EUR", "USD", date(2026, 1, 2)) == D("1.30")


def test_fx_csv_rejects_the_file_naming_each_bad_line(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("base,quote,rate,date\nEUR,USD,1.1,2026-01-01\nEUR,USD,abc,2026-01-02\n")
    with pytest.raises(InvalidRate, match="line 3: rate 'abc' is not a number"):
        read_rates_csv(path)
    path.write_text("base,quote,rate\nEUR,USD,1.1\n")
    with pytest.raises(InvalidRate, match="missing column"):
        read_rates_csv(path)


def test_history_period_competitor_and_listing(session, store):
    p = store.product("TV", "100.00")
    a, b = store.listing(p, "a"), store.listing(p, "b")
    for day, (pa, pb) in enumerate([("90", "95"), ("91", "96"), ("92", "97")]):
        store.run(NOW - timedelta(days=3 - day), {a: (pa,), b: (pb, "EUR", None, day == 1)})
    h = price_history(session, "TV")
    assert [s.competitor for s in h.series] == ["a", "b"]
    assert [pt.price for pt in h.series[0].points] == [D(90), D(91), D(92)]
    assert [pt.suspicious for pt in h.series[1].points] == [False, True, False]
    recent = price_history(session, "TV", competitor="b", since=NOW - timedelta(days=1, hours=1))
    assert [[pt.price for pt in s.points] for s in recent.series] == [[D(97)]]
    only = price_history(session, "TV", listing_id=a.id, until=NOW - timedelta(days=1, hours=1))
    assert [pt.price for pt in only.series[0].points] == [D(90), D(91)]
    with pytest.raises(UnknownProduct):
        price_history(session, "NOPE")
    with pytest.raises(UnknownListing):
        price_history(session, "TV", listing_id=b.id + 1000)


def latest(session) -> dict[int, tuple]:
    rows = session.execute(select(LatestPrice).order_by(LatestPrice.listing_id)).scalars()
    return {r.listing_id: (r.cur_id, r.cur_price, r.prev_id, r.prev_price) for r in rows}


def test_triggers_keep_latest_price_exact(session, store):
    p = store.product("TV", "100.00")
    a, b = store.listing(p, "a"), store.listing(p, "b")
    store.run(NOW - timedelta(days=2), {a: ("90",), b: ("80",)})
    store.run(NOW - timedelta(days=1), {a: ("91",), b: ("81", "EUR", None, True)})
    kept = latest(session)
    assert kept[a.id][1::2] == (D(91), D(90))
    assert kept[b.id][1::2] == (D(80), None)  # the suspicious 81 is skipped
    # A price re-recorded as suspicious, then deleted: the table follows both.
    session.execute(
        update(PriceObservation)
        .where(PriceObservation.listing_id == a.id, PriceObservation.price == D(91))
        .values(suspicious=True)
    )
    assert latest(session)[a.id][1::2] == (D(90), None)
    session.execute(delete(PriceObservation).where(PriceObservation.listing_id == b.id))
    assert b.id not in latest(session)
    before = latest(session)
    assert rebuild_latest_prices(session) == 1
    assert latest(session) == before


def test_latest_price_path_matches_the_full_scan(session, store, monkeypatch):
    p, q = store.product("TV", "100.00"), store.product("RADIO", "30.00")
    ls = [store.listing(p, n) for n in "abc"] + [store.listing(q, n) for n in "ab"]
    store.run(NOW - timedelta(days=2), {ls[0]: ("90",), ls[1]: ("99",), ls[3]: ("31",)})
    store.run(
        NOW - timedelta(days=1),
        {ls[0]: ("95",), ls[2]: ("101",), ls[3]: ("29", "EUR", None, True), ls[4]: ("30",)},
        failed=[ls[1]],
    )
    fast = diff_report(session, as_of=NOW)
    monkeypatch.setattr(offers, "latest_is_current", lambda *_: False)
    slow = diff_report(session, as_of=NOW)
    assert fast == slow
    assert diff_module.Change.disappeared in {o.change for p in fast.products for o in p.offers}
