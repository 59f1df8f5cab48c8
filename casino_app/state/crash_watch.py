"""Which tabs connected to this backend process are watching the crash page (process-local).

The crash round publishes a full snapshot at least every second and a tick about ten times a second; only tabs
on ``/games/crash`` need them. The crash page's ``on_load`` registers its tab here; realtime delivery
(``state/realtime.py``) drops a tab once its websocket is no longer attached to this process or its page is no
longer the crash page. No Reflex import: plain data, safe from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

PATH = "/games/crash"

_watching: set[str] = set()
_lock = threading.Lock()


def watch(token: str) -> None:
    """The tab with client ``token`` shows the crash page (called by the page's ``on_load``)."""
    if token:
        with _lock:
            _watching.add(token)


def drop(token: str) -> None:
    """The tab left the crash page (or this process)."""
    with _lock:
        _watching.discard(token)


def watching(local: Iterable[str]) -> list[str]:
    """The watching tabs among ``local`` (the tabs connected here); the others are forgotten."""
    connected = set(local)
    with _lock:
        _watching.intersection_update(connected)
        return sorted(_watching)


def on_page(path: str) -> bool:
    """Whether a tab whose router is at ``path`` is on the crash page (the verify page is not)."""
    return (path or "").rstrip("/") == PATH
