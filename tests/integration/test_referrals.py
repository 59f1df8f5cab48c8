"""Referrals: personal codes admit like invite codes (with a cap), and the referrer's reward at level 5 —
once per referee, even concurrently, within a monthly cap counted in KST months."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.core.errors import AppError, Conflict, ValidationFailed
from casino_app.models.accounts import XP_PER_LEVEL
from casino_app.services import ledger, progression
from casino_app.services.accounts import invites, sessions, users
from casino_app.services.games import slot
from casino_app.services.referrals import codes, rewards, rules
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio
_n = itertools.count(1)


def _join(code: str) -> sessions.TokenPair:
    n = next(_n)
    data = users.SignupInput(f"refd{n:05d}", f"추천{n:05d}", PASSWORD, code)
    return users.signup(data, sessions.ClientInfo(ip="10.0.0.2", user_agent="pytest"))


def _to_level(user_id: int, level: int) -> None:
    """Grant the XP the player lacks for ``level`` (a real grant: it records ``level_reached``)."""
    with session_scope() as db:
        missing = (level - 1) * XP_PER_LEVEL - _xp(user_id)
        progression.add_xp(db, user_id, max(0, missing), "test")


def _xp(user_id: int) -> int:
    with get_engine().connect() as conn:
        return int(conn.execute(sa.text("SELECT xp FROM users WHERE id = :u"), {"u": user_id}).scalar_one())


def _referral(referee_id: int) -> sa.Row:
    with get_engine().connect() as conn:
        return conn.execute(
            sa.text(
                "SELECT referrer_id, code, qualified_at, rewarded_at, reward_transfer_id FROM referrals "
                "WHERE referee_id = :u"
            ),
            {"u": referee_id},
        ).one()


def _reward_transfers(referrer_id: int) -> int:
    with get_engine().connect() as conn:
        return int(
            conn.execute(
                sa.text(
                    "SELECT count(*) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id "
                    "WHERE a.code = :a AND e.kind = 'REFERRAL_REWARD'"
                ),
                {"a": ledger.user_account(referrer_id)},
            ).scalar_one()
        )


def _notes(user_id: int, kind: str) -> list[dict]:
    with get_engine().connect() as conn:
        return [
            dict(p)
            for p in conn.execute(
                sa.text("SELECT params FROM notifications WHERE user_id = :u AND kind = :k ORDER BY id"),
                {"u": user_id, "k": kind},
            ).scalars()
        ]


def _assert_ledger_balanced() -> None:
    check = ledger.reconcile()
    assert set(check.sums.values()) == {0}
    assert (check.mismatched_accounts, check.unbalanced_transfers) == (0, 0)


# --- codes and signup -------------------------------------------------------------------------------


async def test_my_code_is_made_once_and_shared_as_a_signup_link() -> None:
    me = new_player()
    async with api_client() as client:
        first = await client.get("/api/referrals/me", headers=bearer(me.access_token))
        again = await client.get("/api/referrals/me", headers=bearer(me.access_token))
        assert_envelope(await client.get("/api/referrals/me"), 401)
    body = first.json()
    assert first.status_code == 200
    assert again.json() == body
    code = body["code"]
    assert len(code) == rules.CODE_LENGTH
    assert set(code) <= set(rules.CODE_ALPHABET)
    assert not set(code) & set("01IO")
    assert body["link"].endswith(f"/signup?ref={code}")
    assert body | {"code": "", "link": ""} == {
        "code": "",
        "link": "",
        "invited": 0,
        "rewarded": 0,
        "rewards_this_month": 0,
        "cap": rules.MONTHLY_REWARD_CAP,
        "reward_gold": rules.REWARD_GOLD,
        "reward_level": rules.REWARD_LEVEL,
    }


async def test_staff_have_no_code() -> None:
    staff = new_staff("operator")
    with pytest.raises(AppError):
        codes.personal_code(staff)


async def test_a_personal_code_works_as_an_invite_code_and_records_the_referral() -> None:
    referrer = new_player()
    code = codes.personal_code(referrer.user.id)
    check = invites.check(code.lower())
    assert (check.is_valid, check.remaining_uses) == (True, rules.MAX_SIGNUPS_PER_CODE)
    async with api_client() as client:
        response = await client.post(
            "/api/auth/signup",
            json={"site_id": "refereeapi", "nickname": "추천받음", "password": PASSWORD, "invite_code": code.lower()},
        )
        unknown = await client.post(
            "/api/auth/signup",
            json={"site_id": "nobody01", "nickname": "없음", "password": PASSWORD, "invite_code": "ZZZZ9999"},
        )
    assert response.status_code == 201, response.text
    referee_id = response.json()["user"]["id"]
    row = _referral(referee_id)
    assert (row.referrer_id, row.code, row.qualified_at, row.rewarded_at) == (referrer.user.id, code, None, None)
    with get_engine().connect() as conn:
        invite_id = conn.execute(sa.text("SELECT invite_code_id FROM users WHERE id = :u"), {"u": referee_id})
        assert invite_id.scalar_one() is None
    assert ledger.balance_of(referee_id) == ledger.balance_of(referrer.user.id)  # the same welcome grant, no extra
    assert_envelope(unknown, 422, "INVITE_UNKNOWN")
    assert invites.check(code).remaining_uses == rules.MAX_SIGNUPS_PER_CODE - 1
    summary = rewards.summary(referrer.user.id)
    assert (summary.invited, summary.rewarded) == (1, 0)


def test_a_code_admits_at_most_its_cap_even_concurrently(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "MAX_SIGNUPS_PER_CODE", 3)
    referrer = new_player()
    code = codes.personal_code(referrer.user.id)

    def attempt(_: int) -> str:
        try:
            _join(code)
        except ValidationFailed as exc:
            return exc.error_code
        return "ok"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = sorted(pool.map(attempt, range(8)))
    assert outcomes == ["INVITE_EXHAUSTED"] * 5 + ["ok"] * 3
    assert rewards.summary(referrer.user.id).invited == 3
    assert (invites.check(code).is_valid, invites.check(code).error_code) == (False, "INVITE_EXHAUSTED")


def test_a_deactivated_players_code_admits_nobody() -> None:
    referrer = new_player()
    code = codes.personal_code(referrer.user.id)
    with get_engine().begin() as conn:
        conn.execute(sa.text("UPDATE users SET is_active = false WHERE id = :u"), {"u": referrer.user.id})
    with pytest.raises(ValidationFailed) as caught:
        _join(code)
    assert caught.value.error_code == "INVITE_INACTIVE"
    assert invites.check(code).error_code == "INVITE_INACTIVE"


def test_staff_cannot_take_a_personal_code_as_an_invite() -> None:
    referrer = new_player()
    code = codes.personal_code(referrer.user.id)
    staff = new_staff("admin")
    with pytest.raises(Conflict):
        invites.create(actor_id=staff, code=code)


def test_a_staff_invite_still_admits_without_a_referral() -> None:
    pair = new_player()  # signs up with the default staff invite
    with get_engine().connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM referrals")).scalar_one() == 0
    assert pair.user.id


# --- the referrer's reward ---------------------------------------------------------------------------


def test_the_referrer_is_rewarded_once_when_the_referee_reaches_level_5() -> None:
    referrer = new_player()
    referee = _join(codes.personal_code(referrer.user.id))
    before = ledger.balance_of(referrer.user.id)
    _to_level(referee.user.id, rules.REWARD_LEVEL - 1)
    assert ledger.balance_of(referrer.user.id) == before
    assert _referral(referee.user.id).qualified_at is None
    _to_level(referee.user.id, rules.REWARD_LEVEL)
    assert ledger.balance_of(referrer.user.id) == before + rules.REWARD_GOLD
    row = _referral(referee.user.id)
    assert row.rewarded_at is not None
    assert row.reward_transfer_id is not None
    _to_level(referee.user.id, rules.REWARD_LEVEL + 3)  # later levels pay nothing more
    assert ledger.balance_of(referrer.user.id) == before + rules.REWARD_GOLD
    assert _notes(referrer.user.id, "referral_rewarded") == [
        {"nickname": referee.user.nickname, "amount": rules.REWARD_GOLD, "level": rules.REWARD_LEVEL}
    ]
    summary = rewards.summary(referrer.user.id)
    assert (summary.invited, summary.rewarded, summary.rewards_this_month) == (1, 1, 1)
    _assert_ledger_balanced()


def test_concurrent_level_ups_reward_exactly_once() -> None:
    referrer = new_player()
    referee = _join(codes.personal_code(referrer.user.id))
    before = ledger.balance_of(referrer.user.id)

    def grant(_: int) -> None:
        with session_scope() as db:
            progression.add_xp(db, referee.user.id, rules.REWARD_LEVEL * XP_PER_LEVEL, "test")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(grant, range(8)))
    assert ledger.balance_of(referrer.user.id) == before + rules.REWARD_GOLD
    assert _reward_transfers(referrer.user.id) == 1
    assert len(_notes(referrer.user.id, "referral_rewarded")) == 1
    _assert_ledger_balanced()


def test_a_round_that_reaches_level_5_rewards_the_referrer() -> None:
    referrer = new_player()
    referee = _join(codes.personal_code(referrer.user.id))
    with get_engine().begin() as conn:  # one XP short of level 5
        conn.execute(
            sa.text("UPDATE users SET xp = :xp WHERE id = :u"),
            {"xp": (rules.REWARD_LEVEL - 1) * XP_PER_LEVEL - 1, "u": referee.user.id},
        )
    before = ledger.balance_of(referrer.user.id)
    result = slot.spin(referee.user.id, 100, "level-5-spin")
    assert result.xp_gained > 0
    assert result.level == rules.REWARD_LEVEL
    assert ledger.balance_of(referrer.user.id) == before + rules.REWARD_GOLD
    _assert_ledger_balanced()


def test_a_referee_who_never_reaches_level_5_earns_nothing() -> None:
    referrer = new_player()
    referee = _join(codes.personal_code(referrer.user.id))
    before = ledger.balance_of(referrer.user.id)
    _to_level(referee.user.id, rules.REWARD_LEVEL - 1)
    with session_scope() as db:
        progression.add_xp(db, referee.user.id, XP_PER_LEVEL - 1, "test")  # one XP short
    assert ledger.balance_of(referrer.user.id) == before
    row = _referral(referee.user.id)
    assert (row.qualified_at, row.rewarded_at) == (None, None)
    assert rewards.summary(referrer.user.id).rewarded == 0


def test_an_unreferred_player_reaching_level_5_pays_no_one() -> None:
    pair = new_player()
    _to_level(pair.user.id, rules.REWARD_LEVEL + 1)
    with get_engine().connect() as conn:
        assert (
            conn.execute(sa.text("SELECT count(*) FROM ledger_transfers WHERE kind = 'REFERRAL_REWARD'")).scalar_one()
            == 0
        )


def test_the_monthly_cap_counts_kst_months(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "MONTHLY_REWARD_CAP", 2)
    kst_midnight = datetime(2026, 1, 31, 15, 0, tzinfo=UTC)  # 2026-02-01 00:00 in Seoul
    frozen = clock.FrozenClock(kst_midnight - timedelta(seconds=1))  # 2026-01-31 23:59:59 KST
    with clock.use_clock(frozen):
        referrer = new_player()
        code = codes.personal_code(referrer.user.id)
        referees = [_join(code) for _ in range(4)]
        start = ledger.balance_of(referrer.user.id)
        for referee in referees[:3]:
            _to_level(referee.user.id, rules.REWARD_LEVEL)
        assert ledger.balance_of(referrer.user.id) == start + 2 * rules.REWARD_GOLD
        capped = _referral(referees[2].user.id)
        assert capped.qualified_at is not None
        assert capped.rewarded_at is None
        assert rewards.summary(referrer.user.id).rewards_this_month == 2

        frozen.advance(timedelta(seconds=1))  # February in Seoul, still January 31st in UTC
        assert rewards.summary(referrer.user.id).rewards_this_month == 0
        _to_level(referees[2].user.id, rules.REWARD_LEVEL + 1)  # decided in January: not carried over
        _to_level(referees[3].user.id, rules.REWARD_LEVEL)
        assert ledger.balance_of(referrer.user.id) == start + 3 * rules.REWARD_GOLD
        summary = rewards.summary(referrer.user.id)
        assert (summary.invited, summary.rewarded, summary.rewards_this_month) == (4, 3, 1)
    _assert_ledger_balanced()


def test_the_monthly_cap_holds_for_concurrent_referees(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "MONTHLY_REWARD_CAP", 3)
    referrer = new_player()
    code = codes.personal_code(referrer.user.id)
    referees = [_join(code) for _ in range(6)]
    before = ledger.balance_of(referrer.user.id)
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda pair: _to_level(pair.user.id, rules.REWARD_LEVEL), referees))
    assert ledger.balance_of(referrer.user.id) == before + 3 * rules.REWARD_GOLD
    assert _reward_transfers(referrer.user.id) == 3
    _assert_ledger_balanced()
