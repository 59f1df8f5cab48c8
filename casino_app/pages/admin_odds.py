"""``/admin/odds``: every game's odds-table versions, a field-by-field diff between two of them, and publishing a
new version from a JSON editor (admins, with a reason; operators see it read-only)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.admin_odds import MAX_JSON_CHARS, REASON_MAX, AdminOddsState
from casino_app.state.game_catalog import game_keys
from casino_app.state.ui import MESSAGES, tr, tr_by

A = AdminOddsState
M = MESSAGES


def game_picker() -> rx.Component:
    """One toggle per registered game."""
    return rx.el.div(
        *[
            rx.el.button(
                tr(f"games.name.{key}"),
                type="button",
                class_name="cc-bet",
                aria_pressed=rx.cond(A.game == key, "true", "false"),
                on_click=A.choose_game(key),
                id=f"cc-odds-game-{key}",
            )
            for key in game_keys()
        ],
        role="group",
        aria_label=tr("odds_admin.games"),
        class_name="cc-bets",
    )


def _version_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code("v", row["version"])),
        rx.el.td(
            rx.cond(
                row["active"] != "",
                rx.el.span(tr("odds_admin.active"), class_name="cc-badge cc-badge--ok"),
                tr("odds_admin.inactive"),
            )
        ),
        rx.el.td(rx.cond(row["rtp"] != "", rx.fragment(row["rtp"], " %"), tr("odds_admin.no_rtp"))),
        rx.el.td(
            rx.cond(row["by_id"] != "", rx.fragment(row["by"], " #", row["by_id"]), tr("odds_admin.by_system")),
        ),
        rx.el.td(row["at"]),
        data_version=row["version"],
        data_active=row["active"],
    )


def versions_section() -> rx.Component:
    """The chosen game's versions, newest first."""
    return rx.el.section(
        rx.heading(tr("odds_admin.versions_title"), as_="h2", size="5"),
        rx.cond(
            A.versions.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(
                data_table(
                    (
                        "odds_admin.col_version",
                        "odds_admin.col_state",
                        "odds_admin.col_rtp",
                        "odds_admin.col_by",
                        "odds_admin.col_at",
                    ),
                    A.versions,
                    _version_row,
                    id="cc-odds-versions",
                ),
                **SCROLL_X,
            ),
            rx.text(tr("odds_admin.no_versions")),
        ),
        class_name="cc-card",
    )


def _version_select(label_key: str, name: str, value: rx.Var) -> rx.Component:
    field_id = f"odds-{name}"
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
        rx.el.select(
            rx.foreach(A.versions, lambda v: rx.el.option(v["version"], value=v["version"])),
            id=field_id,
            name=name,
            default_value=value,
            key=A.form_nonce.to_string(),
            class_name="cc-select",
        ),
        class_name="cc-field",
    )


def _change_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(row["path"])),
        rx.el.td(rx.el.span(tr_by("odds_admin.kind.", row["kind"]), class_name="cc-badge")),
        rx.el.td(rx.cond(row["old"] != "", rx.el.code(row["old"]), "—")),
        rx.el.td(rx.cond(row["new"] != "", rx.el.code(row["new"]), "—")),
        data_kind=row["kind"],
        data_path=row["path"],
    )


def _diff_result() -> rx.Component:
    summary = (
        tr("odds_admin.diff_summary").replace("{from}", A.diff_from).replace("{to}", A.diff_to)  # type: ignore[attr-defined]
    )
    return rx.cond(
        A.compared,
        rx.fragment(
            rx.text(summary, weight="medium", id="cc-odds-diff-summary"),
            rx.cond(
                A.changes.length() > 0,  # type: ignore[attr-defined]
                rx.el.div(
                    data_table(
                        ("odds_admin.col_path", "odds_admin.col_kind", "odds_admin.col_old", "odds_admin.col_new"),
                        A.changes,
                        _change_row,
                        id="cc-odds-diff",
                    ),
                    **SCROLL_X,
                ),
                rx.text(tr("odds_admin.no_changes"), id="cc-odds-diff-none"),
            ),
        ),
    )


def diff_section() -> rx.Component:
    """Two version selects and the field-by-field differences between them."""
    return rx.el.section(
        rx.heading(tr("odds_admin.diff_title"), as_="h2", size="5"),
        rx.text(tr("odds_admin.diff_lead"), size="2", color="var(--cc-muted)"),
        rx.cond(
            A.versions.length() > 1,  # type: ignore[attr-defined]
            rx.form(
                rx.box(
                    _version_select("odds_admin.diff_from", "from", A.diff_from),
                    _version_select("odds_admin.diff_to", "to", A.diff_to),
                    display="grid",
                    grid_template_columns="repeat(auto-fill, minmax(160px, 1fr))",
                    gap="12px",
                ),
                rx.el.button(
                    tr("odds_admin.compare"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-odds-compare"
                ),
                on_submit=A.compare,
                reset_on_submit=False,
            ),
            rx.text(tr("odds_admin.need_two")),
        ),
        alert(A.error, alert_id="cc-odds-error"),
        _diff_result(),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def _reason_row(row: rx.Var) -> rx.Component:
    return rx.el.li(rx.el.code(row["field"]), " — ", row["message"])


def _rule() -> rx.Component:
    rule = A.rtp_rule
    return rx.cond(
        rule.contains("min"),  # type: ignore[attr-defined]
        rx.text(
            tr("odds_admin.rtp_rule").replace("{min}", rule["min"]).replace("{max}", rule["max"]),  # type: ignore[attr-defined]
            size="2",
            id="cc-odds-rule",
        ),
        rx.text(tr("odds_admin.no_rtp_rule"), size="2", id="cc-odds-rule"),
    )


def publish_section() -> rx.Component:
    """The JSON editor (the active table), the reason and the publish button; read-only for operators."""
    read_only = ~A.can_publish
    return rx.form(
        rx.heading(tr("odds_admin.publish_title"), as_="h2", size="5"),
        rx.text(tr("odds_admin.publish_lead").replace("{version}", A.active_version), size="2"),  # type: ignore[attr-defined]
        _rule(),
        rx.cond(read_only, rx.el.p(tr("odds_admin.read_only"), class_name="cc-alert cc-alert--info")),
        alert(A.publish_error, alert_id="cc-odds-publish-error"),
        rx.cond(
            A.reasons.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(
                rx.text(tr("odds_admin.reasons_title"), weight="medium"),
                rx.el.ul(rx.foreach(A.reasons, _reason_row)),
                id="cc-odds-reasons",
            ),
        ),
        rx.cond(
            A.saved != "",
            rx.el.div(
                tr("odds_admin.published"), " ", rx.el.code("v", A.saved), class_name="cc-alert cc-alert--success"
            ),
        ),
        rx.el.label(tr("odds_admin.config_label"), html_for="odds-config", class_name="cc-label"),
        rx.el.textarea(
            name="config",
            id="odds-config",
            default_value=A.editor,
            key=A.form_nonce.to_string(),
            rows=20,
            max_length=MAX_JSON_CHARS,
            spell_check=False,
            read_only=read_only,
            style={"width": "100%", "font_family": "monospace"},
        ),
        rx.el.div(
            rx.el.label(tr("odds_admin.reason_label"), html_for="odds-reason", class_name="cc-label"),
            rx.input(
                id="odds-reason",
                name="reason",
                max_length=REASON_MAX,
                required=True,
                read_only=read_only,
                size="3",
                key=A.form_nonce.to_string(),
            ),
            rx.text(tr("odds_admin.reason_hint"), size="1", color="var(--cc-muted)"),
            class_name="cc-field",
        ),
        rx.el.button(
            tr("odds_admin.publish"),
            type="submit",
            class_name="cc-btn cc-btn--primary",
            disabled=read_only,
            id="cc-odds-publish",
        ),
        on_submit=A.publish,
        reset_on_submit=False,
        class_name="cc-card",
        display="grid",
        gap="12px",
        id="cc-odds-publish-form",
    )


def admin_odds_page() -> rx.Component:
    """Game picker, versions, diff and the publish form."""
    return shell(
        rx.vstack(
            rx.heading(tr("odds_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            rx.text(tr("odds_admin.lead")),
            game_picker(),
            versions_section(),
            diff_section(),
            publish_section(),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/odds`` (staff only, checked server-side; publishing needs an admin, checked per call)."""
    app.add_page(
        admin_odds_page,
        route="/admin/odds",
        title=tr("page.admin_odds_title"),
        on_load=[*page_events.STAFF, AdminOddsState.load],
    )
