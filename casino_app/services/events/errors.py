"""The events' typed errors (each code has a Korean and an English message in ``i18n/*/events.py``)."""

from __future__ import annotations

from casino_app.core.errors import Conflict, NotFound, ValidationFailed


class EventNotFound(NotFound):
    """No such event, or one players cannot see (a draft, or one whose claim period is over)."""

    code = "EVENT_NOT_FOUND"


class EventInvalid(ValidationFailed):
    """A field of the event breaks a rule (``details.field`` names it)."""

    code = "EVENT_INVALID"


class EventKeyTaken(Conflict):
    """Another event already uses this key."""

    code = "EVENT_KEY_TAKEN"


class EventLocked(Conflict):
    """The event's state does not allow this change (``details``: status, and the field when one is named)."""

    code = "EVENT_LOCKED"


class EventNoMissions(Conflict):
    """An event needs at least one mission before it is published."""

    code = "EVENT_NO_MISSIONS"


class EventNotStarted(Conflict):
    """The event has not started yet (``details.starts_at``)."""

    code = "EVENT_NOT_STARTED"


class EventOver(Conflict):
    """The event has ended: no more joining or progress."""

    code = "EVENT_OVER"


class EventNotJoined(Conflict):
    """Only participants can claim an event's missions."""

    code = "EVENT_NOT_JOINED"


class EventClaimsClosed(Conflict):
    """The claim period after the event's end is over (``details.claims_close_at``)."""

    code = "EVENT_CLAIMS_CLOSED"
