"""Two app hosts (gunicorn, two workers each) sharing PostgreSQL and Redis behind a real nginx.

A login on one host works on the other, a logout through one ends the client's session on both,
rate limits count across both, a report submitted on one host is seen by the other's live poll
within the poll interval plus 1 s, and /metrics adds up both workers of a host and is closed to the
public behind the proxy. Skipped with a reason when nginx, PostgreSQL or Redis is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest
import requests

from auth.users import ensure_demo_accounts
from components.live_map import POLL_MS
from data_access.db import transaction
from services.api_keys import create_key
from settings import ROOT
from tests.conftest import DEMO_PASSWORD, make_store

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
REDIS_URL = os.environ.get("HNM_TEST_REDIS_URL", "")
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")
METRICS_TOKEN = "twee-hosts-metriek-token"
NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{user}
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream hnm {{ server 127.0.0.1:{one}; server 127.0.0.1:{two}; }}
    server {{
        listen 127.0.0.1:{port};
        location = /metrics {{ return 404; }}
        location / {{
            proxy_pass http://hnm;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}
}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_http(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not come up")


@pytest.fixture(scope="module")
def hosts(request, tmp_path_factory):
    """{"a": url, "b": url, "proxy": url, "store": store} with everything stopped afterwards."""
    if NGINX is None:
        pytest.skip("Twee-hosts-test overgeslagen: geen nginx (apt-get install nginx)")
    if not REDIS_URL:
        pytest.skip("Twee-hosts-test overgeslagen: HNM_TEST_REDIS_URL is niet gezet")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.RedisError as error:
        pytest.skip(f"Twee-hosts-test overgeslagen: Redis niet bereikbaar ({error.__class__.__name__})")
    store = make_store(request, "postgresql", tmp_path_factory)     # skips without PostgreSQL
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session, DEMO_PASSWORD)
        _key, api_key = create_key(session, "twee-hosts")
    tmp = tmp_path_factory.mktemp("two-hosts")
    ports = {"a": _free_port(), "b": _free_port(), "proxy": _free_port()}
    processes = []

    def stop():
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    request.addfinalizer(stop)
    for name in ("a", "b"):
        env = {**os.environ, "HNM_MODE": "production", "HNM_SECRET_KEY": "h" * 40, "HNM_DATABASE_URL": store.url,
               "HNM_REDIS_URL": REDIS_URL, "HNM_INSTANCE_DIR": str(tmp), "HNM_TRUSTED_PROXIES": "1",
               "HNM_METRICS_TOKEN": METRICS_TOKEN, "HNM_API_WRITE_LIMIT": "4 per minute",
               "PROMETHEUS_MULTIPROC_DIR": str(tmp / f"metrics-{name}")}
        processes.append(subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{ports[name]}",
             "app:server"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=open(tmp / f"gunicorn-{name}.log", "w"), start_new_session=True))
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, user=user, one=ports["a"], two=ports["b"],
                                                      port=ports["proxy"]))
    processes.append(subprocess.Popen([NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c",
                                       str(tmp / "nginx.conf")], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, start_new_session=True))
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    for url in urls.values():
        _wait_http(f"{url}/health")
    return {**urls, "store": store, "api_key": api_key}


def _login(base: str, username: str) -> requests.Session:
    client = requests.Session()
    page = client.get(f"{base}/login", timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = client.post(f"{base}/login", data={"username": username, "password": DEMO_PASSWORD,
                                                "csrf_token": token, "next": "/"}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:300]
    return client


def _on(client: requests.Session, base: str, path: str) -> requests.Response:
    return client.get(f"{base}{path}", allow_redirects=False, timeout=10)


def test_a_login_on_one_host_works_on_the_other_and_logout_ends_it_on_both(hosts):
    client = _login(hosts["a"], "meldkamer")
    assert _on(client, hosts["b"], "/kaart").status_code == 200
    assert _on(client, hosts["proxy"], "/kaart").status_code == 200
    assert _on(client, hosts["b"], "/logout").status_code == 302
    for host in ("a", "b", "proxy"):
        assert _on(client, hosts[host], "/kaart").status_code == 302        # to the login page


def test_a_copied_session_cookie_is_dead_on_both_hosts_after_logout(hosts):
    client = _login(hosts["a"], "wijkagent")
    copy = requests.Session()
    copy.cookies.update(client.cookies)
    _on(client, hosts["a"], "/logout")
    assert _on(copy, hosts["b"], "/kaart").status_code == 302


def test_rate_limits_count_across_both_hosts(hosts):
    headers = {"X-API-Key": hosts["api_key"]}
    body = {"text": "Fiets tegen de lantaarnpaal", "lat": 52.0455, "lon": 4.288, "category": "veeg-zwerfvuil"}
    answers = [requests.post(f"{hosts[host]}/api/v1/meldingen", json=body, headers=headers, timeout=30).status_code
               for host in ("a", "b", "a", "b", "a")]
    assert answers == [201, 201, 201, 201, 429]      # 4 per minute for both hosts together


def test_a_report_on_one_host_reaches_the_other_hosts_live_poll_in_time(hosts):
    viewer = _login(hosts["b"], "meldkamer")
    since = datetime.now(timezone.utc).replace(tzinfo=None).isoformat()     # a time without zone is UTC
    assert _on(viewer, hosts["b"], f"/live/nieuw?na={since}").status_code == 204
    with transaction(hosts["store"].sessions) as session:      # the limit above is spent: a fresh key
        _key, api_key = create_key(session, f"twee-hosts-{time.time()}")
    answer = requests.post(f"{hosts['a']}/api/v1/meldingen", headers={"X-API-Key": api_key}, timeout=30,
                           json={"text": "Rook uit een schuur", "lat": 52.0455, "lon": 4.288,
                                 "category": "veeg-zwerfvuil"})
    assert answer.status_code == 201
    stored = time.monotonic()
    while _on(viewer, hosts["b"], f"/live/nieuw?na={since}").status_code != 200:
        assert time.monotonic() - stored < POLL_MS / 1000 + 1, "host b did not see the new report in time"
        time.sleep(0.1)


def test_metrics_add_up_a_hosts_workers_and_stay_closed_behind_the_proxy(hosts):
    for _ in range(12):
        requests.get(f"{hosts['a']}/login", timeout=10)
    text = requests.get(f"{hosts['a']}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"},
                        timeout=10).text
    served = sum(float(v) for v in re.findall(
        r'hnm_http_request_duration_seconds_count\{method="GET",route="/login",status="200"\} (\S+)', text))
    assert served >= 12
    assert requests.get(f"{hosts['proxy']}/metrics", timeout=10).status_code == 404          # nginx
    assert requests.get(f"{hosts['a']}/metrics", timeout=10, headers={"X-Forwarded-For": "203.0.113.9"}
                        ).status_code == 401                                                  # the app
    answer = requests.get(f"{hosts['proxy']}/health", timeout=10)
    assert answer.status_code == 200 and re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])
