"""Player care's typed errors (each code has a Korean and an English message in ``i18n/*/care.py``)."""

from __future__ import annotations

from casino_app.core.errors import Conflict, Forbidden, ValidationFailed


class PlayPaused(Forbidden):
    """A cool-off or self-exclusion is in force (``details``: kind, until, opt_in_needed)."""

    code = "PLAY_PAUSED"


class RealityCheckDue(Conflict):
    """The reality check is due: play resumes once the player has seen it (``details``: minutes, net, rounds)."""

    code = "REALITY_CHECK_DUE"


class TimeLimitReached(Forbidden):
    """Today's play-time limit is used up (``details``: limit_minutes, played_minutes)."""

    code = "TIME_LIMIT_REACHED"


class LossLimitReached(Forbidden):
    """The round could lose more than is left of today's loss limit (``details``: limit, lost, stake, remaining)."""

    code = "LOSS_LIMIT_REACHED"


class CareInvalid(ValidationFailed):
    """A care setting outside what is offered (``details``: field, allowed)."""

    code = "CARE_SETTING_INVALID"


class ExclusionActive(Conflict):
    """A longer or equal break is already in force; a new one may only extend it (``details``: until)."""

    code = "EXCLUSION_ACTIVE"


class NoBreak(Conflict):
    """There is no cool-off or self-exclusion in force to opt back in from."""

    code = "NO_BREAK"


class AlreadyOptedIn(Conflict):
    """The player has opted back in already; play resumes at ``details.resumes_at``."""

    code = "ALREADY_OPTED_IN"


class OptInNotYet(Conflict):
    """Opting back in is possible only after the break has ended (``details``: ends_at), and only once."""

    code = "OPT_IN_NOT_YET"
