"""The four dashboards: Purchases, HTTP, Games, Economy.

Every query reads a name the app exports on ``/metrics``: the counters of ``casino_app/core/metrics.py``
and the scrape-time gauges of ``casino_app/services/ops_metrics.py``. The four purchase panels keep the
titles of the original documents; descriptions are Korean first, then English.
"""

from __future__ import annotations

from deploy.grafana.olap import analytics
from deploy.grafana.spec import Dashboard, Panel, Query, latency_quantile, rate, ratio

REQUESTS = "cc_http_requests_total"
LIMITED_BUY = 'method="POST", route="/api/shop/limited/buy"'
AUTH_BUY = 'method="POST", route="/api/shop/orders"'
# The route of each game's round: a 200 is a round played (or its idempotent replay).
ROUND_ROUTES = (
    'method="POST", status="200", route=~"/api/games/(slot/spin|roulette/spin|rps/play|gacha/pull|crash/bet)"'
)


def _orders(kind: str, status: str) -> str:
    return rate("cc_shop_orders_total", f'kind="{kind}", status="{status}"')


def purchases() -> Dashboard:
    """Conversion and errors of the limited-package and standard buys (order statuses, buy routes' codes)."""
    limited_created, limited_paid = _orders("limited", "created"), _orders("limited", "paid")
    limited_errors = ratio(rate(REQUESTS, f'{LIMITED_BUY}, status=~"[45].."'), rate(REQUESTS, LIMITED_BUY))
    return Dashboard(
        uid="cc-purchases",
        title="Casino-Club · Purchases",
        description="구매 전환과 오류 (한정 패키지, 일반 상점) / Purchase conversion and errors",
        panels=(
            Panel(
                "Limited Buy Conversion %",
                "한정 패키지 주문 중 결제 완료 비율 (생성된 주문 대비). / "
                "Limited-package orders paid per order created.",
                (Query(ratio(limited_paid, limited_created), "conversion"),),
                unit="percentunit",
                kind="stat",
                width=6,
                max_value=1,
            ),
            Panel(
                "Limited Buy Error %",
                "POST /api/shop/limited/buy 요청 중 4xx·5xx 응답 비율 (판매 종료·재고 소진은 200 success:false). "
                "/ Limited buy requests answered 4xx or 5xx (a blocked buy is a 200 with success: false).",
                (Query(limited_errors, "errors"),),
                unit="percentunit",
                kind="stat",
                width=6,
                max_value=1,
                thresholds=((0.02, "orange"), (0.05, "red")),
            ),
            Panel(
                "Auth Buy Conversion (/api/shop/orders)",
                "로그인 플레이어의 일반 상품 주문 중 결제 완료 비율. / "
                "Standard orders (logged-in players) paid per order "
                "created.",
                (Query(ratio(_orders("standard", "paid"), _orders("standard", "created")), "conversion"),),
                unit="percentunit",
                kind="stat",
                width=6,
                max_value=1,
            ),
            Panel(
                "Idempotent replay %",
                "같은 멱등 키로 다시 온 구매 요청 비율 (새 주문 대비). / Buy requests answered from an existing order "
                "(same Idempotency-Key), per new order.",
                (
                    Query(
                        ratio(rate("cc_shop_idempotent_hits_total"), rate("cc_shop_orders_total", 'status="created"'))
                    ),
                ),
                unit="percentunit",
                kind="stat",
                width=6,
            ),
            Panel(
                "Limited Buy Attempts vs Success",
                "한정 패키지 구매 요청, 생성된 주문, 결제 완료 (초당). / "
                "Limited buy requests, orders created and orders "
                "paid per second.",
                (
                    Query(rate(REQUESTS, LIMITED_BUY), "attempts"),
                    Query(limited_created, "orders created"),
                    Query(limited_paid, "success (paid)"),
                ),
                unit="reqps",
            ),
            Panel(
                "Orders by status",
                "주문이 각 상태에 들어간 횟수 (초당), 종류별. / Orders entering each status per second, by kind.",
                (Query(rate("cc_shop_orders_total", by="kind, status"), "{{kind}} {{status}}"),),
                unit="reqps",
            ),
            Panel(
                "Purchase failures by reason",
                "거절·실패·무효화된 구매의 사유별 수 (초당). / "
                "Refused, failed or voided purchases per second by reason.",
                (Query(rate("cc_shop_purchase_failures_total", by="reason"), "{{reason}}"),),
                unit="reqps",
                stacked=True,
            ),
            Panel(
                "Buy routes by HTTP status",
                "구매 경로의 응답 코드별 요청 수 (초당). / Buy route requests per second by HTTP status.",
                (
                    Query(rate(REQUESTS, LIMITED_BUY, by="status"), "limited {{status}}"),
                    Query(rate(REQUESTS, AUTH_BUY, by="status"), "orders {{status}}"),
                ),
                unit="reqps",
            ),
            Panel(
                "Payment webhooks",
                "결제 웹훅 처리 결과와 서명 검증 실패 (초당). / Payment webhooks by outcome and refused signatures "
                "per second.",
                (
                    Query(rate("cc_payment_webhooks_total", by="outcome"), "{{outcome}}"),
                    Query(rate("cc_payment_webhook_signature_failures_total", by="reason"), "refused: {{reason}}"),
                ),
                unit="reqps",
            ),
            Panel(
                "Refunds by kind",
                "환불 종류별 수 (초당). / Refunds per second by kind (withdrawal, staff, provider).",
                (Query(rate("cc_shop_refunds_total", by="kind"), "{{kind}}"),),
                unit="reqps",
            ),
        ),
    )


def http() -> Dashboard:
    """Request rate, errors, latency quantiles and rate-limit decisions of the app's routes."""
    return Dashboard(
        uid="cc-http",
        title="Casino-Club · HTTP",
        description="요청량, 오류율, 지연 시간, 속도 제한 / Request rate, errors, latency and rate limits",
        panels=(
            Panel(
                "Request rate",
                "전체 요청 수 (초당). / Requests per second.",
                (Query(rate(REQUESTS), "requests"),),
                unit="reqps",
                kind="stat",
                width=6,
            ),
            Panel(
                "5xx error %",
                "서버 오류(5xx) 응답 비율. / Share of requests answered 5xx.",
                (Query(ratio(rate(REQUESTS, 'status=~"5.."'), rate(REQUESTS)), "5xx"),),
                unit="percentunit",
                kind="stat",
                width=6,
                max_value=1,
                thresholds=((0.01, "orange"), (0.05, "red")),
            ),
            Panel(
                "p95 latency",
                "전체 요청의 95 백분위 지연 시간. / 95th percentile latency over every request.",
                (Query(latency_quantile(0.95), "p95"),),
                unit="s",
                kind="stat",
                width=6,
                thresholds=((0.5, "orange"), (1.0, "red")),
            ),
            Panel(
                "Rate-limit block %",
                "속도 제한 판정 중 차단 비율 (5 % 초과 시 경보). / "
                "Rate-limiter decisions that blocked (alert above 5 %).",
                (
                    Query(
                        ratio(rate("cc_rate_limit_hits_total", 'outcome="blocked"'), rate("cc_rate_limit_hits_total")),
                        "blocked",
                    ),
                ),
                unit="percentunit",
                kind="stat",
                width=6,
                max_value=1,
                thresholds=((0.05, "red"),),
            ),
            Panel(
                "Requests by route (top 10)",
                "경로별 요청 수 상위 10개 (초당). / The ten busiest route templates, per second.",
                (Query(f"topk(10, {rate(REQUESTS, by='method, route')})", "{{method}} {{route}}"),),
                unit="reqps",
            ),
            Panel(
                "Errors by status",
                "4xx·5xx 응답 코드별 수 (초당). / 4xx and 5xx responses per second by status.",
                (Query(rate(REQUESTS, 'status=~"[45].."', by="status"), "{{status}}"),),
                unit="reqps",
                stacked=True,
            ),
            Panel(
                "Latency p50 / p95 / p99",
                "전체 요청의 지연 시간 백분위. / Latency quantiles over every request.",
                (
                    Query(latency_quantile(0.5), "p50"),
                    Query(latency_quantile(0.95), "p95"),
                    Query(latency_quantile(0.99), "p99"),
                ),
                unit="s",
            ),
            Panel(
                "Slowest routes (p95, top 10)",
                "경로별 95 백분위 지연 시간 상위 10개. / The ten slowest route templates at the 95th percentile.",
                (Query(f"topk(10, {latency_quantile(0.95, 'method, route')})", "{{method}} {{route}}"),),
                unit="s",
            ),
            Panel(
                "Rate-limit blocks by endpoint and rank",
                "속도 제한으로 차단된 요청 (초당), 범위와 등급별. / "
                "Blocked rate-limiter decisions per second by endpoint "
                "and player rank.",
                (
                    Query(
                        rate("cc_rate_limit_hits_total", 'outcome="blocked"', by="endpoint, rank"),
                        "{{endpoint}} ({{rank}})",
                    ),
                ),
                unit="reqps",
                stacked=True,
            ),
            Panel(
                "Open websocket tabs",
                "앱 웹소켓이 열린 브라우저 탭 수. / Browser tabs with an open app websocket.",
                (Query("sum (cc_realtime_open_tabs)", "tabs"),),
            ),
        ),
    )


def games() -> Dashboard:
    """Rounds per game and realised RTP against the declared one, with the statistical band."""
    game_of_route = (
        f'label_replace({rate(REQUESTS, ROUND_ROUTES, by="route")}, "game", "$1", "route", "/api/games/([a-z]+)/.*")'
    )
    return Dashboard(
        uid="cc-games",
        title="Casino-Club · Games",
        description="게임별 라운드와 실현 RTP 대 선언 RTP / Rounds per game, realised vs declared RTP",
        panels=(
            Panel(
                "Rounds per game (per second)",
                "게임별로 진행된 라운드 수 (초당, 라운드 요청의 200 응답). / "
                "Rounds played per second by game (200 answers "
                "of each game's round route).",
                (Query(f"sum by (game) ({game_of_route})", "{{game}}"),),
                unit="reqps",
                stacked=True,
            ),
            Panel(
                "Wagered rounds, last 24 h",
                "최근 24시간 동안 베팅이 있었던 라운드 수, 게임별. / Wagered rounds over the last 24 hours by game.",
                (Query("sum by (game) (cc_game_rtp_rounds)", "{{game}}"),),
                kind="stat",
            ),
            Panel(
                "Realised vs declared RTP",
                "최근 24시간 실현 RTP(지급/베팅)와 선언 RTP(점선). / "
                "Realised RTP (paid / wagered) over the last 24 hours "
                "and the declared RTP (dashed).",
                (
                    Query("cc_game_rtp_realised_ratio", "{{game}} realised"),
                    Query("cc_game_rtp_declared_ratio", "{{game}} declared"),
                ),
                unit="percentunit",
                min_value=None,
                dashed="declared$",
            ),
            Panel(
                "Realised − declared RTP",
                "실현 RTP와 선언 RTP의 차이; 통계적 허용 범위(점선) 밖이면 경보. / "
                "Realised minus declared RTP with the "
                "statistical band (dashed) the alert uses.",
                (
                    Query("cc_game_rtp_realised_ratio - cc_game_rtp_declared_ratio", "{{game}}"),
                    Query("cc_game_rtp_band_low_ratio - cc_game_rtp_declared_ratio", "{{game}} band low"),
                    Query("cc_game_rtp_band_high_ratio - cc_game_rtp_declared_ratio", "{{game}} band high"),
                ),
                unit="percentunit",
                min_value=None,
                dashed="band (low|high)$",
            ),
            Panel(
                "RTP out of band",
                "실현 RTP가 허용 범위를 벗어난 게임 (1 = 벗어남). / "
                "Games whose realised RTP left its band (1 = outside).",
                (Query("max by (game) (cc_game_rtp_out_of_band)", "{{game}}"),),
                kind="stat",
                max_value=1,
                thresholds=((1, "red"),),
            ),
            Panel(
                "Crash open exposure",
                "진행 중인 크래시 라운드의 미정산 베팅 수와 베팅 금액(골드). / "
                "Crash bets still riding and their stakes "
                "in gold.",
                (
                    Query("sum (cc_crash_open_bets)", "open bets"),
                    Query("sum (cc_crash_open_stakes_gold)", "open stakes (gold)"),
                ),
            ),
            Panel(
                "Gacha stock by rarity",
                "활성 가챠 테이블의 한정 아이템 남은 수량, 등급별. / "
                "Units left of the active gacha table's limited items "
                "by rarity.",
                (Query("sum by (rarity) (cc_gacha_stock_remaining)", "{{rarity}}"),),
            ),
        ),
    )


def economy() -> Dashboard:
    """Gold in circulation, the weekly net injection (inflation) against its alert threshold."""
    net_gold = "cc_gold_net_injection_ratio * cc_gold_circulation"
    return Dashboard(
        uid="cc-economy",
        title="Casino-Club · Economy",
        description="골드 유통량과 주간 순유입(인플레이션) / Gold in circulation and weekly net injection (inflation)",
        panels=(
            Panel(
                "Weekly gold inflation %",
                "최근 7일(KST) 순유입 골드 ÷ 유통 골드; 임계값(기본 15 %) 초과 시 경보. / Net gold injected over 7 KST "
                "days per gold held; the alert fires above the threshold (15 % by default).",
                (Query("max (cc_gold_net_injection_ratio)", "inflation"),),
                unit="percentunit",
                kind="stat",
                width=6,
                min_value=None,
                thresholds=((0.10, "orange"), (0.15, "red")),
            ),
            Panel(
                "Gold in circulation",
                "플레이어 지갑에 있는 골드 합계. / Gold in player wallets.",
                (Query("max (cc_gold_circulation)", "gold"),),
                kind="stat",
                width=6,
            ),
            Panel(
                "Net gold injected, last 7 days",
                "최근 7일간 생성된 골드 − 소멸된 골드. / Gold created minus gold destroyed over the last 7 KST days.",
                (Query(f"max ({net_gold})", "net gold"),),
                kind="stat",
                width=6,
                min_value=None,
            ),
            Panel(
                "Business metrics readable",
                "지표 섹션을 데이터베이스에서 읽었는지 (0 = 실패, 로그 확인). / Whether each business-metrics section "
                "was read from the database (0 = failed; see the logs).",
                (Query("min by (section) (cc_business_metrics_ok)", "{{section}}"),),
                kind="stat",
                width=6,
                max_value=1,
            ),
            Panel(
                "Weekly inflation vs threshold",
                "주간 순유입 비율과 경보 임계값(점선). / Weekly net injection share and the alert threshold (dashed).",
                (
                    Query("max (cc_gold_net_injection_ratio)", "net injection"),
                    Query("max (cc_gold_inflation_threshold_ratio)", "threshold"),
                ),
                unit="percentunit",
                min_value=None,
                dashed="threshold",
            ),
            Panel(
                "Circulation change per hour (sources − sinks)",
                "한 시간 동안 유통 골드의 변화 = 생성(보상·구매) − 소멸(베팅 손실·소비). / Change of the gold in "
                "circulation over an hour: sources (rewards, purchases) minus sinks (lost stakes, spending).",
                (Query("max (delta(cc_gold_circulation[1h]))", "net change"),),
                min_value=None,
            ),
        ),
    )


DASHBOARDS = (purchases, http, games, economy, analytics)
