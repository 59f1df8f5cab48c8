"""Login attempts, the throttles in front of the password hash, and the lockout rules.

Three layers, cheapest first:

1. ``admit(ip)``: sliding windows per client IP and for the whole deployment,
   checked before anything touches the database or the (slow) password hash.
2. Per-(site ID, IP) lockout: ``LOGIN_MAX_FAILURES`` failures for a site ID from
   one IP lock that IP out of that site ID until the window passes. An attacker
   therefore locks out only themself, never the account's owner.
3. Account-wide backstop: ``LOGIN_ACCOUNT_MAX_FAILURES`` failures from all IPs
   lock the site ID for every IP that has not logged in to it successfully in the
   last 30 days, so a distributed guesser stalls while the owner's known IPs still get in.

"An IP" is a network: IPv4 addresses as they are (IPv4-mapped IPv6 folded to IPv4),
IPv6 by its /64, since one subscriber usually holds a whole /64 and could
otherwise rotate addresses past every per-IP rule.
"""

from __future__ import annotations

import ipaddress
import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import RateLimited
from casino_app.models.accounts import LoginAttempt
from casino_app.services import rate_limit
from casino_app.settings import get_settings

KNOWN_IP_DAYS = 30

SUCCESS = "success"
BAD_PASSWORD = "bad_password"  # noqa: S105 - an outcome label, not a password
UNKNOWN_USER = "unknown_user"
LOCKED = "locked"
INACTIVE = "inactive"
WRONG_PORTAL = "wrong_portal"
# An attempt whose password check is still running. It counts as a failure so
# that parallel guesses cannot all slip past the check before any is recorded.
PENDING = "pending"
# Outcomes that count towards the lockout. Unknown IDs count too, so a locked
# answer never reveals whether an account exists.
FAILURES = (BAD_PASSWORD, UNKNOWN_USER, WRONG_PORTAL, PENDING)


def attempt_key(site_id: str) -> str:
    """The lockout key for whatever the client typed (lower-cased, printable characters only, bounded)."""
    return "".join(ch for ch in site_id.strip().lower() if ch.isprintable())[:40]


def network_of(ip: str) -> str:
    """The unit the per-IP rules count: the IPv4 address, or the IPv6 /64 (text that is no IP: itself)."""
    try:
        address = ipaddress.ip_address(ip.strip().strip("[]"))
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def admit(ip: str, site_id: str) -> None:
    """Count one login attempt against the per-IP and global windows; 429 beyond either.

    Runs before the password hash: a flood costs a Redis (or in-process) check
    per request, not an argon2 hash. When only the global window is full, a
    network that logged in to ``site_id`` before still gets through (one indexed
    query, only while the flood lasts), so a flood cannot lock owners out.
    """
    settings = get_settings()
    network = network_of(ip) or "unknown"
    per_ip = rate_limit.hit(f"login:ip:{network}", settings.login_rate_limit_per_ip_per_minute, 60)
    if not per_ip.allowed:
        raise RateLimited(retry_after=per_ip.retry_after, code="LOGIN_RATE_LIMITED")
    everyone = rate_limit.hit("login:global", settings.login_rate_limit_global_per_minute, 60)
    if not everyone.allowed:
        with session_scope() as db:
            known = _known_ip(db, attempt_key(site_id), ip, clock.now())
        if not known:
            raise RateLimited(retry_after=everyone.retry_after, code="LOGIN_RATE_LIMITED")


def _wait(failures: list[datetime], needed: int, window: timedelta, now: datetime) -> int | None:
    if len(failures) < needed:
        return None
    unlock_at = failures[needed - 1] + window
    return max(1, math.ceil((unlock_at - now).total_seconds()))


def _recent_failures(session: Session, site_id: str, now: datetime) -> list[tuple[datetime, str]]:
    """(when, IP) of the failures on ``site_id`` that still count: inside the trailing window, after the last
    success, newest first, at most as many as the larger limit needs."""
    settings = get_settings()
    window = timedelta(minutes=settings.login_failure_window_minutes)
    table = LoginAttempt.__table__
    last_success = (
        sa.select(sa.func.max(table.c.created_at))
        .where(table.c.site_id == site_id, table.c.outcome == SUCCESS)
        .scalar_subquery()
    )
    needed = max(settings.login_max_failures, settings.login_account_max_failures)
    rows = session.execute(
        sa.select(table.c.created_at, table.c.ip)
        .where(
            table.c.site_id == site_id,
            table.c.outcome.in_(FAILURES),
            # No upper bound: an attempt stamped by a host whose clock runs ahead still counts.
            table.c.created_at > now - window,
            sa.or_(last_success.is_(None), table.c.created_at > last_success),
        )
        .order_by(table.c.created_at.desc())
        .limit(needed)
    ).all()
    return [(created, source) for created, source in rows]


def seconds_locked(session: Session, site_id: str, ip: str, now: datetime) -> int | None:
    """Seconds until ``ip`` may try ``site_id`` again, or ``None`` when it is not locked.

    Per (site ID, IP): at least ``LOGIN_MAX_FAILURES`` failures from this IP inside
    the trailing window and after the site ID's last success. Account-wide: at least
    ``LOGIN_ACCOUNT_MAX_FAILURES`` failures from any IP, unless this IP logged in to
    the site ID successfully within ``KNOWN_IP_DAYS``. Each unlocks when the oldest
    counted failure leaves the window.
    """
    settings = get_settings()
    window = timedelta(minutes=settings.login_failure_window_minutes)
    rows = _recent_failures(session, site_id, now)
    network = network_of(ip)
    from_ip = [created for created, source in rows if network_of(source) == network]
    waits = [_wait(from_ip, settings.login_max_failures, window, now)]
    account_wait = _wait([created for created, _ in rows], settings.login_account_max_failures, window, now)
    if account_wait is not None and not _known_ip(session, site_id, ip, now):
        waits.append(account_wait)
    found = [wait for wait in waits if wait is not None]
    return max(found) if found else None


def attempts_left(session: Session, site_id: str, ip: str, now: datetime) -> int:
    """How many more failures ``ip``'s network may make on ``site_id`` before its lockout (0: the next try from
    it is refused).

    Only the caller's own failures count (against ``LOGIN_MAX_FAILURES``): the account-wide backstop
    (``LOGIN_ACCOUNT_MAX_FAILURES``, everyone's failures) is not reported, as it would show activity from other
    networks and how much of the shared budget is left; when it locks first, the lockout answer says so.
    Unknown site IDs count the same way, so the number never tells whether an account exists.
    """
    rows = _recent_failures(session, site_id, now)
    network = network_of(ip)
    return max(0, get_settings().login_max_failures - sum(1 for _, source in rows if network_of(source) == network))


def failure_details(session: Session, site_id: str, ip: str, now: datetime) -> dict[str, int]:
    """What a refused login tells the client: ``attempts_left`` and, once none are left, ``retry_after`` (the
    seconds the lockout that the next attempt meets will last)."""
    left = attempts_left(session, site_id, ip, now)
    if left > 0:
        return {"attempts_left": left}
    return {"attempts_left": 0, "retry_after": seconds_locked(session, site_id, ip, now) or 1}


def _known_ip(session: Session, site_id: str, ip: str, now: datetime) -> bool:
    """Whether ``ip``'s network logged in to ``site_id`` successfully within ``KNOWN_IP_DAYS``."""
    if not ip:
        return False
    table = LoginAttempt.__table__
    sources = session.execute(
        sa.select(table.c.ip)
        .distinct()
        .where(
            table.c.site_id == site_id,
            table.c.outcome == SUCCESS,
            table.c.created_at > now - timedelta(days=KNOWN_IP_DAYS),
        )
        .limit(200)
    ).scalars()
    network = network_of(ip)
    return any(network_of(source) == network for source in sources)


def serialize(session: Session, site_id: str) -> None:
    """Hold a transaction-scoped lock on ``site_id`` so check-then-record is atomic across workers."""
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended("login:" + site_id, 0))))


def record(
    session: Session, *, site_id: str, user_id: int | None, portal: str, outcome: str, ip: str, now: datetime
) -> LoginAttempt:
    """Store one attempt (every attempt is recorded, successful or not)."""
    attempt = LoginAttempt(site_id=site_id, user_id=user_id, portal=portal, outcome=outcome, ip=ip[:45], created_at=now)
    session.add(attempt)
    session.flush()
    return attempt


def settle(session: Session, attempt_id: int, *, outcome: str, user_id: int | None) -> None:
    """Replace a pending attempt's outcome once the password check has finished."""
    table = LoginAttempt.__table__
    session.execute(sa.update(table).where(table.c.id == attempt_id).values(outcome=outcome, user_id=user_id))
