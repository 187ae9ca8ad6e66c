"""Rate limits (flask-limiter): Redis as shared storage when configured, memory otherwise."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
