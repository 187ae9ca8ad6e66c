"""HNM Dashboard: create_app(settings) -> Dash. `python app.py` serves it; `server` is for gunicorn."""

from __future__ import annotations

import gc
import logging
import os
import threading
from datetime import timedelta

import dash
from dash import _callback
from flask import Flask, jsonify, render_template, request
from flask_compress import Compress

import api
from api import ops, unavailable
from api.input_checks import install_input_checks
from auth import guard, login, security_headers, two_step
from auth.limits import add_retry_after, limiter
from components.shell import shell_layout
from data_access import request_session
from data_access.db import make_engine, make_session_factory, transaction, upgrade_schema
from data_access.reference_data import seed_reference_data
from data_access.region import RegionError, load_region
from data_access.shared_cache import cache
from services.detection_queue import EXTENSION as DETECTION
from services.detection_queue import DetectionQueue
from services.group_commit import EXTENSION as GROUP_COMMIT
from services.group_commit import GroupCommit
from services.log_setup import configure_logging
from services.region_context import REGION, region_tiles
from settings import ROOT, Settings, SettingsError, load_settings

log = logging.getLogger("hnm")
_CALLBACKS: tuple[list, dict, list] | None = None


def _take_callbacks() -> tuple[list, dict, list]:
    """Dash's `@callback` registry is global and consumed by the first app; keep a copy so that
    every app made in this process (tests make one per store) gets all callbacks."""
    global _CALLBACKS
    import callbacks  # noqa: F401  (registers every @callback on import)

    if _CALLBACKS is None:
        _CALLBACKS = (list(_callback.GLOBAL_CALLBACK_LIST), dict(_callback.GLOBAL_CALLBACK_MAP),
                      list(_callback.GLOBAL_INLINE_SCRIPTS))
    _callback.GLOBAL_CALLBACK_LIST.clear()
    _callback.GLOBAL_CALLBACK_MAP.clear()
    _callback.GLOBAL_INLINE_SCRIPTS.clear()
    return _CALLBACKS


def create_app(settings: Settings | None = None) -> dash.Dash:
    settings = (settings or load_settings()).validate().with_signing_key()
    region = _load_region(settings)
    settings = region_tiles(settings, region)
    if settings.mode != "test":
        configure_logging(settings.effective_log_format)
    server = Flask(__name__, template_folder=str(ROOT / "auth" / "templates"))
    server.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.session_minutes),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        HNM_SETTINGS=settings,
        HNM_DEMO=settings.is_demo,
        COMPRESS_MIMETYPES=["text/html", "text/css", "application/json", "application/javascript",
                            "application/geo+json", "application/xml"],
        # Redis down: the cache and the rate limits go on per process and come back to Redis (issue 16)
        CACHE_TYPE="data_access.shared_cache.RedisWithFallback" if settings.redis_url else "SimpleCache",
        CACHE_REDIS_URL=settings.redis_url or None,
        CACHE_DEFAULT_TIMEOUT=30,
        RATELIMIT_STORAGE_URI=settings.redis_url or "memory://",
        RATELIMIT_STORAGE_OPTIONS={"socket_timeout": 1, "socket_connect_timeout": 1} if settings.redis_url else {},
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_ENABLED=settings.mode != "test",
    )

    engine = make_engine(settings.effective_database_url)
    upgrade_schema(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        seed_reference_data(session, region)
    server.extensions["hnm_engine"] = engine
    server.extensions[REGION] = region
    request_session.init_app(server, sessions)
    detection = DetectionQueue(sessions, background=settings.mode != "test")
    server.extensions[DETECTION] = detection
    server.extensions[GROUP_COMMIT] = GroupCommit(sessions, detection.add, background=settings.mode != "test")

    login.login_manager.init_app(server)
    server.register_blueprint(login.blueprint)
    for blueprint in api.blueprints():
        server.register_blueprint(blueprint)
    ops.init_app(server)                 # request ids, timing, /health /ready /metrics (before the guard)
    limiter.init_app(server)
    server.after_request(add_retry_after)
    cache.init_app(server)
    Compress(server)
    install_input_checks(server)         # NUL, lone surrogates, deep JSON: a Dutch 400 (before the guard)
    guard.install_guard(server, settings.secure_cookies)
    two_step.init_app(server)            # after the guard: who must set up the two-step login sees only that
    _register_error_pages(server)

    app = dash.Dash(
        __name__, server=server, use_pages=True, pages_folder=str(ROOT / "pages"),
        assets_folder=str(ROOT / "assets"), title="HNM Dashboard", update_title=None,
        suppress_callback_exceptions=True,
    )
    callback_list, callback_map, inline_scripts = _take_callbacks()
    app._callback_list.extend(callback_list)
    app.callback_map.update(callback_map)
    app._inline_scripts.extend(inline_scripts)
    app.layout = shell_layout(settings.is_demo)
    server.extensions["hnm_dash"] = app

    from services.cli import register_commands
    register_commands(server, sessions, settings)
    # Load the triage model now, beside start-up, so the first resident does not wait for it.
    threading.Thread(target=_warm_triage, name="hnm-triage-warmup", daemon=True).start()
    _finish_dash_setup(server)
    security_headers.init_app(server, app, settings.tile_url, settings.secure_cookies)
    # Everything built so far lives as long as the process: keep it out of the garbage
    # collector's full passes, which otherwise stall big callbacks by 100 ms and more.
    gc.collect()
    gc.freeze()
    return app


def _load_region(settings: Settings):
    try:
        return load_region(settings.region or None)
    except RegionError as error:        # fail closed, in Dutch
        raise SettingsError(f"HNM_REGION: {error}") from None


def _finish_dash_setup(server: Flask) -> None:
    """Dash completes its set-up (the pages router, callbacks registered with dash.callback) in
    before_request hooks at the first request, without a lock: two threads' first requests at once
    can meet it half done ("dictionary changed size during iteration", a 500). Run them now."""
    with server.test_request_context("/"):
        for hook in server.before_request_funcs.get(None, []):
            if hook.__module__.startswith("dash."):
                hook()


def _warm_triage() -> None:
    from services.triage import get_model

    try:
        get_model()
    except Exception:       # the intake reports a missing model itself; start-up goes on
        log.exception("Triagemodel laden mislukt")


def _register_error_pages(server: Flask) -> None:
    def wants_json() -> bool:
        return request.path.startswith(("/_dash", "/api/", "/open311/")) or request.is_json

    def page(status: int, title: str, message: str):
        if wants_json():
            return jsonify(error=title, message=message), status
        return render_template("error.html", title=title, message=message), status

    server.register_error_handler(403, lambda e: page(403, "Geen toegang", "U hebt geen toegang tot deze pagina."))
    server.register_error_handler(404, lambda e: page(404, "Niet gevonden", "Deze pagina bestaat niet."))
    server.register_error_handler(405, lambda e: page(405, "Niet toegestaan", "Deze actie kan hier niet."))
    server.register_error_handler(413, lambda e: page(413, "Te groot", "Het verzoek is te groot."))
    server.register_error_handler(429, lambda e: page(429, "Te veel verzoeken", "Wacht even en probeer het opnieuw."))

    @server.errorhandler(Exception)
    def _unexpected(error):
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return page(error.code or 500, error.name, error.description or "")
        if unavailable.database_unavailable(error):          # 503 + Retry-After (issue 16)
            log.warning("Database niet bereikbaar bij %s: %s", request.path, error.__class__.__name__)
            return unavailable.answer(wants_json())
        log.exception("Onverwachte fout bij %s", request.path)   # the traceback stays in the log
        return page(500, "Er ging iets mis", "Er ging iets mis aan onze kant. Probeer het later opnieuw.")


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def main() -> None:
    settings = load_settings()
    configure_logging(settings.effective_log_format)
    if settings.is_demo and "HNM_MODE" not in os.environ and settings.host not in LOOPBACK:
        # Demo accounts are for this machine only unless someone asks for a network demo on purpose.
        print(f"Demo zonder HNM_MODE: alleen bereikbaar op 127.0.0.1, niet op {settings.host}. "
              "Zet HNM_MODE=demo om de demo bewust op het netwerk aan te bieden.")
        settings = settings.with_overrides(host="127.0.0.1")
    app = create_app(settings)
    from services.cli import bootstrap_demo

    if settings.is_demo:
        bootstrap_demo(app.server, settings, live=settings.demo_live)
    from services.jobs.cli import announce_delivery
    from services.jobs.runner import JobRunner

    JobRunner(app.server).start()      # the embedded job runner (production: `flask --app app worker`)
    print(announce_delivery(settings))
    print(f"HNM Dashboard op http://{settings.host}:{settings.port}/ (modus: {settings.mode})")
    app.run(host=settings.host, port=settings.port, debug=False)


def __getattr__(name: str):
    """`gunicorn app:server` and `flask --app app` (which looks for `application`) build the
    app from the environment on first use, so importing this module has no side effects."""
    if name in ("server", "application"):
        if name == "server" and "HNM_MODE" not in os.environ:
            # `server` is what gunicorn and other WSGI servers serve to the network: never a demo
            # with its accounts by default. (`flask --app app ...` uses `application`.)
            raise SettingsError("Zet HNM_MODE (production, of demo voor een bewuste demo op het netwerk) "
                                "om de app met gunicorn te serveren; `python app.py` start de demo op 127.0.0.1.")
        globals()["server"] = globals()["application"] = create_app().server
        return globals()[name]
    raise AttributeError(name)


if __name__ == "__main__":
    main()
