"""The operations settings (mail, metrics, logs, job runner, proxies) are checked at start."""

import pytest

from services.smtp_mail import parse_smtp_url
from settings import SettingsError, load_settings

PRODUCTION = {"HNM_MODE": "production", "HNM_SECRET_KEY": "x" * 40, "HNM_DATABASE_URL": "postgresql://u@h/db"}


def test_defaults_log_mail_and_keep_metrics_to_this_machine():
    s = load_settings({})
    assert (s.smtp_url, s.effective_log_format, s.metrics_networks) == ("", "text", "127.0.0.1/32,::1/128")
    assert s.effective_public_url == "http://127.0.0.1:8050" and s.job_heartbeat == 10 and s.trusted_proxies == 0
    assert load_settings(PRODUCTION).effective_log_format == "json"


def test_smtp_urls():
    assert parse_smtp_url("smtp://mail.example.nl").port == 587
    target = parse_smtp_url("smtps://a%40b:p%3Ass@mail.example.nl")
    assert (target.port, target.implicit_tls, target.starttls, target.username, target.password) == \
        (465, True, False, "a@b", "p:ss")
    assert parse_smtp_url("smtp://relay:25?starttls=false").starttls is False


@pytest.mark.parametrize("env, message", [
    ({"HNM_SMTP_URL": "http://mail"}, "HNM_SMTP_URL"),
    ({"HNM_SMTP_URL": "smtp://mail?starttls=soms", "HNM_MAIL_FROM": "a@b.nl"}, "HNM_SMTP_URL"),
    ({"HNM_SMTP_URL": "smtp://mail"}, "HNM_MAIL_FROM"),
    ({**PRODUCTION, "HNM_SMTP_URL": "smtp://mail", "HNM_MAIL_FROM": "a@b.nl"}, "HNM_PUBLIC_URL"),
    ({"HNM_PUBLIC_URL": "hnm.example.nl"}, "HNM_PUBLIC_URL"),
    ({"HNM_MAIL_REPLY_TO": "geen adres"}, "HNM_MAIL_REPLY_TO"),
    ({"HNM_METRICS_TOKEN": "kort"}, "HNM_METRICS_TOKEN"),
    ({"HNM_METRICS_NETWORKS": "overal"}, "HNM_METRICS_NETWORKS"),
    ({"HNM_LOG_FORMAT": "xml"}, "HNM_LOG_FORMAT"),
    ({"HNM_JOB_HEARTBEAT": "0"}, "HNM_JOB_HEARTBEAT"),
    ({"HNM_TRUSTED_PROXIES": "9"}, "HNM_TRUSTED_PROXIES"),
])
def test_bad_operations_settings_stop_the_start_in_dutch(env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_production_mail_setup_starts():
    s = load_settings({**PRODUCTION, "HNM_SMTP_URL": "smtp://u:p@mail.example.nl:587",
                       "HNM_MAIL_FROM": "Meldpunt <noreply@example.nl>", "HNM_PUBLIC_URL": "https://hnm.example.nl/"})
    assert s.effective_public_url == "https://hnm.example.nl"
