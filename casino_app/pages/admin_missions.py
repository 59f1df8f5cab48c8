"""``/admin/missions``: mission templates (list, create, edit, activate/deactivate, delete; audited)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_forms import EditorFields, edit_button, editor_page
from casino_app.state import page_events
from casino_app.state.admin_missions import ACTIONS, CADENCES, AdminMissionsState
from casino_app.state.game_catalog import game_keys
from casino_app.state.ui import tr, tr_by

S = AdminMissionsState


def _toggle(item: rx.Var) -> rx.Component:
    return rx.cond(
        item["active"] != "",
        rx.el.button(
            tr("admin_missions.deactivate"),
            type="button",
            class_name="cc-iconbtn",
            on_click=S.set_active(item["id"], False),
        ),
        rx.el.button(
            tr("admin_missions.activate"),
            type="button",
            class_name="cc-iconbtn",
            on_click=S.set_active(item["id"], True),
        ),
    )


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(item["key"]), rx.el.br(), item["title_ko"], rx.el.br(), item["title_en"]),
        rx.el.td(tr_by("missions.cadence.", item["cadence"]), " ", item["event"]),
        rx.el.td(
            tr_by("missions.action.", item["action"]),
            rx.cond(item["game"] != "", rx.fragment(" · ", tr_by("games.name.", item["game"]))),
        ),
        rx.el.td(item["goal"]),
        rx.el.td(item["reward"]),
        rx.el.td(
            rx.cond(
                item["active"] != "",
                rx.el.span(tr("admin_missions.active"), class_name="cc-badge cc-badge--ok"),
                rx.el.span(tr("admin.inactive"), class_name="cc-badge cc-badge--off"),
            )
        ),
        rx.el.td(
            rx.hstack(
                edit_button(S.edit(item["id"]), S.can_edit),
                rx.cond(S.can_edit, _toggle(item)),
                rx.cond(
                    S.can_edit,
                    rx.el.button(
                        tr("admin_missions.delete"),
                        type="button",
                        class_name="cc-iconbtn",
                        on_click=S.remove(item["id"]),
                    ),
                ),
                spacing="2",
            )
        ),
        data_mission=item["key"],
    )


F = EditorFields(S, "mission")


def mission_form() -> rx.Component:
    """Create a template, or edit the one picked in the list (key, cadence and event only when creating)."""
    v = F.value
    fixed = rx.cond(
        F.is_edit,
        rx.fragment(),
        rx.fragment(
            F.input("admin_missions.key", "key", "", max_length=40, required=True, pattern="[a-z][a-z0-9_]{2,39}"),
            F.select(
                "admin_missions.cadence",
                "cadence",
                [rx.el.option(tr(f"missions.cadence.{c}"), value=c) for c in CADENCES],
                "daily",
            ),
            F.input("admin_missions.event_id", "event_id", "", input_mode="numeric"),
        ),
    )
    return F.form(
        fixed,
        F.input("admin_missions.title_ko", "title_ko", v("title_ko"), max_length=80, required=True),
        F.input("admin_missions.title_en", "title_en", v("title_en"), max_length=80, required=True),
        F.input("admin_missions.description_ko", "description_ko", v("description_ko"), max_length=300),
        F.input("admin_missions.description_en", "description_en", v("description_en"), max_length=300),
        F.select(
            "admin_missions.action",
            "action",
            [rx.el.option(tr(f"missions.action.{a}"), value=a) for a in ACTIONS],
            v("action", ACTIONS[0]),
        ),
        F.select(
            "admin_missions.game",
            "game",
            [
                rx.el.option(tr("admin_missions.game_any"), value=""),
                *[rx.el.option(tr(f"games.name.{g}"), value=g) for g in game_keys()],
            ],
            v("game"),
        ),
        F.input("admin_missions.goal", "goal", v("input_goal", "1"), input_mode="numeric", required=True),
        F.input("admin_missions.reward_gold", "reward_gold", v("input_reward_gold", "0"), input_mode="numeric"),
        F.input("admin_missions.reward_xp", "reward_xp", v("input_reward_xp", "0"), input_mode="numeric"),
        F.input("admin_missions.reward_item_key", "reward_item_key", v("input_item_key"), max_length=40),
        F.input(
            "admin_missions.reward_item_quantity",
            "reward_item_quantity",
            v("input_item_quantity"),
            input_mode="numeric",
        ),
        F.input("admin_missions.sort", "sort", v("input_sort", "0"), input_mode="numeric"),
        F.checkbox("is_active", "admin_missions.active", "active"),
        title_keys=("admin_missions.edit_title", "admin_missions.new_title"),
        code_key="key",
        alert_id="cc-missions-admin-error",
        rules_key="admin_missions.rules",
        save_id="cc-mission-save",
        form_id="cc-mission-form",
    )


def _removed_notice() -> rx.Component:
    return rx.cond(
        S.removed != "",
        rx.el.div(
            rx.cond(S.removed == "deleted", tr("admin_missions.deleted"), tr("admin_missions.deactivated_instead")),
            class_name="cc-alert cc-alert--success",
            role="status",
            id="cc-mission-removed",
        ),
    )


def admin_missions_page() -> rx.Component:
    """Form and list."""
    return editor_page(
        "admin_missions.title",
        mission_form(),
        _removed_notice(),
        columns=(
            "admin_missions.col_mission",
            "admin_missions.cadence",
            "admin_missions.action",
            "admin_missions.col_goal",
            "admin_missions.col_reward",
            "admin.col_status",
            None,
        ),
        items=S.items,
        render_row=_row,
        table_id="cc-missions-table",
        empty_key="admin_missions.empty",
    )


def register(app: rx.App) -> None:
    """Add ``/admin/missions`` (staff; changes need an admin, checked server-side)."""
    app.add_page(
        admin_missions_page,
        route="/admin/missions",
        title=tr("page.admin_missions_title"),
        on_load=[*page_events.STAFF, AdminMissionsState.load],
    )
