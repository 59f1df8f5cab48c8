"""A notification's words in one language, for channels that leave the app (web push; mail may follow).

Catalog kinds read ``notify.<kind>`` from i18n (unknown kinds: ``notify.generic``), with ``amount`` shown
signed with thousands separators and ``name_ko`` / ``name_en`` style parameters picked for the language —
the same rules the side panel uses. Operators' free-text kinds (``broadcast``, ``campaign``) carry their own
words per language: ``params = {"ko": {"title", "body"}, "en": {...}}``, English falling back to Korean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casino_app.i18n import CATALOGS, DEFAULT_LOCALE, t

OPERATOR_KINDS = frozenset({"broadcast", "campaign"})
TITLE_MAX = 100
BODY_MAX = 500


@dataclass(frozen=True)
class MessageText:
    """A title and a body, ready to show outside the app."""

    title: str
    body: str


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _localized(params: dict[str, Any], locale: str) -> dict[str, Any]:
    """``name_ko`` / ``name_en`` become ``{name}`` in their own language."""
    suffix = "_" + locale
    return {k.removesuffix(suffix): v for k, v in params.items() if k.endswith(suffix)}


def notification_text(kind: str, params: dict[str, Any], locale: str) -> MessageText:
    """The title and body of a stored notification in ``locale`` (ko when the language is unknown)."""
    locale = locale if locale in CATALOGS else DEFAULT_LOCALE
    if kind in OPERATOR_KINDS:
        words = params.get(locale) if isinstance(params.get(locale), dict) else None
        words = words or (params.get(DEFAULT_LOCALE) if isinstance(params.get(DEFAULT_LOCALE), dict) else {})
        title = str(words.get("title") or t("brand.name", locale))
        body = str(words.get("body") or t("notify.generic", locale))
        return MessageText(_clip(title, TITLE_MAX), _clip(body, BODY_MAX))
    key = f"notify.{kind}" if f"notify.{kind}" in CATALOGS[DEFAULT_LOCALE] else "notify.generic"
    shown = {k: f"{v:+,}" if k == "amount" and isinstance(v, int) else v for k, v in params.items()}
    body = t(key, locale, **{**shown, **_localized(shown, locale)})
    return MessageText(_clip(t("brand.name", locale), TITLE_MAX), _clip(body, BODY_MAX))
