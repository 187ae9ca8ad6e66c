"""Fail closed on secrets: no signing key in the source, a random key per demo instance kept in
instance/ (0600) that survives a restart, and no demo offered to the network by default."""

from __future__ import annotations

import ast
import os
import re
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from auth.users import ensure_demo_accounts
from data_access.db import transaction
from settings import ROOT, SECRET_KEY_FILE, Settings, SettingsError, load_settings
from tests.conftest import DEMO_PASSWORD, make_store

SOURCE_DIRS = ("api", "auth", "callbacks", "components", "data_access", "pages", "services", "scripts")


def _source_files():
    yield from (ROOT / name for name in ("app.py", "settings.py", "gunicorn.conf.py"))
    for directory in SOURCE_DIRS:
        yield from (ROOT / directory).rglob("*.py")


def _string_secrets(tree: ast.AST):
    """(line, name) of every secret-like name bound to a non-empty string literal."""
    secretish = re.compile(r"(^|_)secret(_key)?$|signing_key|password$", re.I)
    for node in ast.walk(tree):
        pairs = []
        if isinstance(node, ast.Assign):
            pairs = [(t.id if isinstance(t, ast.Name) else getattr(t, "attr", ""), node.value) for t in node.targets]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target = node.target
            pairs = [(target.id if isinstance(target, ast.Name) else getattr(target, "attr", ""), node.value)]
        elif isinstance(node, ast.keyword) and node.arg:
            pairs = [(node.arg, node.value)]
        elif isinstance(node, ast.Dict):
            pairs = [(k.value, v) for k, v in zip(node.keys, node.values)
                     if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        for name, value in pairs:
            if secretish.search(name or "") and isinstance(value, ast.Constant) \
                    and isinstance(value.value, str) and value.value.strip():
                yield node.lineno, name


def test_no_signing_key_comes_from_the_source_code():
    found = []
    for path in _source_files():
        found += [f"{path.relative_to(ROOT)}:{line} {name}" for line, name in _string_secrets(ast.parse(path.read_text()))]
    assert found == []
    assert "change-me" not in (ROOT / "settings.py").read_text()


def test_production_refuses_without_key_or_database():
    with pytest.raises(SettingsError, match="HNM_SECRET_KEY"):
        load_settings({"HNM_MODE": "production", "HNM_DATABASE_URL": "postgresql://u@h/db"})
    with pytest.raises(SettingsError, match="HNM_DATABASE_URL"):
        load_settings({"HNM_MODE": "production", "HNM_SECRET_KEY": "p" * 40})
    with pytest.raises(SettingsError, match="32"):
        load_settings({"HNM_SECRET_KEY": "kort"})


def _demo_app(store, instance: Path):
    from app import create_app

    app = create_app(Settings(mode="demo", database_url=store.url, instance_dir=instance, demo_live=False))
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session, DEMO_PASSWORD)
    return app


def _login(client) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    answer = client.post("/login", data={"username": "meldkamer", "password": DEMO_PASSWORD, "csrf_token": token})
    assert answer.status_code == 302


def test_each_demo_instance_has_its_own_key_which_survives_a_restart(store, tmp_path):
    first, second = _demo_app(store, tmp_path / "een"), _demo_app(store, tmp_path / "twee")
    key_one, key_two = first.server.config["SECRET_KEY"], second.server.config["SECRET_KEY"]
    assert len(key_one) >= 32 and key_one != key_two
    key_file = tmp_path / "een" / SECRET_KEY_FILE
    assert key_file.read_text().strip() == key_one
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.server.config["HNM_SETTINGS"].secret_key == key_one       # signed mail links use it too

    client = first.server.test_client()
    _login(client)
    assert client.get("/kaart").status_code == 200
    restarted = _demo_app(store, tmp_path / "een")
    assert restarted.server.config["SECRET_KEY"] == key_one
    moved = restarted.server.test_client()
    moved.set_cookie("session", client.get_cookie("session").value)
    assert moved.get("/kaart").status_code == 200                           # still logged in after the restart
    other = second.server.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert other.get("/kaart").status_code == 302                           # another instance's key: not valid


def test_instance_dir_is_not_in_git():
    assert "instance/" in (ROOT / ".gitignore").read_text().split()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp_path: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HNM_")}
    return {**env, "HNM_INSTANCE_DIR": str(tmp_path), "HNM_DEMO_LIVE": "false", **extra}


def test_gunicorn_without_a_mode_refuses_to_serve(tmp_path):
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    port = _free_port()
    process = subprocess.run([gunicorn, "-w", "1", "-b", f"0.0.0.0:{port}", "app:server"], cwd=ROOT,
                             env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert process.returncode != 0
    assert "Zet HNM_MODE" in process.stderr
    assert not (tmp_path / "hnm.sqlite3").exists()          # refused before touching any store


def test_python_app_py_without_a_mode_keeps_the_demo_on_this_machine(request, tmp_path, tmp_path_factory):
    from services.intake import IntakeData, submit_report

    store = make_store(request, "sqlite", tmp_path_factory)
    with transaction(store.sessions) as session:       # not empty: the start skips the demo scenario
        submit_report(session, IntakeData(text="Losse stoeptegel", channel="app", lat=52.047, lon=4.29,
                                          category_slug="grofvuil"))
    port = _free_port()
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                               stderr=subprocess.DEVNULL, start_new_session=True,
                               env=_env(tmp_path, HNM_HOST="0.0.0.0", HNM_PORT=str(port),
                                        HNM_DATABASE_URL=store.url))
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        else:
            pytest.fail("python app.py did not come up")
        with socket.socket() as probe:      # nothing listens on the other addresses of this machine
            probe.settimeout(2)
            assert probe.connect_ex((_outside_address(), port)) != 0
    finally:
        os.killpg(process.pid, 15)
        output = process.communicate(timeout=30)[0]
    assert "alleen bereikbaar op 127.0.0.1" in output and f"http://127.0.0.1:{port}/" in output


def _outside_address() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))       # no packet is sent; picks the outgoing interface
            address = sock.getsockname()[0]
        except OSError:
            address = "127.0.0.1"
    if address.startswith("127."):
        pytest.skip("Geen netwerkadres buiten loopback op deze machine")
    return address
