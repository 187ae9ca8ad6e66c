"""The shared cache (Flask-Caching): Redis when HNM_REDIS_URL is set, so every worker and host
sees the same entries; a per-process SimpleCache otherwise. create_app configures it.

Redis is a help, not a need (issue 16): while it does not answer, `RedisWithFallback` keeps the
entries in the process's own memory, logs one warning, tries Redis again every RETRY_SECONDS and
goes back to it (with one log line) once it answers.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import redis
from cachelib import RedisCache, SimpleCache
from flask import Flask
from flask_caching import Cache
from flask_caching.backends.base import BaseCache

log = logging.getLogger("hnm.redis")
cache = Cache()

RETRY_SECONDS = 5.0
SOCKET_TIMEOUT_SECONDS = 1.0      # a Redis that hangs costs a request one second, not a minute


class RedisWithFallback(BaseCache):
    """Flask-Caching backend (CACHE_TYPE = this class's import path, CACHE_REDIS_URL the Redis)."""

    def __init__(self, shared: RedisCache, default_timeout: int = 300):
        super().__init__(default_timeout=default_timeout)
        self.shared = shared
        self.memory = SimpleCache(threshold=2000, default_timeout=default_timeout)
        self._down_until = 0.0            # time.monotonic() before which Redis is not tried
        self._lock = threading.Lock()

    @classmethod
    def factory(cls, app: Flask, config: dict[str, Any], args: list, kwargs: dict[str, Any]) -> RedisWithFallback:
        client = redis.Redis.from_url(config["CACHE_REDIS_URL"], socket_timeout=SOCKET_TIMEOUT_SECONDS,
                                      socket_connect_timeout=SOCKET_TIMEOUT_SECONDS)
        timeout = kwargs["default_timeout"]
        return cls(RedisCache(host=client, default_timeout=timeout,
                              key_prefix=config.get("CACHE_KEY_PREFIX") or ""), timeout)

    @property
    def degraded(self) -> bool:
        return self._down_until > 0

    def _call(self, method: str, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(self.shared, method)(*args, **kwargs)
            except redis.RedisError as error:
                self._went_down(error)
            else:
                self._came_back()
                return result
        return getattr(self.memory, method)(*args, **kwargs)

    def _went_down(self, error: Exception) -> None:
        with self._lock:
            if not self.degraded:
                log.warning("Redis niet bereikbaar (%s): de cache blijft per proces in het geheugen "
                            "tot Redis weer antwoordt", error.__class__.__name__)
            self._down_until = time.monotonic() + RETRY_SECONDS

    def _came_back(self) -> None:
        if self.degraded:
            with self._lock:
                if self.degraded:
                    self._down_until = 0.0
                    self.memory.clear()
                    log.warning("Redis weer bereikbaar: de cache is weer gedeeld")

    def get(self, key: str) -> Any:
        return self._call("get", key)

    def set(self, key: str, value: Any, timeout: int | None = None) -> Any:
        return self._call("set", key, value, timeout)

    def add(self, key: str, value: Any, timeout: int | None = None) -> Any:
        return self._call("add", key, value, timeout)

    def delete(self, key: str) -> Any:
        return self._call("delete", key)

    def has(self, key: str) -> Any:
        return self._call("has", key)

    def clear(self) -> Any:
        self.memory.clear()
        return self._call("clear")
