"""The odds-table console's Reflex handlers, called directly: operators read, only admins publish (checked on the
server per call), a refused table publishes nothing, and a published one is audited with its reason."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

import casino_app.casino_app  # noqa: F401 - registers every state (in the main context, before any test's task)
from casino_app.core.db import get_engine
from casino_app.i18n import CATALOGS
from casino_app.services.accounts import identity
from casino_app.services.games import configs
from tests.support.accounts import new_player, new_staff

pytestmark = pytest.mark.anyio
ACTION = "game_config.add_version"


def _count(sql: str, **params: object) -> int:
    with get_engine().connect() as conn:
        return int(conn.execute(sa.text(sql), params).scalar_one())


def _published(game: str = "slot") -> int:
    return _count("SELECT count(*) FROM game_configs WHERE game = :g", g=game)


def _audits() -> list[dict[str, Any]]:
    with get_engine().connect() as conn:
        rows = conn.execute(
            sa.text("SELECT actor_id, target_id, details FROM audit_log WHERE action = :a ORDER BY id"), {"a": ACTION}
        )
        return [dict(r._mapping) for r in rows]


async def _odds_state(monkeypatch: pytest.MonkeyPatch, user: identity.AuthUser) -> Any:
    """The console's Reflex state in a fresh state tree whose tab belongs to ``user`` (as a websocket would)."""
    import reflex as rx

    from casino_app.state import auth
    from casino_app.state.admin_odds import AdminOddsState

    async def current(self: Any) -> identity.AuthUser:
        return user

    monkeypatch.setattr(auth.AuthState, "_current_user", current)
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    return await root.get_state(AdminOddsState)


def _edited(state: Any, **changes: Any) -> str:
    return json.dumps({**json.loads(state.editor), **changes})


async def test_operators_read_every_game_but_cannot_publish(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.admin_odds import AdminOddsState as S

    operator = identity.load(new_staff("operator"))
    state = await _odds_state(monkeypatch, operator)
    assert await S.load.fn(state) is None
    assert state.game == "slot"
    assert not state.can_publish
    assert [(v["version"], v["active"], v["by_id"]) for v in state.versions] == [("1", "1", "")]
    assert state.versions[0]["rtp"] == f"{configs.active('slot').declared_rtp * 100:.2f}"
    assert json.loads(state.editor) == configs.active("slot").config.model_dump(mode="json")
    assert state.rtp_rule == {"min": "92.00", "max": "97.00"}
    assert not state.compared  # one version: nothing to compare

    await S.publish.fn(state, {"config": _edited(state, bet_options=[100, 1000]), "reason": "operator try"})
    assert state.publish_error["ko"] == CATALOGS["ko"]["error.STAFF_REQUIRED"]
    assert state.publish_error["en"] == CATALOGS["en"]["error.STAFF_REQUIRED"]
    assert state.saved == ""
    assert _published() == 1
    assert _audits() == []

    await S.choose_game.fn(state, "roulette")  # a game without a stake: no RTP, no rule
    assert state.game == "roulette"
    assert state.versions[0]["rtp"] == ""
    assert state.rtp_rule == {}
    await S.choose_game.fn(state, "../etc")  # not a registered game: ignored
    assert state.game == "roulette"


async def test_players_and_strangers_are_sent_to_the_staff_login(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.admin_odds import AdminOddsState as S

    player = new_player().user
    state = await _odds_state(monkeypatch, player)
    assert await S.load.fn(state) is not None  # a redirect
    assert state.versions == []
    state.game = "slot"
    body = json.dumps(configs.active("slot").config.model_dump(mode="json"))
    assert await S.publish.fn(state, {"config": body, "reason": "player"}) is not None
    assert await S.compare.fn(state, {"from": "1", "to": "1"}) is not None
    assert _published() == 1
    assert _audits() == []


async def test_refused_tables_publish_nothing_and_say_why(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.admin_odds import AdminOddsState as S

    admin = identity.load(new_staff("admin"))
    state = await _odds_state(monkeypatch, admin)
    await S.load.fn(state)
    assert state.can_publish
    table = json.loads(state.editor)
    negative = [{**s, "weight": -1} if i == 0 else s for i, s in enumerate(table["symbols"])]
    greedy = [{**s, "triple": "1000"} for s in table["symbols"]]
    attempts = {
        "CONFIG_INVALID": {"config": _edited(state, symbols=negative), "reason": "bad weight"},
        "RTP_OUT_OF_RANGE": {"config": _edited(state, symbols=greedy), "reason": "too generous"},
        "REASON_REQUIRED": {"config": _edited(state, bet_options=[100, 1000]), "reason": "   "},
        "ODDS_JSON_INVALID": {"config": '{"symbols": [', "reason": "broken"},
        "ODDS_JSON_NOT_OBJECT": {"config": "[]", "reason": "a list"},
    }
    for code, form in attempts.items():
        await S.publish.fn(state, form)
        assert state.publish_error["en"].startswith(CATALOGS["en"][f"error.{code}"].split("{")[0]), code
        assert state.publish_error["ko"].startswith(CATALOGS["ko"][f"error.{code}"].split("(")[0].strip()), code
        assert state.saved == "", code
        if code == "CONFIG_INVALID":
            assert [r["field"] for r in state.reasons] == ["symbols.0.weight"]
        else:
            assert state.reasons == [], code
    assert "(this table's RTP is" not in state.publish_error["en"]
    await S.publish.fn(state, attempts["RTP_OUT_OF_RANGE"])
    assert "allowed 92.00–97.00%" in state.publish_error["en"]
    assert _published() == 1
    assert _audits() == []
    assert [v["version"] for v in state.versions] == ["1"]


async def test_an_admin_publishes_with_a_reason_and_the_audit_keeps_who_what_and_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from casino_app.state.admin_odds import AdminOddsState as S

    admin = identity.load(new_staff("admin"))
    state = await _odds_state(monkeypatch, admin)
    await S.load.fn(state)
    await S.publish.fn(state, {"config": _edited(state, bet_options=[100, 1000]), "reason": "  fewer bet sizes  "})
    assert state.publish_error == {}
    assert state.saved == "2"
    assert configs.active("slot").version == 2
    assert configs.active("slot").config.bet_options == [100, 1000]
    assert [(v["version"], v["active"]) for v in state.versions] == [("2", "1"), ("1", "")]
    assert (state.versions[0]["by_id"], state.versions[0]["by"]) == (str(admin.id), admin.nickname)
    assert state.versions[0]["at"] != ""
    assert json.loads(state.editor)["bet_options"] == [100, 1000]  # the editor starts from the new table
    assert (state.diff_from, state.diff_to, state.compared) == ("1", "2", True)
    assert [c["path"] for c in state.changes] == [f"bet_options[{i}]" for i in range(1, 7)]
    assert state.changes[0] == {"path": "bet_options[1]", "kind": "changed", "old": "200", "new": "1000"}

    [row] = _audits()
    assert row["actor_id"] == admin.id
    assert row["target_id"] == "slot"
    assert row["details"]["version"] == 2
    assert row["details"]["reason"] == "fewer bet sizes"
    assert row["details"]["before"]["version"] == 1
    assert round(row["details"]["declared_rtp"], 4) == configs.active("slot").declared_rtp  # the column keeps 4 places

    await S.compare.fn(state, {"from": "2", "to": "1"})
    assert state.changes[0] == {"path": "bet_options[1]", "kind": "changed", "old": "1000", "new": "200"}
    assert state.changes[1]["kind"] == "added"
    await S.compare.fn(state, {"from": "1", "to": "9"})
    assert state.error["en"] == CATALOGS["en"]["error.CONFIG_VERSION_UNKNOWN"]
    assert not state.compared
    await S.compare.fn(state, {"from": "x", "to": "1"})
    assert state.error["en"] == CATALOGS["en"]["error.CONFIG_VERSION_UNKNOWN"]


async def test_existing_callers_publish_without_a_reason_and_an_empty_one_is_refused() -> None:
    from casino_app.core.errors import ValidationFailed

    staff = new_staff("admin")
    raw = configs.active("rps").config.model_dump(mode="json")
    assert configs.add_version("rps", raw, actor_id=staff).version == 2
    with pytest.raises(ValidationFailed) as blank:
        configs.add_version("rps", raw, actor_id=staff, reason=" ")
    assert blank.value.error_code == "REASON_REQUIRED"
    with pytest.raises(ValidationFailed) as long:
        configs.add_version("rps", raw, actor_id=staff, reason="x" * (configs.REASON_MAX + 1))
    assert long.value.error_code == "CONFIG_REASON_TOO_LONG"
    assert _published("rps") == 2
    [row] = _audits()
    assert row["details"]["reason"] == ""
    assert row["details"]["before"]["version"] == 1
