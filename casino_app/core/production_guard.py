"""What a production start refuses: demo data, demo or default passwords, missing or example secrets.

``production_problems`` lists every problem at once (the settings validator
turns a non-empty list into a start-up error), so an operator fixes them in one
pass. Known defaults are the values this repository ships or documents
(``.env.example``, README, compose) plus the usual suspects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from casino_app.settings import Settings

# Every password or secret this repository ships, documents or has shipped, and the classic defaults.
KNOWN_DEFAULT_PASSWORDS = frozenset(
    {
        "",
        "admin",
        "administrator",
        "casino",
        "casino-admin-1",
        "casino-demo-1",
        "changeme",
        "change-me",
        "password",
        "postgres",
        "root",
        "secret",
        "test",
        "change-me-to-a-long-random-string-of-32+-chars",
    }
)
MIN_ADMIN_PASSWORD_LENGTH = 12
MIN_SECRET_LENGTH = 32
MIN_SECRET_DISTINCT_CHARS = 10


def is_default_password(value: str) -> bool:
    """Whether ``value`` is a shipped, documented or classic default (case-insensitive)."""
    return value.strip().lower() in KNOWN_DEFAULT_PASSWORDS


def _weak_secret(value: str) -> bool:
    return (
        len(value) < MIN_SECRET_LENGTH
        or len(set(value)) < MIN_SECRET_DISTINCT_CHARS
        or is_default_password(value)
        or "change-me" in value.lower()
    )


def _url_password(url: str | None) -> str | None:
    if not url:
        return None
    try:
        password = urlsplit(url).password
    except ValueError:
        return None
    return unquote(password) if password is not None else None


def production_problems(settings: Settings) -> list[str]:
    """Every reason ``settings`` must not run as production (empty when it may)."""
    problems: list[str] = []
    jwt = settings.jwt_secret.get_secret_value() if settings.jwt_secret else ""
    if _weak_secret(jwt):
        problems.append(
            f"JWT_SECRET must be a random value of at least {MIN_SECRET_LENGTH} characters (not the example)"
        )
    if settings.seed_encryption_key is None:
        problems.append("SEED_ENCRYPTION_KEY must be set")
    if settings.reality_check_minute_seconds != 60:
        problems.append("REALITY_CHECK_MINUTE_SECONDS must be 60 (a shorter one is for browser tests only)")
    if settings.demo_data:
        problems.append("SEED_DEMO_DATA must be false (demo accounts have published passwords)")
    admin = settings.bootstrap_admin_password
    if admin is not None:
        value = admin.get_secret_value()
        if len(value) < MIN_ADMIN_PASSWORD_LENGTH or is_default_password(value):
            problems.append(
                f"BOOTSTRAP_ADMIN_PASSWORD must be at least {MIN_ADMIN_PASSWORD_LENGTH} characters and not a default"
            )
    for name, url in (
        ("DATABASE_URL", settings.database_url),
        ("REDIS_URL", settings.redis_url),
        ("CELERY_BROKER_URL", settings.celery_broker_url),
    ):
        password = _url_password(url)
        if password is not None and is_default_password(password):
            problems.append(f"{name} uses a default password")
        elif name != "DATABASE_URL" and url and password is None and not url.startswith("unix://"):
            problems.append(f"{name} must carry a password (Redis holds sessions' state and the job queue)")
    if settings.database_url is None:
        problems.append("DATABASE_URL must be set (the embedded PostgreSQL is for development)")
    olap = settings.olap_url.get_secret_value() if settings.olap_url else ""
    if not olap.startswith(("http://", "https://")):
        problems.append(
            "OLAP_URL must point at a ClickHouse server (chdb opens its folder in one process only: development)"
        )
    elif (password := _url_password(olap)) is not None and is_default_password(password):
        problems.append("OLAP_URL uses a default password")
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    if token is not None and _weak_secret(token):
        problems.append(f"METRICS_TOKEN must be a random value of at least {MIN_SECRET_LENGTH} characters")
    problems.extend(_payment_problems(settings))
    receipt = settings.receipt_signing_secret.get_secret_value() if settings.receipt_signing_secret else ""
    if _weak_secret(receipt):
        problems.append(f"RECEIPT_SIGNING_SECRET must be a random value of at least {MIN_SECRET_LENGTH} characters")
    if settings.vapid_private_key is None:
        problems.append(
            "VAPID_PRIVATE_KEY must be set (every process signs web pushes with the one key the browsers subscribed to)"
        )
    if not settings.public_url.startswith("https://"):
        problems.append("PUBLIC_URL must be an https:// address (session cookies are Secure, HSTS at the proxy)")
    return problems


def _payment_problems(settings: Settings) -> list[str]:
    """Payments: a real provider with a live key, and strong webhook secrets (none of them an example)."""
    problems: list[str] = []
    if settings.payment_provider == "sandbox":
        problems.append("PAYMENT_PROVIDER must name a real provider (the embedded test gateway takes no money)")
    secrets = settings.payment_webhook_secrets.get_secret_value() if settings.payment_webhook_secrets else ""
    parts = [part.strip() for part in secrets.split(",") if part.strip()]
    if not parts or any(_weak_secret(part) for part in parts):
        problems.append(
            f"PAYMENT_WEBHOOK_SECRETS must list random secrets of at least {MIN_SECRET_LENGTH} characters each"
        )
    if settings.payment_provider == "toss":
        key = settings.toss_secret_key.get_secret_value() if settings.toss_secret_key else ""
        if _weak_secret(key) or not key.startswith("live_"):
            problems.append("TOSS_SECRET_KEY must be the live secret key (live_sk_…), not a test or example key")
        if not settings.toss_client_key.startswith("live_"):
            problems.append("TOSS_CLIENT_KEY must be the live client key (live_ck_…)")
    return problems
