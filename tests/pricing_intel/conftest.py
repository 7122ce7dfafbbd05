"""Small stores built by hand through the real write path (``pricing.recording``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pricing import db
from pricing.models import (
    Availability,
    Competitor,
    CrawlRun,
    FailureKind,
    Listing,
    MatchMethod,
    Product,
)
from pricing.recording import (
    FailureIn,
    ObservationIn,
    finish_crawl_run,
    record_batch,
    start_crawl_run,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


class StoreBuilder:
    """Shops, products, listings and crawl runs in a few readable lines per test."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._competitors: dict[str, Competitor] = {}
        self._urls = 0

    def competitor(self, name: str) -> Competitor:
        if name not in self._competitors:
            comp = Competitor(name=name, base_domain=f"{name}.example")
            self.session.add(comp)
            self.session.flush()
            self._competitors[name] = comp
        return self._competitors[name]

    def product(
        self, sku: str, price: str, currency: str = "EUR", map_price: str | None = None
    ) -> Product:
        product = Product(
            sku=sku,
            name=f"Product {sku}",
            our_price=Decimal(price),
            currency=currency,
            map_price=Decimal(map_price) if map_price else None,
        )
        self.session.add(product)
        self.session.flush()
        return product

    def listing(self, product: Product, competitor: str) -> Listing:
        self._urls += 1
        listing = Listing(
            competitor_id=self.competitor(competitor).id,
            product_id=product.id,
            url=f"https://{competitor}.example/{product.sku}/{self._urls}",
            match_method=MatchMethod.gtin,
        )
        self.session.add(listing)
        self.session.flush()
        return listing

    def run(
        self,
        at: datetime,
        prices: dict[Listing, tuple] | None = None,
        failed: list[Listing] = (),  # type: ignore[assignment]
        competitor: str | None = None,
    ) -> int:
        """One finished crawl run at ``at``: ``{listing: (price, currency?, availability?,
        suspicious?)}``; listings in ``failed`` get a recorded failure."""
        run = start_crawl_run(
            self.session, competitor_id=self.competitor(competitor).id if competitor else None
        )
        run.started_at = at
        self.session.flush()
        obs = []
        for listing, spec in (prices or {}).items():
            price, currency, availability, suspicious = (
                *spec,
                *(None,) * (4 - len(spec)),
            )
            obs.append(
                ObservationIn(
                    listing_id=listing.id,
                    observed_at=at + timedelta(minutes=5),
                    price=Decimal(price),
                    currency=currency or "EUR",
                    availability=availability or Availability.InStock,
                    suspicious=bool(suspicious),
                    suspicious_reason="price below 10% of previous" if suspicious else None,
                )
            )
        record_batch(
            self.session,
            run.id,
            obs,
            [FailureIn(listing_id=f.id, kind=FailureKind.http_error) for f in failed],
        )
        finish_crawl_run(self.session, run.id)
        self.session.get(CrawlRun, run.id).finished_at = at + timedelta(hours=1)
        self.session.flush()
        return run.id


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with db.session_scope(engine) as session:
        yield session


@pytest.fixture
def store(session: Session) -> StoreBuilder:
    return StoreBuilder(session)
