"""Login and logout (Flask routes, Dutch), with rate limiting and session hygiene."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from urllib.parse import urlparse

from flask import Blueprint, current_app, redirect, render_template, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from auth.guard import csrf_ok, csrf_token
from auth.limits import limiter
from auth.sessions import end_session, start_session, user_for_token
from auth.throttle import blocked_until, record_failure, record_success
from auth.users import authenticate
from data_access.models import User, utcnow
from data_access.request_session import db_session
from data_access.vocabulary import LOCAL_TZ

blueprint = Blueprint("auth", __name__, template_folder="templates")
login_manager = LoginManager()
PENDING = "two_step_pending"         # flask session after the password: {"user": id, "next": path, "at": epoch}


class LoginUser(UserMixin):
    """Flask-Login's view of a stored user in a server-side session; its id is the session token,
    so the store is asked on every request whether the session still lives."""

    def __init__(self, user: User, token: str):
        self.user = user
        self.token = token

    def get_id(self) -> str:
        return self.token


@login_manager.user_loader
def _load_user(token: str):
    # One query per request: the live session with its user, organisation, roles and areas (the
    # Principal is built from these; a live poll should cost one round trip here, not four).
    user = user_for_token(db_session(), token)
    return LoginUser(user, token) if user else None


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
    until = blocked_until(db, username)
    if until is not None:                # no password check while the account waits
        return throttled_answer(until, "login.html", next=next_url, username=username, demo=demo)
    user = authenticate(db, username, request.form.get("password", ""))
    if user is None:
        until = record_failure(db, username)
        db.commit()
        if until is not None:
            return throttled_answer(until, "login.html", next=next_url, username=username, demo=demo)
        return render_template("login.html", csrf_token=csrf_token(), next=next_url, username=username,
                               error="Onbekende gebruikersnaam of onjuist wachtwoord.", demo=demo), 401
    if user.totp_enabled_at is not None:      # the failure count ends only after the code too
        db.commit()
        return start_pending(user, next_url)
    record_success(db, username)
    return begin_session(db, user, next_url)


def start_pending(user: User, next_url: str):
    """A right password for a user with the two-step login: ask for the code (auth/two_step.py)."""
    session.clear()
    session[PENDING] = {"user": user.id, "next": next_url, "at": int(time.time())}
    csrf_token()
    return redirect("/login/code")


def begin_session(db, user: User, next_url: str):
    """Log the user in: a new server-side session and a fresh cookie session (no fixation)."""
    settings = current_app.config["HNM_SETTINGS"]
    token = start_session(db, user, timedelta(hours=settings.session_max_hours))
    db.commit()
    session.clear()
    session.permanent = True
    login_user(LoginUser(user, token))
    csrf_token()
    return redirect(next_url)


def throttled_answer(until: datetime, template: str, **context):
    """429 with a Dutch message that says when this account may try again."""
    seconds = max(int((until - utcnow()).total_seconds()) + 1, 1)
    wait = f"{seconds} seconden" if seconds < 90 else f"{round(seconds / 60)} minuten"
    at = until.astimezone(LOCAL_TZ).strftime("%H:%M:%S")
    error = (f"Te veel mislukte pogingen voor dit account. Probeer het opnieuw om {at} (over {wait}). "
             "Wachtwoord vergeten? Vraag de beheerder om een nieuw wachtwoord.")
    page = render_template(template, csrf_token=csrf_token(), error=error, **context)
    return page, 429, {"Retry-After": str(seconds)}


@blueprint.route("/logout", methods=["GET", "POST"])
def logout():
    if current_user.is_authenticated:
        db = db_session()
        end_session(db, current_user.token)
        db.commit()
    logout_user()
    session.clear()
    return redirect("/login")
