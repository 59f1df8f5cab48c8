"""The console's player rules that need no database: reasons, note bodies, search text, temporary passwords,
and the route allow-list while a password change is required."""

from __future__ import annotations

import pytest

from casino_app.core.errors import Forbidden, ValidationFailed
from casino_app.services.accounts import password_change
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.console import notes, player_actions, players


def _user(**changes: object) -> AuthUser:
    values: dict = {
        "id": 7, "site_id": "p7", "nickname": "칠", "rank": "STANDARD", "staff_role": None, "level": 1, "xp": 0,
        "locale": "ko", "avatar": "neon-cat", "sound_enabled": True, "age_verified": True,
    }  # fmt: skip
    values.update(changes)
    return AuthUser(**values)


def test_reason_is_trimmed_and_bounded() -> None:
    assert player_actions.clean_reason("  환불 요청  ") == "환불 요청"
    assert player_actions.clean_reason("가" * 200) == "가" * 200
    for bad, code in (("", "REASON_REQUIRED"), ("   ", "REASON_REQUIRED"), ("가" * 201, "REASON_TOO_LONG")):
        with pytest.raises(ValidationFailed) as caught:
            player_actions.clean_reason(bad)
        assert caught.value.error_code == code


def test_note_body_keeps_line_breaks_and_refuses_other_controls() -> None:
    assert notes.clean_body(" 첫 줄\r\n둘째 줄 ") == "첫 줄\n둘째 줄"
    assert len(notes.clean_body("a" * 1000)) == 1000
    for bad, code in (("  ", "NOTE_REQUIRED"), ("a" * 1001, "NOTE_TOO_LONG"), ("a\u200bb", "NOTE_CONTROL_CHARACTERS")):
        with pytest.raises(ValidationFailed) as caught:
            notes.clean_body(bad)
        assert caught.value.error_code == code


def test_search_text_is_cleaned() -> None:
    assert players.clean_query("  Alice ") == "Alice"
    with pytest.raises(ValidationFailed):
        players.clean_query("a" * 41)
    with pytest.raises(ValidationFailed):
        players.clean_query("a\x00")


def test_temporary_passwords_are_long_random_and_unambiguous() -> None:
    seen = {player_actions.temporary_password() for _ in range(200)}
    assert len(seen) == 200
    for value in seen:
        groups = value.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4]
        assert not set("".join(groups)) & set("0O1lI")


def test_only_the_change_route_logout_and_me_are_open_while_a_change_is_required() -> None:
    flagged, normal = _user(must_change_password=True), _user()
    for method, route in password_change.ALLOWED_ROUTES:
        assert password_change.require_current(flagged, method, route) is flagged
    for method, route in (("GET", "/api/users/balance"), ("PATCH", "/api/users/me"), ("POST", "/api/auth/logout-all")):
        assert password_change.require_current(normal, method, route) is normal
        with pytest.raises(Forbidden) as caught:
            password_change.require_current(flagged, method, route)
        assert caught.value.error_code == "PASSWORD_CHANGE_REQUIRED"
