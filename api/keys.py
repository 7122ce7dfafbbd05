"""API keys: shown once at creation, stored only as a SHA-256 hash behind a public prefix.

A key looks like ``so_<prefix>_<secret>``: the prefix finds the row without scanning, the
secret (256 bits from ``secrets``) is compared by hash in constant time. Keys are high-entropy,
so a fast hash is enough (no password stretching needed).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pricing.models import ApiKey, ApiRole, utcnow

RANKS = {ApiRole.viewer: 0, ApiRole.analyst: 1, ApiRole.admin: 2}


class UnknownKey(LookupError):
    pass


@dataclass(frozen=True)
class NewKey:
    record: ApiKey
    token: str  # the only time the full key exists outside the client


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_key(session: Session, role: ApiRole, name: str) -> NewKey:
    prefix = secrets.token_hex(6)
    token = f"so_{prefix}_{secrets.token_urlsafe(32)}"
    record = ApiKey(prefix=prefix, secret_hash=_hash(token), role=role, name=name)
    session.add(record)
    session.flush()
    return NewKey(record, token)


def find_key(session: Session, key: str) -> ApiKey:
    """By id or prefix (what `apikey list` shows)."""
    stmt = select(ApiKey).where(ApiKey.prefix == key)
    if key.isdigit():
        stmt = select(ApiKey).where((ApiKey.id == int(key)) | (ApiKey.prefix == key))
    record = session.scalar(stmt)
    if record is None:
        raise UnknownKey(f"no API key with id or prefix {key!r} (see `salesops apikey list`)")
    return record


def revoke_key(session: Session, key: str) -> ApiKey:
    record = find_key(session, key)
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        session.flush()
    for digest, (_, caller) in list(_verified.items()):
        if caller.key_id == record.id:
            _verified.pop(digest, None)
    return record


def list_keys(session: Session, include_revoked: bool = False) -> list[ApiKey]:
    stmt = select(ApiKey).order_by(ApiKey.id)
    if not include_revoked:
        stmt = stmt.where(ApiKey.revoked_at.is_(None))
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class Caller:
    """Who is calling: enough to authorise and to log (never the secret)."""

    key_id: int
    prefix: str
    role: ApiRole


# Verified keys are remembered briefly, so a busy endpoint does not look its key up on every
# request. Revoking evicts at once in this process; other processes notice within the TTL.
CACHE_SECONDS = 10.0
_verified: dict[str, tuple[float, Caller]] = {}


def _parse(token: str) -> str | None:
    """The token's prefix, or None when it cannot be a key of ours."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "so" or not parts[1]:
        return None
    return parts[1]


def cached_caller(token: str) -> Caller | None:
    """The caller a token was verified as within the last few seconds (no database needed)."""
    cached = _verified.get(_hash(token))
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    return None


def authenticate(session: Session, token: str) -> Caller | None:
    """The live key a token belongs to, or None (unknown, malformed or revoked)."""
    prefix = _parse(token)
    if prefix is None:
        return None
    cached = cached_caller(token)
    if cached is not None:
        return cached
    record = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    digest = _hash(token)
    if record is None or record.revoked_at is not None:
        return None
    if not hmac.compare_digest(record.secret_hash, digest):
        return None
    caller = Caller(record.id, record.prefix, record.role)
    if len(_verified) > 10_000:  # many distinct keys: start over rather than grow
        _verified.clear()
    _verified[digest] = (time.monotonic() + CACHE_SECONDS, caller)
    return caller


def allows(have: ApiRole, need: ApiRole) -> bool:
    return RANKS[have] >= RANKS[need]
