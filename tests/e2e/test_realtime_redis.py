"""Production-like mode (Redis state manager, several workers): a balance change reaches every tab.

The same run checks what the review found in such a deployment: web logins
held a state lock for the whole password hash ("lock held too long"), client
tokens reached the server log, and the session credential sat in plaintext in
Redis. Password hashing here costs what it costs in production.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, PageProblems, open_page
from tests.e2e.test_wallet import _get, _post
from tests.support import db as test_db
from tests.support.env import environment
from tests.support.pace import scaled
from tests.support.server import app_environment, free_port, running_app

pytestmark = pytest.mark.redis
SERVER_LOG = "server-redis.log"  # this file's own servers (a failure's report ends with its tail: conftest)


@pytest.fixture(scope="module")
def redis_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.conftest import REDIS_TEST_URL

    if not REDIS_TEST_URL:
        pytest.skip("REDIS_URL is not set: the multi-worker realtime test needs Redis")
    import redis

    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    url = test_db.create_test_database("casino_e2e_redis")
    with environment(DATABASE_URL=url):
        from casino_app.services import seed

        seed.seed_demo_data()
    env = app_environment(url, free_port(), web_dir=".web-e2e-redis")
    prom_dir = tmp_path_factory.mktemp("prometheus")
    env.update(REDIS_URL=REDIS_TEST_URL, GRANIAN_WORKERS="3", PROMETHEUS_MULTIPROC_DIR=str(prom_dir))
    # Real argon2 cost (the slow part of a login) and a strict lock warning: a login that hashed
    # inside the state lock would log "held too long" for the login state.
    env.update(ARGON2_TIME_COST="3", ARGON2_MEMORY_KIB="65536", ARGON2_PARALLELISM="2")
    env.update(REFLEX_REDIS_LOCK_WARNING_THRESHOLD="250", LOG_LEVEL="WARNING")
    with running_app(env, ARTIFACTS / SERVER_LOG) as base:
        yield base


def _log_in(page: Page) -> None:
    """Log user002 in; again on a fresh load if the first submit went nowhere (on a loaded machine the form can be
    submitted before the page has hydrated). Three workers on two cores hash real argon2 passwords: a slow login."""
    for attempt in range(3):
        page.goto("/login")
        page.locator("#field-site_id").fill("user002")
        page.locator("#field-password").fill("casino-demo-1")
        page.locator("#cc-login-form-submit").click()
        try:
            expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", "1000", timeout=scaled(20_000))
            return
        except AssertionError:
            if attempt == 2 or page.locator("#cc-login-error").count():  # a refused login is an answer, not a race
                raise


def test_admin_credit_reaches_every_tab_across_workers(browser: object, redis_base_url: str) -> None:
    problems = PageProblems()
    pages = []
    for _ in range(3):  # with 3 workers the tabs' websockets land on different processes
        page = open_page(browser, redis_base_url, problems, viewport={"width": 1280, "height": 800})
        _log_in(page)
        pages.append(page)
    token = _post(redis_base_url + "/api/auth/login", {"site_id": "user002", "password": "casino-demo-1"}, {})
    me = _get(redis_base_url + "/api/auth/me", {"Authorization": f"Bearer {token['access_token']}"})
    staff = _post(redis_base_url + "/api/admin/auth/login", {"site_id": "admin", "password": "casino-admin-1"}, {})
    _post(
        f"{redis_base_url}/api/admin/users/{me['id']}/gold",
        {"amount": 321, "reason": "multi-worker"},
        {"Authorization": f"Bearer {staff['access_token']}", "Idempotency-Key": str(uuid.uuid4())},
    )
    for page in pages:
        expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", "1321", timeout=scaled(5000))
    health = _get(redis_base_url + "/api/health", {})
    assert health["mode"]["state"] == "redis"
    assert json.dumps(health["redis"]).count('"ok": true') == 1
    client_tokens = [page.evaluate("() => sessionStorage.getItem('token')") for page in pages]
    cookies = [c["value"] for page in pages for c in page.context.cookies() if c["name"] == "__Host-cc_web"]
    assert len(cookies) == 3
    assert all(client_tokens)
    for page in pages:
        page.context.close()
    assert problems.all() == []

    log = (ARTIFACTS / SERVER_LOG).read_text(encoding="utf-8", errors="replace")
    held = [line for line in log.splitlines() if "held too long" in line]
    assert not [line for line in held if "login_state" in line or "signup_state" in line], held
    for secret in [*client_tokens, *cookies]:
        assert secret not in log
    import redis

    from tests.conftest import REDIS_TEST_URL

    store = redis.Redis.from_url(REDIS_TEST_URL)
    blobs = [store.dump(key) or b"" for key in store.scan_iter(count=500)]
    assert blobs, "the Redis state manager stored nothing"
    for secret in cookies:
        assert not any(secret.encode() in blob for blob in blobs), "a session cookie is stored in Redis in plaintext"
    assert not any(b"ccrt_" in blob for blob in blobs)
