"""Users: create, disable, verify passwords (argon2), and the demo accounts."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from auth.passwords import password_problem
from auth.principal import ROLES, Principal
from auth.sessions import end_user_sessions
from data_access.models import AuditLog, CategorySharing, Organisation, Team, User, UserArea, UserRole, utcnow

_hasher = PasswordHasher()
# A real hash to verify against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = _hasher.hash("hnm-no-such-user")

DEMO_PASSWORD_FILE = "demo-password"    # demo: this instance's own random password (mode 0600)
DEMO_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"     # no 0/o, 1/l/i look-alikes
# username -> (organisation, team, roles, wijken, display name)
DEMO_ACCOUNTS = {
    "meldkamer": ("politie", "meldkamer", ["meldkamer"], [], "Demo Meldkamer"),
    "wijkagent": ("politie", "wijkteam", ["wijkagent"], ["WK051840"], "Demo Wijkagent"),
    "handhaving": ("gemeente", "handhaving", ["handhaving"], ["WK051840"], "Demo Handhaver"),
    "gemeente": ("gemeente", "stadsbeheer", ["gemeente"], [], "Demo Gemeente"),
    "manager-politie": ("politie", None, ["manager"], [], "Demo Manager Politie"),
    "manager-gemeente": ("gemeente", None, ["manager"], [], "Demo Manager Gemeente"),
    "beheerder": ("gemeente", "regie", ["beheerder"], [], "Demo Beheerder"),
    "wall": ("politie", "meldkamer", ["wall"], [], "Wandscherm Meldkamer"),
    "privacy-politie": ("politie", None, ["privacy"], [], "Demo Privacyfunctionaris Politie"),
    "privacy-gemeente": ("gemeente", None, ["privacy"], [], "Demo Privacyfunctionaris Gemeente"),
}


class UserError(ValueError):
    """Bad user input; the message is Dutch."""


def _check_password(password: str, *personal: str) -> None:
    problem = password_problem(password, *personal)
    if problem:
        raise UserError(problem)


def make_demo_password() -> str:
    """A random demo password that meets the rule: three groups of four letters and digits."""
    return "-".join("".join(secrets.choice(DEMO_ALPHABET) for _ in range(4)) for _ in range(3))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(session: Session, username: str, password: str, organisation: str,
                roles: list[str], areas: list[str] = (), team: str | None = None,
                display_name: str | None = None) -> User:
    username = username.strip().lower()
    if not username or len(username) > 80:
        raise UserError("Geef een gebruikersnaam van 1 tot 80 tekens.")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise UserError(f"Gebruiker {username!r} bestaat al.")
    _check_password(password, username, display_name or "", organisation)
    unknown = set(roles) - set(ROLES)
    if not roles or unknown:
        raise UserError(f"Onbekende of geen rollen: {', '.join(sorted(unknown)) or '-'}; "
                        f"kies uit {', '.join(ROLES)}.")
    org = session.scalar(select(Organisation).where(Organisation.code == organisation))
    if org is None:
        raise UserError(f"Onbekende organisatie: {organisation!r}.")
    team_id = None
    if team:
        team_id = session.scalar(select(Team.id).where(Team.organisation_id == org.id, Team.code == team))
        if team_id is None:
            raise UserError(f"Onbekend team {team!r} bij {organisation}.")
    user = User(username=username, display_name=display_name or username,
                password_hash=hash_password(password), organisation_id=org.id, team_id=team_id,
                roles=[UserRole(role=r) for r in sorted(set(roles))],
                areas=[UserArea(area_code=a) for a in sorted(set(areas))])
    session.add(user)
    session.flush()
    return user


def set_active(session: Session, username: str, active: bool) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise UserError(f"Gebruiker {username!r} bestaat niet.")
    user.active = active
    if not active:
        end_user_sessions(session, user.id)      # a disabled user is logged out everywhere at once
    return user


def set_password(session: Session, username: str, password: str) -> User:
    """A new password; every session of the user ends (on every host) at once."""
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise UserError(f"Gebruiker {username!r} bestaat niet.")
    _check_password(password, user.username, user.display_name, user.organisation.code)
    user.password_hash = hash_password(password)
    end_user_sessions(session, user.id)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this password, or None; every attempt lands in the audit log."""
    user = session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
        ok = user is not None and user.active
    except (VerificationError, InvalidHashError):
        ok = False
    session.add(AuditLog(user_id=user.id if user else None, username=(username or "")[:80],
                         action="login" if ok else "login_failed"))
    if ok:
        user.last_login_at = utcnow()
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        return user
    return None


def sharing_of(session: Session, organisation: Organisation) -> dict:
    """The Principal's fields that the region's sharing rules (category_sharing) decide."""
    personal = session.scalars(select(CategorySharing.category_id).where(
        CategorySharing.organisation_id == organisation.id, CategorySharing.personal_data.is_(True)))
    return {"category_limited": organisation.kind != "politie" and not organisation.sees_every_category,
            "personal_data_categories": frozenset(personal)}


def principal_for(user: User) -> Principal:
    return Principal(user_id=user.id, username=user.username, display_name=user.display_name,
                     organisation=user.organisation.code, organisation_id=user.organisation_id,
                     roles=frozenset(r.role for r in user.roles),
                     area_codes=frozenset(a.area_code for a in user.areas), team_id=user.team_id,
                     **sharing_of(object_session(user), user.organisation))


def ensure_demo_accounts(session: Session, password: str | None = None) -> list[tuple[str, str, str]]:
    """Create missing demo accounts with `password` (and give existing ones that password);
    returns (username, organisation, roles) for every one. Without a password, missing accounts
    get a random one that nobody knows, and existing ones keep theirs."""
    listing = []
    for username, (org, team, roles, areas, name) in DEMO_ACCOUNTS.items():
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            create_user(session, username, password or make_demo_password(), org, roles, areas, team, name)
        elif password and not password_hash_matches(user.password_hash, password):
            user.password_hash = hash_password(password)
        listing.append((username, org, ", ".join(roles)))
    return listing


def password_hash_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
