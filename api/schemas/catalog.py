"""Competitors, products and listings as the API shows and accepts them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from pricing.models import MatchMethod, RenderMode

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Money = Annotated[Decimal, Field(gt=0, lt=10**10, decimal_places=4, allow_inf_nan=False)]
OptMoney = Annotated[Decimal, Field(ge=0, lt=10**10, decimal_places=4, allow_inf_nan=False)]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Patch(_In):
    """Fields left out stay as they are; ``null`` is only allowed where the field is optional."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> Self:
        bad = sorted(f for f in self.model_fields_set - self.nullable if getattr(self, f) is None)
        if bad:
            raise ValueError(f"{', '.join(bad)} cannot be null; leave a field out to keep it")
        return self


class CompetitorIn(_In):
    name: Name
    base_domain: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    render_mode: RenderMode = RenderMode.static
    max_concurrency: Annotated[int, Field(ge=1, le=64)] = 1
    delay_seconds: Annotated[Decimal, Field(ge=0, le=3600, decimal_places=3)] = Decimal("1.0")
    selectors: dict[str, str] | None = None


class CompetitorPatch(_Patch):
    nullable = frozenset({"selectors"})

    name: Name | None = None
    base_domain: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = None
    render_mode: RenderMode | None = None
    max_concurrency: Annotated[int, Field(ge=1, le=64)] | None = None
    delay_seconds: Annotated[Decimal, Field(ge=0, le=3600, decimal_places=3)] | None = None
    selectors: dict[str, str] | None = None


class CompetitorOut(_Out):
    id: int
    name: str
    base_domain: str
    render_mode: RenderMode
    max_concurrency: int
    delay_seconds: Decimal
    selectors: dict[str, str] | None
    created_at: datetime


class ProductIn(_In):
    sku: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    brand: Annotated[str, StringConstraints(max_length=200)] | None = None
    gtin: Annotated[str, StringConstraints(pattern=r"^\d{8,14}$")] | None = None
    mpn: Annotated[str, StringConstraints(max_length=100)] | None = None
    our_price: Money
    currency: Annotated[str, StringConstraints(min_length=3, max_length=3)]
    cost: OptMoney | None = None
    map_price: OptMoney | None = None
    url: Url | None = None


class ProductPatch(_Patch):
    nullable = frozenset({"brand", "gtin", "mpn", "cost", "map_price", "url"})

    sku: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
        | None
    ) = None
    name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
        | None
    ) = None
    brand: Annotated[str, StringConstraints(max_length=200)] | None = None
    gtin: Annotated[str, StringConstraints(pattern=r"^\d{8,14}$")] | None = None
    mpn: Annotated[str, StringConstraints(max_length=100)] | None = None
    our_price: Money | None = None
    currency: Annotated[str, StringConstraints(min_length=3, max_length=3)] | None = None
    cost: OptMoney | None = None
    map_price: OptMoney | None = None
    url: Url | None = None


class ProductOut(_Out):
    id: int
    sku: str
    name: str
    brand: str | None
    gtin: str | None
    mpn: str | None
    our_price: Decimal
    currency: str
    cost: Decimal | None
    map_price: Decimal | None
    url: str | None
    updated_at: datetime


class ListingIn(_In):
    competitor: Name = Field(description="Competitor name (must exist).")
    sku: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description="Our product's SKU (must exist)."
    )
    url: Url
    match_method: MatchMethod = MatchMethod.manual
    match_confidence: Annotated[Decimal, Field(ge=0, le=1, decimal_places=3)] = Decimal("1")
    render_mode: RenderMode | None = None


class ListingPatch(_Patch):
    nullable = frozenset({"render_mode"})

    competitor: Name | None = None
    sku: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    url: Url | None = None
    match_method: MatchMethod | None = None
    match_confidence: Annotated[Decimal, Field(ge=0, le=1, decimal_places=3)] | None = None
    render_mode: RenderMode | None = None
    active: bool | None = None


class ListingOut(_Out):
    id: int
    competitor: str
    sku: str
    url: str
    match_method: MatchMethod
    match_confidence: Decimal
    render_mode: RenderMode | None
    active: bool
    created_at: datetime


class Deactivated(BaseModel):
    listings_deactivated: int


class ImportResult(BaseModel):
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected_lines: list[int]
    competitors_created: list[str]
    problems: list[dict[str, object]]
