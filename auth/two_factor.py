"""Two-step login (TOTP, RFC 6238) with one-time recovery codes.

The TOTP secret is stored encrypted (Fernet, key derived from HNM_SECRET_KEY with HKDF: a copy of
the database alone does not hold usable secrets; a new HNM_SECRET_KEY means setting it up again)
and is never shown again after the set-up. A code works once: the last used time step is kept.
Recovery codes (10, shown once) are stored as argon2 hashes and each works once.
"""

from __future__ import annotations

import base64
import secrets
from datetime import datetime, timezone

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from auth.users import hash_password, password_hash_matches
from data_access.models import RecoveryCode, User, utcnow

ISSUER = "HNM Dashboard"
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"hnm totp secrets").derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def new_secret() -> str:
    return pyotp.random_base32()


def qr_data_uri(secret: str, username: str) -> str:
    """The otpauth:// address of this secret as a QR code (SVG data URI) for an authenticator app."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def code_matches(secret: str, code: str, after_step: int | None = None, at: datetime | None = None) -> int | None:
    """The time step of a fitting code (this, the previous or the next 30 s) later than
    `after_step`, or None."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    step = totp.timecode(at or datetime.now(timezone.utc))
    for candidate in (step - 1, step, step + 1):
        if (after_step is None or candidate > after_step) and secrets.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def enable(session: Session, user: User, secret: str, secret_key: str) -> list[str]:
    """Store the confirmed secret (encrypted) and make new recovery codes; returns them (once)."""
    user.totp_secret = _fernet(secret_key).encrypt(secret.encode()).decode()
    user.totp_enabled_at = utcnow()
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["-".join("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
             for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(code)) for code in codes)
    session.flush()
    return codes


def verify_login_code(session: Session, user: User, code: str, secret_key: str) -> str | None:
    """'totp' or 'recovery' when `code` lets this user in (and use it up), else None."""
    try:
        secret = _fernet(secret_key).decrypt(user.totp_secret.encode()).decode()
    except (InvalidToken, AttributeError):
        secret = None
    step = code_matches(secret, code, user.totp_last_step) if secret else None
    if step is not None:
        user.totp_last_step = step
        return "totp"
    typed = (code or "").strip().lower()
    if len(typed) != 11:
        return None
    for row in session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                          RecoveryCode.used_at.is_(None))):
        if password_hash_matches(row.code_hash, typed):
            row.used_at = utcnow()
            return "recovery"
    return None


def required_for(user: User, settings) -> bool:
    """Must this user use the two-step login (beheerder always; staff of HNM_2FA_REQUIRED_ORGS)?"""
    if not settings.two_factor_enforced:
        return False
    return any(r.role == "beheerder" for r in user.roles) or user.organisation.code in settings.two_factor_org_codes
