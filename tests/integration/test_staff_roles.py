"""Staff roles: accounts of any role from the command line, support in the console (reads, no actions), and the
console showing each role only the actions it may take."""

from __future__ import annotations

import io
from typing import Any

import pytest
import reflex as rx
from sqlmodel import select

import casino_app.casino_app  # noqa: F401 - registers every state (in the main context, before any test's task)
from casino_app import cli
from casino_app.core.db import session_scope
from casino_app.core.errors import Unauthorized
from casino_app.models.audit import AuditLog
from casino_app.services.accounts import identity, sessions, staff_bootstrap
from tests.support.accounts import new_staff

pytestmark = pytest.mark.anyio
PASSWORD = "a-long-support-passphrase-7"


def test_staff_create_makes_a_support_account_that_logs_in_to_the_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["staff-create", "--role", "support", "--password-stdin", "help_desk"]) == 0
    pair = sessions.login("help_desk", PASSWORD, portal=sessions.STAFF, client=sessions.ClientInfo(ip="10.0.0.7"))
    assert pair.user.staff_role == "support"
    with pytest.raises(Unauthorized):  # a staff account never logs in as a player
        sessions.login("help_desk", PASSWORD, portal=sessions.PLAYER, client=sessions.ClientInfo(ip="10.0.0.7"))
    with session_scope() as db:
        row = db.exec(select(AuditLog).where(AuditLog.action == "staff.create")).one()
    assert row.details["after"] == {"site_id": "help_desk", "staff_role": "support"}


def test_staff_create_refuses_weak_passwords_taken_ids_and_unknown_roles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(SystemExit, match="not created"):
        cli.main(["staff-create", "--role", "operator", "--password-stdin", "ops_two"])
    staff_bootstrap.create_staff("ops_two", PASSWORD, "operator")
    with pytest.raises(ValueError, match="taken"):
        staff_bootstrap.create_staff("ops_two", PASSWORD, "admin")
    with pytest.raises(ValueError, match="role"):
        staff_bootstrap.create_staff("ops_three", PASSWORD, "superuser")
    with pytest.raises(SystemExit):
        cli.main(["staff-create", "--role", "superuser", "ops_three"])
    with pytest.raises(SystemExit, match="usage"):
        cli.main(["staff-create", "ops_three"])


async def test_admins_create_staff_over_rest_and_nobody_else_does() -> None:
    from tests.support.accounts import PASSWORD as STAFF_PASSWORD
    from tests.support.accounts import bearer
    from tests.support.api import api_client, assert_envelope

    tokens = {}
    async with api_client() as client:
        for role in ("operator", "admin"):
            site_id = f"{role}_boss"
            new_staff(role, site_id=site_id)
            login = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": STAFF_PASSWORD})
            tokens[role] = bearer(login.json()["access_token"])
        body = {"site_id": "Desk_One", "role": "support", "password": PASSWORD}
        refused = await client.post("/api/admin/staff", json=body, headers=tokens["operator"])
        assert_envelope(refused, 403, "STAFF_REQUIRED")
        created = await client.post("/api/admin/staff", json=body, headers=tokens["admin"])
        assert created.status_code == 201, created.text
        assert created.json()["site_id"] == "desk_one"
        assert created.json()["staff_role"] == "support"
        assert_envelope(
            await client.post("/api/admin/staff", json=body, headers=tokens["admin"]), 409, "STAFF_SITE_ID_TAKEN"
        )
        weak = {**body, "site_id": "desk_two", "password": "casino-admin-1"}  # a shipped default
        assert_envelope(
            await client.post("/api/admin/staff", json=weak, headers=tokens["admin"]), 422, "STAFF_PASSWORD_WEAK"
        )
        role = {**body, "site_id": "desk_two", "role": "root"}
        assert_envelope(await client.post("/api/admin/staff", json=role, headers=tokens["admin"]), 422)
    with session_scope() as db:
        row = db.exec(select(AuditLog).where(AuditLog.action == "staff.create")).one()
    assert row.actor_id is not None
    assert row.details["after"] == {"site_id": "desk_one", "staff_role": "support"}


async def _state(monkeypatch: pytest.MonkeyPatch, cls: type[rx.State], user: identity.AuthUser) -> Any:
    from casino_app.state import auth

    async def current(self: Any) -> identity.AuthUser:
        return user

    monkeypatch.setattr(auth.AuthState, "_current_user", current)
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    return await root.get_state(cls)


@pytest.mark.parametrize(("role", "can_edit"), [("support", False), ("operator", False), ("admin", True)])
async def test_editors_show_the_form_to_admins_only(monkeypatch: pytest.MonkeyPatch, role: str, can_edit: bool) -> None:
    from casino_app.state.admin_catalog import AdminCatalogState
    from casino_app.state.admin_missions import AdminMissionsState

    user = identity.load(new_staff(role))
    for cls in (AdminMissionsState, AdminCatalogState):
        state = await _state(monkeypatch, cls, user)
        assert await cls.load.fn(state) is None  # every staff role reads the list
        assert state.can_edit is can_edit


async def test_support_reads_orders_but_is_not_offered_refunds(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.admin_orders import AdminOrdersState

    support = identity.load(new_staff("support"))
    state = await _state(monkeypatch, AdminOrdersState, support)
    assert await AdminOrdersState.load.fn(state) is None
    assert state.can_refund is False
    state.detail = {"code": "ORD0000000000"}
    assert await AdminOrdersState.refund.fn(state, {"reason": "support try"}) is None
    assert state.error  # the refusal says an operator is needed
    operator = identity.load(new_staff("operator"))
    state = await _state(monkeypatch, AdminOrdersState, operator)
    await AdminOrdersState.load.fn(state)
    assert state.can_refund is True


async def test_support_starts_on_the_dashboard_not_the_invite_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.admin import AdminInvitesState

    support = identity.load(new_staff("support"))
    state = await _state(monkeypatch, AdminInvitesState, support)
    redirect = await AdminInvitesState.load.fn(state)
    assert "/admin/dashboard" in repr(redirect)
    assert state.items == []
