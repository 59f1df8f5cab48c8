"""Protective flags: patterns that call for looking after a player, never for selling to them.

A flagged player gets a reality check every 15 minutes whatever they chose (``settings.effective_interval``) and
appears on the staff care list. Each rule, at the run's ``now``:

- ``spend_velocity`` — paid won in the last 7 days reach ``SPEND_7D_KRW`` (100,000, a fifth of the default
  monthly cap), **or** ``BURST_ORDERS`` (3) orders were paid within some 24 hours of the last 7 days (a rolling
  window over ``paid_at``). Orders refunded later still count: the paying happened.
- ``late_night`` — of the player's rounds in the last 14 days, at least ``LATE_NIGHT_MIN_ROUNDS`` (20) fall
  between 00:00 and 05:00 KST **and** they are at least ``LATE_NIGHT_SHARE_PCT`` (40 %) of those rounds.
- ``loss_chasing`` — rising stakes after losses. Over the player's rounds of the last 7 days in id order
  (``LAG`` over ``game_rounds`` partitioned by player), a *pair* is a round that follows a losing round
  (payout below the stake; a free round is never a loss). The flag needs at least ``CHASE_MIN_PAIRS`` (20) pairs
  **and** the stake rising over the losing round's stake in at least ``CHASE_SHARE_PCT`` (50 %) of them.

The measures behind each rule are kept in ``details`` so staff can see why a player was flagged.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

FLAGS = ("spend_velocity", "late_night", "loss_chasing")

SPEND_WINDOW = timedelta(days=7)
SPEND_7D_KRW = 100_000
BURST_WINDOW = timedelta(hours=24)
BURST_ORDERS = 3

LATE_NIGHT_WINDOW = timedelta(days=14)
LATE_NIGHT_HOURS = (0, 5)  # 00:00 ≤ KST time < 05:00
LATE_NIGHT_MIN_ROUNDS = 20
LATE_NIGHT_SHARE_PCT = 40

CHASE_WINDOW = timedelta(days=7)
CHASE_MIN_PAIRS = 20
CHASE_SHARE_PCT = 50

_UPDATE = """
WITH paid AS (
    SELECT o.user_id, o.amount_krw,
           count(*) OVER (PARTITION BY o.user_id ORDER BY o.paid_at
                          RANGE BETWEEN :burst_window PRECEDING AND CURRENT ROW) AS orders_in_24h
    FROM shop_orders o
    WHERE o.status IN ('paid', 'refunded') AND o.paid_at > :now - :spend_window AND o.paid_at <= :now
), spend AS (
    SELECT user_id, sum(amount_krw) AS spend_7d_krw, max(orders_in_24h) AS max_orders_24h
    FROM paid GROUP BY user_id
), night AS (
    SELECT r.user_id, count(*) AS rounds_14d,
           count(*) FILTER (WHERE extract(hour FROM r.created_at AT TIME ZONE :tz) >= :late_from
                              AND extract(hour FROM r.created_at AT TIME ZONE :tz) < :late_to) AS late_rounds
    FROM game_rounds r
    WHERE r.created_at > :now - :late_window AND r.created_at <= :now
    GROUP BY r.user_id
), sequenced AS (
    SELECT r.user_id, r.bet,
           lag(r.bet) OVER w AS previous_bet, lag(r.payout) OVER w AS previous_payout
    FROM game_rounds r
    WHERE r.created_at > :now - :chase_window AND r.created_at <= :now
    WINDOW w AS (PARTITION BY r.user_id ORDER BY r.id)
), chase AS (
    SELECT user_id,
           count(*) FILTER (WHERE previous_payout < previous_bet) AS chase_pairs,
           count(*) FILTER (WHERE previous_payout < previous_bet AND bet > previous_bet) AS chase_raised
    FROM sequenced GROUP BY user_id
), measured AS (
    SELECT s.user_id,
           coalesce(spend.spend_7d_krw, 0) AS spend_7d_krw, coalesce(spend.max_orders_24h, 0) AS max_orders_24h,
           coalesce(night.rounds_14d, 0) AS rounds_14d, coalesce(night.late_rounds, 0) AS late_rounds,
           coalesce(chase.chase_pairs, 0) AS chase_pairs, coalesce(chase.chase_raised, 0) AS chase_raised
    FROM player_segments s
    LEFT JOIN spend ON spend.user_id = s.user_id
    LEFT JOIN night ON night.user_id = s.user_id
    LEFT JOIN chase ON chase.user_id = s.user_id
)
UPDATE player_segments s SET
    flags = array_remove(ARRAY[
        CASE WHEN m.spend_7d_krw >= :spend_krw OR m.max_orders_24h >= :burst_orders THEN 'spend_velocity' END,
        CASE WHEN m.late_rounds >= :late_min AND m.late_rounds * 100 >= :late_pct * m.rounds_14d
             THEN 'late_night' END,
        CASE WHEN m.chase_pairs >= :chase_min AND m.chase_raised * 100 >= :chase_pct * m.chase_pairs
             THEN 'loss_chasing' END
    ]::varchar(30)[], NULL),
    details = s.details || jsonb_build_object(
        'spend_7d_krw', m.spend_7d_krw, 'max_orders_24h', m.max_orders_24h,
        'rounds_14d', m.rounds_14d, 'late_rounds', m.late_rounds,
        'chase_pairs', m.chase_pairs, 'chase_raised', m.chase_raised)
FROM measured m
WHERE m.user_id = s.user_id
"""


def params(now: datetime, tz: str) -> dict[str, Any]:
    """The bind parameters of the flag statement: the run's instant, the business zone and every rule's constant."""
    return {
        "now": now,
        "tz": tz,
        "spend_window": SPEND_WINDOW,
        "spend_krw": SPEND_7D_KRW,
        "burst_window": BURST_WINDOW,
        "burst_orders": BURST_ORDERS,
        "late_window": LATE_NIGHT_WINDOW,
        "late_from": LATE_NIGHT_HOURS[0],
        "late_to": LATE_NIGHT_HOURS[1],
        "late_min": LATE_NIGHT_MIN_ROUNDS,
        "late_pct": LATE_NIGHT_SHARE_PCT,
        "chase_window": CHASE_WINDOW,
        "chase_min": CHASE_MIN_PAIRS,
        "chase_pct": CHASE_SHARE_PCT,
    }


def update_flags(db: Session, now: datetime, tz: str) -> int:
    """Recompute every scored player's flags and their measures in one statement; returns the rows updated.

    Every row is rewritten, so a flag whose pattern has passed out of its window is cleared.
    """
    result = db.execute(sa.text(_UPDATE), params(now, tz))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
