"""The OBS overlays' view: no app shell, a transparent 1920×1080 stage, big outlined neon text on dark plates.

Texts come from ``OverlayState`` in the overlay's own language (``?lang=en``), not from the browser's saved
choice. The stage marks ``<html>`` so ``/styles/overlay.css`` makes the page and its wrappers transparent.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import FunctionStringVar, Var

from casino_app.components.care import Ticker
from casino_app.state.overlay import TICK_MS, OverlayState

STYLESHEET = "/styles/overlay.css"
OV = OverlayState
# Compiled into the bundle (no eval, as the CSP requires): the page's wrappers become transparent.
_MARK_PAGE = Var(_js_expr="document.documentElement.classList.add('cc-overlay-mode')")


def _effects() -> rx.Component:
    set_lang = rx.el.span(on_mount=rx.run_script(FunctionStringVar.create("window.ccSetLang").call(OV.lang)))
    return rx.fragment(
        rx.el.span(on_mount=rx.run_script(_MARK_PAGE), hidden=True, aria_hidden="true"),
        rx.el.span(set_lang, key=OV.lang, hidden=True, aria_hidden="true"),
        Ticker.create(every=TICK_MS, on_tick=OV.tick),
    )


def _feed_row(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.span(row["at"], class_name="cc-ov-time"),
        rx.el.span(row["text"], class_name="cc-ov-text"),
        class_name="cc-ov-row cc-ov-plate",
        data_kind=row["kind"],
        key=row["id"],
    )


def _big_win_row(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.span(row["nickname"], class_name="cc-ov-name"),
        rx.el.span(row["amount"], class_name="cc-ov-amount"),
        rx.el.span(row["detail"], class_name="cc-ov-detail"),
        rx.el.span(row["at"], class_name="cc-ov-time", margin_left="auto"),
        class_name="cc-ov-row cc-ov-plate",
        key=row["id"],
    )


def _ranked_row(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.span(row["rank"], class_name="cc-ov-rank"),
        rx.el.span(row["nickname"], class_name="cc-ov-name"),
        rx.el.span(row["score"], " ", OV.labels["xp"], class_name="cc-ov-score"),
        class_name="cc-ov-row cc-ov-plate",
        key=row["id"],
    )


def _rows() -> rx.Component:
    return rx.match(
        OV.kind,
        ("leaderboard", rx.foreach(OV.rows, _ranked_row)),
        ("bigwins", rx.foreach(OV.rows, _big_win_row)),
        rx.foreach(OV.rows, _feed_row),
    )


def _ready() -> rx.Component:
    return rx.fragment(
        rx.el.h1(OV.labels["title"], class_name="cc-ov-title cc-ov-plate"),
        rx.cond(
            OV.rows.length() > 0,  # type: ignore[attr-defined]
            rx.el.ol(_rows(), class_name="cc-ov-list", id="cc-overlay-list", aria_live="polite"),
            rx.el.p(OV.labels["empty"], class_name="cc-ov-empty cc-ov-plate", id="cc-overlay-empty"),
        ),
        rx.el.p(OV.labels["note"], class_name="cc-ov-note cc-ov-plate"),
    )


def overlay_stage() -> rx.Component:
    """The whole overlay page: its data once the token checked out, a small neutral line when it did not."""
    return rx.el.main(
        _effects(),
        rx.match(
            OV.status,
            ("ready", _ready()),
            (
                "refused",
                rx.el.p(OV.labels["unavailable"], class_name="cc-ov-unavailable cc-ov-plate", id="cc-overlay-refused"),
            ),
            rx.fragment(),
        ),
        class_name="cc-overlay",
        id="cc-overlay",
        data_kind=OV.kind,
        data_status=OV.status,
        lang=OV.lang,
    )
