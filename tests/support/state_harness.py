"""Reflex states in tests: a state class in a fresh state tree whose tab belongs to a given user."""

from __future__ import annotations

from typing import Any

import pytest

from casino_app.services.accounts.identity import AuthUser


async def handler_state(monkeypatch: pytest.MonkeyPatch, state_cls: type, user: AuthUser | None) -> Any:
    """``state_cls`` in a fresh state tree whose tab belongs to ``user`` (``None``: a guest), as a websocket's
    would; its event handlers run as ``Handler.fn(state, ...)``."""
    import reflex as rx

    import casino_app.casino_app  # noqa: F401 - registers every state
    from casino_app.state import auth

    async def current(self: Any) -> AuthUser | None:
        return user

    monkeypatch.setattr(auth.AuthState, "_current_user", current)
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    return await root.get_state(state_cls)
