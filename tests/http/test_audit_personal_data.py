"""Every view of personal data is audited (issue 16, item 5): a photo, an export and a change of
an account from the command line each write an audit row with who, what and when. Real requests
and the real CLI, on both backends."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from data_access.models import AuditLog, User, utcnow
from tests.conftest import DEMO_PASSWORD
from tests.http.test_report_photos import _photo_of, _report
from tests.integration.test_cli_and_session import run


def rows(store, action: str) -> list[AuditLog]:
    with store.sessions() as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def test_fetching_a_photo_writes_an_audit_row(web):
    _, store, clients = web
    report_id, _ = _report(store, "veeg-zwerfvuil")
    photo_id = _photo_of(store, report_id)
    before = len(rows(store, "view_photo"))
    assert clients["handhaving"].get(f"/foto/{photo_id}").status_code == 200
    assert clients["meldkamer"].get(f"/foto/{photo_id}").status_code == 404      # not its organisation
    [row] = rows(store, "view_photo")[before:]
    assert row.username == "handhaving" and row.user_id is not None
    assert (row.object_type, row.object_id) == ("report", str(report_id)) and str(photo_id) in row.detail
    assert abs(row.at - utcnow()) < timedelta(minutes=1)


def test_downloading_an_export_writes_an_audit_row(web):
    _, store, clients = web
    before = len(rows(store, "export"))
    response = clients["manager-gemeente"].get("/export/meldingen.csv?van=2026-01-01&tot=2026-01-31")
    assert response.status_code == 200
    response.get_data()                      # the streamed file, to the end
    [row] = rows(store, "export")[before:]
    assert row.username == "manager-gemeente" and row.object_type == "meldingen" and "csv" in row.detail
    assert abs(row.at - utcnow()) < timedelta(minutes=1)


def test_users_disable_from_the_command_line_writes_an_audit_row(web):
    app, store, _ = web
    assert run(app, "users", "create", "Audit.Proef", "--org", "gemeente", "--role", "gemeente",
               "--password", DEMO_PASSWORD).exit_code == 0
    before = len(rows(store, "user_disable"))
    result = run(app, "users", "disable", "audit.proef")
    assert result.exit_code == 0, result.output
    with store.sessions() as session:
        user_id = session.scalar(select(User.id).where(User.username == "audit.proef"))
    [row] = rows(store, "user_disable")[before:]
    assert row.username == "cli" and (row.object_type, row.object_id) == ("user", str(user_id))
    assert "audit.proef" in row.detail and abs(row.at - utcnow()) < timedelta(minutes=1)
    assert run(app, "users", "enable", "audit.proef").exit_code == 0
    assert rows(store, "user_enable")[-1].object_id == str(user_id)
