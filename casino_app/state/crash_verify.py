"""``/games/crash/verify``: a finished crash round checked against the published hash chain.

Public (anyone can check a round): the hash comes from the link (``?hash=``) or the form, is validated by
``services.crash.verify`` and the result is shown as the service computed it. The walk down to the terminating
hash (``full``) costs one SHA-256 per round of the chain, so it runs only when asked.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.crash import verify
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.crash_format import x_text


def _flag(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class CrashVerifyState(rx.State):
    """The checked round (empty until a hash is given)."""

    hash_input: str = ""
    result: dict[str, str] = {}
    error: dict[str, str] = {}
    busy: bool = False

    async def _check(self, value: str, *, full: bool) -> None:
        self.hash_input, self.error = value[:100], {}
        if not value:
            self.result = {}
            return
        self.busy = True
        try:
            found = await asyncio.to_thread(verify.verify, round_hash=value[:100], full=full)
        except AppError as exc:
            self.result, self.error = {}, bilingual_error(exc)
            return
        finally:
            self.busy = False
        self.result = {
            "round_id": str(found.round_id),
            "number": str(found.number),
            "hash": found.hash,
            "commitment": found.commitment,
            "terminating": found.terminating_hash,
            "links": _flag(found.links_previous),
            "reaches": _flag(found.reaches_terminating),
            "recorded": x_text(found.recorded_crash_point),
            "computed": x_text(found.computed_crash_point),
            "valid": "yes" if found.valid else "no",
        }

    @rx.event
    async def load(self) -> None:
        """Page load: check the round of the link's ``hash`` (if any)."""
        await self._check(str(self.router.url.query_parameters.get("hash", "")).strip(), full=False)

    @rx.event
    async def check(self, form: dict) -> None:
        """Check the hash typed into the form."""
        value = str((form if isinstance(form, dict) else {}).get("hash", "")).strip()
        await self._check(value, full=False)

    @rx.event
    async def walk(self) -> None:
        """Also hash the shown round down to the chain's terminating hash."""
        if not self.result.get("hash") or self.busy:
            return
        try:
            await asyncio.to_thread(verify.allow_walk, client_of(self).ip)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return
        await self._check(self.result["hash"], full=True)
