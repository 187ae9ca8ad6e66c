"""API keys of client applications: issued once, stored as a sha256 hash, revocable.

Every intake request checks its key; a valid key is remembered per process for KEY_CACHE_SECONDS
(one SELECT less per request). A revocation therefore reaches every worker within that time, and
the process that revokes forgets its keys at once. Unknown and revoked keys are never remembered.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from cachelib import SimpleCache
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import ApiKey, utcnow

KEY_PREFIX = "hnm_"
KEY_CACHE_SECONDS = 5


@dataclass(frozen=True)
class ClientKey:
    """An active key as the API sees it."""
    id: int
    name: str


_valid = SimpleCache(threshold=1000, default_timeout=KEY_CACHE_SECONDS)   # "store key-hash" -> ClientKey


class ApiKeyError(ValueError):
    """A key request the store refuses; the message is Dutch."""


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(session: Session, name: str) -> tuple[ApiKey, str]:
    """A new active key for `name`; the plain key is returned here and never stored."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ApiKeyError("Geef een naam van 1 tot 80 tekens.")
    if session.scalar(select(ApiKey).where(ApiKey.name == name)) is not None:
        raise ApiKeyError(f"Er is al een sleutel met de naam {name!r}.")
    plain = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=name, prefix=plain[:12], key_hash=_hash(plain), active=True)
    session.add(key)
    session.flush()
    return key, plain


def revoke_key(session: Session, name: str) -> ApiKey:
    key = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if key is None:
        raise ApiKeyError(f"Geen sleutel met de naam {name!r}.")
    if key.active:
        key.active = False
        key.revoked_at = utcnow()
    _valid.clear()              # this process at once; other processes within KEY_CACHE_SECONDS
    return key


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.name)))


def check_key(session: Session, plain: str | None) -> ClientKey | None:
    """The active key matching `plain`, or None (unknown, malformed or revoked)."""
    if not plain or len(plain) > 200:
        return None
    digest = _hash(plain)
    remembered = f"{session.get_bind().url} {digest}"
    found = _valid.get(remembered)
    if found is not None:
        return found
    key = session.scalar(select(ApiKey).where(ApiKey.key_hash == digest))
    if key is None or not key.active:
        return None
    found = ClientKey(key.id, key.name)
    _valid.set(remembered, found)
    return found
