"""``/fairness``: seeds, client seed, rotation, and the round verifier."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.forms import alert, localized
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.fairness import FairnessState
from casino_app.state.game_catalog import game_nav, seeded_game_keys
from casino_app.state.ui import UIState, tr, tr_by


def _mark(name: str) -> rx.Component:
    """Under a verifier field: why it is at fault (not valid, or not what the round recorded, with the value)."""
    invalid = FairnessState.v_invalid.contains(name)
    differs = FairnessState.v_faults.contains(name)
    expected = rx.el.code(FairnessState.v_expected[name], class_name="cc-break")
    reason = tr("fair.fault_seed") if name == "v_seed" else tr("fair.fault_differs")
    return rx.el.p(
        rx.cond(invalid, rx.el.span(tr("fair.fault_invalid"))),
        rx.cond(differs, rx.fragment(reason, " ", expected)),
        id=f"v-{name}-mark",
        class_name="cc-field-error cc-verify-mark",
        aria_live="polite",
    )


def _marked(name: str) -> rx.Var:
    return FairnessState.v_invalid.contains(name) | FairnessState.v_faults.contains(name)


def _field(label_key: str, name: str, value: rx.Var, **props: object) -> rx.Component:
    marked = _marked(name)
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=f"v-{name}", class_name="cc-label"),
        rx.input(
            id=f"v-{name}",
            name=name,
            default_value=value,
            key=value,
            size="2",
            aria_invalid=rx.cond(marked, "true", "false"),
            aria_describedby=f"v-{name}-mark",
            class_name=rx.cond(marked, "cc-input cc-input--bad", "cc-input"),
            **props,
        ),
        _mark(name),
        class_name="cc-field",
        data_fault=rx.cond(FairnessState.v_faults.contains(name), "differs", rx.cond(marked, "invalid", "")),
    )


def seeds_card() -> rx.Component:
    """The current commitment and client seed; rotation."""
    return rx.el.section(
        rx.heading(tr("fair.current"), as_="h2", size="5", margin_bottom="8px"),
        rx.el.dl(
            rx.el.div(
                rx.el.dt(tr("fair.server_hash")),
                rx.el.dd(rx.el.code(FairnessState.server_seed_hash, id="cc-seed-hash")),
                class_name="cc-stat",
            ),
            rx.el.div(
                rx.el.dt(tr("fair.next_nonce")),
                rx.el.dd(FairnessState.nonce.to_string(), id="cc-next-nonce"),
                class_name="cc-stat",
            ),
            class_name="cc-proof-grid",
        ),
        rx.form(
            alert(FairnessState.error, alert_id="cc-fair-error"),
            rx.el.label(tr("fair.client_seed"), html_for="client-seed", class_name="cc-label"),
            rx.hstack(
                rx.input(
                    id="client-seed",
                    name="client_seed",
                    default_value=FairnessState.client_seed,
                    key=FairnessState.client_seed,
                    max_length=64,
                    size="2",
                    width="100%",
                ),
                rx.el.button(tr("fair.save"), type="submit", class_name="cc-btn cc-btn--ghost cc-btn--small"),
                width="100%",
            ),
            rx.cond(FairnessState.saved, rx.text(tr("profile.saved"), size="1", color="var(--cc-success)")),
            on_submit=FairnessState.save_client_seed,
            reset_on_submit=False,
            margin_top="12px",
        ),
        rx.el.button(
            rx.icon("refresh-cw", size=16, aria_hidden="true"),
            tr("fair.rotate"),
            type="button",
            class_name="cc-btn cc-btn--primary",
            on_click=FairnessState.rotate,
            margin_top="16px",
            id="cc-rotate",
        ),
        rx.cond(
            FairnessState.rotation.contains("seed"),
            rx.el.div(
                rx.text(tr("fair.revealed_now")),
                rx.el.code(FairnessState.rotation["seed"], id="cc-revealed-seed", class_name="cc-break"),
                class_name="cc-alert cc-alert--success cc-alert--stack",
                role="status",
                margin_top="12px",
            ),
        ),
        rx.text(tr("fair.explain"), size="2", color="var(--cc-muted)", margin_top="12px"),
        rx.text(
            tr("crash.fairness_note"),
            " ",
            rx.link(tr("crash.fairness_link"), href="/games/crash/verify", id="cc-crash-verify-link"),
            size="2",
            color="var(--cc-muted)",
            margin_top="8px",
        ),
        class_name="cc-card",
    )


def _recent_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(tr_by("games.name.", row["game"])),
        rx.el.td("#", row["nonce"]),
        rx.el.td(rx.el.code(row["hash"])),
        rx.el.td(rx.cond(UIState.locale == "en", row["outcome_en"], row["outcome_ko"]), class_name="cc-outcome-cell"),
        rx.el.td(
            rx.cond(
                row["revealed"] != "",
                rx.el.button(
                    tr("games.verify_link"),
                    type="button",
                    class_name="cc-iconbtn",
                    on_click=FairnessState.pick(row["id"]),
                    id="cc-verify-" + row["id"],
                ),
                rx.el.span(tr("fair.not_revealed"), class_name="cc-badge cc-badge--off"),
            )
        ),
    )


def _verdict() -> rx.Component:
    """ "Match ✓" or "Mismatch ✗" (in the active language) against the player's round, naming the fields at fault."""
    state = FairnessState
    return rx.cond(
        state.v_verdict != "",
        rx.el.div(
            rx.cond(
                state.v_verdict != "none",
                rx.el.strong(
                    rx.cond(state.v_verdict == "match", tr("fair.verdict_match"), tr("fair.verdict_mismatch")),
                    class_name="cc-verdict-label",
                    id="cc-verdict-label",
                ),
            ),
            rx.el.span(localized(state.v_verdict_text)),
            rx.cond(
                state.v_verdict == "mismatch",
                rx.el.span(localized(state.v_fault_names), class_name="cc-verdict-fields", id="cc-verdict-fields"),
            ),
            class_name=rx.match(
                state.v_verdict,
                ("match", "cc-verdict cc-verdict--match"),
                ("mismatch", "cc-verdict cc-verdict--mismatch"),
                "cc-verdict",
            ),
            role="status",
            id="cc-verdict",
            data_verdict=state.v_verdict,
        ),
    )


def _result() -> rx.Component:
    """The seed's hash, the recomputed outcome and the recorded one, by name."""
    state = FairnessState
    result_bad = state.v_faults.contains("result")
    return rx.cond(
        state.v_result.length() > 0,
        rx.el.div(
            rx.text(tr("fair.hash_check"), " ", rx.el.code(state.v_hash, class_name="cc-break", id="cc-verify-hash")),
            rx.text(
                tr("fair.recomputed"),
                " ",
                rx.el.strong(
                    rx.cond(UIState.locale == "en", state.v_result_en.join(", "), state.v_result.join(", ")),
                    id="cc-verify-result",
                    aria_invalid=rx.cond(result_bad, "true", "false"),
                    class_name=rx.cond(result_bad, "cc-verify-bad", ""),
                ),
            ),
            rx.cond(
                state.v_recorded != "",
                rx.text(
                    tr("fair.recorded"),
                    " ",
                    rx.el.span(
                        rx.cond(UIState.locale == "en", state.v_recorded_en, state.v_recorded),
                        id="cc-verify-recorded",
                    ),
                ),
            ),
            rx.cond(
                result_bad, rx.el.p(tr("fair.fault_result"), class_name="cc-field-error", id="cc-verify-result-mark")
            ),
            class_name="cc-alert cc-alert--info cc-alert--stack",
            role="status",
            margin_top="12px",
        ),
    )


def _game_select() -> rx.Component:
    marked = _marked("v_game")
    return rx.el.div(
        rx.el.label(tr("fair.game"), html_for="v-game", class_name="cc-label"),
        rx.el.select(
            *(rx.el.option(tr(f"games.name.{key}"), value=key) for key in seeded_game_keys()),
            id="v-game",
            name="v_game",
            value=FairnessState.v_game,
            on_change=FairnessState.set_v_game,
            class_name=rx.cond(marked, "cc-select cc-input--bad", "cc-select"),
            aria_invalid=rx.cond(marked, "true", "false"),
            aria_describedby="v-v_game-mark",
        ),
        _mark("v_game"),
        class_name="cc-field",
    )


def verifier() -> rx.Component:
    """Recompute any round from seed, client seed and nonce, and compare it with the round played."""
    return rx.el.section(
        rx.heading(tr("fair.verify_title"), as_="h2", size="5", margin_bottom="8px"),
        rx.cond(
            FairnessState.recent.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(
                data_table(
                    ("history.col_game", "fair.nonce", "history.col_proof", "fair.col_outcome", "history.col_verify"),
                    FairnessState.recent,
                    _recent_row,
                    id="cc-recent-rounds",
                ),
                **SCROLL_X,
            ),
            empty_state(
                "reels",
                "empty.recent_rounds.title",
                "empty.recent_rounds.body",
                href=game_nav()[0][1],
                action="empty.history.go",
                element_id="cc-recent-rounds-empty",
                compact=True,
            ),
        ),
        rx.form(
            rx.el.div(
                _game_select(),
                _field("fair.server_seed", "v_seed", FairnessState.v_seed, max_length=64),
                _field("fair.client_seed", "v_client", FairnessState.v_client, max_length=64),
                _field("fair.nonce", "v_nonce", FairnessState.v_nonce, input_mode="numeric", max_length=19),
                _field("fair.version", "v_version", FairnessState.v_version, input_mode="numeric", max_length=10),
                _field("fair.count", "v_count", FairnessState.v_count, input_mode="numeric", max_length=2),
                _field("fair.pity_before", "v_pity", FairnessState.v_pity, input_mode="numeric", max_length=4),
                _field("fair.sold_out", "v_sold_out", FairnessState.v_sold_out, max_length=400),
                class_name="cc-verify-grid",
            ),
            rx.el.button(tr("fair.verify"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-verify-run"),
            on_submit=FairnessState.run_verify,
            reset_on_submit=False,
            margin_top="12px",
        ),
        alert(FairnessState.v_error, alert_id="cc-verify-error"),
        _verdict(),
        _result(),
        class_name="cc-card",
    )


def revealed_list() -> rx.Component:
    """Previously revealed seeds."""
    return rx.el.section(
        rx.heading(tr("fair.revealed_title"), as_="h2", size="5", margin_bottom="8px"),
        rx.cond(
            FairnessState.revealed.length() > 0,
            rx.el.ul(
                rx.foreach(
                    FairnessState.revealed,
                    lambda r: rx.el.li(
                        rx.text(r["at"], " · ", tr("fair.rounds"), " ", r["rounds"], size="1", color="var(--cc-muted)"),
                        rx.el.code(r["seed"], class_name="cc-break"),
                        class_name="cc-note",
                    ),
                ),
                class_name="cc-notes",
            ),
            empty_state(
                "signal", "empty.revealed.title", "empty.revealed.body", element_id="cc-revealed-empty", compact=True
            ),
        ),
        class_name="cc-card",
    )


def fairness_page() -> rx.Component:
    """Provably fair: seeds and verification."""
    return shell(
        rx.vstack(
            rx.heading(tr("fair.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            rx.text(tr("fair.lead"), color="var(--cc-muted)"),
            seeds_card(),
            verifier(),
            revealed_list(),
            spacing="4",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/fairness``."""
    app.add_page(
        fairness_page,
        route="/fairness",
        title=tr("page.fairness_title"),
        on_load=[*page_events.PLAYER, FairnessState.load],
    )
