"""Vroegsignalering over HTTP per role: a hotspot of police-only and shared reports together is a
police alert; the gemeente never sees it, nor a count that includes police-only reports. A channel
alert of shared reports is seen by everybody who reads alerts, with its channel and chart."""

from datetime import timedelta

import pytest

from data_access.db import transaction
from data_access.models import Alert, utcnow
from services.intake import IntakeData, submit_report

LIST = "alerts-list.children"
LIST_INPUTS = [{"id": "alerts-state-filter", "property": "value", "value": ["nieuw", "bevestigd"]},
               {"id": "alerts-version", "property": "data", "value": 0},
               {"id": "alerts-refresh", "property": "n_intervals", "value": 1}]
PARKBUURT = (52.0352, 4.2972)
HOTSPOT = "8 meldingen 'veiligheid en criminaliteit (politie)' binnen 150 meter in Parkbuurt Oosteinde"
CHANNEL_ALERT = "11 meldingen via de buurtapp in Wateringse Veld in het afgelopen uur, verwacht 0,3."
POLICE = ("meldkamer", "wijkagent", "manager-politie")
GEMEENTE = ("handhaving", "gemeente", "manager-gemeente")


@pytest.fixture(scope="module")
def mixed_hotspot(web):
    """Four break-ins (police-only) and four suspicious situations (shared) over six nights."""
    app, store, clients = web
    now = utcnow()
    ring = [(0.0004, 0.0), (0.0, 0.0006), (-0.0004, 0.0), (0.0, -0.0006)]
    with transaction(store.sessions) as session:
        for night in range(6, -2, -1):
            dlat, dlon = ring[night % 4]
            slug = "inbraak" if night % 2 else "verdachte-situatie"
            submit_report(session, IntakeData(
                text="Inbraak bij de achterdeur" if slug == "inbraak" else "Iemand loert in auto's",
                channel="app", lat=PARKBUURT[0] + dlat, lon=PARKBUURT[1] + dlon, category_slug=slug,
                received_at=now - timedelta(days=night, hours=3)))
        session.add(Alert(kind="piek", area_code="WK051840", channel="buurtapp", visibility="gedeeld",
                          window_start=now - timedelta(hours=1), window_end=now, observed=11, expected=0.3,
                          explanation=CHANNEL_ALERT, state="nieuw", created_at=now))
    return clients


@pytest.mark.parametrize("user", POLICE)
def test_police_sees_the_mixed_hotspot(mixed_hotspot, user):
    response = mixed_hotspot[user].callback(LIST, LIST_INPUTS)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert HOTSPOT in text and "alleen politie" in text
    assert CHANNEL_ALERT in text and "kanaal Buurtapp" in text


@pytest.mark.parametrize("user", GEMEENTE)
def test_gemeente_sees_no_alert_that_counts_police_only_reports(mixed_hotspot, user):
    response = mixed_hotspot[user].callback(LIST, LIST_INPUTS)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Parkbuurt Oosteinde" not in text and "politie" not in text
    assert CHANNEL_ALERT in text and "kanaal Buurtapp" in text
