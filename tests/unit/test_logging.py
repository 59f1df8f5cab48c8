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


CLIENT_TOKEN = "0b1c2d3e-1111-4222-8333-944445555666"


@pytest.mark.parametrize(
    "text",
    [
        f"Lock for token {CLIENT_TOKEN}_reflex___state____state was held too long time_taken=1.3s",
        f"Error processing event queue entry for Event(token='{CLIENT_TOKEN}', name='x', payload={{}})",
        f"{{'client_token': '{CLIENT_TOKEN}'}}",
    ],
)
def test_reflex_client_tokens_are_redacted(text: str) -> None:
    assert CLIENT_TOKEN not in redact_text(text)


def test_event_payloads_lose_passwords_tickets_and_session_cookies() -> None:
    text = (
        "Event(name='login_state.submit', payload={'form': {'site_id': 'a', 'password': 'hunter 2'}}, "
        "router_data={'headers': {'cookie': 'cc_web_sha256=abcdef0123; theme=dark'}}, "
        "extra={'ticket': 'ccrt_zzzzzzzzzzzz'})"
    )
    redacted = redact_text(text)
    for secret in ("hunter 2", "abcdef0123", "ccrt_zzzzzzzzzzzz"):
        assert secret not in redacted
    assert "theme=dark" in redacted


@pytest.fixture
def frontend_log(captured: tuple[logging.Logger, io.StringIO], monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Frontend-exception reports captured as JSON lines, with a fresh rate-limit window."""
    from casino_app.core import logging as cc_logging

    logger, stream = captured
    monkeypatch.setattr(cc_logging, "_frontend_log", logger)
    monkeypatch.setattr(cc_logging, "_frontend_window", {"start": 0.0, "count": 0})
    return stream


def test_a_forged_frontend_exception_stays_one_escaped_line(frontend_log: io.StringIO) -> None:
    from casino_app.core import logging as cc_logging

    stream = frontend_log
    forged = (
        'boom\n{"level": "ERROR", "logger": "casino_app.access", "message": "FORGED admin login"}\n'
        "\x1b[31mred\x1b[0m" + "x" * 5000
    )
    cc_logging.log_frontend_exception(Exception(forged))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1  # no second, forged record
    (record,) = _records(stream)
    assert record["logger"] == "casino_app.test_logging"
    assert "\x1b" not in record["message"]
    assert "\\x1b[31m" in record["message"]  # shown, not executed by a terminal
    assert "\\x0a" in record["message"]
    assert len(record["message"]) < 1200  # length-bounded


def test_frontend_exception_reports_are_rate_limited(frontend_log: io.StringIO) -> None:
    from casino_app.core import logging as cc_logging

    for n in range(100):
        cc_logging.log_frontend_exception(Exception(f"spam {n}"))
    assert len(frontend_log.getvalue().splitlines()) == cc_logging._FRONTEND_PER_MINUTE
    cc_logging._frontend_window["start"] -= 61  # a minute later the flood is counted, not hidden
    cc_logging.log_frontend_exception(Exception("next"))
    lines = _records(frontend_log)
    assert lines[-2]["message"] == f"frontend exception reports suppressed in the last minute: {100 - 30}"
    assert "next" in lines[-1]["message"]


def test_tracebacks_are_redacted(captured: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = captured
    try:
        raise RuntimeError(f"failed for {JWT} and 010-1234-5678")
    except RuntimeError:
        logger.exception("it broke")
    text = stream.getvalue()
    assert "RuntimeError" in text
    assert JWT not in text
    assert "1234-5678" not in text


def test_reflex_records_go_through_the_same_handler() -> None:
    from casino_app.core.logging import configure_logging

    configure_logging()
    reflex_logger = logging.getLogger("reflex")
    ours = logging.getLogger("casino_app")
    (shared,) = [h for h in ours.handlers if getattr(h, "_cc_handler", False)]
    assert [h for h in reflex_logger.handlers if not h.__class__.__module__.startswith("_pytest")] == [shared]
    assert reflex_logger.propagate is False
    child = logging.getLogger("reflex.istate.manager.redis")
    assert child.getEffectiveLevel() == logging.WARNING


def test_sql_parameters_are_hidden_from_database_errors() -> None:
    from casino_app.core.db import make_engine

    assert make_engine("postgresql+psycopg://u@127.0.0.1:1/x").hide_parameters is True


def test_every_uuid_in_a_reflex_record_is_hidden(captured: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = captured
    reflex_logger = logging.getLogger("reflex.app")
    saved = reflex_logger.handlers, reflex_logger.propagate, reflex_logger.level
    reflex_logger.handlers, reflex_logger.propagate = logger.handlers, False
    reflex_logger.setLevel(logging.DEBUG)
    try:
        reflex_logger.warning("Attempting to send delta to disconnected client %r", CLIENT_TOKEN)
    finally:
        reflex_logger.handlers, reflex_logger.propagate = saved[0], saved[1]
        reflex_logger.setLevel(saved[2])
    assert CLIENT_TOKEN not in stream.getvalue()
    assert REDACTED in stream.getvalue()


def test_socket_libraries_log_through_the_same_handler_and_add_none_of_their_own() -> None:
    import socketio

    from casino_app.core.logging import configure_logging

    configure_logging()
    (shared,) = [h for h in logging.getLogger("casino_app").handlers if getattr(h, "_cc_handler", False)]
    for name in ("engineio.server", "socketio.server"):
        logger = logging.getLogger(name)
        assert logger.level != logging.NOTSET  # so the server does not attach a raw StreamHandler
        assert [h for h in logger.handlers if not h.__class__.__module__.startswith("_pytest")] == [shared]
    socketio.AsyncServer(async_mode="asgi")  # what Reflex creates: its engine.io server logs too
    assert logging.getLogger("engineio.server").handlers.count(shared) == 1
    for name in ("engineio.server", "socketio.server"):
        handlers = logging.getLogger(name).handlers
        assert [h for h in handlers if not h.__class__.__module__.startswith("_pytest")] == [shared]
