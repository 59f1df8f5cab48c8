"""Test-wide configuration: a clean environment, the test database and Redis.

Database: ``TEST_DATABASE_URL`` if set; else ``DATABASE_URL``'s server with a
``<name>_test`` database; else the embedded PostgreSQL in ``EMBEDDED_PG_DIR`` (``.data/pg``; ``scripts/test.sh``
puts it on a RAM disk) with the ``casino_test`` database. It is dropped, re-created and migrated once per run.

Redis: ``REDIS_URL`` (or ``TEST_REDIS_URL``) is read for the Redis-marked tests
and removed from the environment, so everything else runs in the embedded
(one-process) mode; without one, Redis tests skip with the reason. Kafka:
``KAFKA_BOOTSTRAP_SERVERS`` (or ``TEST_KAFKA_BOOTSTRAP_SERVERS``) likewise feeds
the Kafka contract tests only; without one they start a ``noida-db`` broker
(``tests/support/kafka_broker.py``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

from tests.support.pace import SLOWNESS, scaled  # measured once here: the xdist workers inherit it
from tests.support.workers import worker_redis_url

# Captured before any app module reads the environment, and kept under CC_TEST_* names for the
# pytest-xdist workers, which start with the environment this (controller) process leaves.
for _name, _sources in (
    ("CC_TEST_REDIS_URL", ("TEST_REDIS_URL", "REDIS_URL")),
    ("CC_TEST_KAFKA_SERVERS", ("TEST_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS")),
):
    _found = os.environ.get(_name) or next((os.environ[s] for s in _sources if os.environ.get(s)), "")
    os.environ.pop(_sources[0], None)
    os.environ[_name] = _found
REDIS_TEST_URL = worker_redis_url(os.environ["CC_TEST_REDIS_URL"] or None)
KAFKA_TEST_SERVERS = os.environ["CC_TEST_KAFKA_SERVERS"] or None
for _var in ("REDIS_URL", "CELERY_BROKER_URL", "KAFKA_BOOTSTRAP_SERVERS", "PROMETHEUS_MULTIPROC_DIR", "PUBLIC_URL"):
    os.environ.pop(_var, None)
os.environ["APP_ENV"] = "test"
# Every test process (each xdist worker) gets its own data folder: generated secrets are written there
# once, and chdb allows one process per folder (its OLAP store lives inside).
TEST_DATA_DIR = tempfile.mkdtemp(prefix="cc-test-data-")
atexit.register(shutil.rmtree, TEST_DATA_DIR, True)
os.environ["DATA_DIR"] = TEST_DATA_DIR
os.environ["OLAP_URL"] = os.environ.pop("TEST_OLAP_URL", None) or f"chdb://{TEST_DATA_DIR}/olap"
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Cheap password hashing and generous limits keep the suite fast; tests that check a
# limit set it explicitly. A fixed key keeps tokens verifiable across test processes.
os.environ.setdefault("ARGON2_TIME_COST", "1")
os.environ.setdefault("ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("ARGON2_PARALLELISM", "1")
os.environ.setdefault("SIGNUP_RATE_LIMIT_PER_HOUR", "100000")
os.environ.setdefault("SIGNUP_CHECK_RATE_LIMIT_PER_MINUTE", "100000")
os.environ.setdefault("SIGNUP_CHECK_RATE_LIMIT_GLOBAL_PER_MINUTE", "100000")
os.environ.setdefault("LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE", "100000")
os.environ.setdefault("LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE", "100000")
os.environ.setdefault("JWT_SECRET", "test-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("ROUND_MIN_INTERVAL_MS", "0")  # the pacing test turns it back on
os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}")

from tests.support import db as test_db  # noqa: E402
from tests.support.env import reset_app_caches  # noqa: E402


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A freshly created and migrated test database; ``DATABASE_URL`` points at it for the app."""
    url = test_db.create_test_database("casino_test")
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    reset_app_caches()
    from casino_app.services.games import registry

    registry.games()  # as the app does when it starts: every installed game registers its house account
    yield url
    reset_app_caches()
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous


@pytest.fixture
def clean_db(database_url: str) -> str:
    """Empty every application table (and in-process rate limits) before the test."""
    from casino_app.services import rate_limit
    from casino_app.services.games import configs
    from tests.support import olap

    test_db.truncate_all(database_url)
    olap.truncate_if_open()
    rate_limit.reset_memory()
    configs.forget_active()
    return database_url


@pytest.fixture
def redis_url() -> str:
    """A Redis server for tests that need one (its database is flushed)."""
    if not REDIS_TEST_URL:
        pytest.skip("REDIS_URL is not set: Redis-backed test skipped (set REDIS_URL to run it)")
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError as exc:
        pytest.fail(f"REDIS_URL is set but Redis is unreachable: {exc}")
    finally:
        client.close()
    return REDIS_TEST_URL


@pytest.fixture(scope="session")
def kafka_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Kafka broker for the adapter's contract tests: ``KAFKA_BOOTSTRAP_SERVERS`` when given, else a
    ``noida-db`` broker started for this test session (one per xdist worker) and stopped at its end."""
    if KAFKA_TEST_SERVERS:
        yield KAFKA_TEST_SERVERS
        return
    from tests.support import kafka_broker

    try:
        broker = kafka_broker.start(tmp_path_factory.mktemp("kafka-broker"))
    except kafka_broker.CannotRun as exc:
        pytest.skip(str(exc))
    except kafka_broker.StartFailed as exc:
        pytest.fail(f"the test Kafka broker did not start: {exc}", pytrace=False)
    try:
        yield broker.bootstrap
    finally:
        broker.stop()


def pytest_report_header(config: pytest.Config) -> str:
    """The factor every waiting limit is stretched by on this machine."""
    return f"waiting limits x{SLOWNESS:.2f} for this machine's speed (tests/support/pace.py; CC_TEST_SLOWNESS sets it)"


@pytest.hookimpl(trylast=True)  # after the E2E conftest has given its tests their limit
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test's time limit (its ``timeout`` marker, else ``--timeout``) stretched by ``SLOWNESS``."""
    if SLOWNESS == 1:
        return
    default = float(config.getoption("timeout", None) or 0)
    for item in items:
        marker = item.get_closest_marker("timeout")
        args = list(marker.args) if marker else []
        kwargs = dict(marker.kwargs) if marker else {}
        limit = float((args.pop(0) if args else kwargs.pop("timeout", default)) or 0)  # 0 / None: no limit
        if limit > 0:
            item.add_marker(pytest.mark.timeout(scaled(limit), *args, **kwargs), append=False)
