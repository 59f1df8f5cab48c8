"""``/admin/events``: events (list with phase and KST window, create/edit, publish, end, delete a draft) and
the chosen event's missions with a form to add one."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_forms import EditorFields, edit_button
from casino_app.components.admin_nav import admin_nav
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.services.games import registry
from casino_app.services.missions.templates import ACTIONS
from casino_app.state import page_events
from casino_app.state.admin_events import AdminEventsState
from casino_app.state.ui import tr, tr_by

A = AdminEventsState
_PHASES = {
    "draft": ("admin.events_phase_draft", "cc-badge"),
    "upcoming": ("admin.events_phase_upcoming", "cc-badge"),
    "live": ("admin.events_phase_live", "cc-badge cc-badge--ok"),
    "ended": ("admin.events_phase_ended", "cc-badge cc-badge--off"),
}
_CONFIRM = {
    "publish": "admin.events_confirm_publish",
    "end": "admin.events_confirm_end",
    "delete": "admin.events_confirm_delete",
}
_DONE = {"publish": "admin.events_published", "end": "admin.events_ended", "delete": "admin.events_deleted"}


def _phase(phase: rx.Var) -> rx.Component:
    return rx.match(
        phase,
        *[(key, rx.el.span(tr(label), class_name=badge)) for key, (label, badge) in _PHASES.items()],
        rx.el.span(phase),
    )


def _button(label_key: str, on_click: rx.EventSpec, element_id: rx.Var) -> rx.Component:
    return rx.el.button(tr(label_key), type="button", class_name="cc-iconbtn", on_click=on_click, id=element_id)


def _row(item: rx.Var) -> rx.Component:
    phase = item["phase"]
    return rx.el.tr(
        rx.el.td(rx.el.code(item["key"]), rx.el.br(), "#", item["id"]),
        rx.el.td(item["title_ko"], rx.el.br(), item["title_en"]),
        rx.el.td(item["window"], rx.cond(item["ended_at"] != "", rx.fragment(rx.el.br(), "⏹ ", item["ended_at"]))),
        rx.el.td(_phase(phase)),
        rx.el.td(item["missions"]),
        rx.el.td(item["participants"]),
        rx.el.td(
            rx.hstack(
                edit_button(A.edit(item["id"]), A.can_edit),
                _button("admin.events_missions", A.pick(item["id"]), "cc-event-missions-" + item["key"]),
                rx.cond(
                    (phase == "draft") & A.can_edit,
                    rx.fragment(
                        _button(
                            "admin.events_publish", A.ask(item["id"], "publish"), "cc-event-publish-" + item["key"]
                        ),
                        _button("admin.events_delete", A.ask(item["id"], "delete"), "cc-event-delete-" + item["key"]),
                    ),
                ),
                rx.cond(
                    ((phase == "upcoming") | (phase == "live")) & A.can_edit,
                    _button("admin.events_end", A.ask(item["id"], "end"), "cc-event-end-" + item["key"]),
                ),
                spacing="2",
                wrap="wrap",
            )
        ),
        data_key=item["key"],
    )


F = EditorFields(A, "evt")


def event_form() -> rx.Component:
    """Create a draft, or edit the event picked in the list (its key stays once published)."""
    v = F.value
    return F.form(
        F.input("admin.events_key", "key", v("key"), max_length=40, required=True, read_only=F.is_edit),
        F.input("admin.events_title_ko", "title_ko", v("title_ko"), max_length=80, required=True),
        F.input("admin.events_title_en", "title_en", v("title_en"), max_length=80, required=True),
        F.input("admin.events_description_ko", "description_ko", v("description_ko"), max_length=500),
        F.input("admin.events_description_en", "description_en", v("description_en"), max_length=500),
        F.input("admin.events_starts", "starts_at", v("input_starts_at"), type="datetime-local", required=True),
        F.input("admin.events_ends", "ends_at", v("input_ends_at"), type="datetime-local", required=True),
        title_keys=("admin.events_edit_title", "admin.events_new_title"),
        code_key="code",
        alert_id="cc-events-admin-error",
        rules_key="admin.events_rules",
        save_id="cc-event-save",
        form_id="cc-event-form",
    )


def confirm_panel() -> rx.Component:
    """What the asked change does, and the button that does it."""
    return rx.cond(
        A.confirm_id != "",
        rx.el.div(
            rx.el.p(
                rx.match(A.confirm_what, *[(what, tr(key)) for what, key in _CONFIRM.items()], ""),
                " ",
                rx.el.code(A.confirm_key),
            ),
            rx.hstack(
                rx.el.button(
                    tr("shop.cancel"), type="button", class_name="cc-btn cc-btn--ghost", on_click=A.ask("", "")
                ),
                rx.el.button(
                    tr("admin.events_confirm_do"),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=A.confirm,
                    id="cc-event-confirm",
                ),
                spacing="3",
                margin_top="8px",
            ),
            class_name="cc-alert cc-alert--info cc-alert--stack",
            role="alertdialog",
            aria_label=tr("admin.events_title"),
        ),
    )


def done_notice() -> rx.Component:
    """The last confirmed change."""
    return rx.cond(
        A.done.length() > 0,
        rx.el.div(
            rx.match(A.done["what"], *[(what, tr(key)) for what, key in _DONE.items()], ""),
            " ",
            rx.el.code(A.done["key"]),
            class_name="cc-alert cc-alert--success",
            role="status",
            id="cc-event-done",
        ),
    )


def _mission_row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(item["key"])),
        rx.el.td(item["title_ko"], rx.el.br(), item["title_en"]),
        rx.el.td(
            tr_by("missions.action.", item["action"]),
            rx.cond(item["game"] != "", rx.fragment(" · ", tr_by("games.name.", item["game"]))),
        ),
        rx.el.td(item["goal"]),
        rx.el.td(item["gold"], " G · ", item["xp"], " XP"),
        rx.el.td(rx.cond(item["active"] != "", tr("admin_missions.active"), tr("admin.inactive"))),
    )


def _field(label_key: str, name: str, **props: object) -> rx.Component:
    field_id = f"evm-{name}"
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
        rx.input(id=field_id, name=name, size="3", **props),
        class_name="cc-field",
    )


def _select(label_key: str, name: str, options: list[rx.Component]) -> rx.Component:
    field_id = f"evm-{name}"
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
        rx.el.select(*options, id=field_id, name=name, class_name="cc-select"),
        class_name="cc-field",
    )


def mission_form() -> rx.Component:
    """Add a mission to the chosen event (refused by the server once the event is live)."""
    return rx.form(
        rx.heading(tr("admin.events_add_mission"), as_="h3", size="4", margin_bottom="8px"),
        rx.cond(
            A.mission_saved != "",
            rx.el.div(
                tr("admin_missions.saved"), " ", rx.el.code(A.mission_saved), class_name="cc-alert cc-alert--success"
            ),
        ),
        rx.box(
            _field("admin_missions.key", "key", max_length=40, placeholder=tr("admin.events_mission_key_auto")),
            _field("admin_missions.title_ko", "title_ko", max_length=80, required=True),
            _field("admin_missions.title_en", "title_en", max_length=80, required=True),
            _field("admin_missions.description_ko", "description_ko", max_length=300),
            _field("admin_missions.description_en", "description_en", max_length=300),
            _select(
                "admin_missions.action",
                "action",
                [rx.el.option(tr(f"missions.action.{a}"), value=a) for a in ACTIONS],
            ),
            _select(
                "admin_missions.game",
                "game",
                [
                    rx.el.option(tr("admin_missions.game_any"), value=""),
                    *[rx.el.option(tr(f"games.name.{g.key}"), value=g.key) for g in registry.games()],
                ],
            ),
            _field("admin_missions.goal", "goal", input_mode="numeric", required=True, default_value="1"),
            _field("admin_missions.reward_gold", "reward_gold", input_mode="numeric", default_value="0"),
            _field("admin_missions.reward_xp", "reward_xp", input_mode="numeric", default_value="0"),
            _field("admin_missions.sort", "sort", input_mode="numeric", default_value="0"),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
            gap="12px",
            key=A.mission_nonce.to_string(),
        ),
        rx.text(tr("admin.events_mission_rules"), size="1", color="var(--cc-muted)"),
        rx.el.button(
            tr("admin.events_add_mission"),
            type="submit",
            class_name="cc-btn cc-btn--primary",
            id="cc-event-mission-save",
            margin_top="12px",
        ),
        on_submit=A.add_mission,
        id="cc-event-mission-form",
    )


def missions_panel() -> rx.Component:
    """The chosen event's missions, and the form while missions may still be added."""
    event = A.mission_event
    return rx.cond(
        event.length() > 0,
        rx.el.section(
            rx.hstack(
                rx.heading(tr("admin.events_missions_of"), " ", rx.el.code(event["key"]), as_="h2", size="5"),
                rx.spacer(),
                rx.el.button(tr("daily.close"), type="button", class_name="cc-btn cc-btn--ghost", on_click=A.pick("")),
                width="100%",
            ),
            rx.cond(
                A.missions.length() > 0,
                rx.el.div(
                    data_table(
                        (
                            "admin_missions.key",
                            "admin_missions.col_mission",
                            "admin_missions.action",
                            "admin_missions.col_goal",
                            "admin_missions.col_reward",
                            "admin.col_status",
                        ),
                        A.missions,
                        _mission_row,
                        id="cc-event-missions-table",
                    ),
                    **SCROLL_X,
                ),
                rx.text(tr("admin_missions.empty")),
            ),
            rx.cond(
                ((event["phase"] == "draft") | (event["phase"] == "upcoming")) & A.can_edit,
                mission_form(),
                rx.text(tr("admin.events_missions_locked"), size="2", color="var(--cc-muted)"),
            ),
            class_name="cc-card",
            id="cc-event-missions",
        ),
    )


def admin_events_page() -> rx.Component:
    """Form, confirmations, the list, then the chosen event's missions."""
    return shell(
        rx.vstack(
            rx.heading(tr("admin.events_title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            event_form(),
            rx.el.section(
                confirm_panel(),
                done_notice(),
                rx.cond(
                    A.items.length() > 0,
                    rx.el.div(
                        data_table(
                            (
                                "admin.events_key",
                                "admin.events_col_title",
                                "admin.events_col_window",
                                "admin.col_status",
                                "admin.events_col_missions",
                                "admin.events_col_participants",
                                None,
                            ),
                            A.items,
                            _row,
                            id="cc-events-table",
                        ),
                        **SCROLL_X,
                    ),
                    rx.text(tr("admin.events_empty")),
                ),
                class_name="cc-card",
            ),
            missions_panel(),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/events`` (staff; changes need an admin, checked server-side)."""
    app.add_page(
        admin_events_page,
        route="/admin/events",
        title=tr("page.admin_events_title"),
        on_load=[*page_events.STAFF, AdminEventsState.load],
    )
