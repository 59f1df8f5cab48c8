"""Structured logs: JSON lines with request ids, and never a secret."""

from __future__ import annotations

import io
import json
import logging

import pytest

from casino_app.core.context import request_id_var, user_id_var
from casino_app.core.logging import REDACTED, ContextAndRedactionFilter, _formatter, redact_text

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxfQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


@pytest.fixture
def captured() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextAndRedactionFilter())
    handler.setFormatter(_formatter("json"))
    logger = logging.getLogger("casino_app.test_logging")
    logger.handlers = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return logger, stream


def _records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize(
    "text",
    [
        f"token {JWT}",
        "Authorization: Bearer abc.def-ghi",
        "phone 010-1234-5678",
        "phone 01012345678",
        "phone +82 10 1234 5678",
        "password=hunter2!",
        "refresh_token: 9f8e7d6c5b4a",
    ],
)
def test_redact_text(text: str) -> None:
    redacted = redact_text(text)
    assert REDACTED in redacted
    for secret in (JWT, "abc.def-ghi", "1234-5678", "12345678", "1234 5678", "hunter2", "9f8e7d6c5b4a"):
        assert secret not in redacted


@pytest.mark.parametrize("number", ["1000000000", "balance 1012345678", "round 20261122"])
def test_ordinary_numbers_are_kept(number: str) -> None:
    assert redact_text(number) == number


def test_json_line_with_context_and_redacted_extras(captured: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = captured
    rid = request_id_var.set("req-12345678")
    uid = user_id_var.set(42)
    try:
        logger.info(
            "login for %s with %s",
            "user001",
            JWT,
            extra={"password": "비밀번호1234", "phone_number": "010-9999-8888", "detail": {"token": "abc"}},
        )
    finally:
        request_id_var.reset(rid)
        user_id_var.reset(uid)
    (record,) = _records(stream)
    assert record["request_id"] == "req-12345678"
    assert record["user_id"] == 42
    assert record["level"] == "INFO"
    assert "ts" in record
    assert JWT not in record["message"]
    assert record["password"] == REDACTED
    assert record["phone_number"] == REDACTED
    assert record["detail"] == {"token": REDACTED}
    assert "비밀번호" not in stream.getvalue()
    assert "9999" not in stream.getvalue()
