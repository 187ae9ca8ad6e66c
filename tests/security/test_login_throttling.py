"""Per-account login throttling with exponential back-off, in the shared store (so it holds
across hosts), with a Dutch message that says when to try again; and the per-address limit
counts the client's address from X-Forwarded-For only behind HNM_TRUSTED_PROXIES proxies."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from auth.limits import limiter
from auth.throttle import FREE_FAILURES, MAX_WAIT, record_failure
from data_access.db import transaction
from data_access.models import LoginThrottle, utcnow
from tests.conftest import DEMO_PASSWORD, make_app


def _attempt(client, username: str, password: str, address: str = "127.0.0.1", forwarded: str | None = None):
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


def _wait_is_over(store, username: str) -> None:
    with transaction(store.sessions) as session:
        session.execute(update(LoginThrottle).where(LoginThrottle.username == username)
                        .values(blocked_until=utcnow() - timedelta(seconds=1)))


def test_an_account_waits_longer_after_each_failure_from_any_address_and_any_host(web, tmp_path_factory):
    app, store, _ = web
    other_host = make_app(store, tmp_path_factory)            # a second app on the same store
    one, two = app.server.test_client(), other_host.server.test_client()
    statuses = [_attempt(one if i % 2 else two, "wijkagent", "fout-wachtwoord", f"198.51.100.{i}").status_code
                for i in range(FREE_FAILURES)]
    assert statuses == [401] * (FREE_FAILURES - 1) + [429]
    blocked = _attempt(two, "wijkagent", DEMO_PASSWORD, "198.51.100.77")      # even the right password waits
    assert blocked.status_code == 429 and "Location" not in blocked.headers
    assert "Te veel mislukte pogingen voor dit account" in blocked.text
    assert re.search(r"Probeer het opnieuw om \d\d:\d\d:\d\d \(over \d+ seconden\)", blocked.text)
    assert 1 <= int(blocked.headers["Retry-After"]) <= 30
    _wait_is_over(store, "wijkagent")
    again = _attempt(one, "wijkagent", "nog-steeds-fout", "198.51.100.78")     # the next failure: twice as long
    assert again.status_code == 429 and 31 <= int(again.headers["Retry-After"]) <= 60
    _wait_is_over(store, "wijkagent")
    assert _attempt(one, "wijkagent", DEMO_PASSWORD).status_code == 302        # not locked out for good
    with store.session() as session:
        assert session.get(LoginThrottle, "wijkagent") is None                  # a success clears the count


def test_the_wait_never_grows_beyond_the_maximum_and_unknown_names_count_alike(store):
    now = utcnow()
    with transaction(store.sessions) as session:
        untils = [record_failure(session, "niemand-bekend", now) for _ in range(40)]
    assert untils[FREE_FAILURES - 2] is None and untils[FREE_FAILURES - 1] == now + timedelta(seconds=30)
    assert untils[-1] == now + MAX_WAIT
    with transaction(store.sessions) as session:      # an hour without failures: the count starts over
        assert record_failure(session, "niemand-bekend", now + timedelta(hours=2)) is None
        assert session.scalar(select(LoginThrottle.failures)) == 1


@pytest.fixture
def proxied_app(web, tmp_path_factory):
    from app import create_app
    from settings import Settings

    _, store, _ = web

    def build(proxies: int):
        return create_app(Settings(mode="demo", database_url=store.url, secret_key="p" * 40,
                                   instance_dir=tmp_path_factory.mktemp("proxy"), demo_live=False,
                                   trusted_proxies=proxies)).server
    try:
        yield build
    finally:
        limiter.enabled = False          # the limiter object is shared by every app in this process


def _spend_the_address_limit(client, forwarded: str) -> list[int]:
    # Different account names, so that only the per-address limit (10 per minute) counts.
    return [_attempt(client, f"naam{i}", "fout", forwarded=forwarded).status_code for i in range(10)]


def test_behind_one_trusted_proxy_the_forwarded_address_is_limited(proxied_app):
    client = proxied_app(1).test_client()
    assert 429 not in _spend_the_address_limit(client, "203.0.113.7")
    assert _attempt(client, "naam-x", "fout", forwarded="203.0.113.7").status_code == 429
    assert _attempt(client, "naam-y", "fout", forwarded="203.0.113.8").status_code == 401   # another client


def test_without_trusted_proxies_x_forwarded_for_is_ignored(proxied_app):
    client = proxied_app(0).test_client()
    assert 429 not in _spend_the_address_limit(client, "203.0.113.7")
    assert _attempt(client, "naam-y", "fout", forwarded="203.0.113.8").status_code == 429   # same real address
