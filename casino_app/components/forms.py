"""Neon form pieces: labelled fields with accessible, bilingual error messages."""

from __future__ import annotations

from typing import Any

import reflex as rx

from casino_app.state.ui import UIState, tr, tr_by, tr_in


def localized(messages: rx.Var) -> rx.Var:
    """Pick the active language from a ``{"ko": …, "en": …}`` message Var."""
    return messages[UIState.locale]


def key_alert(prefix: str, key: rx.Var, *, alert_id: str) -> rx.Component:
    """A danger message shown only while ``key`` (a state's catalog key under ``prefix``, e.g. a form error) is set."""
    return rx.cond(
        key != "",
        rx.el.p(tr_in(prefix, key), role="alert", class_name="cc-alert cc-alert--danger", id=alert_id),
    )


def alert(messages: rx.Var, *, tone: str = "danger", alert_id: str | None = None) -> rx.Component:
    """A message box shown only when ``messages`` is non-empty (announced to screen readers)."""
    return rx.cond(
        messages.length() > 0,  # type: ignore[attr-defined]
        rx.el.div(
            rx.icon("circle-alert" if tone == "danger" else "info", size=18, aria_hidden="true"),
            rx.el.span(localized(messages)),
            class_name=f"cc-alert cc-alert--{tone}",
            role="alert",
            id=alert_id,
        ),
    )


def saved_notice(prefix: str, saved: rx.Var, element_id: str, **props: Any) -> rx.Component:
    """The "saved" status after a setting changed: the text of key ``prefix + saved + "_saved"`` (e.g. ``on``/``off``),
    shown only while ``saved`` is set."""
    return rx.cond(
        saved != "",
        rx.el.div(
            tr_by(prefix, saved + "_saved"),
            class_name="cc-alert cc-alert--success",
            role="status",
            id=element_id,
            **props,
        ),
    )


def field(
    label_key: str,
    name: str,
    *,
    errors: rx.Var | None = None,
    hint_key: str | None = None,
    input_type: str = "text",
    **input_props: Any,
) -> rx.Component:
    """A label, an input and its hint or error; ``errors`` is a Var of ``{field: {ko, en}}``."""
    field_id = f"field-{name}"
    describe = f"{field_id}-msg"
    has_error = errors.contains(name) if errors is not None else rx.Var.create(False)  # type: ignore[attr-defined]
    message: rx.Component
    if errors is not None:
        message = rx.cond(
            has_error,
            rx.el.p(localized(errors[name]), id=describe, class_name="cc-field-error", role="alert"),
            rx.el.p(tr(hint_key), id=describe, class_name="cc-field-hint") if hint_key else rx.fragment(),
        )
    else:
        message = rx.el.p(tr(hint_key), id=describe, class_name="cc-field-hint") if hint_key else rx.fragment()
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
        rx.input(
            id=field_id,
            name=name,
            type=input_type,
            size="3",
            aria_invalid=rx.cond(has_error, "true", "false"),
            aria_describedby=describe,
            class_name="cc-input",
            **input_props,
        ),
        message,
        class_name="cc-field",
    )


def submit_button(label_key: str, busy: rx.Var, busy_key: str, *, button_id: str) -> rx.Component:
    """The primary submit button, disabled and relabelled while the request runs."""
    return rx.el.button(
        rx.cond(busy, tr(busy_key), tr(label_key)),
        type="submit",
        class_name="cc-btn cc-btn--primary cc-btn--block",
        disabled=busy,
        id=button_id,
    )


def auth_card(*children: rx.Component, title_key: str, subtitle_key: str, heading_id: str) -> rx.Component:
    """A centred neon card for the login and signup screens."""
    return rx.el.section(
        rx.heading(tr(title_key), as_="h1", size="7", id=heading_id, class_name="cc-glow-heading"),
        rx.text(tr(subtitle_key), color="var(--cc-muted)", margin_bottom="20px"),
        *children,
        class_name="cc-card cc-auth-card",
        aria_labelledby=heading_id,
    )
