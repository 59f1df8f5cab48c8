"""Redis sorted sets that mirror ``leaderboard_scores`` for fast top-N and rank reads.

PostgreSQL is the truth; a board's set is only trusted while its marker key
(``<key>:ok``) exists, which ``rebuild`` sets after copying the board from
PostgreSQL (into a temporary key, swapped in with RENAME). Updates from the
listener are applied only to built boards (a missing board is rebuilt by its
next reader instead), and they write the exact score PostgreSQL returned with
``ZADD LT``: scores only rise, so updates arriving out of order still converge.

Order: one Redis score per member encodes the whole ranking. ``encode`` packs
the score (high bits) and, in the low 20 bits, 2^20 - 1 minus the seconds from
the period's start to ``reached_at`` (a week has 604,800 seconds), negated so that ``ZRANGE`` ascending
lists the best first; equal values (same score, same second) then sort by the
member, the user id zero-padded, so the lower id comes first. That is exactly
PostgreSQL's ``ORDER BY score DESC, reached_at, user_id``. Scores are exact up to
``SCORE_CAP`` (2^33 - 1, e.g. an 859,000x multiplier); anything above ranks as the cap.
Hidden players are left out of the sets (and readers drop any that slipped in).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import redis

from casino_app.core import clock
from casino_app.core.redis_client import get_redis

logger = logging.getLogger(__name__)

TIME_BITS = 20
TIME_MASK = (1 << TIME_BITS) - 1
SCORE_CAP = (1 << (53 - TIME_BITS)) - 1  # a double holds integers up to 2^53 exactly
RETENTION = timedelta(days=1)  # a set outlives its period by this much
CHUNK = 1000

# KEYS: the set, its marker. ARGV: member, encoded score, 1 to remove. Only a built board changes.
_UPDATE = """
local ttl = redis.call('PTTL', KEYS[2])
if ttl <= 0 then return 0 end
if ARGV[3] == '1' then
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  redis.call('ZADD', KEYS[1], 'LT', ARGV[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return 1
"""


@dataclass(frozen=True)
class Change:
    """A player's new score on one board (or their removal when ``hidden``)."""

    board: str
    game: str
    period_key: str
    user_id: int
    score: int
    reached_at: datetime
    hidden: bool = False


@dataclass(frozen=True)
class Entry:
    """A ranked player as Redis holds it."""

    user_id: int
    score: int
    reached_at: datetime


def key(board: str, game: str, period_key: str) -> str:
    """The sorted set of one board and period (``*`` stands for all games)."""
    return f"cc:lb:{board}:{game or '*'}:{period_key}"


def marker(set_key: str) -> str:
    """The key whose presence says ``set_key`` was built from PostgreSQL."""
    return f"{set_key}:ok"


def member(user_id: int) -> str:
    """A player's member name (zero-padded so equal scores order by id)."""
    return f"{user_id:019d}"


def period_start(period_key: str) -> datetime:
    """The UTC start of the period ``D<date>`` / ``W<monday>``."""
    return clock.start_of_business_day(date.fromisoformat(period_key[1:]))


def period_end(period_key: str) -> datetime:
    """The UTC end of the period ``period_key``."""
    days = 1 if period_key.startswith("D") else 7
    return clock.start_of_business_day(date.fromisoformat(period_key[1:]) + timedelta(days=days))


def encode(score: int, reached_at: datetime, period_key: str) -> float:
    """The Redis score of (``score``, ``reached_at``): lower is better (see the module docstring)."""
    offset = int((reached_at - period_start(period_key)).total_seconds())
    offset = min(max(offset, 0), TIME_MASK)
    return -float((min(score, SCORE_CAP) << TIME_BITS) | (TIME_MASK - offset))


def decode(value: float, period_key: str) -> tuple[int, datetime]:
    """The (score, reached_at) that ``encode`` packed into ``value``."""
    packed = int(-value)
    offset = TIME_MASK - (packed & TIME_MASK)
    return packed >> TIME_BITS, period_start(period_key) + timedelta(seconds=offset)


def ttl_ms(period_key: str) -> int:
    """How long a set lives from now: until its period ended ``RETENTION`` ago (at least a minute).

    Relative to the business clock, so a frozen or skewed clock never makes Redis drop a fresh set.
    """
    left = period_end(period_key) + RETENTION - clock.now()
    return max(int(left.total_seconds() * 1000), 60_000)


def push(changes: Sequence[Change]) -> None:
    """Apply committed score changes to the built boards (Redis errors are logged: PostgreSQL is the truth)."""
    client = get_redis()
    if client is None or not changes:
        return
    try:
        pipe = client.pipeline(transaction=False)
        for change in changes:
            set_key = key(change.board, change.game, change.period_key)
            value = encode(change.score, change.reached_at, change.period_key)
            # EVAL rather than EVALSHA: one round trip (Redis caches the compiled script by its text).
            pipe.eval(_UPDATE, 2, set_key, marker(set_key), member(change.user_id), repr(value), int(change.hidden))
        pipe.execute()
    except redis.RedisError:
        logger.warning("leaderboard update not sent to Redis (it is rebuilt from PostgreSQL)", exc_info=True)


def is_built(client: redis.Redis, board: str, game: str, period_key: str) -> bool:
    """Whether the board's set was built (and may be read)."""
    return bool(client.exists(marker(key(board, game, period_key))))


def replace(client: redis.Redis, board: str, game: str, period_key: str, entries: Iterable[Entry]) -> int:
    """Swap in a new set for the board holding exactly ``entries``; return how many it holds.

    The members go into a temporary key first; RENAME, the expiry and the marker
    then change together in one MULTI, so a reader sees the old set or the new one.
    """
    set_key = key(board, game, period_key)
    temp = f"{set_key}:build:{uuid.uuid4().hex}"
    ttl = ttl_ms(period_key)
    count = 0
    batch: dict[str, float] = {}
    loader = client.pipeline(transaction=False)
    for entry in entries:
        batch[member(entry.user_id)] = encode(entry.score, entry.reached_at, period_key)
        count += 1
        if len(batch) >= CHUNK:
            loader.zadd(temp, batch)
            batch = {}
    if batch:
        loader.zadd(temp, batch)
    loader.pexpire(temp, 600_000)  # a rebuild that dies half-way leaves no garbage behind
    loader.execute()
    swap = client.pipeline(transaction=True)
    if count:
        swap.rename(temp, set_key)
        swap.pexpire(set_key, ttl)
    else:
        swap.delete(temp, set_key)
    swap.set(marker(set_key), "1", px=ttl)
    swap.execute()
    return count


def page(client: redis.Redis, board: str, game: str, period_key: str, start: int, count: int) -> list[Entry]:
    """``count`` entries from position ``start`` (0 = best)."""
    rows = client.zrange(key(board, game, period_key), start, start + count - 1, withscores=True)
    entries = []
    for name, value in rows:
        score, reached_at = decode(value, period_key)
        entries.append(Entry(int(name), score, reached_at))
    return entries


def position(client: redis.Redis, board: str, game: str, period_key: str, user_id: int) -> int | None:
    """The player's 0-based position in the set, ``None`` when absent."""
    found = client.zrank(key(board, game, period_key), member(user_id))
    return None if found is None else int(found)


def remove(client: redis.Redis, board: str, game: str, period_key: str, user_ids: Iterable[int]) -> None:
    """Drop players from a set (hidden or gone players a reader found)."""
    names = [member(u) for u in user_ids]
    if names:
        client.zrem(key(board, game, period_key), *names)


def raw(client: redis.Redis, board: str, game: str, period_key: str) -> list[tuple[int, float]]:
    """Every (user id, Redis score) of a set, best first (tests and checks compare it with a rebuild)."""
    rows = client.zrange(key(board, game, period_key), 0, -1, withscores=True)
    return [(int(name), float(value)) for name, value in rows]
