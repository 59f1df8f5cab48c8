"""The ``Idempotency-Key`` header for money-moving routes (required: 400 without it)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel

from casino_app.core.errors import BadRequest
from casino_app.services import idempotency

_KEY = re.compile(r"^[A-Za-z0-9._:\-]{8,100}$")
HEADER = "Idempotency-Key"
# The same rule as ``_KEY``, for the OpenAPI document (ECMA-262 regex syntax).
_KEY_SCHEMA = {"type": "string", "pattern": "^[A-Za-z0-9._:-]{8,100}$", "minLength": 8, "maxLength": 100}


def idempotency_key(
    key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description="Required. 8–100 of [A-Za-z0-9._:-], unique per action (a UUID is ideal).",
        ),
    ] = None,
) -> str:
    """The validated ``Idempotency-Key`` header."""
    if key is None:
        raise BadRequest(code="IDEMPOTENCY_KEY_REQUIRED")
    if not _KEY.fullmatch(key):
        raise BadRequest(code="IDEMPOTENCY_KEY_INVALID")
    return key


IdempotencyKey = Annotated[str, Depends(idempotency_key)]


def well_formed_key(request: Request) -> str | None:
    """The request's one ``Idempotency-Key`` when it is present, single and valid, else ``None``."""
    sent = request.headers.getlist(HEADER)
    return sent[0] if len(sent) == 1 and _KEY.fullmatch(sent[0]) else None


def respond_once(
    request: Request, user_id: int, key: str, body: BaseModel | None, action: Callable[[], tuple[int, Any]]
) -> Response:
    """Run ``action`` once per (user, key); repeats get the stored response with ``Idempotent-Replayed``."""
    payload = body.model_dump_json() if body is not None else ""
    request_hash = hashlib.sha256(f"{request.method} {request.url.path}\n{payload}".encode()).hexdigest()
    outcome = idempotency.run_once(user_id, key, request_hash, action, _render)
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    return Response(outcome.body, outcome.status, headers=headers, media_type="application/json")


def _render(result: Any) -> str:
    # A pydantic model dumps itself as jsonable_encoder would (JSON mode, by alias), without its walk.
    data = result.model_dump(mode="json", by_alias=True) if isinstance(result, BaseModel) else jsonable_encoder(result)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_idempotency_key(document: dict[str, Any]) -> None:
    """Mark every ``Idempotency-Key`` header in an OpenAPI document required, with its pattern.

    The dependency checks the header itself (400 ``IDEMPOTENCY_KEY_REQUIRED`` /
    ``IDEMPOTENCY_KEY_INVALID`` rather than a generic 422), so FastAPI only sees
    an optional string; the document states the real contract.
    """
    for operation in (op for path in document.get("paths", {}).values() for op in path.values()):
        for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
            if parameter.get("in") == "header" and parameter.get("name") == HEADER:
                parameter["required"] = True
                parameter["schema"] = {**_KEY_SCHEMA, "title": HEADER}
