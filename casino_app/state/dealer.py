"""The dealer character's speech bubble: one slot whose line is replaced (never stacked) after each moment.

Game states call a module helper from inside their own handler, once the round is stored::

    from casino_app.state import dealer

    await dealer.after_round(self, "slot", stake=result.bet, payout=result.payout)  # the server counts streaks
    await dealer.react(self, "level_up", {"level": 7})  # any other moment, with what the caller knows

Both are coroutines, not events: the browser cannot call them. They re-check the player, ask the feedback service
for a line in both languages and put it in the bubble; a bad input leaves the bubble as it was (feedback never
breaks a round).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.care import feedback
from casino_app.state.auth import require_player

logger = logging.getLogger(__name__)


class DealerState(rx.State):
    """The bubble's current line (both languages), the animation and the link of a rest line."""

    message: dict[str, str] = {}
    animation: str = "wave"
    kind: str = ""
    link: str = ""
    hidden: bool = False
    # Changes with every new line: the bubble is keyed by it, so its short fade-in replays in the same slot.
    line_id: int = 0

    @rx.event
    def dismiss(self) -> None:
        """Close the bubble until the next line (display only: touches no user data)."""
        self.hidden = True

    async def _react(self, action_type: str, context: Mapping[str, Any] | None = None) -> bool:
        """Put the dealer's line for ``action_type`` in the bubble; False (unchanged) for no player or bad input."""
        user = await require_player(self)
        if user is None:
            return False
        try:
            reaction = await asyncio.to_thread(feedback.react, user.id, action_type, context)
        except AppError as exc:
            logger.warning("dealer reaction refused: %s %s", action_type, exc.error_code)
            return False
        self._show(reaction)
        return True

    async def _after_round(self, game: str, stake: int, payout: int) -> bool:
        """Put the dealer's line for the round just played in the bubble (streaks and session read on the server)."""
        user = await require_player(self)
        if user is None:
            return False
        try:
            reaction = await asyncio.to_thread(feedback.after_round, user.id, game, stake, payout)
        except AppError as exc:
            logger.warning("dealer reaction refused: %s %s", game, exc.error_code)
            return False
        self._show(reaction)
        return True

    def _show(self, reaction: feedback.Reaction) -> None:
        self.message = dict(reaction.messages)
        self.animation = reaction.animation
        self.kind = reaction.kind
        self.link = reaction.link
        self.hidden = False
        self.line_id += 1


async def react(state: rx.State, action_type: str, context: Mapping[str, Any] | None = None) -> bool:
    """After a round or a moment (a level-up, a purchase …): the dealer reacts in this tab's bubble.

    ``state`` is the calling state (any); ``context`` may hold ``loss_streak``, ``win_streak``,
    ``session_minutes``, ``net`` (payout minus stake), ``level``, ``days`` and ``game``. Returns whether the line
    changed.
    """
    dealer = await state.get_state(DealerState)
    return await dealer._react(action_type, context)


async def after_round(state: rx.State, game: str, *, stake: int, payout: int) -> bool:
    """After a game round (already stored): the dealer reacts to its stake and payout in this tab's bubble, with
    the loss or win streak and the session length counted on the server. Returns whether the line changed."""
    dealer = await state.get_state(DealerState)
    return await dealer._after_round(game, stake, payout)
