"""Profile changes and age verification (Korean youth-protection rule)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from casino_app.core import clock
from casino_app.core.errors import Forbidden, ValidationFailed
from casino_app.services.accounts import age, users
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


async def test_a_minors_date_is_confirmed_before_it_is_recorded() -> None:
    # 2026-06-01 in Seoul: born 2012-05-05 is 14 (the birthday has passed), born 2012-12-31 is 13.
    with clock.use_clock(clock.FrozenClock(datetime(2026, 6, 1, 3, 0, tzinfo=UTC))):
        pair = new_player()  # its token is issued on the same clock
        async with api_client() as client:
            headers = bearer(pair.access_token)
            ask = await client.post("/api/users/verify-age", headers=headers, json={"birth_date": "2012-05-05"})
            error = assert_envelope(ask, 409, "AGE_CONFIRM_MINOR")
            assert error["details"]["age"] == 14
            assert error["message"] == "입력한 생년월일로는 만 14세입니다. 미성년자로 기록하려면 날짜를 확인해 주세요."
            ask = await client.post("/api/users/verify-age", headers=headers, json={"birth_date": "2012-12-31"})
            assert assert_envelope(ask, 409, "AGE_CONFIRM_MINOR")["details"]["age"] == 13
            # Nothing was recorded: the corrected date verifies the account.
            fixed = await client.post("/api/users/verify-age", headers=headers, json={"birth_date": "1990-05-05"})
            assert fixed.status_code == 200, fixed.text
            assert fixed.json()["age_verified"] is True


async def test_minor_is_refused_and_cannot_simply_declare_again() -> None:
    pair = new_player()
    async with api_client() as client:
        minor = await client.post(
            "/api/users/verify-age",
            headers=bearer(pair.access_token),
            json={"birth_date": "2015-01-01", "minor_confirmed": True},
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
        age.verify(other.user.id, date(2007, 12, 31), minor_confirmed=True)


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


@pytest.mark.parametrize(
    ("birth", "today", "years", "adult", "adult_from"),
    [
        (date(2012, 5, 5), date(2026, 11, 28), 14, False, date(2031, 1, 1)),
        (date(2012, 5, 5), date(2026, 5, 4), 13, False, date(2031, 1, 1)),  # the day before the birthday
        (date(2007, 12, 31), date(2026, 6, 1), 18, True, date(2026, 1, 1)),  # adult by the year rule at 18
        (date(1990, 5, 5), date(2026, 5, 5), 36, True, date(2009, 1, 1)),  # on the birthday itself
        (date(2008, 2, 29), date(2027, 2, 28), 18, True, date(2027, 1, 1)),  # leap day: the birthday is 1 March
    ],
)
def test_assess_gives_the_age_in_full_years_and_the_rule(
    birth: date, today: date, years: int, adult: bool, adult_from: date
) -> None:
    check = age.assess(birth, today)
    assert (check.age, check.adult, check.adult_from) == (years, adult, adult_from)


def test_assess_refuses_impossible_dates() -> None:
    for birth in (date(2026, 11, 29), date(1899, 12, 31)):
        with pytest.raises(ValidationFailed, match="BIRTH_DATE_INVALID"):
            age.assess(birth, date(2026, 11, 28))


async def test_a_blank_nickname_is_an_error_not_a_save() -> None:
    pair = new_player(nickname="빈칸검사")
    async with api_client() as client:
        headers = bearer(pair.access_token)
        blank = await client.patch("/api/users/me", headers=headers, json={"nickname": "  "})
        fields = assert_envelope(blank, 422, "VALIDATION_ERROR")["details"]["fields"]
        assert [(f["field"], f["type"]) for f in fields] == [("nickname", "REQUIRED")]
    with pytest.raises(ValidationFailed) as refused:
        users.update_profile(pair.user.id, nickname="   ", avatar="neon-dog")
    assert refused.value.details["fields"] == [{"field": "nickname", "code": "REQUIRED"}]
    assert users.get_profile(pair.user.id).nickname == "빈칸검사"
