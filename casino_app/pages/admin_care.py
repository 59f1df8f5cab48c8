"""``/admin/care``: players per group and protective flag, and the care list of flagged players (read-only)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.admin_care import FLAGS, GROUPS, AdminCareState
from casino_app.state.ui import MESSAGES, tr, tr_by

C = AdminCareState
M = MESSAGES


def _count_row(prefix: str) -> object:
    def row(item: rx.Var) -> rx.Component:
        return rx.el.tr(
            rx.el.td(tr_by(f"care_admin.{prefix}.", item["key"])),
            rx.el.td(tr_by(f"care_admin.{prefix}_rule.", item["key"]), class_name="cc-muted"),
            rx.el.td(item["count"]),
            data_segment=item["key"],
        )

    return row


def counts_section() -> rx.Component:
    """When the run last computed, then a table of groups and one of flags, each with its rule."""
    return rx.el.section(
        rx.text(tr("care_admin.lead")),
        rx.text(tr("care_admin.never_used_for"), size="2", color="var(--cc-muted)"),
        rx.cond(
            C.computed_at != "",
            rx.text(
                tr("care_admin.computed_at").replace("{at}", C.computed_at),  # type: ignore[attr-defined]
                " · ",
                tr("care_admin.summary").replace("{players}", C.players).replace("{flagged}", C.flagged),  # type: ignore[attr-defined]
                weight="medium",
                id="cc-care-summary",
            ),
            rx.text(tr("care_admin.never_computed"), id="cc-care-summary"),
        ),
        rx.box(
            rx.el.div(
                rx.heading(tr("care_admin.groups_title"), as_="h2", size="4"),
                data_table(
                    ("care_admin.col_group", "care_admin.col_rule", "care_admin.col_count"),
                    C.group_counts,
                    _count_row("group"),
                    id="cc-care-groups",
                ),
                **SCROLL_X,
            ),
            rx.el.div(
                rx.heading(tr("care_admin.flags_title"), as_="h2", size="4"),
                data_table(
                    ("care_admin.col_flag", "care_admin.col_rule", "care_admin.col_count"),
                    C.flag_counts,
                    _count_row("flag"),
                    id="cc-care-flags",
                ),
                **SCROLL_X,
            ),
            display="grid",
            grid_template_columns="repeat(auto-fit, minmax(320px, 1fr))",
            gap="16px",
        ),
        class_name="cc-card",
    )


def _select(label_key: str, name: str, prefix: str, keys: tuple[str, ...]) -> rx.Component:
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=f"care-{name}", class_name="cc-label"),
        rx.el.select(
            rx.el.option(tr("care_admin.any"), value=""),
            *[rx.el.option(tr(f"care_admin.{prefix}.{key}"), value=key) for key in keys],
            id=f"care-{name}",
            name=name,
            class_name="cc-select",
        ),
        class_name="cc-field",
    )


def filter_form() -> rx.Component:
    """Flag and group filters."""
    return rx.form(
        rx.box(
            _select("care_admin.filter_flag", "flag", "flag", FLAGS),
            _select("care_admin.filter_group", "group", "group", GROUPS),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
            gap="12px",
        ),
        rx.el.button(tr("care_admin.apply"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-care-filter"),
        on_submit=C.filter,
    )


def _flags(item: rx.Var) -> rx.Component:
    return rx.hstack(
        *[
            rx.cond(
                item[f"flag_{flag}"] != "",
                rx.el.span(tr(f"care_admin.flag.{flag}"), class_name="cc-badge", data_flag=flag),
            )
            for flag in FLAGS
        ],
        spacing="1",
        wrap="wrap",
    )


def _filled(key: str, item: rx.Var, **fields: str) -> rx.Var:
    """Catalog text ``key`` with each ``{placeholder}`` replaced by the row's value of the named field."""
    text = tr(key)
    for placeholder, field in fields.items():
        text = text.replace("{" + placeholder + "}", item[field])  # type: ignore[attr-defined]
    return text


def _measures(item: rx.Var) -> rx.Component:
    spend = _filled("care_admin.measure_spend", item, krw="spend_krw", orders="max_orders")
    night = _filled("care_admin.measure_night", item, late="late_rounds", rounds="rounds_14d")
    chase = _filled("care_admin.measure_chase", item, raised="chase_raised", pairs="chase_pairs")
    lines = {"spend_velocity": spend, "late_night": night, "loss_chasing": chase}
    return rx.vstack(
        *[rx.cond(item[f"flag_{flag}"] != "", rx.text(lines[flag], size="1")) for flag in FLAGS],
        spacing="1",
    )


def _rfm(item: rx.Var) -> rx.Component:
    return rx.fragment(
        rx.cond(
            item["recency"] != "",
            _filled("care_admin.days_ago", item, days="recency"),
            tr("care_admin.no_activity"),
        ),
        " · ",
        _filled("care_admin.n_days", item, days="days"),
        " · ",
        _filled("care_admin.krw", item, krw="krw"),
    )


def _break(item: rx.Var) -> rx.Component:
    return rx.cond(
        item["break_kind"] != "",
        rx.fragment(
            rx.el.span(tr_by("care_admin.break.", item["break_kind"]), class_name="cc-badge cc-badge--ok"),
            rx.el.br(),
            _filled("care_admin.break_until", item, until="break_until"),
        ),
        tr("care_admin.no_break"),
    )


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(item["nickname"], rx.el.br(), rx.el.code(item["site_id"]), " #", item["user_id"]),
        rx.el.td(tr_by("care_admin.group.", item["group"])),
        rx.el.td(_flags(item)),
        rx.el.td(_measures(item)),
        rx.el.td(_rfm(item)),
        rx.el.td(item["last_active"]),
        rx.el.td(_break(item)),
        data_user=item["user_id"],
    )


def care_list() -> rx.Component:
    """The flagged players, most flags first, with a "more" button while pages remain."""
    return rx.el.section(
        rx.heading(tr("care_admin.list_title"), as_="h2", size="5"),
        rx.text(tr("care_admin.list_lead"), size="2", color="var(--cc-muted)"),
        filter_form(),
        rx.text(tr("care_admin.total").replace("{total}", C.total), id="cc-care-total"),  # type: ignore[attr-defined]
        rx.cond(
            C.items.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(
                data_table(
                    (
                        "care_admin.col_player",
                        "care_admin.col_group",
                        "care_admin.col_flags",
                        "care_admin.col_measures",
                        "care_admin.col_rfm",
                        "care_admin.col_last_active",
                        "care_admin.col_break",
                    ),
                    C.items,
                    _row,
                    id="cc-care-list",
                ),
                **SCROLL_X,
            ),
            rx.text(tr("care_admin.empty")),
        ),
        rx.cond(
            C.has_more,
            rx.el.button(tr("care_admin.more"), type="button", class_name="cc-btn cc-btn--ghost", on_click=C.more),
        ),
        class_name="cc-card",
    )


def admin_care_page() -> rx.Component:
    """Counts, filters and the care list."""
    return shell(
        rx.vstack(
            rx.heading(tr("care_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            counts_section(),
            care_list(),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/care`` (staff only, checked server-side)."""
    app.add_page(
        admin_care_page,
        route="/admin/care",
        title=tr("page.admin_care_title"),
        on_load=[*page_events.STAFF, AdminCareState.load],
    )
