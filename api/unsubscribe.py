"""One-click unsubscribe (RFC 8058) for the List-Unsubscribe header of buurtbericht mails.

A mail program POSTs `List-Unsubscribe=One-Click` to the link: the follower is deleted at once.
A person who opens the link gets the afmelden page with its button. The signed token is the only
credential, so there is no session, cookie or CSRF token here."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect

from data_access.models import AreaFollower
from data_access.request_session import db_session
from services.area_followers import UNSUBSCRIBE_SALT, follower_for, unfollow

blueprint = Blueprint("unsubscribe", __name__)


@blueprint.post("/api/v1/afmelden/<token>")
def one_click(token: str):
    session = db_session()
    if not unfollow(session, current_app.config["SECRET_KEY"], token):
        return jsonify(error="not-found", message="Deze afmeldlink werkt niet (meer)."), 404
    session.commit()
    return jsonify(status="unsubscribed", message="U bent afgemeld. We hebben uw e-mailadres gewist.")


@blueprint.get("/api/v1/afmelden/<token>")
def open_page(token: str):
    follower: AreaFollower | None = follower_for(db_session(), current_app.config["SECRET_KEY"], token,
                                                 UNSUBSCRIBE_SALT)
    if follower is None:
        return jsonify(error="not-found", message="Deze afmeldlink werkt niet (meer)."), 404
    return redirect(f"/buurt/{follower.area_code}/afmelden/{token}")
