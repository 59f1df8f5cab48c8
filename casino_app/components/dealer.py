"""Dealer Haru: the character's portrait and one speech bubble (a single slot whose line is replaced, never stacked).

The panel sits in the page flow (not fixed), so it can never cover the notification toast or the tab bar. Each new
line remounts the bubble's content (keyed by ``DealerState.line_id``): the old line is gone and the new one fades in
over 0.25 s in the same place; the live region around it stays mounted, so screen readers announce the new line.
"""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import localized
from casino_app.state.dealer import DealerState
from casino_app.state.ui import tr

D = DealerState
PORTRAIT = "/care/dealer.svg"

# The dealer's own styles (animations: cheer, nod, calm, wave, rest); reduced motion turns them off.
DEALER_CSS = """
.cc-dealer { display: flex; gap: 12px; align-items: flex-start; margin: 12px 0; max-width: 560px; }
.cc-dealer-figure { flex: 0 0 auto; width: 64px; height: 64px; transform-origin: 50% 90%; }
.cc-dealer-figure img { width: 64px; height: 64px; display: block; }
.cc-dealer-live { flex: 1 1 auto; min-width: 0; }
.cc-dealer-bubble { position: relative; padding: 10px 36px 10px 14px; border-radius: var(--cc-radius-md);
  background: var(--cc-surface-2); border: 1px solid var(--cc-border); animation: cc-dealer-fade .25s ease-out both; }
.cc-dealer-bubble p { margin: 2px 0 0; }
.cc-dealer-name { font-size: var(--cc-font-xs); color: var(--cc-muted); font-weight: 700; }
.cc-dealer-close { position: absolute; top: 6px; right: 6px; background: transparent; border: 0; color: var(--cc-muted);
  cursor: pointer; padding: 4px; line-height: 0; }
.cc-dealer-link { display: inline-block; margin-top: 6px; font-weight: 700; }
@keyframes cc-dealer-fade { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
@keyframes cc-dealer-cheer { 0%, 100% { transform: none; } 30% { transform: translateY(-6px); }
  60% { transform: translateY(0); } 80% { transform: translateY(-3px); } }
@keyframes cc-dealer-nod { 0%, 100% { transform: none; } 40% { transform: rotate(4deg) translateY(2px); } }
@keyframes cc-dealer-calm { 0%, 100% { transform: none; } 50% { transform: scale(1.03); } }
@keyframes cc-dealer-wave { 0%, 100% { transform: none; } 25% { transform: rotate(-5deg); }
  75% { transform: rotate(5deg); } }
@keyframes cc-dealer-rest { from { transform: none; opacity: 1; } to { transform: rotate(-3deg); opacity: .85; } }
.cc-dealer--cheer { animation: cc-dealer-cheer .8s ease-out 1; }
.cc-dealer--nod { animation: cc-dealer-nod .7s ease-in-out 1; }
.cc-dealer--calm { animation: cc-dealer-calm 2s ease-in-out 1; }
.cc-dealer--wave { animation: cc-dealer-wave .9s ease-in-out 1; }
.cc-dealer--rest { animation: cc-dealer-rest 1.2s ease-out 1 forwards; }
@media (prefers-reduced-motion: reduce) { .cc-dealer-figure, .cc-dealer-bubble { animation: none !important; } }
"""


def _bubble() -> rx.Component:
    return rx.el.div(
        rx.el.span(tr("dealer.name"), class_name="cc-dealer-name"),
        rx.el.p(rx.cond(D.message.length() > 0, localized(D.message), tr("dealer.hello")), id="cc-dealer-line"),  # type: ignore[attr-defined]
        rx.cond(D.link != "", rx.link(tr("dealer.care_link"), href=D.link, class_name="cc-dealer-link")),
        rx.el.button(
            rx.icon("x", size=14, aria_hidden="true"),
            type="button",
            class_name="cc-dealer-close",
            aria_label=tr("dealer.close"),
            on_click=D.dismiss,
            id="cc-dealer-close",
        ),
        key=D.line_id,
        class_name="cc-dealer-bubble",
        data_kind=D.kind,
    )


def dealer_panel() -> rx.Component:
    """The dealer's portrait (animated by the last line's animation) and the single speech bubble."""
    return rx.el.aside(
        rx.el.style(DEALER_CSS),
        rx.el.div(
            rx.image(src=PORTRAIT, alt=tr("dealer.portrait_alt"), width="64", height="64"),
            key=D.line_id,
            class_name="cc-dealer-figure cc-dealer--" + D.animation,
        ),
        rx.el.div(
            rx.cond(~D.hidden, _bubble()),
            class_name="cc-dealer-live",
            role="status",
            aria_live="polite",
        ),
        class_name="cc-dealer",
        id="cc-dealer",
        aria_label=tr("dealer.name"),
        data_animation=D.animation,
    )
