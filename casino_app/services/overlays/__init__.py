"""OBS overlays for streamers (issue 16 item 11): per-streamer tokens staff issue and revoke (``tokens``), the
players' opt-in to appear on them (``visibility``) and what each overlay shows (``data``)."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """The overlays there are (their pages are ``/overlay/<kind>``)."""

    FEED = "feed"
    BIGWINS = "bigwins"
    LEADERBOARD = "leaderboard"
