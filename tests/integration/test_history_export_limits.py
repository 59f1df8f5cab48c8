"""History export under pressure: one running export per player, a cap per process (in memory and with
Redis), a time-bounded transaction, a stalled reader dropped, and a database error mid-stream that cuts
the download off instead of ending it cleanly."""

from __future__ import annotations

import csv
import io
import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
import sqlalchemy as sa
from sqlmodel import Session

from casino_app.api.app import create_api
from casino_app.core.db import get_engine
from casino_app.services import export_slots, history_export
from tests.support.accounts import bearer, new_player
from tests.support.api import assert_envelope
from tests.support.env import environment
from tests.support.history_export import EXPORT, player_with_rounds, streaming_client

ROUNDS = 2_000  # four batches and a bit: the first chunk leaves most of the file unread


@pytest.fixture(autouse=True)
def _every_slot_comes_back() -> Iterator[None]:
    export_slots.reset_memory()
    yield
    assert export_slots.running() == 0


@pytest.fixture
def many() -> tuple[int, dict[str, str]]:
    return player_with_rounds(ROUNDS)


def _fails_after_first_batch(monkeypatch: pytest.MonkeyPatch, rows_before_failure: int) -> None:
    """The rounds cursor hands over ``rows_before_failure`` rows, then the database connection fails."""
    real = history_export._ROWS["rounds"]

    def failing(*args: Any) -> Iterator[dict[str, Any]]:
        for handed, row in enumerate(real(*args)):
            if handed == rows_before_failure:
                raise sa.exc.OperationalError("FETCH FORWARD 500", {}, Exception("server closed the connection"))
            yield row

    monkeypatch.setitem(history_export._ROWS, "rounds", failing)


def test_a_second_export_of_the_same_player_is_refused_while_the_first_streams(
    many: tuple[int, dict[str, str]],
) -> None:
    _, headers = many
    other = bearer(new_player().access_token)
    with streaming_client() as client:
        with client.stream("GET", f"{EXPORT}/rounds", headers=headers) as first:
            assert first.status_code == 200
            stream = first.iter_raw()
            chunks = [next(stream)]
            busy = client.get(f"{EXPORT}/ledger?format=json", headers=headers)
            error = assert_envelope(busy, 429, "EXPORT_IN_PROGRESS")
            assert busy.headers["retry-after"] == str(export_slots.IN_PROGRESS_RETRY_SECONDS)
            assert "내려받기가 끝나면" in error["message"]
            english = client.get(f"{EXPORT}/rounds", headers={**headers, "Accept-Language": "en"})
            assert "still downloading" in assert_envelope(english, 429, "EXPORT_IN_PROGRESS")["message"]
            # Another player's export is not held up by this one.
            assert client.get(f"{EXPORT}/ledger", headers=other).status_code == 200
            assert export_slots.running() == 1
            chunks.extend(stream)
        assert export_slots.running() == 0
        after = client.get(f"{EXPORT}/rounds?format=json", headers=headers)  # released once the file is sent
        assert after.status_code == 200
        assert len(after.json()) == ROUNDS + 1
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode("utf-8-sig"), newline="")))
    assert len(rows) == ROUNDS + 1  # the refused requests did not disturb the running one


def test_a_process_streams_at_most_its_cap_of_exports(
    many: tuple[int, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_slots, "PER_PROCESS", 1)
    _, headers = many
    other = bearer(new_player().access_token)
    with streaming_client() as client:
        with client.stream("GET", f"{EXPORT}/rounds", headers=headers) as first:
            next(first.iter_raw())
            busy = client.get(f"{EXPORT}/ledger", headers=other)
            error = assert_envelope(busy, 429, "EXPORT_BUSY")
            assert busy.headers["retry-after"] == str(export_slots.BUSY_RETRY_SECONDS)
            assert error["message"].startswith("지금은 기록 내보내기 요청이 몰려 있어요")
            english = client.get(f"{EXPORT}/ledger", headers={**other, "Accept-Language": "en"})
            assert english.json()["error"]["message"].startswith("Many exports are running")
        # The refused player kept no lock of their own: they get through as soon as the slot is free.
        assert client.get(f"{EXPORT}/ledger", headers=other).status_code == 200
    monkeypatch.setattr(export_slots, "PER_PROCESS", 2)
    with streaming_client() as client, client.stream("GET", f"{EXPORT}/rounds", headers=headers) as first:
        next(first.iter_raw())
        assert client.get(f"{EXPORT}/ledger", headers=other).status_code == 200


def test_the_export_transaction_carries_its_own_time_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    pair = new_player()
    seen: dict[str, str] = {}
    real = history_export._ROWS["ledger"]

    def observed(db: Session, *args: Any) -> Iterator[dict[str, Any]]:
        seen["idle"] = db.execute(sa.text("SHOW idle_in_transaction_session_timeout")).scalar_one()
        seen["statement"] = db.execute(sa.text("SHOW statement_timeout")).scalar_one()
        yield from real(db, *args)

    monkeypatch.setitem(history_export._ROWS, "ledger", observed)
    with streaming_client() as client:
        assert client.get(f"{EXPORT}/ledger", headers=bearer(pair.access_token)).status_code == 200
    assert seen == {"idle": "1min", "statement": "30s"}  # PostgreSQL's spelling of "60s" and "30s"
    # SET LOCAL: the limits end with the export's transaction, never with a pooled connection.
    with Session(get_engine()) as db:
        before = db.execute(sa.text("SHOW statement_timeout")).scalar_one()
        history_export._bound(db)
        assert db.execute(sa.text("SHOW statement_timeout")).scalar_one() == "30s"
        db.commit()
        assert db.execute(sa.text("SHOW statement_timeout")).scalar_one() == before != "30s"


def test_a_reader_idle_past_the_transaction_timeout_gets_a_failed_download(
    many: tuple[int, dict[str, str]], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    user_id, headers = many
    monkeypatch.setattr(history_export, "IDLE_IN_TRANSACTION_TIMEOUT", "1s")
    pool = get_engine().pool
    with streaming_client() as client:
        idle = pool.checkedout()
        with client.stream("GET", f"{EXPORT}/rounds?format=json", headers=headers) as response:
            stream = response.iter_raw()
            chunks = [next(stream)]
            time.sleep(2.5)  # PostgreSQL ends the idle transaction's session meanwhile
            with pytest.raises(history_export.ExportAborted):
                chunks.extend(stream)
        assert pool.checkedout() == idle
        assert 1 < len(chunks) < ROUNDS // history_export.BATCH  # what was fetched before the session ended
        with pytest.raises(json.JSONDecodeError):
            json.loads(b"".join(chunks))  # cut off: never a closed array that looks complete
        assert client.get(f"{EXPORT}/rounds", headers=headers).status_code == 200  # the slot came back
    failures = [r for r in caplog.records if r.name == history_export.__name__ and r.levelno == logging.ERROR]
    assert [f"user {user_id}" in r.getMessage() for r in failures] == [True]


def test_a_reader_that_takes_nothing_is_dropped_and_frees_its_connection(
    many: tuple[int, dict[str, str]], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    user_id, headers = many
    monkeypatch.setattr(history_export, "STALL_SECONDS", 0.5)
    pool = get_engine().pool
    with streaming_client() as client:
        idle = pool.checkedout()
        with client.stream("GET", f"{EXPORT}/rounds", headers=headers) as response:
            stream = response.iter_raw()
            next(stream)
            deadline = time.monotonic() + 10
            while export_slots.running() and time.monotonic() < deadline:
                time.sleep(0.1)
            # The client still holds the response open, but the server has let go of everything.
            assert export_slots.running() == 0
            assert pool.checkedout() == idle
            with pytest.raises(history_export.ExportAborted):
                list(stream)
        assert client.get(f"{EXPORT}/ledger", headers=headers).status_code == 200
    assert any(f"user {user_id} dropped" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_database_error_mid_stream_aborts_the_download(
    fmt: str,
    many: tuple[int, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    user_id, headers = many
    _fails_after_first_batch(monkeypatch, history_export.BATCH)
    pool = get_engine().pool
    with streaming_client() as client:
        idle = pool.checkedout()
        chunks: list[bytes] = []
        with client.stream("GET", f"{EXPORT}/rounds?format={fmt}", headers=headers) as response:
            assert response.status_code == 200  # the file had started: only the transfer can fail now
            with pytest.raises(history_export.ExportAborted):
                chunks.extend(response.iter_raw())
        assert pool.checkedout() == idle
        assert client.get(f"{EXPORT}/ledger", headers=headers).status_code == 200  # the slot came back
    body = b"".join(chunks)
    if fmt == "json":
        assert not body.rstrip().endswith(b"]")
    else:
        assert len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))) == 1 + history_export.BATCH
    failures = [r for r in caplog.records if r.name == history_export.__name__ and r.levelno == logging.ERROR]
    assert len(failures) == 1
    assert f"user {user_id} (rounds) failed after {history_export.BATCH} rows" in failures[0].getMessage()


@pytest.mark.anyio
async def test_after_a_mid_stream_error_the_response_never_sends_its_end(
    many: tuple[int, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the ASGI level, whatever the server: the last body message (``more_body`` false) never goes out,
    so the server cannot close the chunked transfer as complete."""
    _, headers = many
    _fails_after_first_batch(monkeypatch, 2 * history_export.BATCH)
    sent: list[dict[str, Any]] = []
    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": f"{EXPORT}/rounds",
        "raw_path": f"{EXPORT}/rounds".encode(),
        "query_string": b"format=csv",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *((k.lower().encode(), v.encode()) for k, v in headers.items())],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    with pytest.raises(history_export.ExportAborted):
        await create_api()(scope, receive, send)
    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 200
    bodies = [m for m in sent if m["type"] == "http.response.body"]
    assert len(bodies) == 2  # the first two batches went out...
    assert all(m["more_body"] for m in bodies)  # ...and the end of the body never did


def test_a_database_error_before_the_file_starts_is_a_503_envelope(
    many: tuple[int, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, headers = many
    _fails_after_first_batch(monkeypatch, 0)
    with streaming_client() as client:
        error = assert_envelope(client.get(f"{EXPORT}/rounds", headers=headers), 503, "EXPORT_FAILED")
        assert error["message"] == "기록 파일을 준비하는 중에 문제가 생겼어요. 잠시 후 다시 시도해 주세요."
        monkeypatch.undo()
        assert client.get(f"{EXPORT}/rounds", headers=headers).status_code == 200


@pytest.mark.redis
def test_with_redis_the_player_lock_is_shared_and_never_frees_another_holder(
    redis_url: str, many: tuple[int, dict[str, str]]
) -> None:
    user_id, headers = many
    key = export_slots.lock_key(user_id)
    with environment(REDIS_URL=redis_url):
        from casino_app.core.redis_client import get_redis

        redis = get_redis()
        assert redis is not None
        with streaming_client() as client:
            with client.stream("GET", f"{EXPORT}/rounds", headers=headers) as first:
                stream = first.iter_raw()
                next(stream)
                assert 0 < redis.pttl(key) <= export_slots.LOCK_TTL_SECONDS * 1000  # the safety net
                assert_envelope(client.get(f"{EXPORT}/ledger", headers=headers), 429, "EXPORT_IN_PROGRESS")
                list(stream)
            assert redis.exists(key) == 0
            # A lock held elsewhere (another worker) refuses the export here too.
            redis.set(key, "another-worker", px=60_000)
            assert_envelope(client.get(f"{EXPORT}/rounds", headers=headers), 429, "EXPORT_IN_PROGRESS")
            redis.delete(key)
            # A lock that expired under a running export and was taken by another is left to its new holder.
            with client.stream("GET", f"{EXPORT}/rounds", headers=headers) as first:
                stream = first.iter_raw()
                next(stream)
                redis.set(key, "another-worker", px=60_000)
                list(stream)
            assert redis.get(key) == b"another-worker"
            redis.delete(key)
            assert client.get(f"{EXPORT}/rounds", headers=headers).status_code == 200
