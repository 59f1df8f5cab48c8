"""Client effects: server state changes that make the page run a named helper (/js/cc-client.js, cc-sound.js).

Each effect is an invisible element keyed by the value it reacts to: a new
value remounts it and its ``on_mount`` calls the helper. The calls are compiled
into the bundle (no ``eval``), which keeps the Content-Security-Policy strict.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import FunctionStringVar

from casino_app.state.auth import AuthState
from casino_app.state.sound import SoundState
from casino_app.state.ui import UIState


def _effect(key: rx.Var, call: rx.Var) -> rx.Component:
    # The key sits on the wrapper so a new value remounts the inner element and re-runs its on_mount.
    return rx.el.span(rx.el.span(on_mount=rx.run_script(call)), key=key, hidden=True, aria_hidden="true")


def client_effects() -> rx.Component:
    """Session handoff and logout (HttpOnly cookie), sound cues, background music and ``<html lang>``."""
    return rx.fragment(
        rx.cond(
            AuthState.handoff != "",
            _effect(
                AuthState.handoff,
                FunctionStringVar.create("window.ccSession.establish").call(AuthState.handoff, AuthState.handoff_next),
            ),
        ),
        rx.cond(
            AuthState.logout_nonce != "",
            _effect(
                AuthState.logout_nonce,
                FunctionStringVar.create("window.ccSession.logout").call(AuthState.logout_nonce),
            ),
        ),
        rx.cond(
            SoundState.seq > 0,
            _effect(
                SoundState.seq.to_string(),
                FunctionStringVar.create("window.ccSoundCue").call(SoundState.cue, SoundState.seq),
            ),
        ),
        _effect(UIState.locale, FunctionStringVar.create("window.ccSetLang").call(UIState.locale)),
        # Background music follows "music on and sound on" (it starts only after a user gesture).
        _effect(
            UIState.music_playing.to_string(),
            FunctionStringVar.create("window.ccMusic.set").call(UIState.music_playing),
        ),
    )
