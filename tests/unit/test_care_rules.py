"""Player care's published choices are the same everywhere they are written."""

from __future__ import annotations

from typing import get_args

from casino_app.api.routes import care as care_routes
from casino_app.core import production_guard
from casino_app.services.care import exclusions, settings
from casino_app.settings import Settings


def test_the_api_offers_exactly_the_services_intervals_and_breaks() -> None:
    assert get_args(care_routes.IntervalIn.model_fields["minutes"].annotation) == settings.INTERVALS
    assert get_args(care_routes.CoolOffIn.model_fields["period"].annotation) == tuple(exclusions.COOL_OFF)
    assert get_args(care_routes.SelfExclusionIn.model_fields["period"].annotation) == tuple(exclusions.SELF_EXCLUSION)


def test_a_flagged_player_never_waits_longer_than_15_minutes() -> None:
    assert [settings.effective_interval(m, flagged=True) for m in settings.INTERVALS] == [15, 15, 15]
    assert [settings.effective_interval(m, flagged=False) for m in settings.INTERVALS] == [15, 30, 60]
    assert settings.effective_interval(None, flagged=False) == settings.DEFAULT_INTERVAL


def test_production_refuses_a_short_reality_check_minute() -> None:
    short = Settings(reality_check_minute_seconds=2, _env_file=None)  # type: ignore[call-arg]
    assert any("REALITY_CHECK_MINUTE_SECONDS" in p for p in production_guard.production_problems(short))
    normal = Settings(_env_file=None)  # type: ignore[call-arg]
    assert not any("REALITY_CHECK_MINUTE_SECONDS" in p for p in production_guard.production_problems(normal))
