"""The fairness page: seeds, client seed, rotation, and verifying any round — with a verdict (match ✓ /
mismatch ✗) against the round the player played and the field at fault marked."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, t
from casino_app.services.fairness import seeds
from casino_app.services.games import configs, registry, rounds, verdict, verified, verify
from casino_app.state.auth import AuthState, bilingual_code, bilingual_error, require_player
from casino_app.state.inputs import BIGINT_MAX, as_int

# The verifier's form fields, by the names the verdict service gives them ("outcome": the result shown).
FORM_FIELD = {
    "game": "v_game",
    "server_seed": "v_seed",
    "client_seed": "v_client",
    "nonce": "v_nonce",
    "config_version": "v_version",
    "count": "v_count",
    "pity_before": "v_pity",
    "sold_out": "v_sold_out",
    verdict.OUTCOME: "result",
}


def _chain_revealed(game: str, outcome: dict) -> bool:
    """A shared-round game's round (crash) whose hash the chain has revealed: verified on the game's own page."""
    return registry.is_game(game) and registry.get(game).shared and bool(outcome.get("hash"))


def _named(game: str, outcome: dict[str, Any], config: Any = None) -> dict[str, list[str]]:
    """An outcome's verify lines with symbol and item names, in every locale."""
    spec = registry.get(game)
    return {locale: spec.verify_text(outcome, locale, config) for locale in LOCALES}


def _table(game: str, version: int) -> Any:
    try:
        return configs.by_version(game, version)
    except AppError:
        return None


def _recorded_values(found: rounds.RoundView) -> dict[str, str]:
    """What the round recorded, by form field (shown next to a field that differs)."""
    spec = registry.get(found.game) if registry.is_game(found.game) else None
    inputs = spec.recorded_inputs(found.outcome) if spec else {}
    values = {
        "v_game": found.game,
        "v_seed": found.server_seed_hash,
        "v_client": found.client_seed,
        "v_nonce": str(found.nonce),
        "v_version": str(found.config_version),
    }
    if "count" in inputs:
        values["v_count"] = str(inputs["count"])
    if "pity_before" in inputs:
        values["v_pity"] = str(inputs["pity_before"])
    if "sold_out" in inputs:
        values["v_sold_out"] = verify.format_sold_out(inputs["sold_out"])
    return values


class FairnessState(rx.State):
    """Seeds and the verifier."""

    server_seed_hash: str = ""
    client_seed: str = ""
    nonce: int = 0
    revealed: list[dict[str, str]] = []
    rotation: dict[str, str] = {}
    error: dict[str, str] = {}
    saved: bool = False
    recent: list[dict[str, str]] = []
    # verifier form
    v_game: str = "slot"
    v_seed: str = ""
    v_client: str = ""
    v_nonce: str = "0"
    v_count: str = "1"
    v_pity: str = "0"
    v_version: str = ""
    v_sold_out: str = ""
    v_round: str = ""  # the round picked from the list or the history ("" for none)
    v_result: list[str] = []  # the recomputed outcome, named, in Korean …
    v_result_en: list[str] = []  # … and in English
    v_hash: str = ""
    v_error: dict[str, str] = {}
    v_recorded: str = ""
    v_recorded_en: str = ""
    v_verdict: str = ""  # "" | "match" | "mismatch" | "none" (no round of the player's to compare with)
    v_verdict_round: str = ""
    v_faults: list[str] = []  # form fields (and "result") that differ from the recorded round
    v_invalid: list[str] = []  # form fields whose input is not valid
    v_expected: dict[str, str] = {}  # the recorded round's value of each form field
    v_fault_names: dict[str, str] = {}  # the differing fields named, in every locale
    v_verdict_text: dict[str, str] = {}

    async def _reload(self, user_id: int) -> None:
        view = await asyncio.to_thread(seeds.view, user_id)
        self.server_seed_hash, self.client_seed, self.nonce = view.server_seed_hash, view.client_seed, view.nonce
        self.revealed = [
            {
                "seed": r.server_seed,
                "hash": r.server_seed_hash,
                "client": r.client_seed,
                "rounds": f"{r.rounds:,}",
                "at": clock.kst_text(r.revealed_at),
            }
            for r in view.revealed
        ]
        items, _ = await asyncio.to_thread(rounds.history, user_id, limit=10)
        known = {r.server_seed_hash: r.server_seed for r in view.revealed}
        self.recent = [
            {
                "id": str(r.id),
                "game": r.game,
                "nonce": str(r.nonce),
                "hash": r.server_seed_hash[:10] + "…",
                "outcome_ko": registry.get(r.game).outcome_text(r.outcome, "ko") if registry.is_game(r.game) else "",
                "outcome_en": registry.get(r.game).outcome_text(r.outcome, "en") if registry.is_game(r.game) else "",
                "revealed": "1" if r.server_seed_hash in known or _chain_revealed(r.game, r.outcome) else "",
            }
            for r in items
        ]

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Page load; ``?round=ID`` pre-fills the verifier with that round."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.rotation, self.error, self.saved = {}, {}, False
        self._clear_verdict()
        self.v_round, self.v_result, self.v_result_en, self.v_error = "", [], [], {}
        await self._reload(user.id)
        round_id = self.router.url.query_parameters.get("round", "")
        if as_int(round_id, maximum=BIGINT_MAX) is not None:
            return FairnessState.pick(round_id)
        return None

    @rx.event
    def set_v_game(self, value: str) -> None:
        """Choose which game the verifier recomputes."""
        self.v_game = value if registry.is_game(value) else "slot"

    @rx.event
    async def save_client_seed(self, form: dict) -> None:
        """Change the client seed for the next rounds."""
        user = await require_player(self)
        if user is None:
            return
        try:
            await asyncio.to_thread(seeds.set_client_seed, user.id, str(form.get("client_seed", ""))[:200])
        except AppError as exc:
            self.error, self.saved = bilingual_error(exc), False
            return
        self.error, self.saved = {}, True
        await self._reload(user.id)

    @rx.event
    async def rotate(self) -> None:
        """Reveal the current server seed and commit a new one."""
        user = await require_player(self)
        if user is None:
            return
        result = await asyncio.to_thread(seeds.rotate, user.id)
        self.rotation = {
            "seed": result.revealed_server_seed,
            "hash": result.revealed_server_seed_hash,
            "new_hash": result.new_server_seed_hash,
        }
        await self._reload(user.id)

    def _clear_verdict(self) -> None:
        self.v_verdict, self.v_verdict_round, self.v_faults, self.v_invalid = "", "", [], []
        self.v_expected, self.v_fault_names, self.v_verdict_text = {}, {}, {}

    @rx.event
    async def pick(self, round_id: str) -> rx.event.EventSpec | None:
        """Fill the verifier with one of the player's rounds (its seed must be revealed); a crash round opens the
        hash-chain verification instead."""
        user = await require_player(self)
        if user is None:
            return None
        wanted = as_int(round_id, maximum=BIGINT_MAX)
        found = None if wanted is None else await asyncio.to_thread(rounds.round_of, user.id, wanted)
        if found is None:
            self.v_error = bilingual_code("NOT_FOUND")
            return None
        if _chain_revealed(found.game, found.outcome):
            return rx.redirect(f"/games/{found.game}/verify?hash={found.outcome['hash']}")
        seed = await asyncio.to_thread(seeds.revealed_seed_for, user.id, found.server_seed_hash)
        expected = _recorded_values(found)
        self.v_game, self.v_client, self.v_nonce = found.game, found.client_seed, str(found.nonce)
        self.v_version, self.v_round = str(found.config_version), str(found.id)
        self.v_count = expected.get("v_count", "1")
        self.v_pity = expected.get("v_pity", "0")
        self.v_sold_out = expected.get("v_sold_out", "")
        self._clear_verdict()
        self.v_result, self.v_result_en, self.v_hash = [], [], ""
        await self._show_recorded(found)
        if seed is None:
            self.v_seed = ""
            self.v_error = bilingual_code("SEED_NOT_REVEALED")
            return None
        self.v_seed, self.v_error = seed, {}
        await self.run_verify({})
        return None

    async def _show_recorded(self, found: rounds.RoundView) -> None:
        table = await asyncio.to_thread(_table, found.game, found.config_version)
        named = _named(found.game, found.outcome, table)
        self.v_recorded, self.v_recorded_en = ", ".join(named["ko"]), ", ".join(named["en"])

    @rx.event
    async def run_verify(self, form: dict) -> None:
        """Recompute a round from the fields (a submitted form overrides them) and compare it with the round the
        player played: which field, if any, is not the round's."""
        for key in ("v_game", "v_seed", "v_client", "v_nonce", "v_count", "v_pity", "v_version", "v_sold_out"):
            if key in form:
                setattr(self, key, str(form[key]).strip()[:400])
        self._clear_verdict()
        try:
            inputs = verdict.parse_inputs(
                self.v_game,
                self.v_seed,
                self.v_client,
                self.v_nonce,
                self.v_version,
                count=self.v_count,
                pity_before=self.v_pity,
                sold_out=self.v_sold_out,
            )
            result = await asyncio.to_thread(verdict.recompute, inputs)
        except AppError as exc:
            fields = exc.details.get("fields")
            named = [f.get("field") for f in fields] if isinstance(fields, list) else [exc.details.get("field")]
            self.v_invalid = [FORM_FIELD[f] for f in named if f in FORM_FIELD]
            self.v_error, self.v_result, self.v_result_en = bilingual_error(exc), [], []
            return
        self.v_error, self.v_hash = {}, result.server_seed_hash
        named_lines = _named(inputs.game, result.outcome, result.config)
        self.v_result, self.v_result_en = named_lines["ko"], named_lines["en"]
        user = await require_player(self)
        if user is None:
            return
        # a player recomputing their own round: counted once per round for missions
        await asyncio.to_thread(
            verified.mark, user.id, inputs.game, result.server_seed_hash, inputs.client_seed, inputs.nonce
        )
        await self._judge(user.id, inputs, result)

    async def _judge(self, user_id: int, inputs: verdict.VerifyInputs, result: verify.Recomputed) -> None:
        picked = as_int(self.v_round, maximum=BIGINT_MAX) if self.v_round else None
        found = await asyncio.to_thread(verdict.reference_round, user_id, picked, inputs)
        if found is None:
            self.v_verdict, self.v_recorded, self.v_recorded_en = "none", "", ""
            self.v_verdict_text = {locale: t("fair.verdict_none", locale) for locale in LOCALES}
            return
        await self._show_recorded(found)
        judged = verdict.compare(found, inputs, result)
        self.v_verdict = "match" if judged.matches else "mismatch"
        self.v_verdict_round = str(judged.round_id)
        self.v_faults = [FORM_FIELD[f] for f in judged.differing if f in FORM_FIELD]
        self.v_expected = _recorded_values(found)
        self.v_fault_names = {
            locale: ", ".join(t(f"fair.field.{f}", locale) for f in judged.differing) for locale in LOCALES
        }
        body = "fair.verdict_match_body" if judged.matches else "fair.verdict_mismatch_body"
        self.v_verdict_text = {locale: t(body, locale, id=judged.round_id) for locale in LOCALES}
