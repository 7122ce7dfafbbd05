"""API keys as admins see them: never the secret, except once in the creation response."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from pricing.models import ApiRole


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: ApiRole
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    prefix: str
    role: ApiRole
    name: str
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str  # shown once; store it now, it cannot be recovered
