"""Missions: daily (reset 00:00 KST), weekly (Monday 00:00 KST), onboarding (once) and event missions.

Progress is counted by the ``progress`` listener in the same transaction as each
action; ``claim`` pays a completed mission once per period; ``board`` and
``for_event`` are what players see; ``templates`` is the staff side (audited).
Goals count actions, never gold wagered or lost.
"""

from casino_app.services.missions.board import Board, MissionView, board, for_event
from casino_app.services.missions.claim import ClaimResult, claim
from casino_app.services.missions.errors import (
    MissionAlreadyClaimed,
    MissionInvalid,
    MissionKeyTaken,
    MissionNotCompleted,
    MissionNotFound,
)

__all__ = [
    "Board",
    "ClaimResult",
    "MissionAlreadyClaimed",
    "MissionInvalid",
    "MissionKeyTaken",
    "MissionNotCompleted",
    "MissionNotFound",
    "MissionView",
    "board",
    "claim",
    "for_event",
]
