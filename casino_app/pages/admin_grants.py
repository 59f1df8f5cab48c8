"""``/admin/grants``: bulk gold grants from a CSV (reason required, optional batch key), every row's result and
the recent batches (operators and admins, checked server-side; support sees the refusal, not the form)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.services.console import grants
from casino_app.state import page_events
from casino_app.state.admin_grants import UPLOAD_ID, AdminGrantsState
from casino_app.state.ui import MESSAGES, tr, tr_by

G = AdminGrantsState
M = MESSAGES

RESULT_COLUMNS = (
    "grants_admin.col_row",
    "grants_admin.col_site_id",
    "grants_admin.col_amount",
    "grants_admin.col_result",
)
BATCH_COLUMNS = (
    "grants_admin.col_time",
    "grants_admin.col_actor",
    "grants_admin.col_reason",
    "grants_admin.col_rows",
    "grants_admin.col_granted",
    "grants_admin.col_failed",
    "grants_admin.col_total",
    None,
)


def _named_file_input(upload: rx.Component) -> rx.Component:
    """Name the drop zone's own file input after the zone's text (axe ``label``: a form field needs a name);
    ``rx.upload`` builds that input itself and takes no props for it."""
    field = upload.children[0].children[0]
    field.custom_attrs["aria-label"] = tr("grants_admin.drop")
    return upload


def _labelled_input(label_key: str, input_id: str, **props: object) -> rx.Component:
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=input_id, class_name="cc-label"),
        rx.input(id=input_id, size="3", class_name="cc-input", **props),
        class_name="cc-field",
    )


def upload_form() -> rx.Component:
    """The CSV, the reason and the batch key, and the grant button (disabled while a batch runs)."""
    selected = rx.selected_files(UPLOAD_ID)
    return rx.el.section(
        rx.heading(tr("grants_admin.form_title"), as_="h2", size="5"),
        rx.text(tr("grants_admin.format"), size="2"),
        rx.el.pre(tr("grants_admin.sample"), class_name="cc-code", white_space="pre"),
        rx.text(tr("grants_admin.limits"), size="2", color="var(--cc-muted)"),
        _named_file_input(
            rx.upload(
                rx.el.div(
                    rx.icon("upload", size=20, aria_hidden="true"),
                    rx.el.span(tr("grants_admin.drop")),
                    display="flex",
                    gap="8px",
                    align_items="center",
                ),
                id=UPLOAD_ID,
                accept={"text/csv": [".csv"]},
                max_files=1,
                multiple=False,
                class_name="cc-card",
                border="1px dashed var(--cc-muted)",
                padding="16px",
                cursor="pointer",
            )
        ),
        rx.foreach(selected, lambda name: rx.text(tr("grants_admin.selected"), " ", rx.el.code(name), size="2")),
        _labelled_input(
            "grants_admin.reason",
            "cc-grants-reason",
            default_value=G.reason,
            on_blur=G.set_reason,
            max_length=grants.REASON_MAX,
            required=True,
        ),
        _labelled_input(
            "grants_admin.batch_key",
            "cc-grants-key",
            default_value=G.batch_key,
            on_blur=G.set_batch_key,
            max_length=64,
            pattern="[A-Za-z0-9_.:\\-]{1,64}",
        ),
        rx.text(tr("grants_admin.batch_key_hint"), size="2", color="var(--cc-muted)"),
        rx.el.button(
            rx.cond(G.busy, tr("grants_admin.granting"), tr("grants_admin.grant")),
            type="button",
            class_name="cc-btn cc-btn--primary",
            disabled=G.busy | (selected.length() == 0),  # type: ignore[attr-defined]
            on_click=G.upload(rx.upload_files(upload_id=UPLOAD_ID)),  # type: ignore[call-arg]
            id="cc-grants-submit",
        ),
        class_name="cc-card",
        display="grid",
        gap="10px",
    )


def _result_cell(row: rx.Var) -> rx.Component:
    return rx.el.td(
        rx.cond(
            row["ok"] != "",
            rx.el.span(tr("grants_admin.ok"), class_name="cc-badge cc-badge--ok"),
            rx.el.span(tr_by("grants_admin.row_error.", row["error"]), class_name="cc-badge cc-badge--danger"),
        )
    )


def _result_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["row"]),
        rx.el.td(rx.el.code(row["site_id"])),
        rx.el.td(row["amount"]),
        _result_cell(row),
        data_row=row["row"],
        data_ok=row["ok"],
    )


def result_section() -> rx.Component:
    """The batch on screen: totals, whether it was a replay, and every row."""
    shown = G.shown
    return rx.cond(
        shown.length() > 0,  # type: ignore[attr-defined]
        rx.el.section(
            rx.heading(tr("grants_admin.result_title"), as_="h2", size="5"),
            rx.cond(
                G.replayed,
                rx.el.div(tr("grants_admin.replayed"), class_name="cc-alert cc-alert--info", role="status"),
            ),
            rx.el.p(
                tr("grants_admin.batch"),
                " ",
                rx.el.code(shown["batch_key"]),
                " · ",
                shown["at"],
                " · ",
                shown["reason"],
            ),
            rx.el.p(
                tr("grants_admin.col_rows"),
                " ",
                rx.el.strong(shown["rows"]),
                " · ",
                tr("grants_admin.col_granted"),
                " ",
                rx.el.strong(shown["granted"]),
                " · ",
                tr("grants_admin.col_failed"),
                " ",
                rx.el.strong(shown["failed"]),
                " · ",
                tr("grants_admin.col_total"),
                " ",
                rx.el.strong(shown["total_gold"]),
                id="cc-grants-totals",
            ),
            rx.el.div(data_table(RESULT_COLUMNS, G.rows, _result_row, id="cc-grants-rows"), **SCROLL_X),
            class_name="cc-card",
            display="grid",
            gap="10px",
        ),
    )


def _batch_row(batch: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(batch["at"]),
        rx.el.td(rx.el.code(batch["actor"])),
        rx.el.td(batch["reason"]),
        rx.el.td(batch["rows"]),
        rx.el.td(batch["granted"]),
        rx.el.td(batch["failed"]),
        rx.el.td(batch["total_gold"]),
        rx.el.td(
            rx.el.button(
                tr("grants_admin.open"),
                type="button",
                class_name="cc-btn cc-btn--ghost cc-btn--small",
                on_click=G.open_batch(batch["batch_key"]),  # type: ignore[call-arg]
                aria_label=tr("grants_admin.open") + " " + batch["short_key"],
            )
        ),
        data_batch=batch["batch_key"],
    )


def batches_section() -> rx.Component:
    """The recent batches, newest first."""
    return rx.el.section(
        rx.heading(tr("grants_admin.recent_title"), as_="h2", size="5"),
        rx.cond(
            G.batches.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(data_table(BATCH_COLUMNS, G.batches, _batch_row, id="cc-grants-batches"), **SCROLL_X),
            rx.text(tr("grants_admin.empty")),
        ),
        class_name="cc-card",
        display="grid",
        gap="10px",
    )


def admin_grants_page() -> rx.Component:
    """The upload form, the batch's results and the recent batches (the form only for operators and admins)."""
    return shell(
        rx.vstack(
            rx.heading(tr("grants_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            rx.text(tr("grants_admin.lead")),
            alert(G.error, alert_id="cc-grants-error"),
            rx.cond(G.allowed, rx.fragment(upload_form(), result_section(), batches_section())),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/grants`` (operators and admins, checked server-side)."""
    app.add_page(
        admin_grants_page,
        route="/admin/grants",
        title=tr("page.admin_grants_title"),
        on_load=[*page_events.STAFF, AdminGrantsState.load],
    )
