"""The full-screen reveal of a gacha pull: a capsule for one pull, a grid of ten cards for a 10-pull.

Only what the server drew is shown, and from the first frame: the capsule, the light and every face-down card
already carry the real rarity's colour (no rarer-looking capsule before a Common, no near-miss). The build-up is
CSS timed by the state (``--cc-build``, each card's ``--cc-delay``; ``assets/styles/games/gacha.css``);
``/js/cc-gacha.js`` keeps focus in the dialog, lets Escape/Enter skip and then close, announces the prize when it
turns over, plays the sounds (sound toggle) and reveals at once for ``prefers-reduced-motion`` (no particles).
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from casino_app.components.gacha_parts import credit_line, item_art, prize_tags, pull_totals
from casino_app.components.games import rarity_badge
from casino_app.state.gacha import GachaState
from casino_app.state.ui import UIState, tr, tr_by

SCRIPT = "/js/cc-gacha.js"

# Load /js/cc-gacha.js once per page (it opens a reveal already on screen when it arrives).
LOAD_SCRIPT = Var(
    _js_expr=(
        "(function () {"
        " if (window.ccGacha || document.getElementById('cc-gacha-script')) return;"
        " var tag = document.createElement('script');"
        f" tag.id = 'cc-gacha-script'; tag.src = '{SCRIPT}'; tag.async = true;"
        " document.head.appendChild(tag);"
        " })()"
    )
)
_OPEN = Var(_js_expr="(window.ccGacha && window.ccGacha.open())")
_FAILED = Var(_js_expr="(window.ccGacha && window.ccGacha.pullFailed())")


def _on_mount(call: Var) -> rx.Component:
    return rx.el.span(on_mount=rx.run_script(call), hidden=True, aria_hidden="true")


def script_loader() -> rx.Component:
    """Loads the reveal's script with the page, and lets the balance go when a pull is refused."""
    return rx.fragment(
        _on_mount(LOAD_SCRIPT),
        rx.cond(
            GachaState.fail_seq > 0,
            rx.el.span(_on_mount(_FAILED), key=GachaState.fail_seq.to_string(), hidden=True, aria_hidden="true"),
        ),
    )


def particles(count: int, spread: int) -> rx.Component:
    """Sparks that burst from the prize (Epic and Legendary only; none with reduced motion)."""
    sparks = []
    for i in range(count):
        style = {
            "--cc-pa": f"{(i * 137.508) % 360:.1f}deg",
            "--cc-pd": f"{spread * (55 + (i * 37) % 45) // 100}px",
            "--cc-pt": f"{(i * 53) % 260}ms",
            "--cc-ps": f"{4 + (i * 7) % 6}px",
        }
        sparks.append(rx.el.span(class_name="cc-gx-spark", style=style))
    return rx.el.div(*sparks, class_name="cc-gx-sparks", aria_hidden="true")


def _name(card: rx.Var) -> rx.Var:
    return rx.cond(UIState.locale == "en", card.name_en, card.name_ko)  # type: ignore[attr-defined]


def _face(card: rx.Var, art_size: int) -> rx.Component:
    return rx.fragment(
        item_art(card.art, art_size, class_name="cc-gcard-art"),  # type: ignore[attr-defined]
        rarity_badge(card.rarity),  # type: ignore[attr-defined]
        rx.el.strong(_name(card), class_name="cc-gcard-name"),
        rx.el.span(credit_line(card.kind, card.amount), class_name="cc-gcard-credit"),  # type: ignore[attr-defined]
        prize_tags(card),
    )


def _single_card(card: rx.Var) -> rx.Component:
    return rx.el.div(
        rx.cond(
            card.rarity == "LEGENDARY",  # type: ignore[attr-defined]
            particles(30, 260),
            rx.cond(card.epic_plus, particles(18, 200)),  # type: ignore[attr-defined]
        ),
        rx.el.div(_face(card, 176), class_name="cc-gacha-reveal-card"),
        class_name="cc-gacha-reveal-result cc-gcard--" + card.rarity,  # type: ignore[attr-defined]
        data_rarity=card.rarity,  # type: ignore[attr-defined]
        data_item=card.item_id,  # type: ignore[attr-defined]
        id="cc-reveal-result",
    )


def _single() -> rx.Component:
    """One pull: the capsule in the prize's colour shakes harder as it charges, bursts, and the card comes out."""
    capsule = rx.el.div(
        rx.el.span(class_name="cc-capsule-top"),
        rx.el.span(class_name="cc-capsule-bottom"),
        rx.el.span(class_name="cc-capsule-band"),
        rx.el.span(class_name="cc-capsule-glint"),
        class_name="cc-capsule",
        data_rarity=GachaState.best_rarity,
        id="cc-capsule",
    )
    return rx.el.div(
        rx.el.div(
            capsule,
            rx.el.p(tr("gacha_ui.opening"), class_name="cc-gacha-reveal-hint"),
            class_name="cc-gacha-reveal-stage",
            aria_hidden="true",
        ),
        rx.el.div(class_name="cc-gacha-reveal-flash", aria_hidden="true"),
        rx.foreach(GachaState.prizes, _single_card),
        class_name="cc-gacha-reveal-single",
    )


def _grid_card(card: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.div(rx.el.span(class_name="cc-gcard-mark"), class_name="cc-gcard-back", aria_hidden="true"),
            rx.el.div(_face(card, 88), class_name="cc-gcard-front"),
            class_name="cc-gcard-inner",
        ),
        rx.cond(card.epic_plus, particles(12, 110)),  # type: ignore[attr-defined]
        class_name="cc-gcard cc-gcard--" + card.rarity,  # type: ignore[attr-defined]
        data_rarity=card.rarity,  # type: ignore[attr-defined]
        data_item=card.item_id,  # type: ignore[attr-defined]
        data_delay=card.delay_ms.to_string(),  # type: ignore[attr-defined]
        style={"--cc-delay": card.delay_ms.to_string() + "ms"},  # type: ignore[attr-defined]
    )


def _ten() -> rx.Component:
    """Ten pulls: ten face-down cards, each glowing in its own rarity's colour, turn over one after another."""
    return rx.fragment(
        rx.el.p(
            tr("gacha_ui.opening_ten"), class_name="cc-gacha-reveal-hint cc-gacha-reveal-hint--ten", aria_hidden="true"
        ),
        rx.el.ul(rx.foreach(GachaState.prizes, _grid_card), class_name="cc-gacha-reveal-grid", id="cc-reveal-grid"),
    )


def _announce_card(card: rx.Var) -> rx.Component:
    return rx.el.span(
        tr_by("rarity.", card.rarity),  # type: ignore[attr-defined]
        " ",
        _name(card),
        " (",
        credit_line(card.kind, card.amount),  # type: ignore[attr-defined]
        "). ",
    )


def _announcement() -> rx.Component:
    """What the live region reads when the prizes turn over (copied there by the script at that moment)."""
    return rx.el.div(
        rx.cond(
            GachaState.prizes.length() > 1,
            rx.el.span(GachaState.prizes.length().to_string(), tr("gacha_ui.prizes_count"), ": "),
        ),
        rx.foreach(GachaState.prizes, _announce_card),
        rx.cond(GachaState.prizes.length() > 1, pull_totals("cc-reveal-announce-total")),
        rx.cond(
            GachaState.leveled_up & (GachaState.prizes.length() == 1),
            rx.el.span(tr("gacha_ui.level_up"), " ", GachaState.level.to_string()),
        ),
        id="cc-reveal-announce",
        hidden=True,
    )


def _actions() -> rx.Component:
    return rx.el.div(
        rx.el.button(
            tr("gacha_ui.skip"),
            type="button",
            class_name="cc-btn cc-btn--ghost",
            data_reveal_skip="",
            id="cc-reveal-skip",
        ),
        rx.el.div(
            rx.el.button(
                tr("gacha_ui.close"),
                type="button",
                class_name="cc-btn cc-btn--primary",
                on_click=GachaState.close_reveal,
                id="cc-reveal-close",
            ),
            rx.link(
                tr("gacha_ui.to_inventory"),
                href="/inventory",
                class_name="cc-btn cc-btn--ghost",
                on_click=GachaState.close_reveal,
                id="cc-reveal-inventory",
            ),
            class_name="cc-gacha-reveal-done",
            data_reveal_close="",
        ),
        class_name="cc-gacha-reveal-actions",
    )


def reveal_overlay() -> rx.Component:
    """The reveal dialog of the latest pull (keyed by the pull, so every pull plays from the start)."""
    ten = GachaState.prizes.length() > 1
    return rx.cond(
        GachaState.reveal_open & (GachaState.pull_id > 0),
        rx.el.div(
            rx.el.div(class_name="cc-gacha-reveal-rays", aria_hidden="true"),
            rx.el.h2(
                rx.cond(ten, tr("gacha_ui.reveal_ten"), tr("gacha_ui.reveal_single")),
                class_name="cc-gacha-reveal-title",
                id="cc-reveal-title",
            ),
            rx.cond(ten, _ten(), _single()),
            rx.el.div(
                rx.cond(
                    ten,
                    pull_totals("cc-reveal-total"),
                    rx.cond(
                        GachaState.leveled_up,
                        rx.el.p(
                            tr("gacha_ui.level_up"), " ", GachaState.level.to_string(), class_name="cc-pull-totals"
                        ),
                    ),
                ),
                class_name="cc-gacha-reveal-after",
            ),
            _actions(),
            _announcement(),
            rx.el.p(class_name="cc-sr-only", role="status", aria_live="polite", id="cc-reveal-live"),
            _on_mount(_OPEN),
            class_name="cc-gacha-reveal cc-gacha-reveal--"
            + GachaState.best_rarity
            + rx.cond(ten, " cc-gacha-reveal--ten", ""),
            role="dialog",
            aria_modal="true",
            aria_labelledby="cc-reveal-title",
            tab_index=-1,
            data_rarity=GachaState.best_rarity,
            data_count=GachaState.prizes.length().to_string(),
            data_build=GachaState.reveal_build_ms.to_string(),
            style={"--cc-build": GachaState.reveal_build_ms.to_string() + "ms"},
            key=GachaState.pull_id.to_string(),
            id="cc-reveal",
        ),
    )
