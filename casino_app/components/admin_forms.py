"""The console's editor pieces: a create/edit form over a listed row, its fields, and the page with the list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state.ui import tr


class EditorFields:
    """Fields whose ids start with ``prefix`` and whose values come from the edited row (defaults for a new one)."""

    def __init__(self, state: Any, prefix: str) -> None:
        self.state, self.prefix = state, prefix
        self.editing, self.is_edit = state.editing, state.editing.contains("id")

    def value(self, key: str, default: str = "") -> rx.Var:
        """The edited row's ``key``, or ``default`` for a new row."""
        return rx.cond(self.is_edit, self.editing[key], default)

    def input(self, label_key: str, name: str, value: rx.Var | str, **props: object) -> rx.Component:
        """A labelled input named ``name``."""
        field_id = f"{self.prefix}-{name}"
        return rx.el.div(
            rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
            rx.input(id=field_id, name=name, default_value=value, size="3", **props),
            class_name="cc-field",
        )

    def select(self, label_key: str, name: str, options: list[rx.Component], value: rx.Var) -> rx.Component:
        """A labelled select named ``name``."""
        field_id = f"{self.prefix}-{name}"
        return rx.el.div(
            rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
            rx.el.select(*options, id=field_id, name=name, default_value=value, class_name="cc-select"),
            class_name="cc-field",
        )

    def checkbox(self, name: str, label_key: str, key: str) -> rx.Component:
        """A checkbox named ``name``, checked for a new row and as the edited row's ``key`` says otherwise."""
        return rx.el.label(
            rx.el.input(
                type="checkbox",
                name=name,
                default_checked=rx.cond(self.is_edit, self.editing[key] != "", True),
                id=f"{self.prefix}-{name}",
            ),
            " ",
            tr(label_key),
            class_name="cc-label",
        )

    def contents(self) -> list[rx.Component]:
        """The names, price and what a product or package gives (gold, bonus gold, roulette tickets)."""
        v = self.value
        return [
            self.input("admin.shop_name_ko", "name_ko", v("name_ko"), max_length=80, required=True),
            self.input("admin.shop_name_en", "name_en", v("name_en"), max_length=80, required=True),
            self.input("admin.shop_price", "price_krw", v("input_price_krw"), input_mode="numeric", required=True),
            self.input("admin.shop_gold", "gold", v("input_gold"), input_mode="numeric", required=True),
            self.input("admin.shop_bonus", "bonus_gold", v("input_bonus_gold", "0"), input_mode="numeric"),
            self.input("admin.shop_tickets", "tickets", v("input_tickets"), input_mode="numeric"),
        ]

    def form(
        self,
        *fields: rx.Component,
        title_keys: tuple[str, str],
        code_key: str,
        alert_id: str,
        rules_key: str,
        save_id: str,
        form_id: str,
    ) -> rx.Component:
        """The create/edit form: title, messages, the fields in a grid, the rules, cancel (when editing) and save.

        Only admins change these lists (checked on the server per call): anyone else sees why, not the form.
        """
        read_only = rx.el.div(
            alert(self.state.error, alert_id=alert_id),
            rx.text(tr("admin.editor_read_only")),
            class_name="cc-card",
            id=form_id,
        )
        editor = self._form(
            *fields,
            title_keys=title_keys,
            code_key=code_key,
            alert_id=alert_id,
            rules_key=rules_key,
            save_id=save_id,
            form_id=form_id,
        )
        return rx.cond(self.state.can_edit, editor, read_only)

    def _form(
        self,
        *fields: rx.Component,
        title_keys: tuple[str, str],
        code_key: str,
        alert_id: str,
        rules_key: str,
        save_id: str,
        form_id: str,
    ) -> rx.Component:
        s, edit_key, new_key = self.state, *title_keys
        return rx.form(
            rx.heading(
                rx.cond(self.is_edit, tr(edit_key), tr(new_key)),
                " ",
                rx.cond(self.is_edit, rx.el.code(self.editing[code_key]), ""),
                as_="h2",
                size="5",
                margin_bottom="12px",
            ),
            alert(s.error, alert_id=alert_id),
            rx.cond(
                s.saved != "",
                rx.el.div(tr("admin.shop_saved"), " ", rx.el.code(s.saved), class_name="cc-alert cc-alert--success"),
            ),
            rx.box(
                *fields,
                display="grid",
                grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
                gap="12px",
                key=s.form_nonce.to_string(),
            ),
            rx.text(tr(rules_key), size="1", color="var(--cc-muted)"),
            rx.hstack(
                rx.cond(
                    self.is_edit,
                    rx.el.button(
                        tr("shop.cancel"), type="button", class_name="cc-btn cc-btn--ghost", on_click=s.edit("")
                    ),
                ),
                rx.el.button(tr("admin.shop_save"), type="submit", class_name="cc-btn cc-btn--primary", id=save_id),
                spacing="3",
                margin_top="12px",
            ),
            on_submit=s.save,
            class_name="cc-card",
            id=form_id,
        )


def edit_button(on_click: rx.EventSpec, shown: rx.Var | bool = True) -> rx.Component:
    """The list row's edit button (``shown``: the editor's ``can_edit``, so only admins see it)."""
    button = rx.el.button(tr("admin.shop_edit"), type="button", class_name="cc-iconbtn", on_click=on_click)
    return button if shown is True else rx.cond(shown, button)


def editor_page(
    title_key: str,
    form: rx.Component,
    *notices: rx.Component,
    columns: Sequence[str | None],
    items: Any,
    render_row: Callable[[rx.Var], rx.Component],
    table_id: str,
    empty_key: str,
) -> rx.Component:
    """The console page: title, navigation, the form, then the list (or its empty text) under any notices."""
    return shell(
        rx.vstack(
            rx.heading(tr(title_key), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            form,
            rx.el.section(
                *notices,
                rx.cond(
                    items.length() > 0,
                    rx.el.div(data_table(columns, items, render_row, id=table_id), **SCROLL_X),
                    rx.text(tr(empty_key)),
                ),
                class_name="cc-card",
            ),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )
