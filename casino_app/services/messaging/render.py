"""A notification as the app itself shows it (center, side panel, toast): a title only for operators' messages.

The words come from ``messaging.text`` — the one place that turns a kind and its params into text in a
language (``notify.<kind>`` from the catalog; ``broadcast`` / ``campaign`` carry ``{"ko": {"title", "body"},
"en": {...}}`` with Korean as the fallback). Outside channels put the brand name in the title of a catalog
notification; inside the app that title would only repeat itself, so it is left empty here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casino_app.i18n import LOCALES
from casino_app.services.messaging.text import OPERATOR_KINDS, notification_text


@dataclass(frozen=True)
class Text:
    """What a notification says: an optional title (operators' messages) and its body."""

    title: str
    body: str

    @property
    def line(self) -> str:
        """Title and body on one line (the side panel and the toast)."""
        if self.title and self.body:
            return f"{self.title} — {self.body}"
        return self.title or self.body


def text(kind: str, params: dict[str, Any], locale: str) -> Text:
    """The notification's text in ``locale`` (unknown kinds get the generic line)."""
    words = notification_text(kind, params, locale)
    return Text(words.title if kind in OPERATOR_KINDS else "", words.body)


def texts(kind: str, params: dict[str, Any]) -> dict[str, Text]:
    """The notification's text in every locale."""
    return {locale: text(kind, params, locale) for locale in LOCALES}
