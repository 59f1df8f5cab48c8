"""``/api/analytics``: the five reports for support, operators and admins alike (the same figures as the services,
over the known world of tests/support/analytics.py), refused to players and anonymous callers, ``days`` and
``format`` checked, CSV downloads with a BOM, a header row and their file name, and 503 when OLAP is down."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from casino_app.api.routes import analytics as routes
from casino_app.core import clock
from casino_app.services.analytics import economy, funnel, games, retention, spend
from casino_app.services.olap import client as olap_client
from tests.support import analytics as world
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.crash_play import staff_token

pytestmark = pytest.mark.anyio
NOW = world.NOW
TODAY = date(2026, 11, 28)
ROLES = ("support", "operator", "admin")
# route -> (days asked, the service, its response model, the CSV name, the largest days allowed)
ROUTES: dict[str, tuple[int, Any, Any, str, int]] = {
    "/api/analytics/funnels/buy": (3, funnel.buy_funnel, routes.AnalyticsFunnelOut, "funnel", 90),
    "/api/analytics/retention": (40, retention.retention, routes.AnalyticsRetentionOut, "retention", 120),
    "/api/analytics/spend": (10, spend.spend, routes.AnalyticsSpendOut, "spend", 90),
    "/api/analytics/games": (7, games.games, routes.AnalyticsGamesOut, "games", 90),
    "/api/analytics/economy": (7, economy.economy, routes.AnalyticsEconomyOut, "economy", 90),
}


@pytest.fixture(autouse=True)
def _world() -> Iterator[None]:
    with clock.use_clock(clock.FrozenClock(NOW)):
        world.build()
        yield


def _tokens() -> dict[str, str]:
    return {role: staff_token(role)[1] for role in ROLES}


async def test_every_staff_role_gets_the_same_figures_as_the_service() -> None:
    tokens = _tokens()
    async with api_client() as client:
        for path, (days, report, model, _, _) in ROUTES.items():
            expected = model.model_validate(report(days, NOW)).model_dump(mode="json")
            bodies = []
            for role in ROLES:
                response = await client.get(path, params={"days": days}, headers=bearer(tokens[role]))
                assert response.status_code == 200, (path, role, response.text)
                assert response.headers["content-type"].startswith("application/json")
                bodies.append(response.json())
            assert bodies == [expected] * 3, path


async def test_the_figures_through_the_api() -> None:
    """A few figures by hand (test_analytics_reports.py works them out)."""
    _, token = staff_token("support")
    async with api_client() as client:

        async def get(path: str, **params: Any) -> Any:
            response = await client.get(path, params=params, headers=bearer(token))
            assert response.status_code == 200, response.text
            return response.json()

        buy = await get("/api/analytics/funnels/buy", days=3)
        kept = await get("/api/analytics/retention", days=40)
        money = await get("/api/analytics/spend", days=10)
        rounds = await get("/api/analytics/games", days=7)
        gold = await get("/api/analytics/economy", days=7)
        default_funnel = await get("/api/analytics/funnels/buy")
        default_retention = await get("/api/analytics/retention")
    assert buy["window"] == {"first": "2026-11-26", "last": "2026-11-28", "days": 3}
    assert [s["players"] for s in buy["steps"]] == [4, 3, 2]
    assert buy["failed_players"] == 2
    assert default_funnel == buy  # 3 days unless asked
    # Days n that have ended (signup day + n < 11-28): D1 over 10-20, 10-25, 11-01 = 4 of 8 (11-27's day 1 is
    # today); D7 over the same = 2 of 8; D30 over 10-20 and 10-25 = 2 of 4.
    assert [(s["day"], s["retained"], s["players"]) for s in kept["summary"]] == [(1, 4, 8), (7, 2, 8), (30, 2, 4)]
    assert [(c["day"], c["size"], c["d1"]) for c in kept["cohorts"][-2:]] == [
        ("2026-11-27", 2, None),  # day 1 is today: p8 came back this morning, but the day has not ended
        ("2026-11-28", 1, None),
    ]
    # 60 days unless asked (09-30 .. 11-28): D30 is measurable, over the cohorts 31+ days old — 10-19 (p11, 0 of
    # 1), 10-20 (0 of 1) and 10-25 (2 of 3) → 2 of 5.
    assert default_retention["window"] == {"first": "2026-09-30", "last": "2026-11-28", "days": 60}
    d30 = default_retention["summary"][2]
    assert (d30["day"], d30["cohorts"], d30["players"], d30["retained"], d30["rate"]) == (30, 3, 5, 2, 0.4)
    assert money["total"]["revenue_krw"] == 26_000
    assert money["total"]["buyers"] == 6
    assert [w["period"] for w in money["weekly"]] == ["2026-11-16", "2026-11-23"]
    slot = next(g for g in rounds["games"] if g["game"] == "slot")
    assert (slot["wagered"], slot["paid"]) == (500, 400)
    assert slot["declared_rtp"] == pytest.approx(0.948)
    assert (gold["sources"], gold["sinks"], gold["net"]) == (7_350, 400, 6_950)


async def test_players_and_anonymous_callers_are_refused() -> None:
    player = new_player()
    async with api_client() as client:
        for path in ROUTES:
            assert_envelope(await client.get(path, headers=bearer(player.access_token)), 403, "STAFF_REQUIRED")
            assert_envelope(await client.get(path), 401)


async def test_days_and_format_are_checked() -> None:
    _, token = staff_token("support")
    async with api_client() as client:
        for path, (_, _, _, _, largest) in ROUTES.items():
            for params in ({"days": 0}, {"days": largest + 1}, {"days": "week"}, {"format": "xml"}):
                response = await client.get(path, params=params, headers=bearer(token))
                assert_envelope(response, 422, "VALIDATION_ERROR")
            response = await client.get(path, params={"days": largest}, headers=bearer(token))
            assert response.status_code == 200, response.text
            assert response.json()["window"] == {"first": _first(largest), "last": "2026-11-28", "days": largest}
        # 91 days is too many for the funnel, not for retention (up to 120)
        assert (
            await client.get("/api/analytics/retention", params={"days": 91}, headers=bearer(token))
        ).status_code == 200


def _first(days: int) -> str:
    """The first day of a window of ``days`` ending 2026-11-28."""
    return (TODAY - timedelta(days=days - 1)).isoformat()


async def test_csv_downloads() -> None:
    _, token = staff_token("operator")
    async with api_client() as client:
        for path, (days, _, _, name, _) in ROUTES.items():
            response = await client.get(path, params={"days": days, "format": "csv"}, headers=bearer(token))
            assert response.status_code == 200, response.text
            assert response.headers["content-type"] == "text/csv; charset=utf-8"
            assert response.headers["cache-control"] == "no-store"
            disposition = f'attachment; filename="cc-{name}-{_first(days)}_2026-11-28.csv"'
            assert response.headers["content-disposition"] == disposition
            assert response.content.startswith(b"\xef\xbb\xbf")  # the UTF-8 BOM
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            assert rows[0][0] == "section"
            assert all(len(row) == len(rows[0]) for row in rows)
            assert len(rows) > 2


async def test_the_spend_csv_holds_the_report() -> None:
    _, token = staff_token("support")
    async with api_client() as client:
        response = await client.get("/api/analytics/spend", params={"days": 10, "format": "csv"}, headers=bearer(token))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["section"] for r in rows] == ["daily"] * 10 + ["weekly"] * 2 + ["total"]
    assert rows[-1] == {
        "section": "total",
        "period": "2026-11-19",
        "revenue_krw": "26000",
        "paid_orders": "7",
        "refunded_orders": "1",
        "buyers": "6",
        "active_players": "13",
        "arpu_krw": "2000",
        "arppu_krw": "4333.3333",
        "paying_share": "0.4615",  # 6 / 13
    }
    refund_day = rows[5]
    assert (refund_day["period"], refund_day["revenue_krw"], refund_day["arppu_krw"]) == ("2026-11-24", "-20000", "")
    assert refund_day["arpu_krw"] == "-10000"  # −₩20,000 over p1 and p2 (the refund is not p30's activity)


async def test_olap_down_is_a_503_envelope(monkeypatch: pytest.MonkeyPatch) -> None:
    def down(sql: str, parameters: Any = None) -> Any:
        raise olap_client.unavailable(ConnectionRefusedError())

    monkeypatch.setattr(olap_client, "query", down)
    _, token = staff_token("support")
    async with api_client() as client:
        for path in ROUTES:
            for fmt in ("json", "csv"):
                response = await client.get(path, params={"format": fmt}, headers=bearer(token))
                assert_envelope(response, 503, "OLAP_UNAVAILABLE")
