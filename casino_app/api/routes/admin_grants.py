"""``/api/admin/rewards``: bulk gold grants from a CSV upload (operators and admins), and the batches so far."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from starlette.concurrency import run_in_threadpool

from casino_app.api import middleware
from casino_app.api.deps import Client, Operator
from casino_app.api.schemas import ResponseModel, errors
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.services.console import grant_csv, grants

router = APIRouter(prefix="/api/admin/rewards", tags=["admin"])

GRANT_PATH = "/api/admin/rewards/grant-bulk"
# The CSV may be up to 1 MiB; the multipart envelope and the form fields need a little more.
middleware.LARGER_BODIES[GRANT_PATH] = grant_csv.MAX_FILE_BYTES + 16 * 1024


class GrantRowOut(ResponseModel):
    """One CSV row (``row`` counts data rows from 1, the header excluded); ``error`` is the code when it failed."""

    row: int
    site_id: str
    amount: int | None
    ok: bool
    error: str | None


class GrantBatchOut(ResponseModel):
    """A bulk grant: totals and every row's result. ``replayed``: the batch key was already done, nothing moved."""

    batch_key: str
    reason: str
    actor_id: int | None
    actor_site_id: str | None
    rows: int
    granted: int
    failed: int
    total_gold: int
    results: list[GrantRowOut]
    created_at: datetime
    replayed: bool


class GrantBatchSummaryOut(ResponseModel):
    """A batch in the list (its rows are at ``/grant-batches/{batch_key}``)."""

    batch_key: str
    reason: str
    actor_id: int | None
    actor_site_id: str | None
    rows: int
    granted: int
    failed: int
    total_gold: int
    created_at: datetime


@router.post(
    "/grant-bulk", response_model=GrantBatchOut, responses=errors(400, 401, 403, 409, 413), name="admin_grant_bulk"
)
async def grant_bulk(
    staff: Operator,
    client: Client,
    file: Annotated[UploadFile, File(description="CSV, UTF-8: header site_id,amount[,note]; at most 5,000 rows")],
    reason: Annotated[str, Form(min_length=1, max_length=grants.REASON_MAX, description="Why (audited)")],
    batch_key: Annotated[
        str | None,
        Form(
            pattern=grants.BATCH_KEY_PATTERN,
            description="Makes the upload safe to repeat (default: the file's SHA-256)",
        ),
    ] = None,
) -> GrantBatchOut:
    """Credit gold to every valid row once, all in one transaction; a bad row fails alone.

    The same batch key with the same rows again grants nothing (``replayed``); with other rows it is a 409
    ``BATCH_KEY_REUSED``.
    """
    content = await file.read(grant_csv.MAX_FILE_BYTES + 1)
    if len(content) > grant_csv.MAX_FILE_BYTES:
        raise ValidationFailed(code="CSV_TOO_LARGE", details={"field": "file", "max_bytes": grant_csv.MAX_FILE_BYTES})
    result = await run_in_threadpool(
        grants.grant_bulk, content, reason, actor_id=staff.id, batch_key=batch_key, ip=client.ip
    )
    return GrantBatchOut.model_validate(result)


@router.get("/grant-batches", responses=errors(401, 403))
def grant_batches(staff: Operator, limit: int = Query(20, ge=1, le=grants.RECENT_MAX)) -> list[GrantBatchSummaryOut]:
    """The latest bulk grants, newest first."""
    return [GrantBatchSummaryOut.model_validate(batch) for batch in grants.recent(limit)]


@router.get("/grant-batches/{batch_key}", response_model=GrantBatchOut, responses=errors(401, 403, 404))
def grant_batch(
    staff: Operator, batch_key: str = Path(min_length=1, max_length=64, pattern=grants.BATCH_KEY_PATTERN)
) -> GrantBatchOut:
    """One bulk grant with every row's result."""
    found = grants.get(batch_key)
    if found is None:
        raise NotFound(details={"batch_key": batch_key})
    return GrantBatchOut.model_validate(found)
