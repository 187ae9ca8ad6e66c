"""Real Chromium under the app's Content-Security-Policy: every page of every staff role and the
public pages render without a CSP violation and without a script error (Dash, Plotly, the map,
the grids); and every answer carries the security headers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import Area
from services.intake import IntakeData, submit_report
from services.tracking import issue_token
from tests.conftest import login_in_browser

pytestmark = pytest.mark.e2e

OPERATIONAL = ["/", "/kaart", "/tijdlijn", "/werklast", "/terugkoppeling", "/signalen", "/buurtberichten",
               "/instellingen"]
MANAGEMENT = ["/", "/kaart", "/wall", "/tijdlijn", "/werklast", "/terugkoppeling", "/signalen", "/trends",
              "/triagemodel"]
STAFF_PAGES = {          # every role, every page it may open (layouts differ per role and organisation)
    "meldkamer": OPERATIONAL + ["/wall"],
    "wijkagent": OPERATIONAL,
    "handhaving": OPERATIONAL,
    "gemeente": OPERATIONAL,
    "manager-politie": MANAGEMENT,
    "manager-gemeente": MANAGEMENT,
    "beheerder": ["/", "/beheer", "/audit", "/triagemodel"],
    "wall": ["/wall"],
    "privacy-politie": ["/privacy", "/audit"],
    "privacy-gemeente": ["/privacy", "/audit"],
}
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def public_paths(live_app):
    _, _, store = live_app
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(text="Kapotte lantaarnpaal bij de speeltuin", channel="app",
                                                   lat=52.047, lon=4.29, category_slug="straatverlichting-openbare-klok",
                                                   contact_email="melder@voorbeeld.nl"))
        token = issue_token(session, report)
        buurt = session.scalar(select(Area.code).where(Area.kind == "buurt").limit(1))
    return ["/login", "/melden", "/hoe-wij-werken", f"/buurt/{buurt}", f"/volg/{token}"]


def _visit(page, url: str, problems: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)                  # late callbacks and charts
    found = page.evaluate("window.__csp || []")
    problems += [f"{url}: {v}" for v in found]


def _watched_page(browser, problems: list[str]):
    page = browser.new_page(viewport={"width": 1440, "height": 900}, bypass_csp=False)
    page.add_init_script(WATCH)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: script error {error}"))
    page.on("console", lambda message: problems.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    return page


@pytest.mark.parametrize("role", list(STAFF_PAGES))
def test_staff_pages_run_under_the_policy(live_app, browser, role):
    url, _, _ = live_app
    problems: list[str] = []
    page = _watched_page(browser, problems)
    login_in_browser(page, url, role)
    for path in STAFF_PAGES[role]:
        _visit(page, f"{url}{path}", problems)
    page.close()
    assert problems == []


def test_public_pages_run_under_the_policy(live_app, browser, public_paths):
    url, _, _ = live_app
    problems: list[str] = []
    page = _watched_page(browser, problems)
    for path in public_paths:
        _visit(page, f"{url}{path}", problems)
    page.close()
    assert problems == []


def test_charts_and_the_map_really_draw_under_the_policy(live_app, browser):
    url, _, _ = live_app
    problems: list[str] = []
    page = _watched_page(browser, problems)
    login_in_browser(page, url, "meldkamer")
    _visit(page, f"{url}/tijdlijn", problems)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20000)
    _visit(page, f"{url}/kaart", problems)
    page.wait_for_selector(".leaflet-container .leaflet-tile", state="attached", timeout=20000)
    tiles = page.evaluate("[...document.querySelectorAll('.leaflet-tile')].map(t => t.src)")
    assert tiles and all(t.startswith("https://service.pdok.nl/") for t in tiles)
    page.close()
    assert problems == []


def test_an_injected_inline_script_is_refused_and_seen(live_app, browser):
    """The watch above really sees violations: a script put into the page by an attacker (XSS)
    does not run."""
    url, _, _ = live_app
    problems: list[str] = []
    page = _watched_page(browser, problems)
    _visit(page, f"{url}/melden", problems)
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.__ran = true'; document.body.appendChild(s); }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in page.evaluate("window.__csp"))
    page.close()


def test_every_answer_carries_the_security_headers(live_app):
    import requests

    url, _, _ = live_app
    for path in ("/login", "/melden", "/assets/base.css", "/health"):
        headers = requests.get(f"{url}{path}", timeout=10).headers
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
        assert "https://service.pdok.nl" in policy.split("img-src")[1].split(";")[0]
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers              # only behind TLS


def test_hsts_behind_tls(web, tmp_path_factory):
    from app import create_app
    from settings import Settings

    _, store, _ = web
    app = create_app(Settings(mode="test", database_url=store.url, secret_key="h" * 40, demo_live=False,
                              instance_dir=tmp_path_factory.mktemp("tls"), secure_cookies=True))
    assert app.server.test_client().get("/login").headers["Strict-Transport-Security"].startswith("max-age=31536000")
