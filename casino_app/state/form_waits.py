"""How forms show a refusal that asks the player to wait: the message without the seconds (the page counts
them down in minutes) and the seconds the server answered with."""

from __future__ import annotations

from casino_app.core.errors import AppError
from casino_app.i18n import CATALOGS, LOCALES, t


def wait_of(exc: AppError) -> tuple[dict[str, str], int] | None:
    """``({ko, en} message, seconds)`` when ``exc`` names a wait (``retry_after``), else ``None``.

    The message is ``forms.wait.<CODE>`` (a generic one for codes without their own).
    """
    seconds = exc.details.get("retry_after")
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds <= 0:
        return None
    key = f"forms.wait.{exc.error_code}"
    if key not in CATALOGS["ko"]:
        key = "forms.wait.RATE_LIMITED"
    return {locale: t(key, locale) for locale in LOCALES}, seconds
