"""Operations endpoints: /health (alive), /ready (can serve), /metrics (Prometheus), and the
request hooks that time every request and give it a request id.

/health and /ready are open (load balancers ask them) and answer plain JSON with English keys.
/metrics is for the monitoring only: a bearer token (HNM_METRICS_TOKEN) or a direct connection
from HNM_METRICS_NETWORKS (default loopback); a request that came through a proxy (it carries
X-Forwarded-For or Forwarded) never passes on its address, so the public behind nginx gets 403.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from functools import cache
from ipaddress import ip_address, ip_network

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from sqlalchemy import text
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from data_access.db import MIGRATIONS_DIR
from data_access.job_queries import runner_seen_since
from data_access.models import utcnow
from data_access.request_session import db_session
from services import metrics
from services.log_setup import REQUEST_ID_HEADER, bind_request_id, clear_request_id, request_id_from

blueprint = Blueprint("ops", __name__)
RUNNER_FRESH = timedelta(minutes=2)      # the leading job runner beats every 10 s
OPS_PATHS = ("/health", "/ready", "/metrics")


@blueprint.get("/health")
def health():
    return {"status": "ok"}


@cache
def _migrations():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def at_heads(current: tuple[str, ...]) -> bool:
    """Whether every head revision is applied: the version table names only the revisions no other
    applied one builds on or depends on, so compare with everything below the current ones."""
    script = _migrations()
    applied = {revision.revision for revision in script.revision_map.iterate_revisions(current, "base")}
    return set(script.get_heads()) <= applied


def _check_database() -> dict[str, str]:
    from alembic.runtime.migration import MigrationContext

    checks = {}
    session = db_session()
    try:
        session.execute(text("SELECT 1"))
        checks["database"] = "ok"
        current = MigrationContext.configure(session.connection()).get_current_heads()
        checks["migrations"] = "ok" if at_heads(current) else "behind"
        fresh = runner_seen_since(session, utcnow() - RUNNER_FRESH)
        checks["job_runner"] = "ok" if fresh else "not_seen"
    except Exception:
        session.rollback()
        checks.setdefault("database", "unreachable")
    return checks


def _check_redis(url: str) -> str:
    if not url:
        return "not_configured"
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping()
        return "ok"
    except redis.RedisError:
        return "unreachable"


@blueprint.get("/ready")
def ready():
    settings = current_app.config["HNM_SETTINGS"]
    checks = {**_check_database(), "redis": _check_redis(settings.redis_url)}
    # Redis away is shown but does not make a host unready: the cache and the rate limits go on
    # per process until it is back (issue 16), so taking every host out would only stop the service.
    ok = all(value in ("ok", "not_configured") for name, value in checks.items() if name != "redis") \
        and "migrations" in checks
    return jsonify(status="ready" if ok else "not_ready", checks=checks), 200 if ok else 503


def _metrics_allowed() -> tuple[bool, int]:
    settings = current_app.config["HNM_SETTINGS"]
    sent = request.headers.get("Authorization", "")
    if settings.metrics_token:
        if sent.startswith("Bearer ") and secrets.compare_digest(sent[7:].strip(), settings.metrics_token):
            return True, 200
        if sent:
            return False, 401
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False, 401 if settings.metrics_token else 403
    try:
        address = ip_address(request.remote_addr or "")
    except ValueError:
        return False, 403
    networks = [ip_network(n.strip()) for n in settings.metrics_networks.split(",") if n.strip()]
    if any(address in network for network in networks):
        return True, 200
    return False, 401 if settings.metrics_token else 403


@blueprint.get("/metrics")
def prometheus_metrics():
    allowed, status = _metrics_allowed()
    if not allowed:
        headers = {"WWW-Authenticate": 'Bearer realm="metrics"'} if status == 401 else {}
        return jsonify(error="unauthorized" if status == 401 else "forbidden"), status, headers
    return Response(metrics.exposition(db_session()), mimetype="text/plain; version=0.0.4; charset=utf-8")


def init_app(server: Flask) -> None:
    """Request ids and timing for every request (create_app calls this); behind HNM_TRUSTED_PROXIES
    reverse proxies the client's address (rate limits, logs) comes from X-Forwarded-For."""
    server.register_blueprint(blueprint)
    proxies = server.config["HNM_SETTINGS"].trusted_proxies
    if proxies:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    @server.before_request
    def _start():
        g.request_started = time.perf_counter()
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        bind_request_id(g.request_id)

    @server.after_request
    def _finish(response):
        response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
        started = g.get("request_started")
        if started is not None and request.path not in OPS_PATHS:
            _observe(time.perf_counter() - started, response.status_code)
        return response

    @server.teardown_request
    def _forget(_exc):
        clear_request_id()


def _observe(seconds: float, status: int) -> None:
    if request.path == "/_dash-update-component":
        try:        # the guard has parsed the body already; a refused one (413) is not read again
            output = str((request.get_json(silent=True) or {}).get("output", "")) if status != 413 else ""
        except HTTPException:
            output = ""
        app = current_app.extensions.get("hnm_dash")
        known = app is not None and output in app.callback_map
        metrics.CALLBACK_SECONDS.labels(output if known else "unknown", str(status)).observe(seconds)
        return
    route = request.url_rule.rule if request.url_rule is not None else "unmatched"
    metrics.REQUEST_SECONDS.labels(request.method, route, str(status)).observe(seconds)
