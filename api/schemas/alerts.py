"""Alert rules and the alerts they raised."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pricing.models import AlertKind

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class AlertRuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text
    kind: AlertKind
    threshold: Annotated[Decimal, Field(gt=0, lt=10**10, allow_inf_nan=False)] | None = Field(
        None, description="Percent, amount or run count, depending on kind; none for some kinds."
    )
    sku: Text | None = Field(None, description="Only this product.")
    competitor: Text | None = Field(None, description="Only this competitor.")
    webhook_url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    email_to: Annotated[str, StringConstraints(max_length=500)] | None = None


class AlertRulePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    active: bool = Field(description="false pauses the rule; true resumes it.")


class AlertRuleOut(BaseModel):
    id: int
    name: str
    kind: AlertKind
    threshold: Decimal | None
    sku: str | None
    competitor: str | None
    webhook_url: str | None
    email_to: str | None
    active: bool
    created_at: datetime


class AlertOut(BaseModel):
    id: int
    rule: str
    kind: AlertKind
    listing_id: int
    sku: str
    competitor: str
    url: str
    opened_at: datetime
    closed_at: datetime | None
    message: str
    details: dict[str, Any] | None
    notified_at: datetime | None
    notify_error: str | None
