"""The one settings module: every knob comes from an environment variable.

Each field's environment variable is its upper-case name (``database_url`` →
``DATABASE_URL``). Defaults are the embedded, one-command configuration and
are documented, one per line, in ``.env.example`` (a test keeps the two in
step). A ``.env`` file in the working directory is read too; real environment
variables win over it.

``get_settings()`` validates everything once; a bad value stops start-up with
a message that names the variable.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(SystemExit):
    """Raised when the environment holds an invalid setting; exits start-up."""


class Settings(BaseSettings):
    """All runtime configuration. Field docs are mirrored in ``.env.example``."""

    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        validate_default=True,
    )

    # --- application -------------------------------------------------------
    app_env: Literal["development", "test", "production"] = "development"
    app_port: int = Field(3000, ge=1, le=65535)
    public_url: str = ""
    default_locale: Literal["ko", "en"] = "ko"
    business_timezone: str = "Asia/Seoul"
    data_dir: Path = Path(".data")

    # --- database ------------------------------------------------------------
    database_url: str | None = None
    embedded_pg_dir: Path = Path(".data/pg")
    embedded_pg_database: str = Field("casino", pattern=r"^[a-z_][a-z0-9_]{0,62}$")
    db_pool_size: int = Field(10, ge=1, le=200)
    db_max_overflow: int = Field(20, ge=0, le=500)
    db_statement_timeout_ms: int = Field(15_000, ge=0)

    # --- redis / background jobs / events ------------------------------------
    redis_url: str | None = None
    celery_broker_url: str | None = None
    kafka_bootstrap_servers: str | None = None
    kafka_topic_prefix: str = "cc"
    # Static group membership for the analytics consumer: a restarted consumer with the same id takes its
    # partitions back at once (no rebalance, no wait for the dead member's session to expire). Unset = dynamic.
    kafka_consumer_instance_id: str | None = Field(None, pattern=r"^[A-Za-z0-9._-]{1,100}$")
    heartbeat_interval_seconds: int = Field(60, ge=1, le=86_400)
    outbox_relay_interval_seconds: int = Field(2, ge=1, le=300)
    # OLAP store: a ClickHouse server (http[s]://user:password@host:8123/database) or chdb, ClickHouse's engine
    # in-process (chdb:///absolute/folder). Unset = chdb in DATA_DIR/olap. Only one process may open a chdb folder.
    olap_url: SecretStr | None = None

    # --- observability -------------------------------------------------------
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"
    prometheus_multiproc_dir: Path | None = None

    # --- http edge -----------------------------------------------------------
    max_request_body_bytes: int = Field(64 * 1024, ge=1024)
    trusted_proxy_count: int = Field(0, ge=0, le=5)
    metrics_token: SecretStr | None = None
    api_docs_enabled: bool | None = None
    health_details_public: bool | None = None

    # --- accounts and sessions ------------------------------------------------
    jwt_secret: SecretStr | None = None
    jwt_issuer: str = "casino-club"
    access_token_ttl_minutes: int = Field(30, ge=1, le=24 * 60)
    refresh_token_ttl_days: int = Field(14, ge=1, le=90)
    web_session_ttl_hours: int = Field(24, ge=1, le=24 * 30)
    web_session_rotation_grace_seconds: int = Field(30, ge=0, le=600)
    max_sessions_per_user: int = Field(5, ge=1, le=100)
    login_max_failures: int = Field(5, ge=1, le=100)
    login_failure_window_minutes: int = Field(10, ge=1, le=24 * 60)
    login_account_max_failures: int = Field(20, ge=1, le=10_000)
    login_rate_limit_per_ip_per_minute: int = Field(25, ge=1, le=100_000)
    login_rate_limit_global_per_minute: int = Field(600, ge=1, le=1_000_000)
    signup_rate_limit_per_hour: int = Field(10, ge=1)
    # ID/nickname availability checks and refused signups, per network (IPv4 address or IPv6 /64) and overall.
    signup_check_rate_limit_per_minute: int = Field(20, ge=1)
    signup_check_rate_limit_global_per_minute: int = Field(600, ge=1)
    argon2_time_cost: int = Field(3, ge=1, le=20)
    argon2_memory_kib: int = Field(65_536, ge=1024, le=4 * 1024 * 1024)
    argon2_parallelism: int = Field(2, ge=1, le=16)
    adult_age: int = Field(19, ge=1, le=30)
    age_verification_method: Literal["self_declared"] = "self_declared"

    # --- gold and daily progression (starter gold and the daily reward: the economy configuration) ---
    streak_protection_every_days: int = Field(7, ge=1, le=365)
    economy_inflation_alert_pct: float = Field(15.0, ge=0, le=1000)

    # --- games -----------------------------------------------------------------
    seed_encryption_key: SecretStr | None = None
    round_min_interval_ms: int = Field(1_000, ge=0, le=60_000)
    big_win_gold: int = Field(50_000, ge=1)
    # Crash: every backend process contends for the one round loop (a PostgreSQL advisory lock); off = never lead.
    crash_loop: bool = True
    crash_chain_length: int = Field(1_000_000, ge=1_000, le=10_000_000)  # a new leader hashes it once (~6 s at 10M)
    crash_tick_ms: int = Field(100, ge=20, le=1_000)

    # --- payments ----------------------------------------------------------------
    payment_provider: Literal["sandbox", "toss"] = "sandbox"
    payment_webhook_secrets: SecretStr | None = None
    payment_webhook_tolerance_seconds: int = Field(300, ge=30, le=3_600)
    payment_webhook_base_url: str = ""
    payment_webhook_delivery_attempts: int = Field(3, ge=1, le=10)
    toss_api_base: str = "https://api.tosspayments.com"
    toss_secret_key: SecretStr | None = None
    toss_client_key: str = ""
    toss_timeout_seconds: float = Field(10.0, gt=0, le=60)

    # --- shop --------------------------------------------------------------------
    receipt_signing_secret: SecretStr | None = None
    purchase_default_monthly_cap_krw: int = Field(500_000, ge=1_000, le=100_000_000)
    limited_hold_ttl_seconds: int = Field(120, ge=30, le=3_600)

    # --- player care -------------------------------------------------------------
    # Seconds in one minute of a reality-check interval: 60, always in production (the production guard refuses
    # anything else); the browser tests shorten it so a 15-minute check comes after 15 seconds.
    reality_check_minute_seconds: int = Field(60, ge=1, le=60)

    # --- email ---------------------------------------------------------------------
    # Unset SMTP_HOST = no delivery: every mail stays in the console's outbox with status ``local``.
    smtp_host: str | None = None
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    mail_from: str = Field("Casino-Club <no-reply@casino-club.local>", min_length=3, max_length=200)

    # --- web push ------------------------------------------------------------------
    # VAPID signing key (PEM, or the base64url raw 32-byte scalar); unset = generated once into DATA_DIR.
    vapid_private_key: SecretStr | None = None
    # The contact push services see (mailto: or https:); empty = PUBLIC_URL when it is https.
    vapid_subject: str = Field("", pattern=r"^$|^(mailto:[^@\s]+@[^@\s]+|https://\S+)$")

    # --- first admin and demo data ---------------------------------------------
    bootstrap_admin_site_id: str = Field("admin", pattern=r"^[a-z0-9_]{4,20}$")
    bootstrap_admin_password: SecretStr | None = None
    seed_demo_data: bool | None = None
    default_invite_code: str = Field("5858", pattern=r"^[A-Za-z0-9_-]{4,32}$")
    demo_user_password: SecretStr = SecretStr("casino-demo-1")
    demo_admin_site_id: str = Field("admin", pattern=r"^[a-z0-9_]{4,20}$")
    demo_admin_password: SecretStr = SecretStr("casino-admin-1")

    @field_validator(
        "database_url",
        "redis_url",
        "celery_broker_url",
        "kafka_bootstrap_servers",
        "kafka_consumer_instance_id",
        "olap_url",
        "bootstrap_admin_password",
        "metrics_token",
        "seed_encryption_key",
        "jwt_secret",
        "payment_webhook_secrets",
        "toss_secret_key",
        "receipt_signing_secret",
        "vapid_private_key",
        "smtp_host",
        "smtp_username",
        "smtp_password",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """Treat ``VAR=`` (empty) like an unset variable."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
            raise ValueError("must be a PostgreSQL URL (postgresql://…); there is no other database code path")
        return value

    @field_validator("olap_url")
    @classmethod
    def _olap_scheme(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(("chdb://", "http://", "https://")):
            raise ValueError("must be a ClickHouse URL (http[s]://…) or chdb:///folder")
        return value

    @field_validator("redis_url", "celery_broker_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be a redis:// or rediss:// URL")
        return value

    @field_validator("mail_from")
    @classmethod
    def _mail_from_address(cls, value: str) -> str:
        from email.utils import parseaddr

        address = parseaddr(value)[1]
        if "@" not in address or any(ch in value for ch in "\r\n"):
            raise ValueError("must be an address, e.g. 'Casino-Club <no-reply@example.com>'")
        return value

    @field_validator("business_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("vapid_private_key")
    @classmethod
    def _vapid_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            from casino_app.services.messaging.vapid import parse_private_key

            try:
                parse_private_key(value.get_secret_value())
            except ValueError:
                raise ValueError("must be an EC P-256 private key: PEM, or its raw 32 bytes in base64url") from None
        return value

    @model_validator(mode="after")
    def _production_refuses_defaults(self) -> Settings:
        if self.app_env != "production":
            return self
        from casino_app.core.production_guard import production_problems

        problems = production_problems(self)
        if problems:
            raise ValueError("APP_ENV=production refuses to start: " + "; ".join(problems))
        return self

    @model_validator(mode="after")
    def _production_needs_secrets(self) -> Settings:
        if self.jwt_secret is not None and len(self.jwt_secret.get_secret_value()) < 32:
            raise ValueError("JWT_SECRET must be at least 32 characters")
        if self.seed_encryption_key is not None:
            from cryptography.fernet import Fernet

            try:
                for key in fernet_keys(self.seed_encryption_key.get_secret_value()):
                    Fernet(key.encode())
            except ValueError:
                raise ValueError(
                    "SEED_ENCRYPTION_KEY must be one or more comma-separated Fernet keys "
                    "(32 url-safe base64-encoded bytes each)"
                ) from None
        return self

    # --- derived -------------------------------------------------------------
    @property
    def resolved_public_url(self) -> str:
        """The URL players open; defaults to localhost on the app port."""
        return self.public_url.rstrip("/") or f"http://localhost:{self.app_port}"

    @property
    def allowed_origins(self) -> list[str]:
        """Browser origins allowed to call the API and open the event websocket."""
        from urllib.parse import urlsplit

        public = self.resolved_public_url
        parts = urlsplit(public)
        origins = [public]
        if parts.hostname in {"localhost", "127.0.0.1"}:
            port = f":{parts.port}" if parts.port else ""
            origins = [f"{parts.scheme}://{host}{port}" for host in ("localhost", "127.0.0.1")]
        return origins

    @property
    def demo_data(self) -> bool:
        """Whether demo accounts are seeded: SEED_DEMO_DATA, else on outside production (never in production)."""
        return self.seed_demo_data if self.seed_demo_data is not None else self.app_env != "production"

    @property
    def docs_enabled(self) -> bool:
        """Whether /api/docs and /api/openapi.json are served (off in production unless API_DOCS_ENABLED)."""
        return self.api_docs_enabled if self.api_docs_enabled is not None else self.app_env != "production"

    @property
    def health_details(self) -> bool:
        """Whether anonymous /api/health callers see the detailed report (off in production by default)."""
        return self.health_details_public if self.health_details_public is not None else self.app_env != "production"

    @property
    def webhook_base_url(self) -> str:
        """Where providers (and the sandbox) deliver webhooks: PAYMENT_WEBHOOK_BASE_URL, else this backend."""
        return self.payment_webhook_base_url.rstrip("/") or f"http://127.0.0.1:{self.app_port}"

    @property
    def broker_url(self) -> str | None:
        """The Celery broker: explicit, else Redis, else None (in-process jobs)."""
        return self.celery_broker_url or self.redis_url

    def absolute(self, path: Path) -> Path:
        """Resolve a settings path relative to the project root."""
        return path if path.is_absolute() else PROJECT_ROOT / path


def fernet_keys(value: str) -> list[str]:
    """The keys of a comma-separated key list (SEED_ENCRYPTION_KEY: newest first); ``ValueError`` if none."""
    keys = [part.strip() for part in value.split(",") if part.strip()]
    if not keys:
        raise ValueError("no key")
    return keys


_SECRET_HINTS = ("url", "secret", "password", "token", "key")


def _format_errors(error: ValidationError) -> str:
    lines = ["Invalid configuration — fix these environment variables:"]
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"]).upper()
        if not name:  # a cross-field rule; its message names the variables
            lines.append(f"  {item['msg']}")
            continue
        shown = "<hidden>" if any(hint in name.lower() for hint in _SECRET_HINTS) else repr(item.get("input"))
        lines.append(f"  {name}: {item['msg']} (got {shown})")
    return "\n".join(lines)


def load_settings(**overrides: object) -> Settings:
    """Build and validate settings from the environment (plus overrides).

    Raises ``ConfigError`` (a ``SystemExit``) naming every bad variable.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc)) from None


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, validated once."""
    return load_settings()
