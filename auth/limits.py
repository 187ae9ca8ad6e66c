"""Rate limits (flask-limiter): Redis as shared storage when configured, memory otherwise.

No X-RateLimit-* headers on every answer: they cost two more storage round trips per request (a
third of the intake's request overhead with Redis). A refused request (429) says when to try again
in Retry-After.
"""

import time

from flask import Response
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


def add_retry_after(response: Response) -> Response:
    """after_request: Retry-After (seconds) on a 429 of a breached limit."""
    if response.status_code == 429 and "Retry-After" not in response.headers:
        breached = limiter.current_limit
        if breached is not None:
            response.headers["Retry-After"] = str(max(int(breached.reset_at - time.time()), 1))
    return response
