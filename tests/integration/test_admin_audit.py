"""The audit viewer: ``GET /api/admin/audit`` (operators and admins), its filters (actor, action prefix, target,
KST dates), keyset paging newest first, the actor join (system rows), bad query parameters, and the console
state's form parsing and row formatting."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.services import audit, audit_view
from casino_app.state import admin_audit
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.crash_play import staff_token

pytestmark = pytest.mark.anyio
ROUTE = "/api/admin/audit"
KST = ZoneInfo("Asia/Seoul")


def _record(
    at: datetime, actor_id: int | None, action: str, target_type: str, target_id: str, **details: object
) -> None:
    with clock.use_clock(clock.FrozenClock(at)), session_scope() as db:
        audit.record(
            db, actor_id=actor_id, action=action, target_type=target_type, target_id=target_id, details=details
        )


def _seed(operator_id: int, admin_id: int) -> None:
    """Nine entries over three KST days (ids rise with time)."""
    _record(datetime(2026, 3, 1, 10, 0, tzinfo=KST), operator_id, "crash.loop.pause", "crash_loop", "1", paused=True)
    _record(
        datetime(2026, 3, 1, 23, 30, tzinfo=KST),  # 14:30 UTC: still March 1 in KST
        admin_id,
        "gold.adjust",
        "user",
        "42",
        before=100,
        after=600,
        reason="보상 지급",
    )
    _record(datetime(2026, 3, 2, 0, 10, tzinfo=KST), None, "staff.bootstrap_admin", "user", str(admin_id))
    _record(datetime(2026, 3, 2, 9, 0, tzinfo=KST), operator_id, "crashXloop.odd", "crash_loop", "1")
    for n in range(5):
        _record(datetime(2026, 3, 3, 12, n, tzinfo=KST), admin_id, "shop.order.refund", "shop_order", f"O{n}")


async def _get(client, token: str, **params: object) -> dict:  # type: ignore[no-untyped-def]
    response = await client.get(ROUTE, headers=bearer(token), params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_only_operators_and_admins_may_read() -> None:
    player = new_player()
    _, operator = staff_token("operator")
    _, admin = staff_token("admin")
    async with api_client() as client:
        assert_envelope(await client.get(ROUTE), 401)
        assert_envelope(await client.get(ROUTE, headers=bearer(player.access_token)), 403, "STAFF_REQUIRED")
        assert (await client.get(ROUTE, headers=bearer(operator))).status_code == 200
        assert (await client.get(ROUTE, headers=bearer(admin))).status_code == 200


async def test_filters_return_the_matching_rows_newest_first_with_the_actor() -> None:
    operator_id, operator = staff_token("operator")
    admin_id, _ = staff_token("admin")
    _seed(operator_id, admin_id)
    async with api_client() as client:
        everything = await _get(client, operator)
        by_actor = await _get(client, operator, actor_id=operator_id)
        crash = await _get(client, operator, action="crash.")
        underscore = await _get(client, operator, action="crash_")  # "_" is literal, not a LIKE wildcard
        users = await _get(client, operator, target_type="user")
        one_target = await _get(client, operator, target_type="shop_order", target_id="O3")
        march_1 = await _get(client, operator, since="2026-03-01", until="2026-03-01")
        from_march_2 = await _get(client, operator, since="2026-03-02")
        reversed_range = await _get(client, operator, since="2026-03-03", until="2026-03-01")
        clamped = await _get(client, operator, since="0001-01-01", until="9999-12-31")
    items = everything["items"]
    assert [i["id"] for i in items] == sorted((i["id"] for i in items), reverse=True)
    assert len(items) == 9
    assert everything["next_cursor"] is None
    assert {i["action"] for i in by_actor["items"]} == {"crash.loop.pause", "crashXloop.odd"}
    assert [i["action"] for i in crash["items"]] == ["crash.loop.pause"]
    assert underscore["items"] == []
    assert [i["action"] for i in users["items"]] == ["staff.bootstrap_admin", "gold.adjust"]
    assert [(i["target_type"], i["target_id"]) for i in one_target["items"]] == [("shop_order", "O3")]
    assert [i["action"] for i in march_1["items"]] == ["gold.adjust", "crash.loop.pause"]
    assert len(from_march_2["items"]) == 7
    assert reversed_range["items"] == []
    assert len(clamped["items"]) == 9
    adjust = next(i for i in items if i["action"] == "gold.adjust")
    assert adjust["actor_id"] == admin_id
    assert adjust["actor_site_id"].startswith("admin")
    assert adjust["details"] == {"before": 100, "after": 600, "reason": "보상 지급"}
    system = next(i for i in items if i["action"] == "staff.bootstrap_admin")
    assert system["actor_id"] is None
    assert system["actor_site_id"] is None
    assert system["actor_nickname"] is None


async def test_keyset_pages_cover_every_row_once() -> None:
    operator_id, operator = staff_token("operator")
    admin_id, _ = staff_token("admin")
    _seed(operator_id, admin_id)
    seen: list[int] = []
    cursor = None
    async with api_client() as client:
        for _ in range(10):
            page = await _get(client, operator, limit=4, **({"cursor": cursor} if cursor else {}))
            seen += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        filtered = await _get(client, operator, action="shop.", limit=3)
        rest = await _get(client, operator, action="shop.", limit=3, cursor=filtered["next_cursor"])
    assert len(seen) == 9
    assert seen == sorted(set(seen), reverse=True)
    assert len(filtered["items"]) == 3
    assert filtered["next_cursor"] == filtered["items"][-1]["id"]
    assert [i["target_id"] for i in filtered["items"] + rest["items"]] == ["O4", "O3", "O2", "O1", "O0"]
    assert rest["next_cursor"] is None


@pytest.mark.parametrize(
    "params",
    [
        {"actor_id": "abc"},
        {"actor_id": "0"},
        {"limit": "0"},
        {"limit": "201"},
        {"cursor": "-1"},
        {"cursor": str(2**63)},
        {"action": "crash%"},
        {"action": "x" * 61},
        {"target_type": "a b"},
        {"target_id": "é"},
        {"since": "2026-02-30"},
        {"until": "tomorrow"},
        {"until": "0"},
        {"since": "20260301"},
    ],
)
async def test_bad_query_parameters_get_the_422_envelope(params: dict[str, str]) -> None:
    _, operator = staff_token("operator")
    async with api_client() as client:
        response = await client.get(ROUTE, headers=bearer(operator), params=params)
    assert_envelope(response, 422)


def test_day_bounds_are_kst_days_and_clamped() -> None:
    since, until = audit_view.day_bounds(date(2026, 3, 1), date(2026, 3, 1))
    assert since == datetime(2026, 2, 28, 15, 0, tzinfo=UTC)
    assert until == datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
    assert audit_view.day_bounds(date(1, 1, 1), None)[0] == datetime(1999, 12, 31, 15, 0, tzinfo=UTC)
    assert audit_view.day_bounds(None, None) == (None, None)


def test_console_parses_its_form_and_formats_rows() -> None:
    options = admin_audit.action_options(["gold.adjust", "crash.loop.pause", "plain"])
    assert options == ["crash.", "crash.loop.pause", "gold.", "gold.adjust", "plain"]
    good, error = admin_audit.parse_filters(
        {"actor": " 7 ", "action": "crash.", "target_type": "user", "target_id": "42", "since": "2026-03-01"}, options
    )
    assert error == ""
    assert good == admin_audit.Filters(7, "crash.", "user", "42", date(2026, 3, 1), None)
    cases = {
        "audit_admin.bad_actor": {"actor": "-3"},
        "audit_admin.bad_action": {"action": "nope."},
        "audit_admin.bad_target": {"target_id": "a b"},
        "audit_admin.bad_date": {"since": "2026-13-01"},
        "audit_admin.bad_range": {"since": "2026-03-02", "until": "2026-03-01"},
    }
    for key, form in cases.items():
        assert admin_audit.parse_filters(form, options) == (admin_audit.Filters(), key)
    entry = audit_view.AuditEntry(
        1, datetime(2026, 3, 1, 14, 30, tzinfo=UTC), None, None, None, "x.y", "user", "9", {"reason": "왜"}, ""
    )
    row = admin_audit.entry_row(entry)
    assert row["at"] == "2026-03-01 23:30"
    assert row["actor_id"] == ""
    assert row["reason"] == "왜"
    assert row["changes"] == ""  # nothing recorded before or after
    assert row["details"] == ""  # the reason has its own line, not repeated in the JSON
