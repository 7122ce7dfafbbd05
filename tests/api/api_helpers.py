"""Helpers the API tests share (a module, not fixtures: they take arguments)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine

from pricing import db
from pricing.models import Competitor, Listing, MatchMethod, Product


def seed_catalog(engine: Engine, products: int = 3, competitors: int = 2) -> None:
    """Products P-1.., competitors shop1.., one listing per (product, competitor)."""
    with db.session_scope(engine) as s:
        comps = [
            Competitor(name=f"shop{i}", base_domain=f"shop{i}.example")
            for i in range(1, competitors + 1)
        ]
        prods = [
            Product(sku=f"P-{i}", name=f"Product {i}", our_price=Decimal("10.00"), currency="EUR")
            for i in range(1, products + 1)
        ]
        s.add_all(comps + prods)
        s.flush()
        s.add_all(
            Listing(
                competitor_id=c.id,
                product_id=p.id,
                url=f"https://{c.base_domain}/p/{p.sku}",
                match_method=MatchMethod.sku,
            )
            for p in prods
            for c in comps
        )


def assert_problem(response, status: int, *words: str) -> dict:  # noqa: ANN001
    """An RFC 9457 body with the status, whose detail mentions each of ``words``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"]
    for word in words:
        assert word in body.get("detail", ""), body
    return body
