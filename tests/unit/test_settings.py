"""Settings: documented defaults, validation, and fail-fast start-up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casino_app.settings import PROJECT_ROOT, ConfigError, Settings, load_settings

ENV_EXAMPLE = PROJECT_ROOT / ".env.example"
_LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def _documented() -> dict[str, tuple[bool, str]]:
    entries: dict[str, tuple[bool, str]] = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line.strip())
        if match:
            name = match.group(2)
            assert name not in entries, f"{name} documented twice in .env.example"
            entries[name] = (match.group(1) is None, match.group(3))
    return entries


def test_every_setting_is_documented_in_env_example() -> None:
    documented = _documented()
    fields = {name.upper() for name in Settings.model_fields}
    assert fields - set(documented) == set(), "settings missing from .env.example"
    assert set(documented) - fields == set(), ".env.example documents unknown variables"


def test_env_example_values_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    for name, (active, value) in _documented().items():
        field = name.lower()
        if active:
            parsed = Settings(_env_file=None, **{field: value} if value else {})  # type: ignore[arg-type]
            assert getattr(parsed, field) == getattr(defaults, field), f"{name}: .env.example differs from default"
        else:
            assert getattr(defaults, field) is None, f"{name} is commented out but has a default"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DB_POOL_SIZE", "many"),
        ("APP_PORT", "70000"),
        ("APP_ENV", "staging"),
        ("DATABASE_URL", "mysql://root@localhost/casino"),
        ("REDIS_URL", "http://localhost"),
        ("BUSINESS_TIMEZONE", "Mars/Olympus"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as excinfo:
        load_settings()
    assert variable in str(excinfo.value)


def test_secret_values_are_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root:hunter2@db/casino")
    with pytest.raises(ConfigError) as excinfo:
        load_settings()
    assert "hunter2" not in str(excinfo.value)


def test_blank_optional_urls_mean_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "")
    monkeypatch.setenv("DATABASE_URL", " ")
    settings = load_settings()
    assert settings.redis_url is None
    assert settings.database_url is None
    assert settings.broker_url is None


def test_start_up_stops_on_bad_value(tmp_path: Path) -> None:
    env = {**os.environ, "DB_POOL_SIZE": "lots"}
    result = subprocess.run(
        [sys.executable, "-m", "casino_app.cli", "check"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DB_POOL_SIZE" in result.stderr
    assert "Traceback" not in result.stderr
