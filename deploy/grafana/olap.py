"""The analytics dashboard: panels read from the OLAP store (ClickHouse) rather than Prometheus.

Days are business days in Asia/Seoul (the default ``BUSINESS_TIMEZONE``; the materialized view bakes the zone
in when the schema is created). Raw tables are read with ``FINAL`` (one row per event id); the purchases panels
read the materialized view ``purchases_daily_agg``. ``tests/unit/test_grafana_dashboards.py`` runs every query
against the schema (chdb) with Grafana's macros expanded.
"""

from __future__ import annotations

from deploy.grafana.spec import Dashboard, Panel, Sql

TZ = "Asia/Seoul"
DAY = f"toDateTime(toDate(occurred_at, '{TZ}'), '{TZ}')"


def analytics() -> Dashboard:
    """Purchases per day (the materialized view), the buy funnel, gold flows by kind, realised RTP, event flow."""
    return Dashboard(
        uid="cc-olap",
        title="Casino-Club · Analytics (ClickHouse)",
        description="OLAP 저장소의 구매·퍼널·골드 흐름·RTP / Purchases, funnel, gold flows and RTP from the OLAP store",
        panels=(
            Panel(
                "Net revenue per day (₩)",
                "일별 결제 − 환불 (materialized view purchases_daily_agg). / Paid minus refunded won per business "
                "day, from the materialized view.",
                (
                    Sql(
                        f"SELECT toDateTime(day, '{TZ}') AS time, sum(revenue_krw) AS net_revenue_krw\n"
                        "FROM purchases_daily_agg WHERE $__dateFilter(day)\nGROUP BY day ORDER BY day"
                    ),
                ),
                unit="currencyKRW",
                min_value=None,
            ),
            Panel(
                "Paid orders and buyers per day",
                "일별 결제 건수, 환불 건수와 결제한 플레이어 수. / Paid and refunded orders and distinct buyers per "
                "business day.",
                (
                    Sql(
                        f"SELECT toDateTime(day, '{TZ}') AS time, sum(paid_orders) AS paid, "
                        "sum(refunded_orders) AS refunded, uniqExactMerge(buyers) AS buyers\n"
                        "FROM purchases_daily_agg WHERE $__dateFilter(day)\nGROUP BY day ORDER BY day"
                    ),
                ),
            ),
            Panel(
                "Buy funnel: players per step per day",
                "단계별(상점 열기, 구매 클릭, 구매 성공, 실패) 하루 고유 플레이어. / Distinct players per funnel step "
                "and business day (not ordered; the console's report orders the steps).",
                (
                    Sql(
                        f"SELECT {DAY} AS time, step, uniqExact(user_id) AS players\n"
                        "FROM funnel FINAL WHERE $__timeFilter(occurred_at)\nGROUP BY time, step ORDER BY time"
                    ),
                ),
            ),
            Panel(
                "Gold sources and sinks by kind (per hour)",
                "시스템→플레이어(공급)와 플레이어→시스템(소모) 골드, 이체 종류별. / Gold reaching players from the "
                "system (source) and leaving them (sink), by transfer kind.",
                (
                    Sql(
                        "SELECT toStartOfHour(occurred_at) AS time, concat(direction, ' · ', kind) AS flow, "
                        "sum(amount) AS gold\n"
                        "FROM gold_flows FINAL WHERE direction != 'internal' AND $__timeFilter(occurred_at)\n"
                        "GROUP BY time, flow ORDER BY time"
                    ),
                ),
                stacked=True,
            ),
            Panel(
                "Realised RTP per game per day",
                "하루 지급 ÷ 베팅 (베팅이 있는 게임). / Payouts per stake per business day, wagered games.",
                (
                    Sql(
                        f"SELECT {DAY} AS time, game, sum(payout) / sum(bet) AS rtp\n"
                        "FROM rounds FINAL WHERE bet > 0 AND $__timeFilter(occurred_at)\n"
                        "GROUP BY time, game ORDER BY time"
                    ),
                ),
                unit="percentunit",
            ),
            Panel(
                "Events stored per topic (per hour)",
                "OLAP에 저장된 아웃박스 이벤트, 주제별. / Outbox events stored in OLAP, by topic.",
                (
                    Sql(
                        "SELECT toStartOfHour(occurred_at) AS time, topic, count() AS events\n"
                        "FROM events FINAL WHERE $__timeFilter(occurred_at)\nGROUP BY time, topic ORDER BY time"
                    ),
                ),
                stacked=True,
            ),
        ),
    )
