"""The first admin comes from the environment or a one-time command, never from a default password."""

from __future__ import annotations

import pytest
from sqlmodel import select

from casino_app.core.db import session_scope
from casino_app.core.errors import Unauthorized
from casino_app.models.accounts import User
from casino_app.models.audit import AuditLog
from casino_app.services.accounts import passwords, sessions, staff_bootstrap
from tests.support.env import environment


def test_bootstrap_admin_is_created_once_from_the_environment_and_can_log_in() -> None:
    with environment(BOOTSTRAP_ADMIN_SITE_ID="opsboss", BOOTSTRAP_ADMIN_PASSWORD="a-long-unique-passphrase-42"):
        assert staff_bootstrap.ensure_bootstrap_admin() == "bootstrap admin opsboss created"
        with environment(BOOTSTRAP_ADMIN_PASSWORD="another-long-passphrase-43"):
            assert "NOT APPLIED" in staff_bootstrap.ensure_bootstrap_admin()  # never overwritten
        pair = sessions.login(
            "opsboss", "a-long-unique-passphrase-42", portal=sessions.STAFF, client=sessions.ClientInfo(ip="10.0.0.9")
        )
    assert pair.user.staff_role == "admin"
    with session_scope() as db:
        assert db.exec(select(AuditLog.action)).all() == ["staff.bootstrap_admin"]


def test_no_password_no_admin() -> None:
    with environment(BOOTSTRAP_ADMIN_PASSWORD=None):
        assert "unset" in staff_bootstrap.ensure_bootstrap_admin()
    with session_scope() as db:
        assert db.exec(select(User.id)).all() == []


@pytest.mark.parametrize("password", ["casino-admin-1", "short-one", "password", "CHANGEME"])
def test_create_admin_refuses_default_and_short_passwords(password: str) -> None:
    with pytest.raises(ValueError, match="12 characters"):
        staff_bootstrap.create_admin("opsboss", password)


def test_create_admin_refuses_a_taken_site_id() -> None:
    staff_bootstrap.create_admin("opsboss", "a-long-unique-passphrase-42")
    with pytest.raises(ValueError, match="taken"):
        staff_bootstrap.create_admin("opsboss", "a-long-unique-passphrase-44")
    with session_scope() as db:
        user = db.exec(select(User).where(User.site_id == "opsboss")).one()
    assert passwords.verify_password("a-long-unique-passphrase-42", user.password_hash)


def test_accounts_with_default_passwords_are_disabled_for_production() -> None:
    from casino_app.services import seed

    seed.seed_demo_data()  # the review's instance: demo accounts with published passwords
    staff_bootstrap.create_admin("opsboss", "a-long-unique-passphrase-42")
    ok = sessions.login("user001", "casino-demo-1", portal=sessions.PLAYER, client=sessions.ClientInfo(ip="10.0.0.9"))
    disabled = staff_bootstrap.disable_default_credentials()
    assert sorted(disabled) == ["admin", "user001", "user002", "user003", "user004"]
    with pytest.raises(Unauthorized):
        sessions.login("admin", "casino-admin-1", portal=sessions.STAFF, client=sessions.ClientInfo(ip="10.0.0.9"))
    with pytest.raises(Unauthorized):
        sessions.authenticate(ok.access_token)  # an open demo session ends at once
    pair = sessions.login(
        "opsboss", "a-long-unique-passphrase-42", portal=sessions.STAFF, client=sessions.ClientInfo(ip="10.0.0.9")
    )
    assert pair.user.staff_role == "admin"  # a real admin is untouched
    assert staff_bootstrap.disable_default_credentials() == []


def test_an_existing_bootstrap_site_id_is_reported_loudly_not_silently() -> None:
    staff_bootstrap.create_admin("opsboss", "a-long-unique-passphrase-42")
    with environment(BOOTSTRAP_ADMIN_SITE_ID="opsboss", BOOTSTRAP_ADMIN_PASSWORD="another-long-passphrase-43"):
        assert "NOT APPLIED" in staff_bootstrap.ensure_bootstrap_admin()
