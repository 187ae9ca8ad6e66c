"""Rate limits (flask-limiter): Redis as shared storage when configured, memory otherwise.

No X-RateLimit-* headers on every answer: they cost two more storage round trips per request (a
third of the intake's request overhead with Redis). A refused request (429) says when to try again
in Retry-After.

While Redis does not answer, the limits count per process in memory (create_app sets
RATELIMIT_IN_MEMORY_FALLBACK_ENABLED; Flask-Limiter logs a warning and tries Redis again, after
1, 2, 4, ... seconds); a limit counted by hand (`hit`) does the same.
"""

import logging
import time

from flask import Response
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

log = logging.getLogger("hnm.limits")
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)
_memory = FixedWindowRateLimiter(MemoryStorage())


def hit(item: RateLimitItem, *identifiers: str) -> bool:
    """Count one hit of a limit checked by hand (not a route's): False when it is over. With the
    shared storage away it counts in this process's memory, like the routes' limits."""
    try:
        return limiter.limiter.hit(item, *identifiers)
    except Exception as error:        # the storage's own errors (redis, limits) vary by backend
        log.warning("Opslag van de limieten niet bereikbaar (%s): telt per proces", error.__class__.__name__)
        return _memory.hit(item, *identifiers)


def add_retry_after(response: Response) -> Response:
    """after_request: Retry-After (seconds) on a 429 of a breached limit."""
    if response.status_code == 429 and "Retry-After" not in response.headers:
        breached = limiter.current_limit
        if breached is not None:
            response.headers["Retry-After"] = str(max(int(breached.reset_at - time.time()), 1))
    return response
