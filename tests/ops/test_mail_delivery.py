"""Real e-mail: the outbox job delivers through a real SMTP server (aiosmtpd) started here.

Feedback arrives with the right headers, Dutch text and an HTML alternative (the staff text
escaped); a new follower's confirmation link and a buurtbericht's unsubscribe links work over real
HTTP; STARTTLS and TLS from the start, with login; a server without STARTTLS gets nothing.
"""

from __future__ import annotations

import re
import socket
import threading
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select
from werkzeug.serving import make_server

from auth.users import ensure_demo_accounts, principal_for
from data_access.db import transaction
from data_access.models import AreaFollower, FeedbackMessage, User, utcnow
from services.area_followers import follow, notify_followers
from services.channels import DeliveryError, Envelope
from services.intake import IntakeData, submit_report
from services.jobs.runner import JobRunner
from services.neighbourhood import post_message
from services.smtp_mail import SmtpAdapter
from settings import Settings
from tests.conftest import make_store
from tests.ops.smtp_server import SmtpServer

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
BUURT = "BU05184011"
SENDER = "Meldpunt Den Haag <noreply@hnm.example>"
REPLY_TO = "meldpunt@hnm.example"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def mailing(request, tmp_path_factory):
    """(app, store, SMTP server, base URL): the app served over HTTP, mailing through real SMTP."""
    from app import create_app

    store = make_store(request, request.param, tmp_path_factory)
    smtp = SmtpServer("plain").start()
    request.addfinalizer(smtp.stop)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app(Settings(mode="test", database_url=store.url, secret_key="m" * 40, demo_live=False,
                              instance_dir=tmp_path_factory.mktemp("instance"), smtp_url=smtp.url,
                              mail_from=SENDER, mail_reply_to=REPLY_TO, public_url=base))
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session)
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    request.addfinalizer(server.shutdown)
    return app, store, smtp, base


def _outbox(app) -> None:
    assert JobRunner(app.server).run_now("outbox") == "ok"


def _parts(message):
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_feedback_arrives_with_headers_dutch_text_and_an_escaped_html_alternative(mailing):
    app, store, smtp, _base = mailing
    smtp.mailbox.messages.clear()
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(
            text="Losse stoeptegel", channel="web", lat=52.0455, lon=4.288, category_slug="veeg-zwerfvuil",
            contact_email="melder@voorbeeld.nl", wants_feedback=True))
        message = FeedbackMessage(report_id=report.id, kind="afloopbericht", state="wachtrij",
                                  body="Beste melder,\n\nDe tegel ligt weer vast. <b>Dank u</b>\n\nMet vriendelijke groet")
        session.add(message)
        session.flush()
        reference, message_id = report.reference, message.id
    _outbox(app)
    [mail] = smtp.mailbox.messages
    assert mail["To"] == "melder@voorbeeld.nl" and mail["Reply-To"] == REPLY_TO
    assert mail["From"] == SENDER and mail["Subject"] == f"Afloopbericht: uw melding {reference}"
    assert mail["Message-ID"] and mail["Date"] and mail.get_content_type() == "multipart/alternative"
    text, html = _parts(mail)
    assert "De tegel ligt weer vast. <b>Dank u</b>" in text and f"uw melding {reference}" in text
    assert "&lt;b&gt;Dank u&lt;/b&gt;" in html and "<b>" not in html and 'lang="nl"' in html
    with store.session() as session:
        stored = session.get(FeedbackMessage, message_id)
        assert (stored.state, stored.attempts) == ("verzonden", 1)


def _dash_click(client: requests.Session, base: str, page: str, output: str, button: str, store_id: str, token: str):
    assert client.get(f"{base}{page}").status_code == 200            # the page, and its CSRF cookie
    body = {"output": output, "outputs": {"id": output.split(".")[0], "property": "children"},
            "inputs": [{"id": button, "property": "n_clicks", "value": 1}],
            "state": [{"id": store_id, "property": "data", "value": token}], "changedPropIds": [f"{button}.n_clicks"]}
    answer = client.post(f"{base}/_dash-update-component", json=body,
                         headers={"X-CSRFToken": client.cookies.get("_csrf_token")})
    assert answer.status_code == 200
    return answer.text


def _router(path: str, base: str) -> str:
    """The page Dash renders for `path` (the pages router callback, as the browser asks it)."""
    client = requests.Session()
    client.get(f"{base}/login", timeout=10)
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]}
    return client.post(f"{base}/_dash-update-component", json=body, timeout=10,
                       headers={"X-CSRFToken": client.cookies.get("_csrf_token")}).text


def test_double_opt_in_and_unsubscribe_through_real_mail_and_http(mailing):
    app, store, smtp, base = mailing
    smtp.mailbox.messages.clear()
    with transaction(store.sessions) as session:
        follow(session, BUURT, "buurtvolger@voorbeeld.nl")
    _outbox(app)
    [confirmation] = smtp.mailbox.messages
    assert confirmation["To"] == "buurtvolger@voorbeeld.nl" and confirmation["Subject"].startswith("Bevestig")
    text, html = _parts(confirmation)
    confirm_url = re.search(r"(http://\S+/bevestigen/\S+)", text).group(1)
    assert confirm_url.startswith(base) and f'href="{confirm_url}"' in html and "Zonder bevestiging" in text
    assert requests.get(confirm_url, timeout=10).status_code == 200      # opening the link alone...
    assert "Buurtberichten bevestigen" in _router(confirm_url[len(base):], base)
    with store.session() as session:                                      # ...subscribes nobody
        assert session.scalar(select(AreaFollower.confirmed_at).where(
            AreaFollower.email == "buurtvolger@voorbeeld.nl")) is None
    client = requests.Session()
    answer = _dash_click(client, base, confirm_url[len(base):], "confirm-follow-status.children",
                         "confirm-follow-submit", "confirm-follow-token", confirm_url.rsplit("/", 1)[1])
    assert "Gelukt" in answer
    with transaction(store.sessions) as session:
        agent = principal_for(session.scalar(select(User).where(User.username == "wijkagent")))
        message = post_message(session, agent, BUURT, "tip", "Fietsen op slot", "Zet uw fiets op slot.",
                               utcnow() + timedelta(days=3))
        assert notify_followers(session, message) == 1
    smtp.mailbox.messages.clear()
    _outbox(app)
    [news] = smtp.mailbox.messages
    assert news["Subject"].startswith("Buurtbericht") and news["Subject"].endswith("Fietsen op slot")
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = news["List-Unsubscribe"].strip("<>")
    text, html = _parts(news)
    page_link = re.search(r"Afmelden: (\S+)", text).group(1)
    assert "Zet uw fiets op slot." in text and f'href="{page_link}"' in html
    assert requests.get(page_link, timeout=10).status_code == 200
    assert "Afmelden voor buurtberichten" in _router(page_link[len(base):], base)
    opened = requests.get(one_click, allow_redirects=False, timeout=10)
    assert opened.status_code == 302 and opened.headers["Location"].endswith(page_link[len(base):])
    assert requests.post(one_click, data={"List-Unsubscribe": "One-Click"}, timeout=10).status_code == 200
    assert requests.post(one_click, data={"List-Unsubscribe": "One-Click"}, timeout=10).status_code == 404
    with store.session() as session:
        assert session.scalar(select(AreaFollower).where(AreaFollower.email == "buurtvolger@voorbeeld.nl")) is None


@pytest.mark.parametrize("mode", ["starttls", "smtps"])
def test_tls_with_login(mode):
    smtp = SmtpServer(mode).start()
    try:
        adapter = SmtpAdapter(smtp.url, SENDER, context=smtp.client_context())
        adapter.deliver(Envelope(1, None, "email", "test", "Goedemorgen", "a@voorbeeld.nl", subject="Proef"))
        assert [m["Subject"] for m in smtp.mailbox.messages] == ["Proef"]
    finally:
        smtp.stop()


def test_no_mail_in_the_clear_when_starttls_is_missing():
    smtp = SmtpServer("plain").start()
    try:
        adapter = SmtpAdapter(f"smtp://127.0.0.1:{smtp.port}", SENDER)          # STARTTLS required
        with pytest.raises(DeliveryError, match="STARTTLS"):
            adapter.deliver(Envelope(1, None, "email", "test", "Geheim", "a@voorbeeld.nl", subject="Proef"))
        assert smtp.mailbox.messages == []
    finally:
        smtp.stop()
