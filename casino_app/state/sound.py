"""Sound cues: a handler asks for a sound; the page plays it (``window.ccSound`` honours the sound toggle)."""

from __future__ import annotations

import reflex as rx

# The kinds /js/cc-sound.js plays (win, big and mega are the win tiers of services/games/win_tier.py).
CUES = ("spin", "reel", "win", "big", "mega", "even", "loss", "reward", "claim", "error")


class SoundState(rx.State):
    """The latest cue and a counter, so the same sound twice in a row plays twice."""

    cue: str = ""
    seq: int = 0

    @rx.event
    def play(self, kind: str) -> None:
        """Queue ``kind`` for the page (unknown kinds are ignored)."""
        if kind in CUES:
            self.cue, self.seq = kind, self.seq + 1


def sound(kind: str) -> rx.event.EventSpec:
    """The event a game handler returns to play a sound effect."""
    return SoundState.play(kind)
