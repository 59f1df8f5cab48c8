"""Typed mission failures (codes and messages: ``error.MISSION_*`` in ``i18n/*/missions.py``)."""

from __future__ import annotations

from casino_app.core.errors import Conflict, NotFound, ValidationFailed


class MissionNotFound(NotFound):
    """No such active mission here (unknown, inactive, or another event's)."""

    code = "MISSION_NOT_FOUND"


class MissionNotCompleted(Conflict):
    """The mission's goal is not reached in the current period."""

    code = "MISSION_NOT_COMPLETED"


class MissionAlreadyClaimed(Conflict):
    """The reward of this mission for the current period was already taken."""

    code = "MISSION_ALREADY_CLAIMED"


class MissionInvalid(ValidationFailed):
    """A template field breaks a rule; ``details.field`` names it."""

    code = "MISSION_INVALID"


class MissionKeyTaken(Conflict):
    """Another template already has this key."""

    code = "MISSION_KEY_TAKEN"
