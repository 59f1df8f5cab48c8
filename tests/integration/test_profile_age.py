"""Profile changes and age verification (Korean youth-protection rule)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from casino_app.core import clock
from casino_app.core.errors import Forbidden
from casino_app.services.accounts import age
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio

NEW_YEAR_2026_KST = datetime(2025, 12, 31, 15, 0, tzinfo=UTC)  # 2026-01-01 00:00 in Seoul


async def test_adult_self_declaration_is_recorded_with_its_method() -> None:
    pair = new_player()
    async with api_client() as client:
        response = await client.post(
            "/api/users/verify-age", headers=bearer(pair.access_token), json={"birth_date": "1990-05-01"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["age_verified"] is True
        assert response.json()["method"] == "self_declared"
        assert (await client.get("/api/auth/me", headers=bearer(pair.access_token))).json()["age_verified"] is True


async def test_minor_is_refused_and_cannot_simply_declare_again() -> None:
    pair = new_player()
    async with api_client() as client:
        minor = await client.post(
            "/api/users/verify-age", headers=bearer(pair.access_token), json={"birth_date": "2015-01-01"}
        )
        assert assert_envelope(minor, 403, "UNDERAGE")["message"] == "만 19세 이상만 이용할 수 있습니다."
        retry = await client.post(
            "/api/users/verify-age", headers=bearer(pair.access_token), json={"birth_date": "1980-01-01"}
        )
        assert_envelope(retry, 403, "AGE_VERIFICATION_LOCKED")
        bad = await client.post(
            "/api/users/verify-age", headers=bearer(pair.access_token), json={"birth_date": "3000-01-01"}
        )
        assert_envelope(bad, 422, "BIRTH_DATE_INVALID")
        garbage = await client.post(
            "/api/users/verify-age", headers=bearer(pair.access_token), json={"birth_date": "yesterday"}
        )
        assert_envelope(garbage, 422, "VALIDATION_ERROR")


@pytest.mark.parametrize(
    ("birth", "adult"),
    [
        (date(2007, 12, 31), True),  # turns 19 during 2026: adult from 1 January
        (date(2007, 1, 1), True),
        (date(2008, 1, 1), False),  # turns 19 only in 2027
        (date(1950, 6, 15), True),
    ],
)
def test_youth_protection_year_rule(birth: date, adult: bool) -> None:
    assert age.is_korean_adult(birth, date(2026, 1, 1)) is adult


def test_the_rule_uses_the_korean_calendar_day(database_url: str) -> None:
    pair = new_player()
    # At 2025-12-31 16:00 UTC it is already 2026 in Seoul, so a 2007 birth year is adult.
    with clock.use_clock(clock.FrozenClock(NEW_YEAR_2026_KST.replace(hour=16))):
        assert age.verify(pair.user.id, date(2007, 12, 31)).age_verified
    other = new_player()
    with clock.use_clock(clock.FrozenClock(NEW_YEAR_2026_KST.replace(hour=14))), pytest.raises(Forbidden):
        age.verify(other.user.id, date(2007, 12, 31))


async def test_profile_update_rules() -> None:
    pair = new_player(nickname="원래이름")
    new_player(nickname="남의이름")
    async with api_client() as client:
        headers = bearer(pair.access_token)
        ok = await client.patch(
            "/api/users/me", headers=headers, json={"avatar": "neon-dog", "locale": "en", "sound_enabled": False}
        )
        assert ok.status_code == 200, ok.text
        assert (ok.json()["avatar"], ok.json()["locale"], ok.json()["sound_enabled"]) == ("neon-dog", "en", False)
        assert_envelope(
            await client.patch("/api/users/me", headers=headers, json={"nickname": "남의이름"}), 409, "NICKNAME_TAKEN"
        )
        assert_envelope(await client.patch("/api/users/me", headers=headers, json={"avatar": "dragon"}), 422)
        assert_envelope(await client.patch("/api/users/me", headers=headers, json={"rank": "VIP"}), 422)
        assert_envelope(await client.patch("/api/users/me", headers=headers, json={"locale": "jp"}), 422)
        assert (await client.get("/api/users/profile", headers=headers)).json()["rank"] == "STANDARD"
