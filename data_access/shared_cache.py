"""The shared cache (Flask-Caching): Redis when HNM_REDIS_URL is set, so every worker and host
sees the same entries; a per-process SimpleCache otherwise. create_app configures it."""

from flask_caching import Cache

cache = Cache()
