"""Catalog and watchlist imports: validate the whole file, then upsert in one transaction.

A file with any bad row writes nothing (unless ``skip_invalid``), and every problem is
reported with its line number, so an analyst can fix the file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from pricing.currency import is_currency
from pricing.identifiers import is_valid_gtin, normalise_gtin
from pricing.models import Competitor, Listing, MatchMethod, Product, RenderMode
from pricing.tables import Row, Table, read_table

CATALOG_REQUIRED = ("sku", "name", "brand", "gtin", "mpn", "price", "currency")
CATALOG_OPTIONAL = ("cost", "map_price", "url")
WATCHLIST_REQUIRED = ("competitor", "url", "sku")
WATCHLIST_OPTIONAL = ("render", "gtin", "mpn")


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        col = f" [{self.column}]" if self.column else ""
        return f"line {self.line}{col}: {self.message}"


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    competitors_created: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems})

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportRejected(ValueError):
    """Nothing was written because the file has problems; ``report.problems`` lists them all."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        lines = "\n".join(f"  {p}" for p in sorted(report.problems))
        super().__init__(
            f"{report.file}: {len(report.rejected_lines)} bad row(s), nothing imported:\n{lines}"
        )


# -- field parsers: return (value, problem message or None) ------------------------------------


def parse_money(raw: str, *, required: bool) -> tuple[Decimal | None, str | None]:
    if raw == "":
        return None, ("missing price" if required else None)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None, f"bad price {raw!r}: expected a number like 19.99"
    if not value.is_finite():
        return None, f"bad price {raw!r}: expected a number like 19.99"
    if value <= 0 if required else value < 0:
        return None, f"bad price {raw!r}: must be {'above' if required else 'at least'} zero"
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        return None, f"bad price {raw!r}: more than 4 decimal places"
    if value >= Decimal(10) ** 10:
        return None, f"bad price {raw!r}: too large"
    return value, None


def parse_url(raw: str) -> tuple[str | None, str | None]:
    if not raw:
        return None, "missing URL"
    try:
        parts = urlsplit(raw)
        _ = parts.port  # raises on a malformed port
    except ValueError as exc:
        return None, f"malformed URL {raw!r}: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return None, f"malformed or non-http URL {raw!r}: expected http:// or https://"
    if not parts.hostname or " " in raw:
        return None, f"malformed URL {raw!r}: no host name"
    return parts._replace(fragment="").geturl(), None


def _missing_columns(table: Table, required: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(1, col, f"missing column {col!r} (header has: {', '.join(table.header)})")
        for col in required
        if col not in table.header
    ]


def _extra_cells(row: Row) -> list[Problem]:
    if row.extra:
        return [Problem(row.line, "", f"{row.extra} more cell(s) than the header has columns")]
    return []


# -- catalog ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogRow:
    line: int
    sku: str
    name: str
    brand: str | None
    gtin: str | None
    mpn: str | None
    price: Decimal
    currency: str
    cost: Decimal | None
    map_price: Decimal | None
    url: str | None


def validate_catalog(table: Table) -> tuple[list[CatalogRow], list[Problem]]:
    problems = _missing_columns(table, CATALOG_REQUIRED)
    if problems:
        return [], problems
    good: list[CatalogRow] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        v = row.values
        errs = _extra_cells(row)
        sku = v["sku"]
        if not sku:
            errs.append(Problem(row.line, "sku", "missing sku"))
        elif sku in seen:
            errs.append(
                Problem(row.line, "sku", f"duplicate sku {sku!r} (first on line {seen[sku]})")
            )
        else:
            seen[sku] = row.line
        if not v["name"]:
            errs.append(Problem(row.line, "name", "missing name"))
        gtin = v["gtin"] or None
        if gtin and not is_valid_gtin(gtin):
            errs.append(
                Problem(row.line, "gtin", f"invalid GTIN {gtin!r}: bad length or check digit")
            )
        price, msg = parse_money(v["price"], required=True)
        if msg:
            errs.append(Problem(row.line, "price", msg))
        currency = v["currency"].upper()
        if not is_currency(currency):
            errs.append(Problem(row.line, "currency", f"unknown currency code {v['currency']!r}"))
        cost, msg = parse_money(v.get("cost", ""), required=False)
        if msg:
            errs.append(Problem(row.line, "cost", msg.replace("price", "cost", 1)))
        map_price, msg = parse_money(v.get("map_price", ""), required=False)
        if msg:
            errs.append(Problem(row.line, "map_price", msg.replace("price", "MAP price", 1)))
        url: str | None = None
        if v.get("url"):
            url, msg = parse_url(v["url"])
            if msg:
                errs.append(Problem(row.line, "url", msg))
        if errs:
            problems.extend(errs)
            continue
        assert price is not None
        good.append(
            CatalogRow(
                row.line,
                sku,
                v["name"],
                v["brand"] or None,
                normalise_gtin(gtin) if gtin else None,
                v["mpn"] or None,
                price,
                currency,
                cost,
                map_price,
                url,
            )
        )
    return good, problems


def _apply(obj: object, values: dict[str, object]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def _upsert(
    session: Session,
    report: ImportReport,
    current: object | None,
    model: type[Product] | type[Listing],
    key: dict[str, str],
    values: dict[str, object],
) -> None:
    """Insert, update or leave a row, and count which, so re-imports report 'unchanged'."""
    if current is None:
        session.add(model(**key, **values))
        report.created += 1
    elif _apply(current, values):
        report.updated += 1
    else:
        report.unchanged += 1


def import_catalog(
    session: Session,
    source: str | Path | bytes,
    *,
    skip_invalid: bool = False,
    name: str | None = None,
) -> ImportReport:
    table = read_table(source, name)
    report = ImportReport(table.name, rows=len(table.rows))
    rows, report.problems = validate_catalog(table)
    if report.problems and (not skip_invalid or any(p.line == 1 for p in report.problems)):
        raise ImportRejected(report)
    existing = {
        p.sku: p
        for p in session.scalars(select(Product).where(Product.sku.in_([r.sku for r in rows])))
    }
    for r in rows:
        values: dict[str, object] = {
            "name": r.name,
            "brand": r.brand,
            "gtin": r.gtin,
            "mpn": r.mpn,
            "our_price": r.price,
            "currency": r.currency,
            "cost": r.cost,
            "map_price": r.map_price,
            "url": r.url,
        }
        _upsert(session, report, existing.get(r.sku), Product, {"sku": r.sku}, values)
    session.flush()
    return report


# -- watchlist -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WatchlistRow:
    line: int
    competitor: str
    url: str
    product_id: int
    match: MatchMethod
    render: RenderMode | None


def _product_lookup(session: Session) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    by_sku: dict[str, int] = {}
    by_gtin: dict[str, int] = {}
    by_mpn: dict[str, int] = {}
    for pid, sku, gtin, mpn in session.execute(
        select(Product.id, Product.sku, Product.gtin, Product.mpn)
    ):
        by_sku[sku] = pid
        if gtin:
            by_gtin[gtin] = pid
        if mpn:
            by_mpn[mpn.upper()] = pid
    return by_sku, by_gtin, by_mpn


def validate_watchlist(session: Session, table: Table) -> tuple[list[WatchlistRow], list[Problem]]:
    problems = _missing_columns(table, WATCHLIST_REQUIRED)
    if problems:
        return [], problems
    by_sku, by_gtin, by_mpn = _product_lookup(session)
    good: list[WatchlistRow] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        v = row.values
        errs = _extra_cells(row)
        competitor = v["competitor"]
        if not competitor:
            errs.append(Problem(row.line, "competitor", "missing competitor"))
        url, msg = parse_url(v["url"])
        if msg:
            errs.append(Problem(row.line, "url", msg))
        elif url in seen:
            errs.append(
                Problem(row.line, "url", f"duplicate URL {url!r} (first on line {seen[url]})")
            )
        else:
            assert url is not None
            seen[url] = row.line
        render: RenderMode | None = None
        if v.get("render"):
            try:
                render = RenderMode(v["render"].lower())
            except ValueError:
                errs.append(
                    Problem(
                        row.line,
                        "render",
                        f"unknown render mode {v['render']!r} (static, browser or auto)",
                    )
                )
        product_id: int | None = None
        match = MatchMethod.sku
        sku, gtin, mpn = v["sku"], v.get("gtin", ""), v.get("mpn", "")
        if sku:
            product_id = by_sku.get(sku)
            if product_id is None:
                errs.append(Problem(row.line, "sku", f"unknown sku {sku!r}: not in the catalog"))
        elif gtin:
            if not is_valid_gtin(gtin):
                errs.append(
                    Problem(row.line, "gtin", f"invalid GTIN {gtin!r}: bad length or check digit")
                )
            else:
                product_id, match = by_gtin.get(normalise_gtin(gtin)), MatchMethod.gtin
                if product_id is None:
                    errs.append(Problem(row.line, "gtin", f"no catalog product has GTIN {gtin!r}"))
        elif mpn:
            product_id, match = by_mpn.get(mpn.upper()), MatchMethod.mpn
            if product_id is None:
                errs.append(Problem(row.line, "mpn", f"no catalog product has MPN {mpn!r}"))
        else:
            errs.append(Problem(row.line, "sku", "missing sku (and no gtin or mpn to match by)"))
        if errs:
            problems.extend(errs)
            continue
        assert url is not None and product_id is not None
        good.append(WatchlistRow(row.line, competitor, url, product_id, match, render))
    return good, problems


def import_watchlist(
    session: Session,
    source: str | Path | bytes,
    *,
    skip_invalid: bool = False,
    name: str | None = None,
) -> ImportReport:
    table = read_table(source, name)
    report = ImportReport(table.name, rows=len(table.rows))
    rows, report.problems = validate_watchlist(session, table)
    if report.problems and (not skip_invalid or any(p.line == 1 for p in report.problems)):
        raise ImportRejected(report)
    competitors = {c.name: c for c in session.scalars(select(Competitor))}
    listings = {
        item.url: item
        for item in session.scalars(select(Listing).where(Listing.url.in_([r.url for r in rows])))
    }
    for r in rows:
        competitor = competitors.get(r.competitor)
        if competitor is None:
            competitor = Competitor(
                name=r.competitor,
                base_domain=(urlsplit(r.url).hostname or "").removeprefix("www."),
                render_mode=r.render or RenderMode.static,
                max_concurrency=1,
                delay_seconds=Decimal("1.0"),
            )
            session.add(competitor)
            session.flush()
            competitors[r.competitor] = competitor
            report.competitors_created.append(r.competitor)
        values: dict[str, object] = {
            "competitor_id": competitor.id,
            "product_id": r.product_id,
            "match_method": r.match,
            "match_confidence": Decimal("1.000"),
            "render_mode": r.render,
            "active": True,
        }
        _upsert(session, report, listings.get(r.url), Listing, {"url": r.url}, values)
    session.flush()
    return report
