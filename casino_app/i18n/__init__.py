"""Message catalogs: Korean (default) and English.

Every UI string and every error message comes from here. Keys are flat and
dotted (``nav.home``, ``error.NOT_FOUND``); both catalogs hold exactly the
same keys (a test enforces it). Messages may use ``{name}`` placeholders.
"""

from __future__ import annotations

from typing import Any

from casino_app.i18n import en, ko

LOCALES: tuple[str, ...] = ("ko", "en")
DEFAULT_LOCALE = "ko"
CATALOGS: dict[str, dict[str, str]] = {"ko": ko.MESSAGES, "en": en.MESSAGES}


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def normalize_locale(value: str | None) -> str:
    """Pick a supported locale from a code or an ``Accept-Language`` header (ko by default)."""
    if not value:
        return DEFAULT_LOCALE
    for part in value.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in CATALOGS:
            return code
    return DEFAULT_LOCALE


def t(key: str, locale: str = DEFAULT_LOCALE, /, **params: Any) -> str:
    """The message for ``key`` in ``locale`` with ``{placeholders}`` filled in."""
    catalog = CATALOGS.get(locale, CATALOGS[DEFAULT_LOCALE])
    template = catalog.get(key) or CATALOGS[DEFAULT_LOCALE].get(key) or key
    return template.format_map(_KeepMissing(params)) if params else template


def error_message(code: str, locale: str = DEFAULT_LOCALE, fallback: str | None = None, **params: Any) -> str:
    """The human message for an error ``code`` (catalog first, then ``fallback``, then a generic one)."""
    key = f"error.{code}"
    if key in CATALOGS[DEFAULT_LOCALE]:
        return t(key, locale, **params)
    return fallback or t("error.GENERIC", locale)


def field_message(code: str, locale: str = DEFAULT_LOCALE, fallback: str = "") -> str:
    """The message for a field rule ``code`` (``field.<CODE>``), else ``fallback``."""
    key = f"field.{code}"
    if key in CATALOGS[DEFAULT_LOCALE]:
        return t(key, locale)
    return fallback or t("error.VALIDATION_ERROR", locale)
