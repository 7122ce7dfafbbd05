"""The API's awaited one-product report equals the synchronous report, field by field."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api.adb import make_read_pool
from pricing.diff import DiffReport, UnknownProduct, diff_report
from pricing.diff_async import one_product_report

from .test_diff_product import T, shop  # noqa: F401 - the fixture, shared


def _awaited(engine: Engine, sku: str, **options: object) -> DiffReport:
    async def run() -> DiffReport:
        pool = make_read_pool(engine.url.render_as_string(hide_password=False))
        assert pool is not None
        async with pool, pool.connection() as conn:
            return await one_product_report(conn, sku, T, **options)  # type: ignore[arg-type]

    return asyncio.run(run())


@pytest.mark.parametrize("sku", ["KETTLE", "TOASTER", "LONELY"])
@pytest.mark.parametrize("staleness_days", [0, 7])
@pytest.mark.parametrize("flags", [{}, {"undercut_only": True}, {"include_out_of_stock": True}])
def test_awaited_equals_sync(
    shop,  # noqa: F811 - the imported fixture
    session: Session,
    engine: Engine,
    sku: str,
    staleness_days: int,
    flags: dict[str, bool],
) -> None:
    session.commit()  # the async connection is another connection: it sees committed rows
    expected = diff_report(session, as_of=T, skus=[sku], staleness_days=staleness_days, **flags)
    got = _awaited(engine, sku, staleness_days=staleness_days, **flags)
    assert got == expected
    if sku == "KETTLE" and not flags.get("undercut_only"):
        assert len(got.products[0].offers) == 6  # the inactive listing is left out


def test_unknown_sku_is_named(shop, session: Session, engine: Engine) -> None:  # noqa: F811
    session.commit()
    with pytest.raises(UnknownProduct, match="NOPE"):
        _awaited(engine, "NOPE", staleness_days=7)


def test_no_read_pool_for_sqlite(tmp_path) -> None:  # noqa: ANN001
    assert make_read_pool(f"sqlite:///{tmp_path / 'x.db'}") is None
