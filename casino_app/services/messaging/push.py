"""Web push: players' browser subscriptions, and a push for a stored notification when no tab of theirs is open.

``notifications.notify`` calls ``after_notify`` in its transaction; after the commit the push is handed to a
small thread pool in this process (off the request path, never before the notification exists). The worker
skips players with a tab open now (``realtime.is_present``: those see it live), renders the text in the
player's language and posts it, VAPID-signed and ``aes128gcm``-encrypted (``pywebpush``), to each of the
player's endpoints. A 404/410 from the push service means the browser dropped the subscription: the row is
deleted. Any other failure counts up ``failures``; at ``MAX_FAILURES`` in a row the row is deleted too.

Pushes are best effort: a process that stops loses the pushes still queued in it (the notification itself
is stored and shown in the app). Endpoints must be https; plain-http loopback endpoints (the tests' local
push service) are accepted only outside production.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from pywebpush import WebPusher
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import after_commit, session_scope
from casino_app.core.errors import NotFound
from casino_app.models.accounts import User
from casino_app.models.messaging import PushSubscription
from casino_app.services import realtime
from casino_app.services.accounts.validation import FieldError
from casino_app.services.messaging import text, vapid
from casino_app.settings import get_settings

logger = logging.getLogger("casino_app.push")

ENDPOINT_MAX = 1000
MAX_SUBSCRIPTIONS_PER_PLAYER = 10  # browsers and devices; the oldest beyond this are dropped
MAX_FAILURES = 5
TTL_SECONDS = 24 * 3600  # how long a push service keeps a push for an offline browser
SEND_TIMEOUT_SECONDS = 10.0
WORKERS = 4  # pushes wait on the network, not the CPU
MAX_QUEUED = 10_000
NOTIFICATIONS_URL = "/notifications"
ICON = "/favicon.ico"


# --- field rules (REST and the service share them) ----------------------------------------------------------


# A push service URL as browsers hand them out: https, a DNS name (no IP literal, no port), a path and query.
ENDPOINT_PATTERN = r'^https://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}/[!-"$-~]*$'
# Outside production only: a local push service on the loopback interface (the tests run one).
LOOPBACK_PATTERN = r'^https?://(?:127\.0\.0\.1|localhost)(?::[0-9]{1,5})?/[!-"$-~]*$'
P256DH_PATTERN = r"^[A-Za-z0-9_-]{87}=?$"  # 65 bytes, base64url
AUTH_PATTERN = r"^[A-Za-z0-9_-]{22}(?:==)?$"  # 16 bytes, base64url
_ENDPOINT = re.compile(ENDPOINT_PATTERN)
_LOOPBACK = re.compile(LOOPBACK_PATTERN)
_P256DH = re.compile(P256DH_PATTERN)
_AUTH = re.compile(AUTH_PATTERN)


# The browsers' push services (Chrome, Edge, Opera and Samsung: FCM; Firefox: Mozilla autopush; Safari: Apple;
# legacy Edge: WNS). Only these are ever contacted, so a subscription cannot make the server call an internal
# host (a DNS name that resolves to a private address would otherwise pass the pattern).
PUSH_SERVICE_HOSTS = ("fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com")


def known_push_service(host: str) -> bool:
    """Whether ``host`` is one of ``PUSH_SERVICE_HOSTS`` or a subdomain of one."""
    host = host.lower().rstrip(".")
    return any(host == known or host.endswith("." + known) for known in PUSH_SERVICE_HOSTS)


def _loopback_allowed() -> bool:
    return get_settings().app_env != "production"


def validate_endpoint(value: str) -> str:
    """A push service URL: ``ENDPOINT_PATTERN`` (https, a DNS name, no port, no fragment), at most 1000 characters,
    on one of the browsers' push services (``PUSH_SERVICE_HOSTS``). Outside production a loopback endpoint
    (``LOOPBACK_PATTERN``, http or https) is accepted too, for a local push service in tests and development.
    """
    if not isinstance(value, str) or len(value) > ENDPOINT_MAX:
        raise FieldError("endpoint", "PUSH_ENDPOINT_INVALID")
    if _ENDPOINT.fullmatch(value):
        if known_push_service(urlsplit(value).hostname or ""):
            return value
    elif _LOOPBACK.fullmatch(value) and _loopback_allowed():
        port = urlsplit(value).netloc.partition(":")[2]
        if not port or 0 < int(port) <= 65535:
            return value
    raise FieldError("endpoint", "PUSH_ENDPOINT_INVALID")


def validate_p256dh(value: str) -> str:
    """The browser's public key: base64url of an uncompressed point on P-256 (``P256DH_PATTERN``)."""
    try:
        if not isinstance(value, str) or not _P256DH.fullmatch(value):
            raise ValueError("format")
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), vapid.b64url_decode(value))
    except ValueError:
        raise FieldError("p256dh", "PUSH_KEY_INVALID") from None
    return value.rstrip("=")


def validate_auth(value: str) -> str:
    """The browser's 16-byte auth secret, base64url (``AUTH_PATTERN``)."""
    if not isinstance(value, str) or not _AUTH.fullmatch(value):
        raise FieldError("auth", "PUSH_KEY_INVALID")
    return value.rstrip("=")


# --- subscriptions -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubscriptionView:
    """A stored subscription as its owner sees it (the keys stay on the server)."""

    id: int
    endpoint: str
    created: bool


def subscribe(user_id: int, endpoint: str, p256dh: str, auth: str, user_agent: str = "") -> SubscriptionView:
    """Store (or refresh) the browser subscription ``endpoint`` for ``user_id``.

    One endpoint belongs to one player: a browser re-subscribed while another player is signed in moves to
    that player. A player keeps at most ``MAX_SUBSCRIPTIONS_PER_PLAYER``; older ones are dropped. Raises
    ``FieldError`` for an invalid endpoint or key.
    """
    endpoint, p256dh, auth = validate_endpoint(endpoint), validate_p256dh(p256dh), validate_auth(auth)
    table = PushSubscription.__table__
    now = clock.now()
    values = {"user_id": user_id, "p256dh": p256dh, "auth": auth, "user_agent": user_agent[:300], "created_at": now}
    with session_scope() as db:
        row = db.execute(
            insert(table)
            .values(endpoint=endpoint, failures=0, **values)
            .on_conflict_do_update(index_elements=[table.c.endpoint], set_={**values, "failures": 0})
            .returning(table.c.id, sa.literal_column("xmax = 0").label("inserted"))
        ).one()
        keep = (
            sa.select(table.c.id)
            .where(table.c.user_id == user_id)
            .order_by(table.c.created_at.desc(), table.c.id.desc())
            .limit(MAX_SUBSCRIPTIONS_PER_PLAYER)
        )
        db.execute(sa.delete(table).where(table.c.user_id == user_id, table.c.id.not_in(keep)))
    return SubscriptionView(id=int(row.id), endpoint=endpoint, created=bool(row.inserted))


def unsubscribe(user_id: int, endpoint: str) -> None:
    """Delete the player's own subscription ``endpoint``; 404 when they have none with that endpoint."""
    table = PushSubscription.__table__
    with session_scope() as db:
        deleted = db.execute(
            sa.delete(table).where(table.c.user_id == user_id, table.c.endpoint == endpoint).returning(table.c.id)
        ).first()
    if deleted is None:
        raise NotFound(code="PUSH_SUBSCRIPTION_NOT_FOUND")


def forget_browsers(db: Session, user_id: int) -> int:
    """Delete every push subscription of the player in the caller's transaction; return how many.

    Called wherever sessions are ended by force (ban, staff logout, password reset or change): a browser that
    subscribed while signed in as the player must not keep receiving their notifications afterwards.
    """
    table = PushSubscription.__table__
    return int(db.execute(sa.delete(table).where(table.c.user_id == user_id)).rowcount or 0)  # type: ignore[attr-defined]


def count_for(user_id: int) -> int:
    """How many browsers the player receives pushes on."""
    table = PushSubscription.__table__
    with session_scope() as db:
        return int(db.execute(sa.select(sa.func.count()).where(table.c.user_id == user_id)).scalar_one())


# --- delivery ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryReport:
    """What one delivery did: pushes accepted, subscriptions removed, failures counted, or why it was skipped."""

    sent: int = 0
    removed: int = 0
    failed: int = 0
    skipped: str = ""


_lock = threading.Lock()
_executor: tuple[int, ThreadPoolExecutor] | None = None
_pending: set[Future[DeliveryReport]] = set()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None or _executor[0] != os.getpid():  # a forked worker gets its own threads
            _executor = (os.getpid(), ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="cc-push"))
        return _executor[1]


def after_notify(db: Session, user_id: int, notification_id: int, kind: str, params: dict[str, Any]) -> None:
    """Queue a web push of notification ``notification_id`` once ``db`` commits (nothing if it rolls back).

    Only players with a subscription are queued (one indexed lookup in the caller's transaction), so a
    broadcast to everyone queues work only for the browsers that can receive it.
    """
    table = PushSubscription.__table__
    if db.execute(sa.select(sa.exists().where(table.c.user_id == user_id))).scalar():
        after_commit(db, lambda: submit(user_id, notification_id, kind, params))


def submit(user_id: int, notification_id: int, kind: str, params: dict[str, Any]) -> None:
    """Hand one delivery to the background pool (dropped, and logged, when the pool is overloaded)."""
    with _lock:
        if len(_pending) >= MAX_QUEUED:
            logger.warning("web push queue full; push dropped", extra={"user_id": user_id})
            return
    future = _pool().submit(_deliver_logged, user_id, notification_id, kind, params)
    with _lock:
        _pending.add(future)
    future.add_done_callback(_forget)


def _forget(future: Future[DeliveryReport]) -> None:
    with _lock:
        _pending.discard(future)


def drain(timeout: float = 30.0) -> bool:
    """Wait for the queued deliveries of this process; False if some are still running after ``timeout``."""
    with _lock:
        waiting = list(_pending)
    return not wait(waiting, timeout=timeout).not_done


def _deliver_logged(user_id: int, notification_id: int, kind: str, params: dict[str, Any]) -> DeliveryReport:
    try:
        return deliver(user_id, notification_id, kind, params)
    except Exception:
        logger.exception("web push delivery failed", extra={"user_id": user_id})
        return DeliveryReport(skipped="error")


def payload(notification_id: int, kind: str, params: dict[str, Any], locale: str) -> bytes:
    """The JSON the service worker shows: title, body, icon, the page to open, a tag per notification, language."""
    words = text.notification_text(kind, params, locale)
    body = {
        "title": words.title,
        "body": words.body,
        "icon": ICON,
        "url": NOTIFICATIONS_URL,
        "tag": f"cc-notification-{notification_id}",
        "lang": locale,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def deliver(user_id: int, notification_id: int, kind: str, params: dict[str, Any]) -> DeliveryReport:
    """Push one stored notification to every browser of the player, unless one of their tabs is open."""
    if realtime.is_present(user_id):
        return DeliveryReport(skipped="open_tab")
    table, users = PushSubscription.__table__, User.__table__
    with session_scope() as db:
        locale = db.execute(sa.select(users.c.locale).where(users.c.id == user_id)).scalar_one_or_none()
        rows = db.execute(
            sa.select(table.c.id, table.c.endpoint, table.c.p256dh, table.c.auth).where(table.c.user_id == user_id)
        ).all()
    if locale is None or not rows:
        return DeliveryReport(skipped="no_subscription")
    data = payload(notification_id, kind, params, locale)
    sent = removed = failed = 0
    with requests.Session() as http:
        http.max_redirects = 0  # a push service answers; it never sends the server elsewhere
        for row in rows:
            outcome = _send_one(http, row.endpoint, row.p256dh, row.auth, data)
            if outcome == "sent":
                sent += 1
            elif outcome == "gone":
                removed += 1
            else:
                failed += 1
            _record(row.id, row.endpoint, outcome)
    return DeliveryReport(sent=sent, removed=removed, failed=failed)


def _send_one(http: requests.Session, endpoint: str, p256dh: str, auth: str, data: bytes) -> str:
    """``sent``, ``gone`` (404/410: the browser unsubscribed) or ``failed``."""
    try:
        validate_endpoint(endpoint)
    except FieldError:
        return "gone"  # stored under other rules (e.g. a loopback endpoint before production): never call it
    subscription = {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}
    headers = {"Authorization": vapid.authorization(endpoint), "Urgency": "normal"}
    try:
        response = WebPusher(subscription, requests_session=http).send(
            data, headers, ttl=TTL_SECONDS, content_encoding="aes128gcm", timeout=SEND_TIMEOUT_SECONDS
        )
    except requests.RequestException as exc:
        logger.warning("web push request failed", extra={"error": type(exc).__name__})
        return "failed"
    status = int(response.status_code)
    if status in (200, 201, 202):
        return "sent"
    if status in (404, 410):
        return "gone"
    logger.warning("push service refused a push", extra={"status": status})
    return "failed"


def _record(subscription_id: int, endpoint: str, outcome: str) -> None:
    """Write what happened to one subscription (keyed by id *and* endpoint: a moved row is left alone)."""
    table = PushSubscription.__table__
    match = (table.c.id == subscription_id) & (table.c.endpoint == endpoint)
    with session_scope() as db:
        if outcome == "sent":
            db.execute(sa.update(table).where(match).values(failures=0, last_success_at=clock.now()))
        elif outcome == "gone":
            db.execute(sa.delete(table).where(match))
        else:
            failures = db.execute(
                sa.update(table).where(match).values(failures=table.c.failures + 1).returning(table.c.failures)
            ).scalar_one_or_none()
            if failures is not None and failures >= MAX_FAILURES:
                db.execute(sa.delete(table).where(match))
