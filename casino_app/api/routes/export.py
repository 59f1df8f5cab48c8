"""``GET /api/me/export/{kind}``: the caller's rounds, ledger entries or purchases as a streamed CSV or JSON file."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Generator
from typing import Any, Literal

import anyio
from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import Message, Receive, Scope, Send

from casino_app.api.schemas import ErrorEnvelope, errors
from casino_app.api.web_download import DownloadPlayer
from casino_app.core.errors import ServiceUnavailable
from casino_app.services import history_export

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/me/export", tags=["history export"])

DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
Chunks = Generator[bytes, None, None]


def _open(user_id: int, kind: str, fmt: str, date_from: str | None, date_to: str | None) -> tuple[Chunks, bytes, str]:
    """Check the request, claim the export's slot, run the query and read the first chunk.

    A failure up to here is still an envelope: 422, 429, or 503 ``EXPORT_FAILED`` for a database error.
    """
    span = history_export.parse_range(date_from, date_to)
    chunks = history_export.stream(user_id, kind, fmt, span)
    try:
        first = next(chunks)
    except history_export.ExportAborted as exc:
        raise ServiceUnavailable(code="EXPORT_FAILED") from exc
    return chunks, first, history_export.filename(kind, fmt, span)


class _ExportResponse(StreamingResponse):
    """Streams ``chunks`` (each read in a worker thread) and closes them however the response ends.

    Closing releases the export's database connection and its slot at once, also when
    the client goes away half-way (Starlette itself never closes a body iterator) or
    takes no chunk for ``history_export.STALL_SECONDS``. An error after the first chunk
    (``ExportAborted``) propagates: the server then cuts the chunked response off
    without its final chunk, so the client sees a failed download.
    """

    def __init__(self, user_id: int, chunks: Chunks, first: bytes, **kwargs: Any) -> None:
        self._user_id = user_id
        self._chunks = chunks
        super().__init__(self._body(first), **kwargs)

    async def stream_response(self, send: Send) -> None:
        """Send as Starlette does, but give up on a reader that stalls (its send cannot complete)."""

        async def bounded(message: Message) -> None:
            try:
                with anyio.fail_after(history_export.STALL_SECONDS):
                    await send(message)
            except TimeoutError:
                logger.warning(
                    "history export of user %s dropped: the client took no data for %ss",
                    self._user_id,
                    history_export.STALL_SECONDS,
                    extra={"export_user_id": self._user_id},
                )
                raise history_export.ExportAborted(f"the reader of user {self._user_id} stalled") from None

        await super().stream_response(bounded)

    async def _body(self, first: bytes) -> AsyncIterator[bytes]:
        yield first
        while (chunk := await run_in_threadpool(next, self._chunks, None)) is not None:
            yield chunk

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the file; then (or on a disconnect, or a cancellation) close the reader."""
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(self._chunks.close)


_FILE = {
    "description": "The file (``Content-Disposition: attachment``): CSV in UTF-8 with a BOM and a header row, or a "
    "JSON array of objects. Times are KST ISO-8601, gold and won integers, oldest first.",
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
    },
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: _FILE,
    **errors(401, 403, 404, 429),
    503: {"model": ErrorEnvelope, "description": "The database failed before the file started"},
}


@router.get("/{kind}", response_class=StreamingResponse, responses=_RESPONSES)
async def export_history(
    kind: Literal["rounds", "ledger", "purchases"],
    user: DownloadPlayer,
    fmt: Literal["csv", "json"] = Query("csv", alias="format"),
    date_from: str | None = Query(
        None, alias="from", max_length=10, pattern=DATE, description="First KST date, inclusive (default: the start)"
    ),
    date_to: str | None = Query(
        None, alias="to", max_length=10, pattern=DATE, description="Last KST date, inclusive (default: today)"
    ),
) -> StreamingResponse:
    """The caller's own history of one kind, streamed (no row cap), for a range of KST dates.

    ``rounds``: every game round with its proof; ``ledger``: every movement on the
    wallet (signed); ``purchases``: every shop order. Authenticated by the bearer
    token or, for the web app's download links, by the browser's session cookie.
    422 for a date that does not exist, one outside 2000–2099, or ``from`` after ``to``;
    429 ``EXPORT_RATE_LIMITED`` after 10 exports in a minute, ``EXPORT_IN_PROGRESS`` while another
    export of the caller's is still downloading, ``EXPORT_BUSY`` when the server already streams
    its maximum of exports at once; 503 ``EXPORT_FAILED`` when the database fails before the file
    starts. A failure after it started cuts the download off (an incomplete transfer, never a file
    that looks complete); so does a reader that takes nothing for 60 seconds.
    """
    chunks, first, name = await run_in_threadpool(_open, user.id, kind, fmt, date_from, date_to)
    return _ExportResponse(
        user.id,
        chunks,
        first,
        media_type=history_export.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
