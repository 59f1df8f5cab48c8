"""Streamers' OBS overlays (issue 16 item 11): tokens (hash only, revoke, unknown), and who the overlays show."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import reflex as rx
import sqlalchemy as sa

import casino_app.casino_app  # noqa: F401 - registers every state (in the main context, before any test's task)
from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.core.errors import Forbidden, NotFound, ValidationFailed
from casino_app.services import feed
from casino_app.services.accounts import identity
from casino_app.services.actions import Kind as Action
from casino_app.services.leaderboards import preferences
from casino_app.services.overlays import Kind, data, tokens, visibility
from casino_app.state import auth
from casino_app.state.admin_overlays import AdminOverlaysState
from casino_app.state.overlay import RECHECK_SECONDS, OverlayState
from tests.support.accounts import new_player, new_staff
from tests.support.leaderboards import act


def _operator() -> identity.AuthUser:
    return identity.load(new_staff("operator"))


def _rows(sql: str, **params: object) -> list[sa.Row]:
    with get_engine().connect() as conn:
        return list(conn.execute(sa.text(sql), params))


def _big_win(user_id: int, amount: int) -> None:
    with session_scope() as db:
        feed.announce(db, "big_win", user_id, game="slot", amount=amount, multiplier="5.00")


def test_only_the_hash_is_stored_and_the_token_opens_the_overlays() -> None:
    staff = _operator()
    issued = tokens.issue(staff, "  스트리머 A  ", ip="10.0.0.9")
    assert issued.token.startswith("ccov_")
    assert len(issued.token) > 40
    assert issued.view.label == "스트리머 A"
    assert issued.view.active
    assert issued.view.created_by == staff.site_id
    stored = _rows("SELECT * FROM overlay_tokens")
    assert len(stored) == 1
    assert stored[0].token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
    assert issued.token not in repr(tuple(stored[0]))  # the token itself is nowhere in the row
    audit = _rows("SELECT actor_id, action, details FROM audit_log WHERE target_type = 'overlay_token'")
    assert [(a.actor_id, a.action) for a in audit] == [(staff.id, "overlay_token.create")]
    assert issued.token not in str(audit[0].details)
    access = tokens.resolve(issued.token)
    assert access is not None
    assert access.label == "스트리머 A"
    assert _rows("SELECT last_used_at FROM overlay_tokens")[0].last_used_at is not None
    urls = tokens.urls(issued.token)
    assert set(urls) == {"feed", "bigwins", "leaderboard"}
    assert urls["feed"].endswith(f"/overlay/feed?token={issued.token}")


@pytest.mark.parametrize(
    "token", ["", "ccov_", "ccov_unknown-token-value-0000000000", "x" * 500, None, 12, "ccov_ü" * 9]
)
def test_unknown_or_malformed_tokens_are_refused(token: object) -> None:
    tokens.issue(_operator(), "A")
    assert tokens.resolve(token) is None


def test_a_revoked_token_is_refused_and_revoking_is_audited_once() -> None:
    staff = _operator()
    issued = tokens.issue(staff, "B")
    assert tokens.resolve(issued.token) is not None
    revoked = tokens.revoke(staff, issued.view.id, ip="10.0.0.9")
    assert not revoked.active
    assert revoked.revoked_by == staff.site_id
    assert tokens.resolve(issued.token) is None
    again = tokens.revoke(staff, issued.view.id)
    assert again.revoked_at == revoked.revoked_at
    actions = _rows("SELECT action FROM audit_log WHERE target_type = 'overlay_token' ORDER BY id")
    assert [a.action for a in actions] == ["overlay_token.create", "overlay_token.revoke"]
    with pytest.raises(NotFound):
        tokens.revoke(staff, 999_999_999)
    listed = tokens.list_all(staff)
    assert [(v.label, v.active) for v in listed] == [("B", False)]


def test_support_and_players_cannot_manage_tokens_and_labels_are_checked() -> None:
    support = identity.load(new_staff("support"))
    player = new_player().user
    for caller in (support, player):
        with pytest.raises(Forbidden):
            tokens.issue(caller, "C")
        with pytest.raises(Forbidden):
            tokens.list_all(caller)
    for label in ("", "   ", "a" * 61, "줄\n바꿈", "\x00"):
        with pytest.raises(ValidationFailed):
            tokens.issue(_operator(), label)


def test_last_use_is_written_at_most_once_a_minute() -> None:
    issued = tokens.issue(_operator(), "D")
    tokens.resolve(issued.token)
    first = _rows("SELECT last_used_at FROM overlay_tokens")[0].last_used_at
    tokens.resolve(issued.token)
    assert _rows("SELECT last_used_at FROM overlay_tokens")[0].last_used_at == first
    with get_engine().begin() as conn:
        conn.execute(sa.text("UPDATE overlay_tokens SET last_used_at = last_used_at - interval '2 minutes'"))
    tokens.resolve(issued.token)
    assert _rows("SELECT last_used_at FROM overlay_tokens")[0].last_used_at > first - timedelta(minutes=2)


def test_feeds_show_only_opted_in_players_who_do_not_hide() -> None:
    shown, silent, hidden = new_player(), new_player(), new_player()
    visibility.set_visible(shown.user.id, True)
    visibility.set_visible(hidden.user.id, True)
    preferences.set_hidden(hidden.user.id, True)  # hiding from leaderboards wins over the opt-in
    assert visibility.is_visible(shown.user.id)
    assert not visibility.is_visible(silent.user.id)
    for player in (shown, silent, hidden):
        _big_win(player.user.id, 5_000)
    with session_scope() as db:
        feed.announce(db, "legendary", shown.user.id, game="gacha", item_ko="용의 알", item_en="Dragon egg")
    everything = data.moments()
    assert [(m.nickname, m.kind) for m in everything] == [
        (shown.user.nickname, "legendary"),
        (shown.user.nickname, "big_win"),
    ]
    wins = data.moments(big_wins_only=True)
    assert [(m.nickname, m.params["amount"]) for m in wins] == [(shown.user.nickname, 5_000)]
    visibility.set_visible(shown.user.id, False)
    assert data.items(Kind.FEED) == []
    assert data.items(Kind.BIGWINS) == []


def test_old_moments_are_not_shown() -> None:
    player = new_player()
    visibility.set_visible(player.user.id, True)
    _big_win(player.user.id, 100)
    with get_engine().begin() as conn:
        conn.execute(sa.text("UPDATE feed_events SET created_at = now() - interval '25 hours'"))
    assert data.moments() == []


def test_the_leaderboard_overlay_keeps_only_opted_in_players_with_their_real_rank() -> None:
    first, second, third, hidden = new_player(), new_player(), new_player(), new_player()
    now = clock.now()
    for player, xp in ((first, 90), (second, 70), (third, 50), (hidden, 30)):
        act(player.user.id, Action.XP_EARNED, now, count=xp)
    for player in (first, third, hidden):
        visibility.set_visible(player.user.id, True)
    preferences.set_hidden(hidden.user.id, True)
    board = data.leaderboard()
    assert [(r.rank, r.nickname, r.score) for r in board] == [
        (1, first.user.nickname, 90),
        (3, third.user.nickname, 50),
    ]
    data.forget()
    assert [r.nickname for r in data.items(Kind.LEADERBOARD)] == [first.user.nickname, third.user.nickname]


def test_a_player_nobody_opted_in_leaves_every_overlay_empty() -> None:
    player = new_player()
    act(player.user.id, Action.XP_EARNED, clock.now(), count=10)
    _big_win(player.user.id, 700)
    data.forget()
    assert all(data.items(kind) == [] for kind in Kind)


def _since(user_id: int) -> object:
    return _rows("SELECT stream_visible_since FROM player_preferences WHERE user_id = :u", u=user_id)[0][0]


def test_the_opt_in_never_reaches_back_to_earlier_wins() -> None:
    player = new_player()
    with clock.use_clock(clock.FrozenClock(clock.now())) as frozen:
        _big_win(player.user.id, 1_111)  # before the player agreed to appear
        frozen.advance(timedelta(seconds=1))
        visibility.set_visible(player.user.id, True)
        assert _since(player.user.id) == frozen.now()
        frozen.advance(timedelta(seconds=1))
        _big_win(player.user.id, 2_222)
        assert [m.params["amount"] for m in data.moments()] == [2_222]
        frozen.advance(timedelta(seconds=1))
        visibility.set_visible(player.user.id, True)  # on again while on: the first stamp stays
        assert [m.params["amount"] for m in data.moments(big_wins_only=True)] == [2_222]
        visibility.set_visible(player.user.id, False)
        assert _since(player.user.id) is None
        frozen.advance(timedelta(seconds=1))
        visibility.set_visible(player.user.id, True)  # off and on again: only what comes after counts
        assert data.moments() == []


@pytest.mark.anyio
async def test_an_overlay_called_faster_than_its_ticker_reuses_the_last_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issued = tokens.issue(_operator(), "E")
    shown = new_player()
    visibility.set_visible(shown.user.id, True)
    _big_win(shown.user.id, 3_000)
    data.forget()
    calls: list[object] = []
    resolve = tokens.resolve

    def counted(token: object) -> tokens.Access | None:
        calls.append(token)
        return resolve(token)

    monkeypatch.setattr(tokens, "resolve", counted)
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    state = await root.get_state(OverlayState)
    state.kind, state._token = Kind.BIGWINS.value, issued.token
    tick = OverlayState.event_handlers["tick"].fn
    for _ in range(20):  # a client looping the public handler
        await tick(state)
    assert len(calls) == 1
    assert state.status == "ready"
    assert [row["nickname"] for row in state.rows] == [shown.user.nickname]
    tokens.revoke(_operator(), issued.view.id)
    await tick(state)
    assert (len(calls), state.status) == (1, "ready")  # within half the interval: the last answer stands
    state._checked_at -= RECHECK_SECONDS  # half the ticker's interval later
    for _ in range(5):
        await tick(state)
    assert len(calls) == 2
    assert (state.status, state.rows) == ("refused", [])


@pytest.mark.anyio
async def test_the_console_drops_the_new_token_when_closed_or_loaded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    staff = _operator()

    async def current(self: object) -> identity.AuthUser:
        return staff

    monkeypatch.setattr(auth.AuthState, "_current_user", current)
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    state = await root.get_state(AdminOverlaysState)
    handlers = AdminOverlaysState.event_handlers
    await handlers["issue"].fn(state, {"label": "F"})
    assert state.issued["label"] == "F"
    assert state.issued["feed"].startswith(tokens.urls("ccov_x")["feed"].split("?")[0])
    handlers["dismiss_issued"].fn(state)
    assert state.issued == {}
    await handlers["issue"].fn(state, {"label": "G"})
    assert state.issued["label"] == "G"
    await handlers["load"].fn(state)  # the page loaded again (reload, or back after leaving it)
    assert state.issued == {}
    assert [item["label"] for item in state.items] == ["G", "F"]
