"""The history page's export card: which history, which KST dates, and the download links for them.

The files themselves come from ``GET /api/me/export/{kind}``, fetched by the
browser with its own session cookie (``api.web_download``): the links stream
straight from the server, nothing passes through this state. These handlers only
choose and check what the links ask for; they touch no player data, and the
route re-checks the player and the input on every download.
"""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from casino_app.core.errors import ValidationFailed
from casino_app.services import history_export
from casino_app.state.auth import bilingual_error

EXPORT_PATH = "/api/me/export/"
EXPORT_KINDS = history_export.KINDS


def export_href(kind: str, fmt: str, date_from: str, date_to: str) -> str:
    """The download link for a checked choice ("" when the dates are not a valid range)."""
    if kind not in history_export.KINDS or fmt not in history_export.FORMATS:
        return ""
    try:
        history_export.parse_range(date_from, date_to)
    except ValidationFailed:
        return ""
    query = {"format": fmt, **({"from": date_from} if date_from else {}), **({"to": date_to} if date_to else {})}
    return EXPORT_PATH + kind + "?" + urlencode(query)


class HistoryExportState(rx.State):
    """The export card's choices (not player data) and whether they form a valid range."""

    kind: str = "rounds"
    date_from: str = ""
    date_to: str = ""
    error: dict[str, str] = {}

    def _check(self) -> None:
        try:
            history_export.parse_range(self.date_from, self.date_to)
        except ValidationFailed as exc:
            self.error = bilingual_error(exc)
        else:
            self.error = {}

    @rx.event
    def choose_kind(self, value: str) -> None:
        """Rounds, ledger or purchases (anything else keeps rounds)."""
        self.kind = value if value in history_export.KINDS else "rounds"

    @rx.event
    def choose_from(self, value: str) -> None:
        """The first KST date ("" = from the start)."""
        self.date_from = str(value)[:10]
        self._check()

    @rx.event
    def choose_to(self, value: str) -> None:
        """The last KST date ("" = up to today)."""
        self.date_to = str(value)[:10]
        self._check()

    @rx.var
    def csv_href(self) -> str:
        """The CSV download link ("" while the range is invalid)."""
        return export_href(self.kind, "csv", self.date_from, self.date_to)

    @rx.var
    def json_href(self) -> str:
        """The JSON download link ("" while the range is invalid)."""
        return export_href(self.kind, "json", self.date_from, self.date_to)
