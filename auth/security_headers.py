"""Security headers on every answer: a Content-Security-Policy under which Dash, Plotly and the map
work, no framing, no MIME sniffing, no referrer to other sites (tracking links must not leak to
the tile server), and HSTS behind TLS (HNM_SECURE_COOKIES).

Dash's own inline scripts (the renderer start and the clientside callbacks) are allowed by their
SHA-256 hashes (`Dash.csp_hashes()`), not by 'unsafe-inline'. Styles keep 'unsafe-inline': React,
Plotly and Leaflet set style attributes and insert <style> elements at run time.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import dash
from flask import Flask

HSTS = "max-age=31536000; includeSubDomains"


def tile_source(tile_url: str) -> str:
    """The CSP source of the map tiles: 'https://{s}.tile.example.org/{z}/..' -> 'https://*.tile.example.org'."""
    parts = urlsplit(tile_url.replace("{s}", "a"))
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc
    if "{s}" in tile_url.split("/")[2]:
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}"


def content_security_policy(app: dash.Dash, tile_url: str) -> str:
    scripts = " ".join(["'self'", *app.csp_hashes()])
    images = " ".join(filter(None, ["'self'", "data:", "blob:", tile_source(tile_url)]))
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        f"img-src {images}",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def init_app(server: Flask, app: dash.Dash, tile_url: str, secure: bool) -> None:
    """Call after the Dash app is complete (its inline scripts are hashed once, here)."""
    headers = {
        "Content-Security-Policy": content_security_policy(app, tile_url),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), payment=(), geolocation=(self)",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if secure:
        headers["Strict-Transport-Security"] = HSTS

    @server.after_request
    def _security_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
