"""``/admin/dashboard``: the console's first screen — alerts, today's headline numbers, and charts of the last 7
or 30 KST days (players, revenue, rounds per game, RTP realised vs declared, the gold economy), each with a
"view as table" table of the same data (support, operators and admins; checked server-side)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_charts import AXIS, CHART_HEIGHT, cells, chart_card, frame, grid, tooltip
from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert, localized
from casino_app.components.layout import shell
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.admin_dashboard import RTP_MIN_ROUNDS, RTP_Z, AdminDashboardState
from casino_app.state.ui import MESSAGES, UIState, tr, tr_by

A = AdminDashboardState
M = MESSAGES


def players_card() -> rx.Component:
    """DAU and signups per day (lines)."""
    chart = rx.recharts.line_chart(
        *frame(
            rx.recharts.line(
                data_key="dau", name=M["dashboard_admin.series_dau"], stroke="var(--cc-cyan)", stroke_width=2
            ),
            rx.recharts.line(
                data_key="signups", name=M["dashboard_admin.series_signups"], stroke="var(--cc-pink)", stroke_width=2
            ),
        ),
        data=A.players,
        height=CHART_HEIGHT,
        width="100%",
    )
    table = data_table(
        ("dashboard_admin.col_day", "dashboard_admin.col_dau", "dashboard_admin.col_signups"),
        A.daily_table,
        cells("day", "dau", "signups"),
    )
    return chart_card("dashboard_admin.players_title", "cc-dash-players", chart, table)


def revenue_card() -> rx.Component:
    """KRW paid and refunded per day (bars) with the net (line)."""
    chart = rx.recharts.composed_chart(
        *frame(
            rx.recharts.bar(data_key="revenue", name=M["dashboard_admin.series_revenue"], fill="var(--cc-gold)"),
            rx.recharts.bar(data_key="refunds", name=M["dashboard_admin.series_refunds"], fill="var(--cc-danger)"),
            rx.recharts.line(
                data_key="net", name=M["dashboard_admin.series_net"], stroke="var(--cc-cyan)", stroke_width=2
            ),
        ),
        data=A.revenue,
        height=CHART_HEIGHT,
        width="100%",
    )
    table = data_table(
        (
            "dashboard_admin.col_day",
            "dashboard_admin.col_orders",
            "dashboard_admin.col_revenue",
            "dashboard_admin.col_refunds",
            "dashboard_admin.col_net",
        ),
        A.daily_table,
        cells("day", "orders", "revenue", "refunds", "net"),
    )
    return chart_card("dashboard_admin.revenue_title", "cc-dash-revenue", chart, table)


def rounds_card() -> rx.Component:
    """Rounds per day, one line per game."""
    chart = rx.recharts.line_chart(
        *frame(
            rx.foreach(
                A.round_series,
                lambda s: rx.recharts.line(
                    data_key=s["key"], name=tr_by("games.name.", s["key"]), stroke=s["color"], stroke_width=2
                ),
            )
        ),
        data=A.rounds,
        height=CHART_HEIGHT,
        width="100%",
    )
    table = data_table(
        (
            "dashboard_admin.col_day",
            "dashboard_admin.col_game",
            "dashboard_admin.col_rounds",
            "dashboard_admin.col_bet",
            "dashboard_admin.col_payout",
        ),
        A.rounds_table,
        lambda row: rx.el.tr(
            rx.el.td(row["day"]),
            rx.el.td(tr_by("games.name.", row["game"])),
            rx.el.td(row["rounds"]),
            rx.el.td(row["bet"]),
            rx.el.td(row["payout"]),
        ),
    )
    return chart_card("dashboard_admin.rounds_title", "cc-dash-rounds", chart, table)


def _rtp_row(row: rx.Var) -> rx.Component:
    state = rx.match(
        row["state"],
        ("none", rx.el.span(tr("dashboard_admin.rtp_no_rounds"))),
        ("few", rx.el.span(tr("dashboard_admin.rtp_few_rounds"))),
        ("out", rx.el.span(tr("dashboard_admin.rtp_out_of_band"), class_name="cc-badge", color="var(--cc-danger)")),
        rx.el.span(tr("dashboard_admin.rtp_in_band"), class_name="cc-badge cc-badge--ok"),
    )
    return rx.el.tr(
        rx.el.td(tr_by("games.name.", row["game"])),
        rx.el.td(row["rounds"]),
        rx.el.td(row["realised"]),
        rx.el.td(row["declared"]),
        rx.el.td(row["band"]),
        rx.el.td(state),
        data_state=row["state"],
    )


def rtp_card() -> rx.Component:
    """Realised vs declared RTP per game (grouped bars) against the 100 % line, and how the band works."""
    chart = rx.recharts.bar_chart(
        grid(),
        rx.recharts.x_axis(data_key=rx.cond(UIState.locale == "en", "name_en", "name_ko"), stroke=AXIS),
        rx.recharts.y_axis(stroke=AXIS, domain=[0, "auto"], unit="%", width=72),
        tooltip(),
        rx.recharts.legend(),
        rx.recharts.reference_line(
            y=100, stroke="var(--cc-muted)", stroke_dasharray="6 4", label=M["dashboard_admin.rtp_reference"]
        ),
        rx.recharts.bar(data_key="declared", name=M["dashboard_admin.series_declared"], fill="var(--cc-violet)"),
        rx.recharts.bar(data_key="realised", name=M["dashboard_admin.series_realised"], fill="var(--cc-cyan)"),
        data=A.rtp,
        height=CHART_HEIGHT,
        width="100%",
    )
    table = data_table(
        (
            "dashboard_admin.col_game",
            "dashboard_admin.col_rounds",
            "dashboard_admin.col_realised",
            "dashboard_admin.col_declared",
            "dashboard_admin.col_band",
            "dashboard_admin.col_state",
        ),
        A.rtp_table,
        _rtp_row,
    )
    return chart_card("dashboard_admin.rtp_title", "cc-dash-rtp", chart, table)


def economy_card() -> rx.Component:
    """Gold sources and sinks per day, stacked by kind (two stacks a day)."""
    chart = rx.recharts.bar_chart(
        *frame(
            rx.foreach(
                A.economy_series,
                lambda s: rx.recharts.bar(
                    data_key=s["key"],
                    stack_id=s["stack"],
                    fill=s["color"],
                    name=rx.cond(s["side"] == "in", M["dashboard_admin.source"], M["dashboard_admin.sink"])
                    + " · "
                    + tr_by("ledger.kind.", s["kind"]),
                ),
            )
        ),
        data=A.economy,
        height=CHART_HEIGHT,
        width="100%",
    )
    table = data_table(
        (
            "dashboard_admin.col_day",
            "dashboard_admin.col_side",
            "dashboard_admin.col_kind",
            "dashboard_admin.col_amount",
        ),
        A.economy_table,
        lambda row: rx.el.tr(
            rx.el.td(row["day"]),
            rx.el.td(rx.cond(row["side"] == "in", tr("dashboard_admin.source"), tr("dashboard_admin.sink"))),
            rx.el.td(tr_by("ledger.kind.", row["kind"])),
            rx.el.td(row["amount"]),
        ),
    )
    lead = rx.text(tr("dashboard_admin.economy_lead"), " ", localized(A.economy_net), size="2", color=AXIS)
    return chart_card("dashboard_admin.economy_title", "cc-dash-economy", chart, table, lead)


def _alert_item(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.span(
            tr_by("dashboard_admin.severity.", row["severity"]),
            class_name="cc-badge",
            color=rx.match(
                row["severity"], ("danger", "var(--cc-danger)"), ("info", "var(--cc-muted)"), "var(--cc-gold)"
            ),
        ),
        " ",
        rx.el.span(localized(row)),
        rx.cond(
            row["href"] != "",
            rx.fragment(" ", rx.link(tr("dashboard_admin.alert_open"), href=row["href"], class_name="cc-link")),
        ),
        data_code=row["code"],
        data_severity=row["severity"],
    )


def alerts_panel() -> rx.Component:
    """What needs attention now, most serious first, each linking to the console page that handles it."""
    return rx.el.section(
        rx.heading(tr("dashboard_admin.alerts_title"), as_="h2", size="5", id="cc-dash-alerts-title"),
        rx.cond(
            A.alerts.length() > 0,  # type: ignore[attr-defined]
            rx.el.ul(rx.foreach(A.alerts, _alert_item), id="cc-dash-alerts", display="grid", gap="8px", margin="0"),
            rx.text(tr("dashboard_admin.alerts_none"), id="cc-dash-alerts-none"),
        ),
        class_name="cc-card",
        aria_labelledby="cc-dash-alerts-title",
        role="status",
        display="grid",
        gap="8px",
    )


def _stat(label_key: str, value: rx.Var, unit_key: str | None = None, note: rx.Var | None = None) -> rx.Component:
    return rx.el.div(
        rx.el.dt(tr(label_key)),
        rx.el.dd(value, *([" ", tr(unit_key)] if unit_key else [])),
        *([rx.el.dd(note, font_size="var(--cc-font-xs)", color=AXIS)] if note is not None else []),
        class_name="cc-stat",
    )


def headline_cards() -> rx.Component:
    """Today's DAU, signups, net revenue, rounds, and the gold in circulation."""
    return rx.el.section(
        rx.heading(tr("dashboard_admin.today_title"), as_="h2", size="5"),
        rx.el.dl(
            _stat("dashboard_admin.card_dau", A.cards["dau"], "dashboard_admin.unit_people"),
            _stat("dashboard_admin.card_signups", A.cards["signups"], "dashboard_admin.unit_people"),
            _stat(
                "dashboard_admin.card_revenue",
                A.cards["revenue"],
                note=M["dashboard_admin.revenue_detail"]
                .replace("{gross}", A.cards["gross"])  # type: ignore[attr-defined]
                .replace("{refunds}", A.cards["refunds"]),
            ),
            _stat("dashboard_admin.card_rounds", A.cards["rounds"], "dashboard_admin.unit_rounds"),
            _stat(
                "dashboard_admin.card_circulation",
                rx.fragment(A.cards["circulation"], " G"),
                note=M["dashboard_admin.holders"].replace("{count}", A.cards["holders"]),  # type: ignore[attr-defined]
            ),
            class_name="cc-stats-row",
            id="cc-dash-cards",
            margin="0",
        ),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def controls() -> rx.Component:
    """The 7/30-day switch, refresh, and when the numbers were read."""

    def period(days: int) -> rx.Component:
        return rx.el.button(
            tr(f"dashboard_admin.days_{days}"),
            type="button",
            class_name=rx.cond(
                A.days == days, "cc-btn cc-btn--primary cc-btn--small", "cc-btn cc-btn--ghost cc-btn--small"
            ),
            aria_pressed=rx.cond(A.days == days, "true", "false"),
            on_click=A.choose_days(str(days)),
            id=f"cc-dash-days-{days}",
        )

    return rx.el.div(
        rx.el.div(
            period(7), period(30), role="group", aria_label=tr("dashboard_admin.period"), display="flex", gap="8px"
        ),
        rx.el.button(
            rx.icon("refresh-cw", size=14, aria_hidden="true"),
            tr("dashboard_admin.refresh"),
            type="button",
            class_name="cc-btn cc-btn--ghost cc-btn--small",
            on_click=A.refresh,
            id="cc-dash-refresh",
        ),
        rx.text(
            tr("dashboard_admin.window"),
            ": ",
            A.window,
            " · ",
            tr("dashboard_admin.updated"),
            ": ",
            A.updated,
            size="2",
            color=AXIS,
            id="cc-dash-updated",
        ),
        display="flex",
        flex_wrap="wrap",
        align_items="center",
        gap="12px",
    )


def definitions() -> rx.Component:
    """How each number is counted (DAU, revenue, RTP band)."""
    rtp = M["dashboard_admin.def_rtp"].replace("{z}", f"{RTP_Z:g}")  # type: ignore[attr-defined]
    rtp = rtp.replace("{min}", f"{RTP_MIN_ROUNDS:,}")
    return rx.el.details(
        rx.el.summary(tr("dashboard_admin.definitions_title")),
        rx.el.ul(
            rx.el.li(tr("dashboard_admin.def_day")),
            rx.el.li(tr("dashboard_admin.def_dau")),
            rx.el.li(tr("dashboard_admin.def_revenue")),
            rx.el.li(rtp),
            display="grid",
            gap="4px",
        ),
        class_name="cc-card",
        id="cc-dash-definitions",
    )


def admin_dashboard_page() -> rx.Component:
    """The console's first screen."""
    return shell(
        rx.vstack(
            rx.heading(tr("dashboard_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            rx.text(tr("dashboard_admin.lead")),
            controls(),
            alert(A.error, alert_id="cc-dash-error"),
            alerts_panel(),
            headline_cards(),
            definitions(),
            players_card(),
            revenue_card(),
            rounds_card(),
            rtp_card(),
            economy_card(),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/dashboard`` (support, operators and admins; checked server-side)."""
    app.add_page(
        admin_dashboard_page,
        route="/admin/dashboard",
        title=tr("page.admin_dashboard_title"),
        on_load=[*page_events.STAFF, AdminDashboardState.load],
    )
