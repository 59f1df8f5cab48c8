"""The console's bulk grants: upload a CSV with a reason (and optionally a batch key), see every row's result,
and the recent batches (operators and admins, re-checked on every call; support sees the page refused).

The reason and batch key are kept here as they are typed (trimmed and capped), because the upload travels
over Reflex's upload endpoint, which carries only state values; ``services.console.grants`` validates them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.accounts import identity
from casino_app.services.console import grant_csv, grants
from casino_app.state.admin_editing import console_user
from casino_app.state.auth import bilingual_code, bilingual_error, client_of, require_user

UPLOAD_ID = "cc-grants-csv"
RECENT = 20
# Row failures the page explains (``grants_admin.row_error.<code>``); any other code shows as OTHER.
ROW_ERRORS = (
    "AMOUNT_INVALID",
    "AMOUNT_TOO_LARGE",
    "SITE_ID_UNKNOWN",
    "STAFF_ACCOUNT",
    "PLAYER_INACTIVE",
    "NOTE_TOO_LONG",
    "NOTE_INVALID",
    "COLUMNS_MISMATCH",
    "IDEMPOTENCY_CONFLICT",
    "OTHER",
)


def batch_row(batch: grants.BatchResult) -> dict[str, str]:
    """A batch as the recent list shows it (KST time, formatted gold)."""
    return {
        "batch_key": batch.batch_key,
        "short_key": batch.batch_key[:12],
        "at": clock.kst_text(batch.created_at),
        "actor": batch.actor_site_id or "",
        "reason": batch.reason,
        "rows": f"{batch.rows:,}",
        "granted": f"{batch.granted:,}",
        "failed": f"{batch.failed:,}",
        "total_gold": f"{batch.total_gold:,}",
    }


def result_row(row: grants.RowResult) -> dict[str, str]:
    """A row's outcome (``error`` is its code, "" when granted)."""
    return {
        "row": str(row.row),
        "site_id": row.site_id,
        "amount": "" if row.amount is None else f"{row.amount:,}",
        "ok": "1" if row.ok else "",
        "error": "" if row.ok else (row.error if row.error in ROW_ERRORS else "OTHER"),
    }


class AdminGrantsState(rx.State):
    """Bulk gold grants: the form's values, the batch on screen and the recent batches."""

    reason: str = ""
    batch_key: str = ""
    allowed: bool = False  # display hint only: every handler re-checks the role
    busy: bool = False
    shown: dict[str, str] = {}  # the batch on screen (summary), {} for none
    replayed: bool = False
    rows: list[dict[str, str]] = []
    batches: list[dict[str, str]] = []
    error: dict[str, str] = {}

    async def _operator(self) -> identity.AuthUser | None:
        staff, self.error = await console_user(self, "operator")
        self.allowed = staff is not None
        return staff

    def _show(self, batch: grants.BatchResult) -> None:
        self.shown = batch_row(batch)
        self.replayed = batch.replayed
        self.rows = [result_row(r) for r in batch.results]

    async def _reload(self) -> None:
        self.batches = [batch_row(b) for b in await asyncio.to_thread(grants.recent, RECENT)]

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The recent batches (operators and admins; support sees the refusal, staff only otherwise)."""
        self.shown, self.rows, self.replayed, self.busy = {}, [], False, False
        if await self._operator() is not None:
            await self._reload()
            return None
        self.batches = []
        user = await require_user(self)
        return None if user is not None and user.is_staff else rx.redirect("/admin/login")

    @rx.event
    async def set_reason(self, value: str) -> None:
        """Keep the typed reason (trimmed to the stored length; validated by the service on upload)."""
        self.reason = str(value or "")[: grants.REASON_MAX + 1]

    @rx.event
    async def set_batch_key(self, value: str) -> None:
        """Keep the typed batch key (empty: the file's SHA-256; validated by the service on upload)."""
        self.batch_key = str(value or "").strip()[:65]

    @rx.event
    async def upload(self, files: list[rx.UploadFile]) -> AsyncIterator[None]:
        """Grant the uploaded CSV (exactly one file) with the reason and batch key; show every row's result."""
        staff = await self._operator()
        if staff is None:
            return
        if len(files) != 1:
            self.error = bilingual_code("CSV_ONE_FILE")
            return
        content = await files[0].read(grant_csv.MAX_FILE_BYTES + 1)
        if len(content) > grant_csv.MAX_FILE_BYTES:
            self.error = bilingual_code("CSV_TOO_LARGE", max_bytes=grant_csv.MAX_FILE_BYTES)
            return
        self.busy = True
        yield
        try:
            batch = await asyncio.to_thread(
                grants.grant_bulk,
                content,
                self.reason,
                actor_id=staff.id,
                batch_key=self.batch_key or None,
                ip=client_of(self).ip,
            )
        except AppError as exc:
            self.error, self.busy = bilingual_error(exc), False
            return
        self.error, self.busy = {}, False
        self._show(batch)
        await self._reload()

    @rx.event
    async def open_batch(self, batch_key: str) -> None:
        """Show a recent batch's rows (the key must be one of the listed batches)."""
        if await self._operator() is None:
            return
        wanted = str(batch_key)[:64]
        if wanted not in {b["batch_key"] for b in self.batches}:
            return
        batch = await asyncio.to_thread(grants.get, wanted)
        if batch is not None:
            self._show(batch)
