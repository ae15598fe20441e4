"""Settings read from MOTCUA_* environment variables, with safe defaults for one machine."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sla.due_soon import LAST_WORKING_DAY, DueSoonRule
from sla.handover import HandoverRules

# Where the app runs (MOTCUA_ENV): the sandbox payment gateway, which marks fees paid without taking money, exists
# only in a demo or on a developer's machine.
ENVIRONMENTS = ("production", "demo", "development")


def _sqlite_url(instance_dir: Path) -> str:
    return f"sqlite:///{(instance_dir / 'motcua.sqlite3').resolve()}"


@dataclass(frozen=True)
class SmtpSettings:
    """Outgoing mail server for notices (hộp thư gửi thông báo)."""

    host: str = "127.0.0.1"
    port: int = 25
    username: str = ""
    password: str = ""
    sender: str = "Một Cửa <no-reply@motcua.local>"
    starttls: bool = False


@dataclass(frozen=True)
class BackupSettings:
    """Where scheduled backups go (default `<instance>/backups`), how often, how many are kept, and the key that
    signs their manifests (default: the instance's `backup_key` file; bring it to the installation that restores)."""

    folder: str = ""
    every_days: int = 7
    keep: int = 8
    key: str = field(default="", repr=False)


@dataclass(frozen=True)
class MonitoringSettings:
    """Who may read /metrics (a bearer token; empty: /metrics is off) and when the outbox counts as stuck."""

    metrics_token: str = field(default="", repr=False)
    outbox_max_age: timedelta = timedelta(minutes=60)


@dataclass(frozen=True)
class NationalPortalSettings:
    """Where dossier syncs and progress updates go (Cổng Dịch vụ công quốc gia); no URL: nothing is queued.
    The session token is obtained by logging in at `login_url` and kept in memory only."""

    url: str = ""  # the adapter's integration endpoint
    unit: str = ""  # madonvi: this province's unit code at the portal
    login_url: str = ""  # the adapter's auth endpoint
    username: str = ""
    password: str = field(default="", repr=False)
    dstcode: str = ""  # the header naming the portal's side of the adapter
    session_minutes: float = 10.0  # how long a session is used before logging in again


@dataclass(frozen=True)
class PaymentPlatformSettings:
    """The national payment platform (Nền tảng thanh toán trực tuyến of Cổng Dịch vụ công quốc gia, PayGov); no URL:
    online fees go through the sandbox gateway (outside production) and nothing is reconciled."""

    url: str = ""  # the platform's base address; each message goes to its own path below it
    partner: str = ""  # MaDoiTac: this province's partner code at the platform
    key: str = field(default="", repr=False)  # the key MaXacThuc (HMAC-SHA256) is computed with
    fields: Mapping[str, str] = field(default_factory=dict)  # values of the order's fixed fields, over the defaults
    timeout_seconds: float = 20


@dataclass(frozen=True)
class Settings:
    """Everything the core needs to run; built once at start-up and passed down."""

    instance_dir: Path
    database_url: str
    secret_key: str
    reports_database_url: str = ""  # a read replica that reports read from; empty: the database itself
    timezone: str = "Asia/Ho_Chi_Minh"
    office_hours: str = "mon-fri 07:30-11:30 13:00-17:00"
    handover_rules: HandoverRules = field(default_factory=HandoverRules)  # half a working day unless chosen
    public_url: str = "http://127.0.0.1:5000"
    environment: str = "production"
    trusted_hosts: tuple[str, ...] = ()  # host names requests may carry; empty: see `allowed_hosts`
    proxy_count: int = 0  # reverse proxies in front, trusted for X-Forwarded-For and X-Forwarded-Proto
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    workflow_cache_size: int = 1000
    question_due_soon_days: float = 2  # a public question is "near its deadline" in its last working days
    content_image_days: int = 7  # an inline image no item version shows is removed this many days after upload
    sms_spool: str = ""  # file the SMS gateway collects messages from; empty: SMS waits in the outbox
    mailbox: bool = False  # notices are kept in the in-app mailbox (/admin/mailbox) instead of mailed or texted
    sla_due_soon: DueSoonRule = LAST_WORKING_DAY
    digest_time: time = time(7, 0)  # local time of the leaders' morning digest
    backup: BackupSettings = field(default_factory=BackupSettings)
    monitoring: MonitoringSettings = field(default_factory=MonitoringSettings)
    trust_roots_path: Path | None = None
    national_portal: NationalPortalSettings = field(default_factory=NationalPortalSettings)
    payment_platform: PaymentPlatformSettings = field(default_factory=PaymentPlatformSettings)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        """Host names a request may carry: MOTCUA_TRUSTED_HOSTS, else in production the public URL's only; empty
        means any (a demo or development machine is reached by whatever name)."""
        if self.trusted_hosts or not self.is_production:
            return self.trusted_hosts
        return (urlsplit(self.public_url).hostname or "",)

    @property
    def trust_roots(self) -> Path:
        """File or folder of the certificates of the authorities whose signatures are trusted, on decisions and
        on applicants' declarations alike (default: the instance's signature-roots folder)."""
        return self.trust_roots_path or self.signature_roots_dir

    @property
    def signature_roots_dir(self) -> Path:
        """The default trust folder: one certificate file (PEM or DER) per trusted authority."""
        return self.instance_dir / "signature-roots"

    @property
    def demo_ca_dir(self) -> Path:
        """Where `motcua demo-data` keeps its demo certificate authority."""
        return self.instance_dir / "demo-ca"

    @property
    def storage_dir(self) -> Path:
        """Where dossier files are kept, by content hash."""
        return self.instance_dir / "files"

    @property
    def backup_dir(self) -> Path:
        """Where `motcua backup` and the weekly backup write unless told otherwise."""
        return Path(self.backup.folder).resolve() if self.backup.folder else self.instance_dir / "backups"

    @property
    def backup_key(self) -> str:
        """The key that signs backup manifests and checks them on restore (MOTCUA_BACKUP_KEY, else instance file)."""
        return self.backup.key or _instance_secret(self.instance_dir, "backup_key")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        instance_dir = Path(env.get("MOTCUA_INSTANCE_DIR", "instance")).resolve()
        return cls(
            instance_dir=instance_dir,
            database_url=env.get("MOTCUA_DATABASE_URL") or _sqlite_url(instance_dir),
            reports_database_url=env.get("MOTCUA_REPORTS_DATABASE_URL", ""),
            secret_key=env.get("MOTCUA_SECRET_KEY") or _instance_secret(instance_dir),
            timezone=env.get("MOTCUA_TIMEZONE", cls.timezone),
            office_hours=env.get("MOTCUA_OFFICE_HOURS", cls.office_hours),
            handover_rules=HandoverRules.parse(env.get("MOTCUA_HANDOVER_RULES", "half_day")),
            public_url=env.get("MOTCUA_PUBLIC_URL", cls.public_url),
            environment=_environment(env.get("MOTCUA_ENV", cls.environment)),
            trusted_hosts=tuple(env.get("MOTCUA_TRUSTED_HOSTS", "").replace(",", " ").split()),
            proxy_count=int(env.get("MOTCUA_PROXY_COUNT", 0)),
            workflow_cache_size=int(env.get("MOTCUA_WORKFLOW_CACHE_SIZE", cls.workflow_cache_size)),
            question_due_soon_days=float(env.get("MOTCUA_QUESTION_DUE_SOON_DAYS", cls.question_due_soon_days)),
            content_image_days=int(env.get("MOTCUA_CONTENT_IMAGE_DAYS", cls.content_image_days)),
            trust_roots_path=Path(env["MOTCUA_TRUST_ROOTS"]) if env.get("MOTCUA_TRUST_ROOTS") else None,
            smtp=SmtpSettings(
                host=env.get("MOTCUA_SMTP_HOST", SmtpSettings.host),
                port=int(env.get("MOTCUA_SMTP_PORT", SmtpSettings.port)),
                username=env.get("MOTCUA_SMTP_USERNAME", ""),
                password=env.get("MOTCUA_SMTP_PASSWORD", ""),
                sender=env.get("MOTCUA_SMTP_SENDER", SmtpSettings.sender),
                starttls=env.get("MOTCUA_SMTP_STARTTLS", "").lower() in {"1", "true", "yes"},
            ),
            sms_spool=env.get("MOTCUA_SMS_SPOOL", ""),
            national_portal=NationalPortalSettings(
                url=env.get("MOTCUA_NATIONAL_PORTAL_URL", ""),
                unit=env.get("MOTCUA_NATIONAL_PORTAL_UNIT", ""),
                login_url=env.get("MOTCUA_NATIONAL_PORTAL_LOGIN_URL", ""),
                username=env.get("MOTCUA_NATIONAL_PORTAL_USERNAME", ""),
                password=env.get("MOTCUA_NATIONAL_PORTAL_PASSWORD", ""),
                dstcode=env.get("MOTCUA_NATIONAL_PORTAL_DSTCODE", ""),
                session_minutes=float(
                    env.get("MOTCUA_NATIONAL_PORTAL_SESSION_MINUTES", NationalPortalSettings.session_minutes)
                ),
            ),
            payment_platform=PaymentPlatformSettings(
                url=env.get("MOTCUA_PAYMENT_PLATFORM_URL", ""),
                partner=env.get("MOTCUA_PAYMENT_PLATFORM_PARTNER", ""),
                key=env.get("MOTCUA_PAYMENT_PLATFORM_KEY", ""),
                fields=json.loads(env.get("MOTCUA_PAYMENT_PLATFORM_FIELDS") or "{}"),
                timeout_seconds=float(
                    env.get("MOTCUA_PAYMENT_PLATFORM_TIMEOUT", PaymentPlatformSettings.timeout_seconds)
                ),
            ),
            mailbox=_environment(env.get("MOTCUA_ENV", cls.environment)) != "production"
            and not env.get("MOTCUA_SMTP_HOST"),
            sla_due_soon=DueSoonRule.parse(env.get("MOTCUA_SLA_DUE_SOON", "1d")),
            digest_time=time.fromisoformat(env.get("MOTCUA_DIGEST_TIME", "07:00")),
            backup=BackupSettings(
                folder=env.get("MOTCUA_BACKUP_DIR", ""),
                every_days=int(env.get("MOTCUA_BACKUP_EVERY_DAYS", BackupSettings.every_days)),
                keep=int(env.get("MOTCUA_BACKUP_KEEP", BackupSettings.keep)),
                key=env.get("MOTCUA_BACKUP_KEY", ""),
            ),
            monitoring=MonitoringSettings(
                metrics_token=env.get("MOTCUA_METRICS_TOKEN", ""),
                outbox_max_age=timedelta(minutes=int(env.get("MOTCUA_OUTBOX_MAX_AGE_MINUTES", 60))),
            ),
        )


def _environment(name: str) -> str:
    if name not in ENVIRONMENTS:
        raise ValueError(f"MOTCUA_ENV {name!r}: write one of {', '.join(ENVIRONMENTS)}")
    return name


def _instance_secret(instance_dir: Path, name: str = "secret_key") -> str:
    """A random key kept in the instance folder, so it survives restarts without a key in the repo."""
    path = instance_dir / name
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
