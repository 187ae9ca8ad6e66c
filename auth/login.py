"""Login and logout (Flask routes, Dutch), with rate limiting and session hygiene."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, current_app, redirect, render_template, request, session
from flask_login import LoginManager, UserMixin, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from auth.guard import csrf_ok, csrf_token
from auth.limits import limiter
from auth.users import authenticate
from data_access.models import User
from data_access.request_session import db_session

blueprint = Blueprint("auth", __name__, template_folder="templates")
login_manager = LoginManager()


class LoginUser(UserMixin):
    """Flask-Login's view of a stored user; the store is read again on every request."""

    def __init__(self, user: User):
        self.user = user

    def get_id(self) -> str:
        return str(self.user.id)


@login_manager.user_loader
def _load_user(user_id: str):
    if not user_id.isdigit():
        return None
    # Every request loads the user with organisation, roles and areas in one query: the Principal
    # is built from these, and a live poll should cost one round trip here, not four.
    user = db_session().scalars(
        select(User).where(User.id == int(user_id), User.active.is_(True))
        .options(joinedload(User.organisation), joinedload(User.roles), joinedload(User.areas))).unique().first()
    return LoginUser(user) if user else None


def _safe_next(target: str | None) -> str:
    """Only a local path: never send a user on to another site after login."""
    target = target or "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    demo = current_app.config.get("HNM_DEMO", False)
    if request.method == "GET":
        return render_template("login.html", csrf_token=csrf_token(), next=_safe_next(request.args.get("next")),
                               username="", error=None, demo=demo, expired=request.args.get("verlopen"))
    next_url = _safe_next(request.form.get("next"))
    username = request.form.get("username", "")[:80]
    if not csrf_ok(request.form.get("csrf_token")):
        return render_template("login.html", csrf_token=csrf_token(), next=next_url, username=username,
                               error="Het formulier was verlopen. Probeer het opnieuw.", demo=demo), 400
    db = db_session()
    user = authenticate(db, username, request.form.get("password", ""))
    db.commit()
    if user is None:
        return render_template("login.html", csrf_token=csrf_token(), next=next_url, username=username,
                               error="Onbekende gebruikersnaam of onjuist wachtwoord.", demo=demo), 401
    session.clear()                      # a fresh session: no fixation of an anonymous one
    session.permanent = True
    login_user(LoginUser(user))
    csrf_token()
    return redirect(next_url)


@blueprint.route("/logout", methods=["GET", "POST"])
def logout():
    logout_user()
    session.clear()
    return redirect("/login")
