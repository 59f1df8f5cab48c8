"""``/admin/battlepass``: battle pass seasons (list, create and edit drafts, edit tiers, publish; audited)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_forms import EditorFields, edit_button, editor_page
from casino_app.state import page_events
from casino_app.state.admin_battlepass import AdminBattlePassState
from casino_app.state.ui import tr

A = AdminBattlePassState
F = EditorFields(A, "bp")


def _status(item: rx.Var) -> rx.Component:
    return rx.cond(
        item["draft"] != "",
        rx.el.span(tr("admin.battlepass_status_draft"), class_name="cc-badge cc-badge--off"),
        rx.el.span(
            tr("admin.battlepass_status_published"),
            class_name=rx.cond(item["live"] != "", "cc-badge cc-badge--ok", "cc-badge"),
        ),
    )


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(item["code"]), rx.el.br(), "#", item["id"]),
        rx.el.td(item["name_ko"], rx.el.br(), item["name_en"]),
        rx.el.td(item["window"]),
        rx.el.td(item["tiers"]),
        rx.el.td(item["xp"]),
        rx.el.td(item["product"]),
        rx.el.td(_status(item)),
        rx.el.td(
            rx.cond(
                (item["draft"] != "") & A.can_edit,
                rx.hstack(
                    edit_button(A.edit(item["id"])),
                    rx.el.button(
                        tr("admin.battlepass_edit_tiers"),
                        type="button",
                        class_name="cc-iconbtn",
                        on_click=A.edit_tiers(item["id"]),
                        id="cc-bp-tiers-" + item["code"],
                    ),
                    rx.el.button(
                        tr("admin.battlepass_publish"),
                        type="button",
                        class_name="cc-iconbtn",
                        on_click=A.publish(item["id"]),
                        id="cc-bp-publish-" + item["code"],
                    ),
                    spacing="2",
                ),
            )
        ),
        data_code=item["code"],
    )


def season_form() -> rx.Component:
    """Create a draft season, or edit the draft picked in the list."""
    v = F.value
    return F.form(
        F.input("admin.battlepass_key", "key", v("code"), max_length=40, required=True),
        F.input("admin.battlepass_name_ko", "name_ko", v("name_ko"), max_length=80, required=True),
        F.input("admin.battlepass_name_en", "name_en", v("name_en"), max_length=80, required=True),
        F.input("admin.battlepass_starts", "starts_at", v("input_starts_at"), type="datetime-local", required=True),
        F.input("admin.battlepass_ends", "ends_at", v("input_ends_at"), type="datetime-local", required=True),
        F.input("admin.battlepass_xp_round", "xp_per_round", v("input_xp_per_round", "10"), input_mode="numeric"),
        F.input(
            "admin.battlepass_xp_checkin", "xp_per_checkin", v("input_xp_per_checkin", "100"), input_mode="numeric"
        ),
        F.input("admin.battlepass_xp_mission", "xp_per_mission", v("input_xp_per_mission", "50"), input_mode="numeric"),
        F.input("admin.battlepass_product", "premium_product_id", v("product"), input_mode="numeric"),
        title_keys=("admin.battlepass_edit_title", "admin.battlepass_new_title"),
        code_key="code",
        alert_id="cc-bp-admin-error",
        rules_key="admin.battlepass_rules",
        save_id="cc-bp-season-save",
        form_id="cc-bp-season-form",
    )


def tiers_editor() -> rx.Component:
    """The open draft's tiers as text, one line per tier."""
    editing = A.tiers_for
    return rx.cond(
        editing.contains("id") & A.can_edit,
        rx.form(
            rx.heading(tr("admin.battlepass_tiers_title"), " ", rx.el.code(editing["code"]), as_="h2", size="5"),
            rx.text(tr("admin.battlepass_tiers_help"), size="2", color="var(--cc-muted)"),
            rx.el.label(tr("admin.battlepass_tiers_field"), html_for="bp-tiers", class_name="cc-label"),
            rx.el.textarea(
                name="tiers",
                id="bp-tiers",
                default_value=editing["tiers_text"],
                key=A.tiers_nonce.to_string(),
                rows=16,
                spell_check=False,
                style={"width": "100%", "font_family": "monospace"},
            ),
            rx.hstack(
                rx.el.button(
                    tr("shop.cancel"), type="button", class_name="cc-btn cc-btn--ghost", on_click=A.edit_tiers("")
                ),
                rx.el.button(
                    tr("admin.battlepass_tiers_save"),
                    type="submit",
                    class_name="cc-btn cc-btn--primary",
                    id="cc-bp-tiers-save",
                ),
                spacing="3",
                margin_top="12px",
            ),
            on_submit=A.save_tiers,
            class_name="cc-card",
            id="cc-bp-tiers-form",
        ),
    )


def _notices() -> rx.Component:
    return rx.fragment(
        tiers_editor(),
        rx.cond(
            A.tiers_saved != "",
            rx.el.div(
                tr("admin.battlepass_tiers_saved"),
                " ",
                rx.el.code(A.tiers_saved),
                class_name="cc-alert cc-alert--success",
            ),
        ),
        rx.cond(
            A.published != "",
            rx.el.div(
                tr("admin.battlepass_published"), " ", rx.el.code(A.published), class_name="cc-alert cc-alert--success"
            ),
        ),
    )


def admin_battlepass_page() -> rx.Component:
    """Form, tier editor, then the list."""
    return editor_page(
        "admin.battlepass_title",
        season_form(),
        _notices(),
        columns=(
            "admin.battlepass_key",
            "admin.shop_col_name",
            "admin.battlepass_col_window",
            "admin.battlepass_col_tiers",
            "admin.battlepass_col_xp",
            "admin.battlepass_col_product",
            "admin.col_status",
            None,
        ),
        items=A.items,
        render_row=_row,
        table_id="cc-bp-seasons-table",
        empty_key="admin.battlepass_empty",
    )


def register(app: rx.App) -> None:
    """Add ``/admin/battlepass`` (staff; changes need an admin, checked server-side)."""
    app.add_page(
        admin_battlepass_page,
        route="/admin/battlepass",
        title=tr("page.admin_battlepass_title"),
        on_load=[*page_events.STAFF, AdminBattlePassState.load],
    )
