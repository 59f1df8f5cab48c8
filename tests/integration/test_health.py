"""``GET /api/health``: database, Redis, migrations at head, jobs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from casino_app.services import heartbeat
from tests.support import db as test_db
from tests.support.api import api_client, assert_envelope
from tests.support.env import environment

pytestmark = pytest.mark.anyio


async def test_healthy_report(database_url: str) -> None:
    heartbeat.beat("test")
    async with api_client() as client:
        response = await client.get("/api/health")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"]["ok"] is True
    assert report["migrations"]["at_head"] is True
    assert report["migrations"]["current"] == report["migrations"]["head"]
    assert report["redis"] == {"configured": False, "ok": True}
    assert report["jobs"]["heartbeat"]["runner"] == "test"
    assert report["jobs"]["stale"] is False
    assert report["mode"]["jobs"] == "in-process"


async def test_unmigrated_database_is_503() -> None:
    url = test_db.database_url_for("casino_health_scratch")
    test_db.recreate_database(url)
    with environment(DATABASE_URL=url):
        async with api_client() as client:
            response = await client.get("/api/health")
    error = assert_envelope(response, 503, "UNHEALTHY")
    assert error["details"]["migrations"]["at_head"] is False
    assert error["details"]["database"]["ok"] is True


async def test_database_down_is_503() -> None:
    with environment(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none"):
        async with api_client() as client:
            response = await client.get("/api/health")
    error = assert_envelope(response, 503, "UNHEALTHY")
    assert error["details"]["database"]["ok"] is False


async def test_unreachable_redis_is_503(database_url: str) -> None:
    with environment(REDIS_URL="redis://127.0.0.1:1/0"):
        async with api_client() as client:
            response = await client.get("/api/health")
    error = assert_envelope(response, 503, "UNHEALTHY")
    assert error["details"]["redis"] == {"configured": True, "ok": False, "error": "ConnectionError"}


@pytest.mark.redis
async def test_reachable_redis_is_reported(database_url: str, redis_url: str) -> None:
    with environment(REDIS_URL=redis_url):
        async with api_client() as client:
            response = await client.get("/api/health")
    assert response.status_code == 200, response.text
    assert response.json()["redis"]["ok"] is True
    assert response.json()["mode"] == {
        "database": "external",
        "jobs": "celery",
        "state": "redis",
        "events": "in-process",
        "olap": "chdb",
    }


def test_stale_heartbeat_is_flagged(database_url: str) -> None:
    from casino_app.core.db import get_engine
    from casino_app.services import health

    heartbeat.beat("test")
    with get_engine().begin() as conn:
        conn.execute(sa.text("UPDATE job_heartbeats SET last_run_at = now() - interval '1 day'"))
    report = health.check()
    assert report.healthy  # a late job is reported, not an outage
    assert report.jobs["stale"] is True


async def test_olap_status_is_reported(database_url: str) -> None:
    from casino_app.services.olap import client as olap_client
    from casino_app.services.olap import schema

    olap_client.reset()
    async with api_client() as client:
        unopened = (await client.get("/api/health")).json()["olap"]
    # Health never opens chdb itself: that would take the folder from the process meant to hold it.
    assert unopened["opened"] is False
    assert unopened["ok"] is None
    assert olap_client._client is None
    olap_client.get_client()  # as the relay does
    async with api_client() as client:
        response = await client.get("/api/health")
    report = response.json()
    olap = report["olap"]
    assert olap["configured"] is True
    assert olap["ok"] is True
    assert olap["kind"] == "chdb"
    assert olap["schema_version"] == olap["schema_head"] == schema.head()
    assert isinstance(olap["events"], int)
    assert report["mode"]["olap"] == "chdb"
    assert report["kafka"] == {"configured": False}


async def test_an_unreachable_olap_server_is_reported_but_does_not_make_the_app_unready(database_url: str) -> None:
    with environment(OLAP_URL="http://casino:secret-pw@127.0.0.1:1/cc_olap"):
        async with api_client() as client:
            response = await client.get("/api/health")
    assert response.status_code == 200, response.text  # analytics only: players are served without it
    olap = response.json()["olap"]
    assert olap["ok"] is False
    assert olap["kind"] == "clickhouse"
    assert olap["host"] == "127.0.0.1"
    assert "secret-pw" not in response.text


@pytest.mark.kafka
async def test_kafka_status_is_reported_when_configured(database_url: str, kafka_servers: str) -> None:
    from casino_app.services import kafka_status

    kafka_status.forget()
    with environment(KAFKA_BOOTSTRAP_SERVERS=kafka_servers):
        async with api_client() as client:
            up = (await client.get("/api/health")).json()
    kafka_status.forget()
    with environment(KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:1"):
        async with api_client() as client:
            down = (await client.get("/api/health")).json()
    kafka_status.forget()
    assert up["kafka"]["configured"] is True
    assert up["kafka"]["ok"] is True
    assert isinstance(up["kafka"]["topics"], list)
    assert up["mode"]["events"] == "kafka"
    assert down["kafka"]["ok"] is False
    assert down["kafka"]["configured"] is True
