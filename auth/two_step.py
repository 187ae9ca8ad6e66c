"""Routes of the two-step login: the code after the password (/login/code) and the set-up with a
QR code and recovery codes (/2fa/inrichten); and the rule that a user who must use the two-step
login but has not set it up can reach nothing else."""

from __future__ import annotations

import time

from flask import Blueprint, Flask, current_app, jsonify, redirect, render_template, request, session
from flask_login import current_user
from sqlalchemy import select

from auth.guard import STATIC_PREFIXES, csrf_ok, csrf_token
from auth.limits import limiter
from auth.login import PENDING, begin_session, throttled_answer
from auth.throttle import blocked_until, record_failure, record_success
from auth.two_factor import code_matches, enable, new_secret, qr_data_uri, required_for, verify_login_code
from data_access.models import AuditLog, User
from data_access.request_session import db_session

blueprint = Blueprint("two_step", __name__, template_folder="templates")
ENROLLING = "two_step_secret"        # flask session: the secret being set up, until confirmed
PENDING_SECONDS = 300
ENROLMENT_PATH = "/2fa/inrichten"
# What a user who still has to set up the two-step login may reach.
ENROLMENT_OPEN = (ENROLMENT_PATH, "/logout", "/login", "/health", "/ready", "/metrics")
KEY_GUARDED = ("/api/", "/open311/")       # API keys, not sessions


def _pending_user():
    pending = session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, None
    user = db_session().scalar(select(User).where(User.id == pending["user"], User.active.is_(True)))
    return user, pending.get("next", "/")


@blueprint.route("/login/code", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def code():
    user, next_url = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        return redirect("/login?verlopen=1")
    if request.method == "GET":
        return render_template("two_step_code.html", csrf_token=csrf_token(), error=None)
    if not csrf_ok(request.form.get("csrf_token")):
        return render_template("two_step_code.html", csrf_token=csrf_token(),
                               error="Het formulier was verlopen. Probeer het opnieuw."), 400
    db = db_session()
    until = blocked_until(db, user.username)
    if until is not None:
        return throttled_answer(until, "two_step_code.html")
    kind = verify_login_code(db, user, request.form.get("code", ""), current_app.config["SECRET_KEY"])
    if kind is None:
        db.add(AuditLog(user_id=user.id, username=user.username, action="login_code_failed"))
        until = record_failure(db, user.username)
        db.commit()
        if until is not None:
            return throttled_answer(until, "two_step_code.html")
        return render_template("two_step_code.html", csrf_token=csrf_token(),
                               error="Deze code klopt niet. Kijk in uw app voor de code van nu."), 401
    db.add(AuditLog(user_id=user.id, username=user.username, action=f"login_code_{kind}"))
    record_success(db, user.username)
    return begin_session(db, user, next_url)


@blueprint.route(ENROLMENT_PATH, methods=["GET", "POST"])
def enrol():
    user = current_user.user
    settings = current_app.config["HNM_SETTINGS"]
    if request.method == "GET" or ENROLLING not in session:
        session[ENROLLING] = new_secret()
        return _enrol_page(user, settings, None)
    if not csrf_ok(request.form.get("csrf_token")):
        return _enrol_page(user, settings, "Het formulier was verlopen. Probeer het opnieuw."), 400
    secret = session[ENROLLING]
    if code_matches(secret, request.form.get("code", "")) is None:
        return _enrol_page(user, settings, "Deze code klopt niet. Kijk in uw app voor de code van nu."), 400
    db = db_session()
    user = db.get(User, user.id)
    codes = enable(db, user, secret, current_app.config["SECRET_KEY"])
    db.add(AuditLog(user_id=user.id, username=user.username, action="two_step_enabled",
                    object_type="user", object_id=str(user.id)))
    db.commit()
    session.pop(ENROLLING)
    return render_template("two_step_codes.html", codes=codes)


def _enrol_page(user: User, settings, error: str | None):
    secret = session[ENROLLING]
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("two_step_enrol.html", csrf_token=csrf_token(), error=error, secret=grouped,
                           qr=qr_data_uri(secret, user.username), required=required_for(user, settings),
                           already=user.totp_enabled_at is not None)


def init_app(server: Flask) -> None:
    """Register the routes and, after the access guard, the rule for users without their set-up."""
    server.register_blueprint(blueprint)

    @server.before_request
    def _enrolment_first():
        path = request.path
        # The path first: touching current_user marks the session (flask-login's session
        # protection), and /health, the APIs and static files must not set a cookie.
        if path.startswith(STATIC_PREFIXES + KEY_GUARDED) or path in ENROLMENT_OPEN \
                or not current_user.is_authenticated:
            return None
        user = current_user.user
        if user.totp_enabled_at is not None or not required_for(user, server.config["HNM_SETTINGS"]):
            return None
        if path == "/_dash-update-component" or path.startswith("/live/"):
            return jsonify(error="two_step_required",
                           message="Stel eerst de twee-stapsverificatie in (/2fa/inrichten)."), 403
        return redirect(ENROLMENT_PATH)
