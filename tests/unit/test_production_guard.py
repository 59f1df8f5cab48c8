"""APP_ENV=production refuses demo data, demo or default passwords and missing secrets; nothing prints a password."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

from casino_app.settings import PROJECT_ROOT, ConfigError, load_settings

STRONG = {
    "APP_ENV": "production",
    "JWT_SECRET": "f7Q2m9XkLp4Rt8Wz1Nb6Hc3Vd5Yg0Js2Ka7Ue9",
    "SEED_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    "DATABASE_URL": "postgresql://casino:Zr8-long-random-db-pass@db:5432/casino",
    "PUBLIC_URL": "https://casino.example",
    "SEED_DEMO_DATA": "false",
    "PAYMENT_PROVIDER": "toss",
    "PAYMENT_WEBHOOK_SECRETS": "Wq8-vN3xLm7Rb2Tz5Kc9Hd4Yf6Gj1Ps0Ua,Zr5-Mn8Bv2Cx7Lk4Jh9Gf3Ds6Aq1Wp0Eo",
    "TOSS_SECRET_KEY": "live_sk_9Xq2Lm5Rt8Wz1Nb6Hc3Vd5Yg0Js2Ka7",
    "TOSS_CLIENT_KEY": "live_ck_4Hd8Ws2Qx7Lp1Mz5",
    "RECEIPT_SIGNING_SECRET": "Rc7-Kp2Xw9Lm4Nq8Tz1Vb6Hd3Yf5Gj0Sa",
    "VAPID_PRIVATE_KEY": "yBTtbIxQ5Kc2a4lWbLUzHn3pZfjc6JgsVdXc6y1M2kA",
    "OLAP_URL": "http://casino:Ch7-long-random-olap-pass@clickhouse:8123/cc_olap",
}


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name, value in STRONG.items():
        monkeypatch.setenv(name, value)
    for name in ("BOOTSTRAP_ADMIN_PASSWORD", "METRICS_TOKEN", "REDIS_URL", "CELERY_BROKER_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_production_configuration_with_real_secrets_starts(production: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.app_env == "production"
    assert settings.demo_data is False
    assert settings.docs_enabled is False
    assert settings.health_details is False


def test_blank_optional_secrets_mean_unset(production: pytest.MonkeyPatch) -> None:
    production.setenv("BOOTSTRAP_ADMIN_PASSWORD", "")  # compose passes an empty value after the first run
    production.setenv("METRICS_TOKEN", "")
    settings = load_settings()
    assert settings.bootstrap_admin_password is None
    assert settings.metrics_token is None


def test_demo_data_is_off_by_default_in_production(production: pytest.MonkeyPatch) -> None:
    production.delenv("SEED_DEMO_DATA")
    assert load_settings().demo_data is False


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("SEED_DEMO_DATA", "true", "SEED_DEMO_DATA"),
        ("BOOTSTRAP_ADMIN_PASSWORD", "casino-admin-1", "BOOTSTRAP_ADMIN_PASSWORD"),
        ("BOOTSTRAP_ADMIN_PASSWORD", "short-pass", "BOOTSTRAP_ADMIN_PASSWORD"),
        ("DATABASE_URL", "postgresql://casino:casino@db:5432/casino", "DATABASE_URL"),
        ("DATABASE_URL", "postgresql://postgres:postgres@db/casino", "DATABASE_URL"),
        ("REDIS_URL", "redis://:password@redis:6379/0", "REDIS_URL"),
        ("REDIS_URL", "redis://redis:6379/0", "REDIS_URL"),
        ("CELERY_BROKER_URL", "redis://:changeme@redis:6379/1", "CELERY_BROKER_URL"),
        ("JWT_SECRET", "change-me-to-a-long-random-string-of-32+-chars", "JWT_SECRET"),
        ("JWT_SECRET", "a" * 40, "JWT_SECRET"),
        ("METRICS_TOKEN", "changeme", "METRICS_TOKEN"),
        ("PUBLIC_URL", "http://casino.example", "PUBLIC_URL"),
        ("PAYMENT_PROVIDER", "sandbox", "PAYMENT_PROVIDER"),
        ("PAYMENT_WEBHOOK_SECRETS", "", "PAYMENT_WEBHOOK_SECRETS"),
        ("PAYMENT_WEBHOOK_SECRETS", "Wq8-vN3xLm7Rb2Tz5Kc9Hd4Yf6Gj1Ps0Ua,changeme", "PAYMENT_WEBHOOK_SECRETS"),
        ("TOSS_SECRET_KEY", "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R", "TOSS_SECRET_KEY"),
        ("TOSS_CLIENT_KEY", "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq", "TOSS_CLIENT_KEY"),
        ("RECEIPT_SIGNING_SECRET", "", "RECEIPT_SIGNING_SECRET"),
        ("RECEIPT_SIGNING_SECRET", "change-me-to-a-long-random-string-of-32+-chars", "RECEIPT_SIGNING_SECRET"),
        ("OLAP_URL", "", "OLAP_URL"),
        ("OLAP_URL", "chdb:///var/lib/cc/olap", "OLAP_URL"),
        ("OLAP_URL", "http://casino:changeme@clickhouse:8123/cc_olap", "OLAP_URL"),
    ],
)
def test_production_refuses_demo_data_and_default_or_weak_secrets(
    production: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    production.setenv(variable, value)
    with pytest.raises(ConfigError) as excinfo:
        load_settings()
    message = str(excinfo.value)
    assert named in message
    assert value not in message or len(value) < 6  # the refused secret itself is never echoed


def test_production_lists_every_problem_at_once(production: pytest.MonkeyPatch) -> None:
    production.setenv("SEED_DEMO_DATA", "true")
    production.delenv("SEED_ENCRYPTION_KEY")
    production.delenv("DATABASE_URL")
    with pytest.raises(ConfigError) as excinfo:
        load_settings()
    for name in ("SEED_DEMO_DATA", "SEED_ENCRYPTION_KEY", "DATABASE_URL"):
        assert name in str(excinfo.value)


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casino_app.cli", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_start_is_refused_with_demo_passwords_seeded() -> None:
    result = _cli("check", **{**STRONG, "SEED_DEMO_DATA": "true"})
    assert result.returncode != 0
    assert "SEED_DEMO_DATA" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_start_banner_never_prints_a_password() -> None:
    result = _cli("banner", APP_ENV="development", SEED_DEMO_DATA="true")
    assert result.returncode == 0, result.stderr
    assert "user001" in result.stdout  # the demo site IDs are shown ...
    for password in ("casino-admin-1", "casino-demo-1"):  # ... their passwords never
        assert password not in result.stdout + result.stderr
