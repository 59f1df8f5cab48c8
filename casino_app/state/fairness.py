"""The fairness page: seeds, client seed, rotation, and verifying any round."""

from __future__ import annotations

import asyncio
import re

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.fairness import seeds
from casino_app.services.games import registry, rounds, verified, verify
from casino_app.state.auth import AuthState, bilingual_code, bilingual_error, require_player
from casino_app.state.inputs import BIGINT_MAX, as_int

_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")


def _chain_revealed(game: str, outcome: dict) -> bool:
    """A shared-round game's round (crash) whose hash the chain has revealed: verified on the game's own page."""
    return registry.is_game(game) and registry.get(game).shared and bool(outcome.get("hash"))


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
    v_result: list[str] = []
    v_hash: str = ""
    v_error: dict[str, str] = {}
    v_recorded: str = ""

    async def _reload(self, user_id: int) -> None:
        view = await asyncio.to_thread(seeds.view, user_id)
        self.server_seed_hash, self.client_seed, self.nonce = view.server_seed_hash, view.client_seed, view.nonce
        self.revealed = [
            {
                "seed": r.server_seed,
                "hash": r.server_seed_hash,
                "client": r.client_seed,
                "rounds": str(r.rounds),
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
        self.v_game, self.v_client, self.v_nonce = found.game, found.client_seed, str(found.nonce)
        self.v_version = str(found.config_version)
        if found.game == "gacha":  # the one game whose verification takes inputs beyond the seeds
            pulls = found.outcome.get("pulls", [])
            self.v_count, self.v_pity = str(len(pulls)), str(pulls[0]["pity_before"] if pulls else 0)
            self.v_sold_out = verify.format_sold_out([p.get("sold_out", []) for p in pulls])
        else:
            self.v_count, self.v_pity, self.v_sold_out = "1", "0", ""
        self.v_recorded = ", ".join(registry.get(found.game).verify_lines(found.outcome))
        self.v_result, self.v_hash = [], ""
        if seed is None:
            self.v_seed = ""
            self.v_error = bilingual_code("SEED_NOT_REVEALED")
            return None
        self.v_seed, self.v_error = seed, {}
        await self.run_verify({})
        return None

    @rx.event
    async def run_verify(self, form: dict) -> None:
        """Recompute a round from the fields (a submitted form overrides them)."""
        for key in ("v_game", "v_seed", "v_client", "v_nonce", "v_count", "v_pity", "v_version", "v_sold_out"):
            if key in form:
                setattr(self, key, str(form[key]).strip()[:400])
        nonce = as_int(self.v_nonce, maximum=verify.NONCE_MAX)
        version = as_int(self.v_version) if self.v_version else None
        if not _HEX64.fullmatch(self.v_seed) or nonce is None or not self.v_client or (self.v_version and not version):
            self.v_error, self.v_result = bilingual_code("VERIFY_INPUT_INVALID"), []
            return
        count = int(self.v_count) if self.v_count in ("1", "10") else 1
        try:
            sold_out = verify.parse_sold_out(self.v_sold_out, count) if self.v_game == "gacha" else []
            result = await asyncio.to_thread(
                verify.recompute,
                self.v_game,
                bytes.fromhex(self.v_seed),
                self.v_client,
                nonce,
                version,
                count=count,
                pity_before=as_int(self.v_pity) or 0,
                sold_out=sold_out,
            )
        except AppError as exc:
            self.v_error, self.v_result = bilingual_error(exc), []
            return
        self.v_error, self.v_hash = {}, result.server_seed_hash
        user = await require_player(self)
        if user is not None:  # a player recomputing their own round: counted once per round for missions
            await asyncio.to_thread(verified.mark, user.id, self.v_game, result.server_seed_hash, self.v_client, nonce)
        self.v_result = registry.get(self.v_game).verify_lines(result.outcome)
