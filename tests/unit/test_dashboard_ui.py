"""The console dashboard's view rules: won and percent formatting, chart rows and series (rounds per game, gold
sources and sinks in two stacks), RTP states, and alert messages in both languages with the game's name."""

from __future__ import annotations

from datetime import UTC, date, datetime

from casino_app.i18n import t
from casino_app.services.console.dashboard import Dashboard, DayStats, GameDay
from casino_app.services.console.dashboard_alerts import Alert, GameRtp
from casino_app.services.wallet import Economy, EconomyDay
from casino_app.state.admin_dashboard import (
    SERIES_COLORS,
    alert_row,
    economy_points,
    economy_rows,
    kind_key,
    pct,
    player_points,
    revenue_points,
    round_points,
    rtp_points,
    rtp_state,
    won,
)

D1, D2 = date(2026, 11, 27), date(2026, 11, 28)


def _rtp(realised: float | None, enough: bool = True, out: bool = False) -> GameRtp:
    return GameRtp("rps", 1_000, 100_000, 96_000, realised, 0.96, 0.9, 1.02, enough, out)


def _board() -> Dashboard:
    economy = Economy(
        days=7,
        circulation=1_000_000,
        players_with_gold=3,
        daily=[
            EconomyDay(D1, {"WIN": 500, "WELCOME": 1_000}, {"BET": 700}),
            EconomyDay(D2, {"WIN": 200, "SOMETHING_NEW": 5}, {}),
        ],
        net_injection=1_005,
        net_injection_pct=0.1,
        inflation_alert=False,
        alert_threshold_pct=5.0,
    )
    return Dashboard(
        days=7,
        first_day=D1,
        today=D2,
        generated_at=datetime(2026, 11, 28, 1, 0, tzinfo=UTC),
        daily=[DayStats(D1, 3, 1, 9_800, 0, 2), DayStats(D2, 2, 0, 4_900, 9_800, 1)],
        rounds=[
            GameDay(D1, "slot", 4, 400, 100),
            GameDay(D1, "rps", 0, 0, 0),
            GameDay(D2, "slot", 1, 100, 0),
            GameDay(D2, "rps", 2, 200, 400),
        ],
        rtp=[_rtp(0.95)],
        economy=economy,
        alerts=[],
    )


def test_money_and_ratios_are_formatted_for_people() -> None:
    assert won(1_234_000) == "₩1,234,000"
    assert won(0) == "₩0"
    assert won(-4_900) == "-₩4,900"
    assert pct(0.96123) == "96.12%"
    assert pct(None) == ""


def test_daily_points_and_net_revenue() -> None:
    board = _board()
    assert player_points(board) == [{"day": "11/27", "dau": 3, "signups": 1}, {"day": "11/28", "dau": 2, "signups": 0}]
    assert revenue_points(board)[1] == {"day": "11/28", "revenue": 4_900, "refunds": 9_800, "net": -4_900}
    assert board.today_stats.net_revenue_krw == -4_900
    assert board.rounds_today == 3


def test_rounds_have_one_field_per_game_and_a_series_each() -> None:
    rows, series = round_points(_board())
    assert rows == [{"day": "11/27", "slot": 4, "rps": 0}, {"day": "11/28", "slot": 1, "rps": 2}]
    assert series == [{"key": "slot", "color": SERIES_COLORS[0]}, {"key": "rps", "color": SERIES_COLORS[1]}]


def test_economy_stacks_sources_and_sinks_by_kind() -> None:
    rows, series = economy_points(_board())
    assert rows[0] == {"day": "11/27", "in_WIN": 500, "in_WELCOME": 1_000, "out_BET": 700}
    assert [(s["key"], s["stack"], s["kind"]) for s in series] == [
        ("in_SOMETHING_NEW", "in", "OTHER"),  # no catalog name: shown as "other", its own series still
        ("in_WELCOME", "in", "WELCOME"),
        ("in_WIN", "in", "WIN"),
        ("out_BET", "out", "BET"),
    ]
    assert len({s["color"] for s in series}) == 4
    assert kind_key("WIN") == "WIN"
    assert kind_key("NOPE") == "OTHER"
    assert economy_rows(_board())[:2] == [
        {"day": "11/27", "side": "in", "kind": "WELCOME", "amount": "1,000"},
        {"day": "11/27", "side": "in", "kind": "WIN", "amount": "500"},
    ]


def test_rtp_points_and_states() -> None:
    point = rtp_points(_board())[0]
    assert point["realised"] == 95.0
    assert point["declared"] == 96.0
    assert point["name_ko"] != point["name_en"]
    assert rtp_state(_rtp(None, enough=False)) == "none"
    assert rtp_state(_rtp(0.5, enough=False)) == "few"
    assert rtp_state(_rtp(0.5, out=True)) == "out"
    assert rtp_state(_rtp(0.95)) == "ok"


def test_alerts_read_in_both_languages_with_the_game_named() -> None:
    row = alert_row(
        Alert("rtp", "danger", "/admin/odds", {"game": "rps", "realised": 80.0, "declared": 96.0, "low": 94.1,
                                               "high": 97.9, "rounds": 1_000})
    )  # fmt: skip
    assert row["code"] == "rtp"
    assert row["href"] == "/admin/odds"
    assert t("games.name.rps", "ko") in row["ko"]
    assert t("games.name.rps", "en") in row["en"]
    assert "80.0%" in row["ko"]
    assert "80.0%" in row["en"]
    assert "{" not in row["ko"] + row["en"]
    plain = alert_row(Alert("crash_paused", "warning", "/admin/crash"))
    assert plain["ko"] != plain["en"]
