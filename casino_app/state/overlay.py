"""The OBS overlays (``/overlay/feed``, ``/overlay/bigwins``, ``/overlay/leaderboard``): no login, a token.

The page's ticker calls ``tick`` every ``TICK_MS``; each call resolves the token again on the server, so a
token staff revoked shows nothing from the next refresh on (``status`` becomes ``refused``). ``tick`` and
``load`` need no login, so a client calling them faster than the ticker gets the last answer again: the token
is looked up at most once per ``RECHECK_SECONDS`` (half the ticker's interval) per overlay. The data comes
from ``services.overlays.data`` (opted-in players only, cached for a few seconds per process), rendered here in
the overlay's own language: Korean, or English with ``?lang=en`` (the browser's saved choice does not apply:
an OBS scene shows what its address says).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import reflex as rx
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import t
from casino_app.services.overlays import Kind, data, tokens

logger = logging.getLogger(__name__)

TICK_MS = 5000
RECHECK_SECONDS = TICK_MS / 2000
TOKEN_MAX = 120
_KEYS = ("overlay.unavailable", "overlay.note", "overlay.xp")


def _hhmm(moment: data.Moment) -> str:
    return moment.created_at.astimezone(clock.business_tz()).strftime("%H:%M")


def _numbers(params: dict[str, Any]) -> dict[str, Any]:
    return {k: f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else v for k, v in params.items()}


def feed_row(moment: data.Moment, locale: str) -> dict[str, str]:
    """A feed moment as one sentence (the live feed's own wording)."""
    shown = _numbers(moment.params)
    game_name = t(f"games.name.{moment.params.get('game', 'slot')}", locale)
    item = str(shown.get(f"item_{locale}", ""))
    fields = {**shown, "nickname": moment.nickname, "game_name": game_name, "item": item}
    return {
        "id": str(moment.id),
        "kind": moment.kind,
        "text": t(f"feed.{moment.kind}", locale, **fields),
        "at": _hhmm(moment),
    }


def big_win_row(moment: data.Moment, locale: str) -> dict[str, str]:
    """A big win: who, how much, where and at what multiplier."""
    shown = _numbers(moment.params)
    game_name = t(f"games.name.{moment.params.get('game', 'slot')}", locale)
    detail = t("overlay.detail", locale, game_name=game_name, multiplier=str(shown.get("multiplier", "")))
    return {
        "id": str(moment.id),
        "nickname": moment.nickname,
        "amount": t("overlay.amount", locale, amount=str(shown.get("amount", ""))),
        "detail": detail,
        "at": _hhmm(moment),
    }


def ranked_row(entry: data.Ranked) -> dict[str, str]:
    """A player on today's board: rank, nickname, XP."""
    return {"id": str(entry.rank), "rank": str(entry.rank), "nickname": entry.nickname, "score": f"{entry.score:,}"}


class OverlayState(rx.State):
    """One overlay in one OBS browser source."""

    kind: str = ""
    lang: str = "ko"
    status: str = "loading"  # loading | ready | refused
    rows: list[dict[str, str]] = []
    labels: dict[str, str] = {}
    _token: str = ""
    _checked_at: float = 0.0  # epoch seconds of the last token check (wall clock: the state may change worker)
    _address: str = ""  # kind, language and token the rows were read for

    @rx.event
    async def load(self) -> None:
        """Read the overlay's kind, token and language from its address, then its data."""
        path = (self.router.url.path or "").rstrip("/")
        params = self.router.url.query_parameters
        self.kind = path.rsplit("/", 1)[-1] if path.rsplit("/", 1)[-1] in set(Kind) else ""
        self.lang = "en" if params.get("lang") == "en" else "ko"
        raw = params.get("token", "")
        self._token = raw[:TOKEN_MAX] if isinstance(raw, str) else ""
        kind = self.kind or Kind.FEED.value
        self.labels = {
            "title": t(f"overlay.kind.{kind}", self.lang),
            "empty": t(f"overlay.empty.{kind}", self.lang),
            **{key.removeprefix("overlay."): t(key, self.lang) for key in _KEYS},
        }
        address = f"{self.kind}|{self.lang}|{self._token}"
        if address != self._address:  # another address in this state: nothing read for the last one stays shown
            self._address, self.status, self.rows = address, "loading", []
        await self._refresh()

    @rx.event
    async def tick(self) -> None:
        """The page's ticker: the token is checked again, then the data read (cached briefly server-side)."""
        await self._refresh()

    async def _refresh(self) -> None:
        now = time.time()
        if 0 <= now - self._checked_at < RECHECK_SECONDS:  # called faster than the ticker: the last answer stands
            return
        self._checked_at = now
        try:
            access = await asyncio.to_thread(tokens.resolve, self._token) if self.kind else None
            found = await asyncio.to_thread(data.items, Kind(self.kind)) if access is not None else None
        except (AppError, sa.exc.SQLAlchemyError):
            logger.warning("overlay refresh failed; showing nothing until the next one", exc_info=True)
            found = None
        if found is None:  # unknown, revoked or unreadable: fail closed, quietly
            self.status, self.rows = "refused", []
            return
        kind = Kind(self.kind)
        if kind is Kind.LEADERBOARD:
            self.rows = [ranked_row(entry) for entry in found]  # type: ignore[arg-type]
        elif kind is Kind.BIGWINS:
            self.rows = [big_win_row(moment, self.lang) for moment in found]  # type: ignore[arg-type]
        else:
            self.rows = [feed_row(moment, self.lang) for moment in found]  # type: ignore[arg-type]
        self.status = "ready"
