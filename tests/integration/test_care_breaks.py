"""Cool-off and self-exclusion: every money path refuses (REST and the Reflex handlers themselves), nobody can
shorten a break (not even with SQL), it survives a restart, and play comes back only 24 hours after the opt-in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.models.messaging import NotificationPreference
from casino_app.services import notifications
from casino_app.services.care import errors, exclusions
from casino_app.services.games import slot
from casino_app.services.missions import defaults
from tests.support import shop as shop_support
from tests.support.accounts import bearer
from tests.support.api import api_client, assert_envelope
from tests.support.env import reset_app_caches
from tests.support.state_harness import handler_state

pytestmark = pytest.mark.anyio


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def _counts(user_id: int) -> tuple[int, int, int]:
    """Rounds, ledger entries and shop orders not failed, of one player."""
    with get_engine().connect() as conn:
        rounds = conn.scalar(sa.text("SELECT count(*) FROM game_rounds WHERE user_id = :u"), {"u": user_id})
        entries = conn.scalar(
            sa.text(
                "SELECT count(*) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id"
                " WHERE a.user_id = :u"
            ),
            {"u": user_id},
        )
        orders = conn.scalar(
            sa.text("SELECT count(*) FROM shop_orders WHERE user_id = :u AND status <> 'failed'"), {"u": user_id}
        )
    return int(rounds or 0), int(entries or 0), int(orders or 0)


async def test_a_cool_off_refuses_every_spin_pull_play_purchase_and_claim_over_rest() -> None:
    pair = shop_support.adult_session(gold=50_000)
    uid, headers = pair.user.id, bearer(pair.access_token)
    product = shop_support.product()
    with session_scope() as db:
        defaults.install(db)  # the shipped missions
    async with api_client() as client:
        started = await client.post("/api/care/breaks", headers=headers, json={"kind": "cool_off", "period": "72h"})
        assert started.status_code == 201, started.text
        body = started.json()
        assert body["kind"] == "cool_off"
        assert body["resumes_at"] is None
        before = _counts(uid)
        mission_id = (await client.get("/api/missions", headers=headers)).json()["daily"][0]["id"]
        calls: list[tuple[str, dict[str, Any] | None]] = [
            ("/api/games/slot/spin", {"bet_amount": 100}),
            ("/api/games/gacha/pull", {"count": 1}),
            ("/api/games/rps/play", {"player_move": "ROCK", "bet_amount": 100}),
            ("/api/games/roulette/spin", {}),
            ("/api/shop/orders", {"product_id": product.id}),
            ("/api/streak/claim", None),
            (f"/api/missions/{mission_id}/claim", None),
            ("/api/battlepass/claim", {"tier_id": 1, "track": "free"}),
        ]
        for path, payload in calls:
            response = await client.post(path, headers={**headers, **_key()}, json=payload)
            error = assert_envelope(response, 403, "PLAY_PAUSED")
            assert (error["details"]["kind"], error["details"]["opt_in_needed"]) == ("cool_off", True), path
            assert "휴식" in error["message"], path
        assert _counts(uid) == before
        # reading one's own data stays possible during a break
        assert (await client.get("/api/care", headers=headers)).json()["on_break"]["period"] == "72h"
        assert (await client.get("/api/users/balance", headers=headers)).status_code == 200


async def test_the_reflex_handlers_themselves_refuse_during_a_break(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.daily import DailyState
    from casino_app.state.gacha import GachaState
    from casino_app.state.missions import MissionsState
    from casino_app.state.roulette import RouletteState
    from casino_app.state.rps import RpsState
    from casino_app.state.shop import ShopState
    from casino_app.state.slot import SlotState

    pair = shop_support.adult_session(gold=50_000)
    uid = pair.user.id
    user = pair.user
    exclusions.start(uid, "self_exclusion", "6m")
    before = _counts(uid)

    slot_state = await handler_state(monkeypatch, SlotState, user)
    await SlotState.spin.fn(slot_state, str(uuid.uuid4()))
    assert "휴식" in slot_state.error["ko"]

    gacha_state = await handler_state(monkeypatch, GachaState, user)
    await GachaState.pull.fn(gacha_state, 1, str(uuid.uuid4()))
    assert gacha_state.error["ko"]
    assert "break" in gacha_state.error["en"]

    rps_state = await handler_state(monkeypatch, RpsState, user)
    await RpsState.play.fn(rps_state, "ROCK", str(uuid.uuid4()))
    assert "break" in rps_state.error["en"]

    roulette_state = await handler_state(monkeypatch, RouletteState, user)
    async for _ in RouletteState.spin.fn(roulette_state, str(uuid.uuid4())):
        pass
    assert "break" in roulette_state.error["en"]

    daily_state = await handler_state(monkeypatch, DailyState, user)
    await DailyState.claim.fn(daily_state)
    assert "break" in daily_state.error["en"]

    with session_scope() as db:
        defaults.install(db)
        mission_id = db.execute(sa.text("SELECT min(id) FROM mission_templates")).scalar_one()
    missions_state = await handler_state(monkeypatch, MissionsState, user)
    await MissionsState.claim.fn(missions_state, str(mission_id), str(uuid.uuid4()))
    assert "break" in missions_state.error["en"]

    shop_state = await handler_state(monkeypatch, ShopState, user)
    shop_state.selected = {"id": str(shop_support.product().id)}
    await ShopState.buy.fn(shop_state, str(uuid.uuid4()))
    assert "break" in shop_state.error["en"]
    assert shop_state.checkout_url == ""
    assert _counts(uid) == before


def test_nobody_can_shorten_a_break_not_even_with_sql() -> None:
    uid = shop_support.adult(gold=1_000)
    found = exclusions.start(uid, "cool_off", "7d")
    with pytest.raises(errors.ExclusionActive):
        exclusions.start(uid, "cool_off", "24h")  # a shorter one is refused
    with pytest.raises(errors.ExclusionActive):
        exclusions.start(uid, "cool_off", "7d")  # a retry does not stack
    with pytest.raises(errors.OptInNotYet):
        exclusions.opt_in(uid)
    attempts = [
        "UPDATE care_exclusions SET ends_at = ends_at - interval '1 day' WHERE id = :id",
        "UPDATE care_exclusions SET opted_in_at = now(), resumes_at = now() WHERE id = :id",
        "DELETE FROM care_exclusions WHERE id = :id",
        "UPDATE care_exclusions SET kind = 'cool_off', period = '24h' WHERE id = :id",
    ]
    for statement in attempts:
        with pytest.raises(sa.exc.DBAPIError), get_engine().begin() as conn:
            conn.execute(sa.text(statement), {"id": found.id})
    longer = exclusions.start(uid, "self_exclusion", "6m")  # extending is always possible
    assert longer.ends_at > found.ends_at
    assert exclusions.current(uid) == longer


def test_a_break_survives_a_restart_and_play_resumes_24_hours_after_the_opt_in() -> None:
    start = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    frozen = clock.FrozenClock(start)
    with clock.use_clock(frozen):
        pair = shop_support.adult_session(gold=10_000)
        uid = pair.user.id
        exclusions.start(uid, "cool_off", "24h")
        reset_app_caches()  # a restart: no setting, engine or client survives — the database decides
        with pytest.raises(errors.PlayPaused):
            slot.spin(uid, 100, str(uuid.uuid4()))
        frozen.advance(timedelta(hours=24, minutes=1))  # over, but not opted back in
        with pytest.raises(errors.PlayPaused) as still:
            slot.spin(uid, 100, str(uuid.uuid4()))
        assert still.value.details["opt_in_needed"] is True
        resumed = exclusions.opt_in(uid)
        assert resumed.resumes_at == frozen.now() + timedelta(hours=24)
        with pytest.raises(errors.AlreadyOptedIn):
            exclusions.opt_in(uid)  # once
        frozen.advance(timedelta(hours=23, minutes=59))
        with pytest.raises(errors.PlayPaused):
            slot.spin(uid, 100, str(uuid.uuid4()))
        frozen.advance(timedelta(minutes=2))
        assert exclusions.current(uid) is None
        assert slot.spin(uid, 100, str(uuid.uuid4())).bet == 100


def test_marketing_notifications_wait_out_a_break_and_account_ones_do_not() -> None:
    uid = shop_support.adult(gold=0)
    with session_scope() as db:
        now = clock.now()
        db.add(NotificationPreference(user_id=uid, marketing_consent_at=now, night_consent_at=now))
    with session_scope() as db:
        assert notifications.notify(db, uid, "promo", category="marketing", title="a") is True
    exclusions.start(uid, "cool_off", "24h")
    with session_scope() as db:
        assert notifications.notify(db, uid, "promo", category="marketing", title="b") is False
        assert notifications.notify(db, uid, "gold_adjusted", amount=5) is True
    assert [n.kind for n in notifications.recent(uid)] == ["gold_adjusted", "promo"]


async def test_break_requests_are_validated() -> None:
    pair = shop_support.adult_session(gold=0)
    headers = bearer(pair.access_token)
    async with api_client() as client:
        for payload in (
            {"kind": "cool_off", "period": "6m"},
            {"kind": "self_exclusion", "period": "24h"},
            {"kind": "forever", "period": "1y"},
            {"kind": "cool_off"},
            {"kind": "cool_off", "period": "24h", "extra": 1},
        ):
            response = await client.post("/api/care/breaks", headers=headers, json=payload)
            assert response.status_code == 422, payload
        assert_envelope(await client.post("/api/care/breaks/opt-in", headers=headers), 409, "NO_BREAK")
        assert (await client.post("/api/care/breaks", json={"kind": "cool_off", "period": "24h"})).status_code == 401
        assert (await client.get("/api/care/breaks", headers=headers)).json() == []


def test_a_checkout_opened_before_a_break_is_not_sold_during_it() -> None:
    from casino_app.services.shop import orders

    uid = shop_support.adult(gold=0)
    product = shop_support.product()
    order = orders.purchase(uid, product.id or 0, shop_support.key())
    assert order.status in ("created", "pending")
    exclusions.start(uid, "cool_off", "24h")  # e.g. from another tab while the payment page is open
    shop_support.pay(order.code)  # the player still approves at the provider
    row = shop_support.order_row(order.code)
    assert (row.status, row.reason) == ("failed", "PLAY_PAUSED")
    assert shop_support.balance(uid) == 0
    assert ("PROVIDER_MONEY_RETURNED" in [reason for _, _, reason in shop_support.events(order.code)]) is True
    assert shop_support.ledger_sum() == 0
