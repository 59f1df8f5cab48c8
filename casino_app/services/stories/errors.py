"""The story gallery's typed errors (Korean and English messages in ``i18n/*/stories.py``).

Not an adult is the shop's 403 ``AGE_VERIFICATION_REQUIRED`` (``services.shop.limits.require_adult``).
"""

from __future__ import annotations

from casino_app.core.errors import Forbidden, NotFound, ValidationFailed


class StoryNotFound(NotFound):
    """No story with this key (``details.story``)."""

    code = "STORY_NOT_FOUND"


class StageInvalid(ValidationFailed):
    """Only stages 2 and 3 are unlocked; stage 1 is open to every verified adult (``details.allowed``)."""

    code = "STORY_STAGE_INVALID"


class StoryLocked(Forbidden):
    """The stage's requirements are not met (``details``: story, stage, missing — what each one still needs)."""

    code = "STORY_LOCKED"
