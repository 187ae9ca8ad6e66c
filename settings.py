"""All configuration, read from HNM_* environment variables and validated at start."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from limits import parse_many

ROOT = Path(__file__).resolve().parent
SECRET_KEY_FILE = "secret-key"          # demo: this instance's own random signing key (mode 0600)
DEFAULT_TILE_URL = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)
DEFAULT_TILE_ATTRIBUTION = 'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a> (PDOK)'


class SettingsError(ValueError):
    """Configuration that the app refuses to start with."""


def _bool(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "ja", "on"}:
        return True
    if lowered in {"0", "false", "no", "nee", "off", ""}:
        return False
    raise SettingsError(f"{name} moet true of false zijn, niet {value!r}")


def _int(value: str, name: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{name} moet een geheel getal zijn, niet {value!r}") from None
    if not low <= number <= high:
        raise SettingsError(f"{name} moet tussen {low} en {high} liggen")
    return number


@dataclass(frozen=True)
class Settings:
    mode: str = "demo"                      # demo | production | test
    database_url: str = ""                  # empty: SQLite file under instance/
    secret_key: str = ""                    # empty: demo keeps a random key in instance/, test makes one
    host: str = "127.0.0.1"
    port: int = 8050
    instance_dir: Path = field(default=ROOT / "instance")
    session_minutes: int = 480
    session_max_hours: int = 12             # a login ends this long after it began, active or not
    two_factor_enforced: bool = False       # two-step login required (beheerder, HNM_2FA_REQUIRED_ORGS); on in production
    two_factor_orgs: str = ""               # organisations whose staff all need the two-step login
    demo_live: bool = True                  # demo mode: new synthetic reports every few seconds
    demo_live_interval: int = 8
    demo_seed: int = 40
    redis_url: str = ""                     # shared cache and rate limits when set
    tile_url: str = DEFAULT_TILE_URL
    tile_attribution: str = DEFAULT_TILE_ATTRIBUTION
    secure_cookies: bool = False            # set behind TLS
    api_write_limit: str = "120 per minute"  # API submissions per key (or address)
    api_read_limit: str = "600 per minute"
    # operations (issue 20): mail, links in mails, metrics, logs
    smtp_url: str = ""                      # empty: mails are written to the log (demo)
    mail_from: str = ""
    mail_reply_to: str = ""
    public_url: str = ""                    # where residents reach the app; empty: http://HOST:PORT
    metrics_token: str = ""
    metrics_networks: str = "127.0.0.1/32,::1/128"
    log_format: str = ""                    # json | text; empty: json in production, text otherwise
    job_heartbeat: int = 10                 # seconds between a job runner's beats (and a standby's take-over)
    trusted_proxies: int = 0                # reverse proxies in front (nginx: 1): client address from X-Forwarded-For
    region: str = ""                        # region file (YAML); empty: regions/wateringse-veld.yaml
    privacy_policy: str = ""                # retention terms (YAML); empty: services/privacy/retention.yaml

    @property
    def is_demo(self) -> bool:
        return self.mode == "demo"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.instance_dir / 'hnm.sqlite3'}"

    @property
    def two_factor_org_codes(self) -> frozenset[str]:
        return frozenset(part.strip().lower() for part in self.two_factor_orgs.split(",") if part.strip())

    @property
    def effective_public_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def effective_log_format(self) -> str:
        return self.log_format or ("json" if self.mode == "production" else "text")

    def with_signing_key(self) -> "Settings":
        """The settings with a signing key: the configured one; in demo mode this instance's own
        random key (made once, kept in instance/); in test mode a fresh random one. Never one from
        the source code."""
        if self.secret_key:
            return self
        if self.mode == "demo":
            return replace(self, secret_key=instance_secret(self.instance_dir, SECRET_KEY_FILE,
                                                            lambda: secrets.token_hex(32)))
        if self.mode == "test":
            return replace(self, secret_key=secrets.token_hex(32))
        raise SettingsError("HNM_SECRET_KEY ontbreekt")

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)

    def validate(self) -> "Settings":
        if self.mode not in {"demo", "production", "test"}:
            raise SettingsError("HNM_MODE moet demo, production of test zijn")
        if self.mode == "production":
            if not self.secret_key:
                raise SettingsError("HNM_MODE=production vraagt een eigen HNM_SECRET_KEY van minstens 32 tekens")
            if not self.database_url:
                raise SettingsError("HNM_MODE=production vraagt HNM_DATABASE_URL (postgresql://... of sqlite:///pad)")
            if not self.two_factor_enforced:
                raise SettingsError("HNM_2FA_ENFORCED=false kan alleen in de demo of in tests")
        if self.secret_key and len(self.secret_key) < 32:
            raise SettingsError("HNM_SECRET_KEY moet minstens 32 tekens hebben")
        for name, value in (("HNM_API_WRITE_LIMIT", self.api_write_limit),
                            ("HNM_API_READ_LIMIT", self.api_read_limit)):
            try:
                parse_many(value)
            except ValueError:
                raise SettingsError(f"{name} is geen geldige limiet (bijv. '120 per minute')") from None
        if not self.database_url.startswith(("sqlite", "postgresql")) and self.database_url:
            raise SettingsError("HNM_DATABASE_URL moet een sqlite:// of postgresql:// adres zijn")
        self._validate_operations()
        self._validate_privacy()
        return self

    def _validate_privacy(self) -> None:
        from services.privacy.policy import PolicyError, load_policy

        try:
            load_policy(self.privacy_policy)
        except PolicyError as error:
            raise SettingsError(f"HNM_PRIVACY_POLICY: {error}") from None

    def _validate_operations(self) -> None:
        from ipaddress import ip_network

        if self.smtp_url:
            from services.smtp_mail import SmtpConfigError, parse_smtp_url

            try:
                parse_smtp_url(self.smtp_url)
            except SmtpConfigError as error:
                raise SettingsError(f"HNM_SMTP_URL: {error}") from None
            if "@" not in self.mail_from:
                raise SettingsError("Met HNM_SMTP_URL hoort HNM_MAIL_FROM, bijv. 'Meldpunt <noreply@voorbeeld.nl>'")
            if self.mode == "production" and not self.public_url:
                raise SettingsError("Met HNM_SMTP_URL hoort HNM_PUBLIC_URL: het adres in de links van de e-mails")
        if self.mail_reply_to and "@" not in self.mail_reply_to:
            raise SettingsError("HNM_MAIL_REPLY_TO moet een e-mailadres zijn")
        if self.public_url and not self.public_url.startswith(("http://", "https://")):
            raise SettingsError("HNM_PUBLIC_URL moet met http:// of https:// beginnen")
        if self.region and not Path(self.region).is_file():
            raise SettingsError(f"HNM_REGION: het regiobestand {self.region} bestaat niet")
        if self.log_format not in {"", "json", "text"}:
            raise SettingsError("HNM_LOG_FORMAT moet json of text zijn")
        if self.metrics_token and len(self.metrics_token) < 16:
            raise SettingsError("HNM_METRICS_TOKEN moet minstens 16 tekens hebben")
        try:
            [ip_network(part.strip()) for part in self.metrics_networks.split(",") if part.strip()]
        except ValueError:
            raise SettingsError("HNM_METRICS_NETWORKS moet netwerken zijn, bijv. 10.0.0.0/8,127.0.0.1/32") from None


def instance_secret(instance_dir: Path, name: str, make) -> str:
    """A secret of this instance kept in `instance_dir/name` (mode 0600; instance/ is not in git):
    read it, or make it with `make()` once. Several processes starting at once agree on one value:
    each writes its own temporary file and links it into place; only the first link wins."""
    path = Path(instance_dir) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(make() + "\n")
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
    value = path.read_text().strip()
    if not value:
        raise SettingsError(f"{path} is leeg; verwijder het bestand zodat er een nieuw geheim komt")
    return value


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    mode = env.get("HNM_MODE", "demo").strip().lower()
    secret = env.get("HNM_SECRET_KEY", "").strip()
    url = env.get("HNM_DATABASE_URL", "").strip()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    settings = Settings(
        mode=mode,
        database_url=url,
        secret_key=secret,
        host=env.get("HNM_HOST", "127.0.0.1"),
        port=_int(env.get("HNM_PORT", "8050"), "HNM_PORT", 1, 65535),
        instance_dir=Path(env.get("HNM_INSTANCE_DIR", str(ROOT / "instance"))),
        session_minutes=_int(env.get("HNM_SESSION_MINUTES", "480"), "HNM_SESSION_MINUTES", 5, 7 * 24 * 60),
        session_max_hours=_int(env.get("HNM_SESSION_MAX_HOURS", "12"), "HNM_SESSION_MAX_HOURS", 1, 7 * 24),
        two_factor_enforced=_bool(env.get("HNM_2FA_ENFORCED", "true" if mode == "production" else "false"),
                                  "HNM_2FA_ENFORCED"),
        two_factor_orgs=env.get("HNM_2FA_REQUIRED_ORGS", ""),
        demo_live=_bool(env.get("HNM_DEMO_LIVE", "true"), "HNM_DEMO_LIVE"),
        demo_live_interval=_int(env.get("HNM_DEMO_LIVE_INTERVAL", "8"), "HNM_DEMO_LIVE_INTERVAL", 1, 3600),
        demo_seed=_int(env.get("HNM_DEMO_SEED", "40"), "HNM_DEMO_SEED", 0, 2**31),
        redis_url=env.get("HNM_REDIS_URL", ""),
        tile_url=env.get("HNM_TILE_URL", DEFAULT_TILE_URL),
        tile_attribution=env.get("HNM_TILE_ATTRIBUTION", DEFAULT_TILE_ATTRIBUTION),
        secure_cookies=_bool(env.get("HNM_SECURE_COOKIES", "false"), "HNM_SECURE_COOKIES"),
        api_write_limit=env.get("HNM_API_WRITE_LIMIT", "120 per minute"),
        api_read_limit=env.get("HNM_API_READ_LIMIT", "600 per minute"),
        smtp_url=env.get("HNM_SMTP_URL", "").strip(),
        mail_from=env.get("HNM_MAIL_FROM", "").strip(),
        mail_reply_to=env.get("HNM_MAIL_REPLY_TO", "").strip(),
        public_url=env.get("HNM_PUBLIC_URL", "").strip(),
        metrics_token=env.get("HNM_METRICS_TOKEN", "").strip(),
        metrics_networks=env.get("HNM_METRICS_NETWORKS", "127.0.0.1/32,::1/128"),
        log_format=env.get("HNM_LOG_FORMAT", "").strip().lower(),
        job_heartbeat=_int(env.get("HNM_JOB_HEARTBEAT", "10"), "HNM_JOB_HEARTBEAT", 1, 300),
        trusted_proxies=_int(env.get("HNM_TRUSTED_PROXIES", "0"), "HNM_TRUSTED_PROXIES", 0, 5),
        region=env.get("HNM_REGION", "").strip(),
        privacy_policy=env.get("HNM_PRIVACY_POLICY", "").strip(),
    )
    return settings.validate()
