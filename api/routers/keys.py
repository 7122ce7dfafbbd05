"""/api-keys: admins create, list and revoke keys (same as `salesops apikey ...`)."""

from __future__ import annotations

from fastapi import APIRouter, status

from api import keys
from api.deps import Admin, RecordId, SessionDep
from api.schemas.common import ERRORS
from api.schemas.keys import ApiKeyCreated, ApiKeyIn, ApiKeyOut

router = APIRouter(prefix="/api-keys", tags=["api keys"], responses=ERRORS)


@router.get("", response_model=list[ApiKeyOut])
def list_keys(session: SessionDep, _: Admin, include_revoked: bool = False) -> list[ApiKeyOut]:
    return [ApiKeyOut.model_validate(k) for k in keys.list_keys(session, include_revoked)]


@router.post("", response_model=ApiKeyCreated, status_code=status.HTTP_201_CREATED)
def create_key(body: ApiKeyIn, session: SessionDep, _: Admin) -> ApiKeyCreated:
    """The full key is in this response only; only its hash is stored."""
    new = keys.create_key(session, body.role, body.name)
    return ApiKeyCreated(**ApiKeyOut.model_validate(new.record).model_dump(), key=new.token)


@router.post("/{key_id}/revoke", response_model=ApiKeyOut)
def revoke_key(key_id: RecordId, session: SessionDep, _: Admin) -> ApiKeyOut:
    """Revoked keys stop working on the next request."""
    return ApiKeyOut.model_validate(keys.revoke_key(session, str(key_id)))
