"""Who may call what: every ``/api/admin`` route from the app's own route table × {anonymous, player, support,
operator, admin}, and every staff Reflex handler × the same callers.

REST: "allowed" means neither 401 nor 403 (a 404 or 422 for the dummy request is fine); refused means 401 for
anonymous and 403 otherwise. A route no entry of ``MINIMUM_ROLE`` covers fails the test, so a new route needs a
decision here. Reflex: a handler called by a caller below its minimum role must refuse *before touching the
database* (no SQL statement runs), and one called by a caller at or above it must not answer with the refusal.
"""

from __future__ import annotations

import inspect
import typing
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import reflex as rx
import sqlalchemy as sa
from fastapi.routing import APIRoute

import casino_app.casino_app  # noqa: F401 - registers every state (in the main context, before any test's task)
from casino_app.api.app import create_api
from casino_app.core.db import get_engine
from casino_app.i18n import CATALOGS
from casino_app.models.accounts import STAFF_ROLES
from casino_app.services.accounts import identity
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client

pytestmark = pytest.mark.anyio

PUBLIC = "public"
CALLERS = ("anonymous", "player", *STAFF_ROLES)  # support < operator < admin

# (method or "*", path prefix) -> the least role that may call it. The longest matching prefix wins (a method
# entry beats "*" at the same length). Prefixes match whole path segments of the route's template.
MINIMUM_ROLE: dict[tuple[str, str], str] = {
    ("POST", "/api/admin/auth/login"): PUBLIC,
    # reads: support and up; changes: operators; configuration and publishing: admins
    ("GET", "/api/admin/dashboard"): "support",
    ("GET", "/api/analytics"): "support",  # the analytics reports (funnel, retention, spend, games, economy)
    ("GET", "/api/admin/players"): "support",
    ("POST", "/api/admin/players"): "operator",
    ("POST", "/api/admin/players/{user_id}/notes"): "support",
    ("*", "/api/admin/notifications"): "operator",
    ("*", "/api/admin/campaigns"): "operator",
    ("*", "/api/admin/email"): "operator",
    ("GET", "/api/admin/email/outbox"): "support",  # reading the mail outbox is a read like any other
    ("*", "/api/admin/mail"): "operator",
    ("*", "/api/admin/rewards"): "operator",
    ("*", "/api/admin/invites"): "operator",  # invite codes are credentials: not for support
    ("*", "/api/admin/overlay-tokens"): "operator",  # streamers' overlay tokens are credentials too
    ("*", "/api/admin/promo-codes"): "operator",  # likewise redeemable codes
    ("POST", "/api/admin/promo-codes/upsert"): "admin",
    ("GET", "/api/admin/audit"): "support",
    ("GET", "/api/admin/monitor"): "support",
    ("GET", "/api/admin/games"): "support",
    ("POST", "/api/admin/games"): "admin",
    ("GET", "/api/admin/shop"): "support",
    ("POST", "/api/admin/shop/products"): "admin",
    ("PATCH", "/api/admin/shop/products"): "admin",
    ("POST", "/api/admin/shop/orders"): "operator",
    ("GET", "/api/admin/economy"): "support",
    ("POST", "/api/admin/economy"): "admin",
    ("GET", "/api/admin/ledger"): "support",
    ("POST", "/api/admin/users"): "operator",
    ("GET", "/api/admin/crash"): "support",
    ("POST", "/api/admin/crash"): "admin",
    ("GET", "/api/admin/care"): "support",
    ("GET", "/api/admin/missions"): "support",
    ("*", "/api/admin/missions"): "admin",
    ("GET", "/api/admin/events"): "support",
    ("*", "/api/admin/events"): "admin",
    ("GET", "/api/admin/battlepass"): "support",
    ("*", "/api/admin/battlepass"): "admin",
    ("GET", "/api/admin/limited-packages"): "support",
    ("POST", "/api/admin/limited-packages"): "admin",
    ("POST", "/api/admin/leaderboards"): "operator",
    ("*", "/api/admin/staff"): "admin",  # staff management
}


def _covers(prefix: str, path: str) -> bool:
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def minimum_role(method: str, path: str) -> str | None:
    """The expectation for a route (None: no entry covers it)."""
    best: tuple[int, int, str] | None = None
    for (wanted, prefix), role in MINIMUM_ROLE.items():
        if wanted in ("*", method) and _covers(prefix, path):
            rank = (len(prefix), wanted != "*", role)
            best = rank if best is None or rank[:2] > best[:2] else best
    return None if best is None else best[2]


def allowed(caller: str, minimum: str) -> bool:
    """Whether ``caller`` holds at least ``minimum``."""
    if minimum == PUBLIC:
        return True
    return caller in STAFF_ROLES and STAFF_ROLES.index(caller) >= STAFF_ROLES.index(minimum)


def _flat(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI's included router: its routes carry the full path
            yield from _flat(route.original_router.routes)
        elif isinstance(route, APIRoute):
            yield route


def admin_routes() -> list[tuple[str, str, APIRoute]]:
    """Every (method, path template, route) under ``/api/admin`` (and the staff-only ``/api/analytics``) as the
    app serves them."""
    found = {
        (method, route.path): route
        for route in _flat(create_api().routes)
        if route.path.startswith(("/api/admin", "/api/analytics"))
        for method in route.methods
        if method != "HEAD"
    }
    return [(method, path, found[(method, path)]) for method, path in sorted(found, key=lambda k: (k[1], k[0]))]


def _dummy_path(route: APIRoute) -> str:
    """The route's path with each parameter filled by a value of its type that names nothing."""
    path = route.path
    for param in route.dependant.path_params:
        value = "999999999" if param.field_info.annotation is int else "nothing-here"
        path = path.replace("{" + param.name + "}", value)
    return path


def test_every_admin_route_has_an_expectation() -> None:
    routes = admin_routes()
    assert len(routes) > 40  # the table is read, not empty
    missing = [f"{method} {path}" for method, path, _ in routes if minimum_role(method, path) is None]
    assert missing == [], f"add these routes to MINIMUM_ROLE: {missing}"


def test_the_rule_picks_the_longest_prefix() -> None:
    assert minimum_role("GET", "/api/admin/players/{user_id}") == "support"
    assert minimum_role("POST", "/api/admin/players/{user_id}/notes") == "support"
    assert minimum_role("POST", "/api/admin/players/{user_id}/ban") == "operator"
    assert minimum_role("DELETE", "/api/admin/missions/{mission_id}") == "admin"
    assert minimum_role("GET", "/api/admin/missions/{mission_id}") == "support"
    assert minimum_role("GET", "/api/admin/playersx") is None  # whole segments only
    assert allowed("admin", "support")
    assert not allowed("support", "operator")
    assert not allowed("player", "support")


async def _tokens(client: Any) -> dict[str, dict[str, str]]:
    headers: dict[str, dict[str, str]] = {"anonymous": {}, "player": bearer(new_player().access_token)}
    for role in STAFF_ROLES:
        site_id = f"{role[:3]}{uuid.uuid4().hex[:8]}"
        new_staff(role, site_id=site_id)
        response = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
        assert response.status_code == 200, response.text
        headers[role] = bearer(response.json()["access_token"])
    return headers


async def test_rest_matrix() -> None:
    wrong: list[str] = []
    async with api_client() as client:
        tokens = await _tokens(client)
        for method, path, route in admin_routes():
            minimum = minimum_role(method, path)
            assert minimum is not None, path
            url = _dummy_path(route)
            for caller in CALLERS:
                headers = {**tokens[caller], "Idempotency-Key": str(uuid.uuid4())}
                body = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
                status = (await client.request(method, url, headers=headers, **body)).status_code
                if allowed(caller, minimum):
                    ok = status not in (401, 403)
                else:
                    ok = status == (401 if caller == "anonymous" else 403)
                if not ok:
                    wrong.append(f"{caller:9} {method:6} {path} -> {status} (minimum {minimum})")
    assert wrong == [], "\n".join(wrong)


# --- Reflex handlers ---------------------------------------------------------------------------------------

# State -> handler -> the least role whose call the handler carries out. UI-only handlers (they change what
# the tab shows and touch no data) are "ui". Every handler of every console state must be listed.
UI = "ui"
HANDLER_ROLE: dict[str, dict[str, str]] = {
    "AdminInvitesState": {"load": "operator", "create": "operator", "deactivate": "operator"},
    "AdminAuditState": {"load": "support", "search": "support", "more": "support"},
    "AdminBattlePassState": {
        "load": "support",
        "edit": UI,
        "edit_tiers": UI,
        "save": "admin",
        "save_tiers": "admin",
        "publish": "admin",
    },
    "AdminCareState": {"load": "support", "filter": "support", "more": "support"},
    "AdminCatalogState": {"load": "support", "edit": UI, "save": "admin", "set_active": "admin"},
    "AdminCrashState": {"load": "support", "refresh": "support", "filter": "support", "switch_pause": "admin"},
    "AdminDashboardState": {"load": "support", "refresh": "support", "choose_days": "support"},
    "AdminAnalyticsState": {
        "load": "support",
        "refresh": "support",
        "choose_days": "support",
        "download_csv": "support",
    },
    "AdminEventsState": {
        "load": "support",
        "edit": UI,
        "ask": UI,
        "pick": "support",
        "save": "admin",
        "confirm": "admin",
        "add_mission": "admin",
    },
    "AdminGrantsState": {
        "load": "operator",
        "set_reason": UI,
        "set_batch_key": UI,
        "upload": "operator",
        "open_batch": "operator",
    },
    "AdminLimitedState": {"load": "support", "edit": UI, "save": "admin", "ask_disable": UI, "disable": "admin"},
    "AdminMissionsState": {"load": "support", "edit": UI, "save": "admin", "set_active": "admin", "remove": "admin"},
    "AdminMonitorState": {"load": "support", "tick": "support", "pause": "support", "resume": "support"},
    "AdminOddsState": {"load": "support", "choose_game": "support", "compare": "support", "publish": "admin"},
    "AdminOrdersState": {
        "load": "support",
        "search": "support",
        "more": "support",
        "open_order": "support",
        "refund": "operator",
    },
    "AdminPromosState": {"load": "operator", "edit": UI, "save": "admin"},
    "AdminOverlaysState": {"load": "operator", "issue": "operator", "revoke": "operator", "dismiss_issued": UI},
    "AdminMailState": {
        "load": "support",
        "filter": "support",
        "more": "support",
        "open_message": "support",
        "close_message": UI,
        "choose_target": UI,
        "choose_template": UI,
        "check": "operator",
        "send": "operator",
    },
    "AdminPlayersState": {"load": "support", "search": "support", "turn": "support"},
    "AdminPlayerState": {
        "load": "support",
        "add_note": "support",
        "adjust_gold": "operator",
        "act": "operator",
        "ask": UI,
        "cancel": UI,
        "choose_rank": UI,
        "dismiss_password": UI,
        "set_reason": UI,
    },
    "AdminMessagesState": {
        "load": "operator",
        "refresh": "operator",
        "review_send": "operator",
        "review_campaign": "operator",
        "confirm_send": "operator",
        "confirm_campaign": "operator",
        "confirm_cancel": "operator",
        "ask_cancel": UI,
        "close_review": UI,
        "close_campaign_review": UI,
    },
}
# Console states whose handlers are not listed above yet (none: every console state is covered).
NOT_YET_LISTED: set[str] = set()


def _console_states() -> dict[str, type[rx.State]]:
    states: dict[str, type[rx.State]] = {}
    pending = list(rx.State.get_substates())
    while pending:
        state = pending.pop()
        pending.extend(state.get_substates())
        if state.__module__.startswith("casino_app.state.admin"):
            states[state.__name__] = state
    return states


def _handlers(state: type[rx.State]) -> set[str]:
    return set(state.event_handlers) - set(rx.State.event_handlers)


def test_every_console_handler_has_an_expectation() -> None:
    states = _console_states()
    assert "AdminAuditState" in states
    unlisted = {
        name: sorted(_handlers(cls) - set(HANDLER_ROLE.get(name, {})))
        for name, cls in states.items()
        if name not in NOT_YET_LISTED
    }
    assert {k: v for k, v in unlisted.items() if v} == {}, "add these handlers to HANDLER_ROLE"
    stale = {name: sorted(set(h) - _handlers(states[name])) for name, h in HANDLER_ROLE.items() if name in states}
    assert {k: v for k, v in stale.items() if v} == {}
    assert set(HANDLER_ROLE) <= set(states)


_DUMMY: dict[Any, Any] = {dict: {}, str: "1", int: 1, bool: True}


def _arguments(fn: Any) -> list[Any]:
    hints = typing.get_type_hints(fn, include_extras=False)
    params = list(inspect.signature(fn).parameters.values())[1:]
    values = []
    for param in params:
        hint = hints.get(param.name, str)
        origin = typing.get_origin(hint)
        values.append([] if origin is list else _DUMMY.get(origin or hint, "1"))
    return values


async def _call(state: rx.State, fn: Any) -> Any:
    result = fn(state, *_arguments(fn))
    if inspect.isasyncgen(result):
        last = None
        async for item in result:
            last = item
        return last
    return await result if inspect.isawaitable(result) else result


class _Statements:
    """Counts SQL statements sent on the app's engine while active."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args: Any, **_kwargs: Any) -> None:
        self.count += 1


def _refused(state: rx.State, result: Any) -> bool:
    """The handler answered with the staff-login redirect or the STAFF_REQUIRED message."""
    text = repr(result)
    refusals = {CATALOGS[locale]["error.STAFF_REQUIRED"] for locale in ("ko", "en")}
    shown = [v for name in ("error", "publish_error") for v in (getattr(state, name, None) or {}).values()]
    return "/admin/login" in text or bool(refusals & set(shown))


async def test_reflex_handler_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state import auth

    users: dict[str, identity.AuthUser | None] = {"anonymous": None, "player": new_player().user}
    for role in STAFF_ROLES:
        users[role] = identity.load(new_staff(role))
    states = _console_states()
    engine = get_engine()
    wrong: list[str] = []
    for state_name, handlers in sorted(HANDLER_ROLE.items()):
        for handler, minimum in sorted(handlers.items()):
            if minimum == UI:
                continue
            for caller in CALLERS:
                user = users[caller]

                async def current(self: Any, _user: identity.AuthUser | None = user) -> identity.AuthUser | None:
                    return _user

                monkeypatch.setattr(auth.AuthState, "_current_user", current)
                root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
                state = await root.get_state(states[state_name])
                fn = states[state_name].event_handlers[handler].fn
                counter = _Statements()
                sa.event.listen(engine, "before_cursor_execute", counter)
                try:
                    result = await _call(state, fn)
                finally:
                    sa.event.remove(engine, "before_cursor_execute", counter)
                if allowed(caller, minimum):
                    if _refused(state, result):
                        wrong.append(f"{caller:9} {state_name}.{handler} refused (minimum {minimum})")
                elif counter.count:
                    wrong.append(f"{caller:9} {state_name}.{handler} ran {counter.count} statements (min {minimum})")
                elif caller in STAFF_ROLES and not _refused(state, result):
                    wrong.append(f"{caller:9} {state_name}.{handler} gave no refusal (minimum {minimum})")
    assert wrong == [], "\n".join(wrong)
