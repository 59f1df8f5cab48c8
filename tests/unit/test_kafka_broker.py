"""The test broker launcher tells a binary that cannot run (skip) from one that runs but does not serve (fail).

Stand-in executables (small shell scripts) play the broken binaries; the real
broker is exercised by ``tests/integration/test_kafka_contract.py``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.support import kafka_broker


def _script(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "noida-db"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def test_a_binary_that_cannot_execute_means_cannot_run(tmp_path: Path) -> None:
    garbage = tmp_path / "noida-db"
    garbage.write_bytes(b"\x7fELF\x02\x01\x01 not really an executable")
    garbage.chmod(0o755)
    with pytest.raises(kafka_broker.CannotRun, match="cannot be executed"):
        kafka_broker.check_runs(garbage)


def test_a_binary_whose_loader_fails_means_cannot_run(tmp_path: Path) -> None:
    missing_libc = _script(tmp_path, "echo \"version 'GLIBC_2.99' not found\" >&2; exit 127")
    with pytest.raises(kafka_broker.CannotRun, match=r"GLIBC_2\.99"):
        kafka_broker.check_runs(missing_libc)


def test_a_broker_that_exits_before_serving_fails_after_retries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _script(tmp_path, 'if [ "$1" = version ]; then echo ok; exit 0; fi; echo "address in use" >&2; exit 3')
    monkeypatch.setattr(kafka_broker, "binary", lambda: fake)
    with pytest.raises(kafka_broker.StartFailed, match=r"exited with 3 before serving: .*address in use"):
        kafka_broker.start(tmp_path / "data")
    assert (tmp_path / "data.log").read_text().count("address in use") == kafka_broker.PORT_ATTEMPTS


def test_a_broker_that_never_answers_fails_within_the_timeout_and_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _script(tmp_path, 'if [ "$1" = version ]; then exit 0; fi; echo $$ > "$3/pid"; exec sleep 60')
    monkeypatch.setattr(kafka_broker, "binary", lambda: fake)
    monkeypatch.setattr(kafka_broker, "START_TIMEOUT", 1.0)
    began = time.monotonic()
    with pytest.raises(kafka_broker.StartFailed, match="did not answer a Kafka metadata request"):
        kafka_broker.start(tmp_path / "data")
    assert time.monotonic() - began < 15  # one attempt: a broker that runs but is silent is not retried
    pid = int((tmp_path / "data" / "pid").read_text())
    assert not Path(f"/proc/{pid}").exists()  # stopped and reaped
