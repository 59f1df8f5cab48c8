"""RFM groups: how recently, how often and how much a player played and paid, scored by fixed thresholds.

Measures (at the run's ``now``; a player is every active account without a staff role):

- **Recency** (``recency_days``): whole days (24-hour periods) since the later of the last round (the
  ``created_at`` of the player's highest round id) and the last paid purchase (``shop_orders.paid_at`` of an
  order now ``paid``); ``None`` when the player never did either.
- **Frequency** (``frequency``): *active days* in the last 30 days — distinct KST calendar days with at least one
  round. Active days rather than rounds, because a round of the slot takes seconds and a round of the gacha a
  minute: rounds would measure the game more than the player. The round count is kept in ``details.rounds_30d``.
- **Monetary** (``monetary_krw``): won of orders paid in the last 90 days and still ``paid`` (a refunded order
  does not count).

Scores run from 1 (low) to 3 (high) — three bands are enough for the groups below and stay readable:

======  =====================  =======================  ===================
score   R: recency_days        F: active days / 30 d    M: paid KRW / 90 d
======  =====================  =======================  ===================
3       0–7                    10 or more               100,000 or more
2       8–30                   3–9                      1–99,999
1       over 30, or never      0–2                      0
======  =====================  =======================  ===================

Groups, the first rule that matches wins:

1. ``new`` — joined less than 14 days ago (whatever they did);
2. ``dormant`` — R = 1 (nothing for more than 30 days, or never);
3. ``at_risk`` — R = 2 (lapsing: last activity 8–30 days ago);
4. ``high_value`` — M = 3;
5. ``regular`` — F = 3;
6. ``active`` — everyone else (active in the last 7 days).

The thresholds are constants, not quantiles, so a fixture with known behaviour lands in known groups.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

GROUPS = ("new", "active", "regular", "high_value", "at_risk", "dormant")

NEW_ACCOUNT = timedelta(days=14)
FREQUENCY_WINDOW = timedelta(days=30)
MONETARY_WINDOW = timedelta(days=90)
RECENCY_DAYS = (7, 30)  # R = 3 up to 7 days, R = 2 up to 30 days, else 1
ACTIVE_DAYS = (10, 3)  # F = 3 from 10 active days, F = 2 from 3, else 1
MONETARY_KRW = (100_000, 1)  # M = 3 from 100,000 won, M = 2 from 1 won, else 1

# A player is an active account without a staff role (the same test in _UPSERT and _DELETE_NON_PLAYERS).
_UPSERT = """
WITH players AS (
    SELECT u.id AS user_id, u.created_at FROM users u WHERE u.staff_role IS NULL AND u.is_active
), rounds AS (
    SELECT r.user_id, count(*) AS rounds_30d,
           count(DISTINCT (r.created_at AT TIME ZONE :tz)::date) AS active_days_30d
    FROM game_rounds r
    WHERE r.created_at > :now - :frequency_window AND r.created_at <= :now
    GROUP BY r.user_id
), paid AS (
    SELECT o.user_id, max(o.paid_at) AS last_paid_at,
           coalesce(sum(o.amount_krw) FILTER (WHERE o.paid_at > :now - :monetary_window), 0) AS monetary_krw
    FROM shop_orders o
    WHERE o.status = 'paid' AND o.paid_at <= :now
    GROUP BY o.user_id
), measured AS (
    SELECT p.user_id, p.created_at, last_round.created_at AS last_round_at, paid.last_paid_at,
           coalesce(rounds.rounds_30d, 0) AS rounds_30d, coalesce(rounds.active_days_30d, 0) AS active_days,
           coalesce(paid.monetary_krw, 0) AS monetary_krw,
           floor(extract(epoch FROM :now - greatest(last_round.created_at, paid.last_paid_at)) / 86400)::int
               AS recency_days
    FROM players p
    LEFT JOIN LATERAL (
        SELECT r.created_at FROM game_rounds r
        WHERE r.user_id = p.user_id AND r.created_at <= :now ORDER BY r.id DESC LIMIT 1
    ) last_round ON true
    LEFT JOIN rounds ON rounds.user_id = p.user_id
    LEFT JOIN paid ON paid.user_id = p.user_id
), scored AS (
    SELECT m.*,
           CASE WHEN m.recency_days IS NULL THEN 1 WHEN m.recency_days <= :r3 THEN 3
                WHEN m.recency_days <= :r2 THEN 2 ELSE 1 END AS r_score,
           CASE WHEN m.active_days >= :f3 THEN 3 WHEN m.active_days >= :f2 THEN 2 ELSE 1 END AS f_score,
           CASE WHEN m.monetary_krw >= :m3 THEN 3 WHEN m.monetary_krw >= :m2 THEN 2 ELSE 1 END AS m_score
    FROM measured m
)
INSERT INTO player_segments AS s (user_id, rfm_group, recency_days, frequency, monetary_krw,
                                  r_score, f_score, m_score, flags, details, computed_at)
SELECT user_id,
       CASE WHEN created_at > :now - :new_account THEN 'new'
            WHEN r_score = 1 THEN 'dormant'
            WHEN r_score = 2 THEN 'at_risk'
            WHEN m_score = 3 THEN 'high_value'
            WHEN f_score = 3 THEN 'regular'
            ELSE 'active' END,
       recency_days, active_days, monetary_krw, r_score, f_score, m_score, '{}',
       jsonb_build_object('rounds_30d', rounds_30d, 'last_round_at', last_round_at, 'last_paid_at', last_paid_at),
       :now
FROM scored
ON CONFLICT (user_id) DO UPDATE SET
    rfm_group = EXCLUDED.rfm_group, recency_days = EXCLUDED.recency_days, frequency = EXCLUDED.frequency,
    monetary_krw = EXCLUDED.monetary_krw, r_score = EXCLUDED.r_score, f_score = EXCLUDED.f_score,
    m_score = EXCLUDED.m_score, details = EXCLUDED.details, computed_at = EXCLUDED.computed_at
"""

_DELETE_NON_PLAYERS = """
DELETE FROM player_segments s
WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND u.staff_role IS NULL AND u.is_active)
"""


def params(now: datetime, tz: str) -> dict[str, Any]:
    """The bind parameters of the RFM statement: the run's instant, the business zone and every threshold."""
    return {
        "now": now,
        "tz": tz,
        "new_account": NEW_ACCOUNT,
        "frequency_window": FREQUENCY_WINDOW,
        "monetary_window": MONETARY_WINDOW,
        "r3": RECENCY_DAYS[0],
        "r2": RECENCY_DAYS[1],
        "f3": ACTIVE_DAYS[0],
        "f2": ACTIVE_DAYS[1],
        "m3": MONETARY_KRW[0],
        "m2": MONETARY_KRW[1],
    }


def remove_non_players(db: Session) -> int:
    """Delete the rows of accounts that are now staff or disabled (deleted users cascade); returns how many."""
    result = db.execute(sa.text(_DELETE_NON_PLAYERS))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def upsert_groups(db: Session, now: datetime, tz: str) -> int:
    """Score every player and write group, scores and measures in one statement; returns the rows written.

    Flags are left as they are here (a new row starts with none): ``segments_flags.update_flags`` rewrites them
    in the same transaction.
    """
    result = db.execute(sa.text(_UPSERT), params(now, tz))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
