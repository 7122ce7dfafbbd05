"""Which listings a crawl visits and how: the spider's reading of the store.

A crawl target is a plain value (no session needed once loaded), so the spider, the pipelines
and the runner agree on one list without sharing ORM objects across a process boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pricing.models import Competitor, Listing, PriceObservation, RenderMode


class UnknownCompetitor(LookupError):
    def __init__(self, name: str, known: list[str]) -> None:
        hint = ", ".join(known) if known else "none yet: import a watchlist first"
        super().__init__(f"no competitor named {name!r} (known: {hint})")
        self.name = name


class UnknownRenderMode(ValueError):
    def __init__(self, value: str) -> None:
        super().__init__(f"unknown render mode {value!r}: use static, browser or auto")


class NothingToCrawl(LookupError):
    def __init__(self, competitor: str | None) -> None:
        scope = f" for competitor {competitor!r}" if competitor else ""
        super().__init__(
            f"no active listings{scope}: add some with `salesops watchlist import FILE`"
        )


@dataclass(frozen=True)
class CrawlTarget:
    listing_id: int
    url: str
    competitor_id: int
    competitor: str
    render: RenderMode
    selectors: dict[str, str] | None

    @property
    def slot(self) -> str:
        """Download slot: politeness (concurrency, delay) is per competitor, not per URL host."""
        return f"competitor:{self.competitor}"


@dataclass(frozen=True)
class CompetitorPace:
    concurrency: int
    delay: float


def parse_render(value: str | RenderMode | None) -> RenderMode | None:
    if value is None or value == "":
        return None
    try:
        return RenderMode(str(value).lower())
    except ValueError:
        raise UnknownRenderMode(str(value)) from None


def resolve_competitor(session: Session, name: str | None) -> Competitor | None:
    if name is None:
        return None
    found = session.scalar(select(Competitor).where(Competitor.name == name))
    if found is None:
        known = list(session.scalars(select(Competitor.name).order_by(Competitor.name)))
        raise UnknownCompetitor(name, known)
    return found


def load_targets(
    session: Session, competitor: str | None = None, render: RenderMode | None = None
) -> list[CrawlTarget]:
    """Active listings (of one competitor, if named); ``render`` overrides every page's mode."""
    only = resolve_competitor(session, competitor)
    stmt = (
        select(Listing, Competitor)
        .join(Competitor, Listing.competitor_id == Competitor.id)
        .where(Listing.active.is_(True))
        .order_by(Listing.id)
    )
    if only is not None:
        stmt = stmt.where(Listing.competitor_id == only.id)
    targets = []
    for listing, comp in session.execute(stmt):
        mode = render or listing.render_mode or comp.render_mode or RenderMode.static
        targets.append(
            CrawlTarget(
                listing.id, listing.url, comp.id, comp.name, RenderMode(mode), comp.selectors
            )
        )
    return targets


def competitor_paces(session: Session, targets: list[CrawlTarget]) -> dict[str, CompetitorPace]:
    """Per-competitor concurrency and delay, keyed by download slot."""
    ids = {t.competitor_id for t in targets}
    paces = {}
    for comp in session.scalars(select(Competitor).where(Competitor.id.in_(ids))):
        slot = CrawlTarget(0, "", comp.id, comp.name, RenderMode.static, None).slot
        paces[slot] = CompetitorPace(max(1, comp.max_concurrency), float(comp.delay_seconds))
    return paces


def latest_prices(session: Session, listing_ids: list[int]) -> dict[int, tuple[Decimal, str]]:
    """The most recent observed (price, currency) of each listing, before this crawl."""
    result: dict[int, tuple[Decimal, str]] = {}
    for start in range(0, len(listing_ids), 500):
        chunk = listing_ids[start : start + 500]
        newest = (
            select(PriceObservation.listing_id, func.max(PriceObservation.observed_at).label("at"))
            .where(PriceObservation.listing_id.in_(chunk))
            .group_by(PriceObservation.listing_id)
            .subquery()
        )
        rows = session.execute(
            select(PriceObservation.listing_id, PriceObservation.price, PriceObservation.currency)
            .join(
                newest,
                (PriceObservation.listing_id == newest.c.listing_id)
                & (PriceObservation.observed_at == newest.c.at),
            )
            .order_by(PriceObservation.id)
        )
        for listing_id, price, currency in rows:
            result[listing_id] = (price, currency)
    return result
