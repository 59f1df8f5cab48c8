"""The battle pass's typed errors (each code has a Korean and an English message in ``i18n/*/battlepass.py``)."""

from __future__ import annotations

from casino_app.core.errors import Conflict, NotFound, ValidationFailed


class TierNotFound(NotFound):
    """No such tier in a season players can see (a draft's tiers are "not found" too)."""

    code = "BATTLEPASS_TIER_NOT_FOUND"


class NoReward(NotFound):
    """The tier has no reward on that track."""

    code = "BATTLEPASS_NO_REWARD"


class TierLocked(Conflict):
    """The player's pass XP has not reached the tier yet (``details``: xp, xp_required)."""

    code = "BATTLEPASS_TIER_LOCKED"


class PremiumRequired(Conflict):
    """A premium reward needs the season's premium pass."""

    code = "BATTLEPASS_PREMIUM_REQUIRED"


class AlreadyClaimed(Conflict):
    """This reward was already taken (each tier's free and premium reward once)."""

    code = "BATTLEPASS_ALREADY_CLAIMED"


class SeasonClosed(Conflict):
    """The season's claim period is over, or it has not started (``details``: starts_at, claim_until)."""

    code = "BATTLEPASS_SEASON_CLOSED"


class SeasonNotFound(NotFound):
    """No such season (console)."""

    code = "BATTLEPASS_SEASON_NOT_FOUND"


class SeasonInvalid(ValidationFailed):
    """A field of the season or its tiers breaks a rule (``details.field`` names it; ``level`` for a tier)."""

    code = "BATTLEPASS_SEASON_INVALID"


class SeasonKeyTaken(Conflict):
    """Another season already uses this key."""

    code = "BATTLEPASS_KEY_TAKEN"


class SeasonLocked(Conflict):
    """A published season is not edited (its players' progress and claims depend on it)."""

    code = "BATTLEPASS_SEASON_LOCKED"


class SeasonOverlap(Conflict):
    """Another published season's window overlaps this one (``details.other``): one season runs at a time."""

    code = "BATTLEPASS_SEASON_OVERLAP"


class PremiumOwned(Conflict):
    """The buyer already owns the live season's premium pass: buying it again would add nothing (shop)."""

    code = "BATTLEPASS_PREMIUM_OWNED"


class PremiumUnavailable(Conflict):
    """The product is a season's premium pass, but no season selling it is live now (shop)."""

    code = "BATTLEPASS_PREMIUM_UNAVAILABLE"
