"""The verifier's verdict: the fields as typed, checked one by one, and a recomputed round compared with the
round the player actually played — which input (or derived value) differs, if any.

``verify.recompute`` is the published mapping and needs no database; this module adds what the verify page
says about it: "일치 ✓" when every input and the outcome equal the recorded round's, else "불일치 ✗" naming
the fields at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.models.games import GameRound
from casino_app.services.fairness import rng
from casino_app.services.games import registry, rounds, verify

_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_DIGITS = re.compile(r"[0-9]{1,19}")
CLIENT_SEED_MAX = 64
PITY_BEFORE_MAX = 1000  # the largest pity threshold a gacha table may declare
VERSION_MAX = 2**31 - 1
# The order the verdict names differing fields in: the inputs as on the form, then what they produce.
FIELDS = ("game", "server_seed", "client_seed", "nonce", "config_version", "count", "pity_before", "sold_out")
OUTCOME = "outcome"


@dataclass(frozen=True)
class VerifyInputs:
    """The verifier's fields, parsed (``params``: the game's own verification inputs, e.g. gacha's count)."""

    game: str
    server_seed: bytes
    client_seed: str
    nonce: int
    config_version: int | None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """Whether a recomputed round is the recorded one; ``differing`` names the inputs (``FIELDS``) and derived
    values (``server_seed``: its hash, ``outcome``) that are not the round's."""

    round_id: int
    differing: tuple[str, ...]

    @property
    def matches(self) -> bool:
        """Every input and the outcome are the round's."""
        return not self.differing


def _number(text: str, maximum: int) -> int | None:
    text = text.strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value <= maximum else None


def parse_inputs(
    game: str,
    server_seed: str,
    client_seed: str,
    nonce: str,
    config_version: str = "",
    *,
    count: str = "1",
    pity_before: str = "0",
    sold_out: str = "",
) -> VerifyInputs:
    """The verifier's text fields as typed; 422 ``VERIFY_INPUT_INVALID`` with ``details.fields`` naming every
    field that is not valid (a seed of 64 hex digits, a client seed of 1–64 characters, whole numbers, and for a
    game with inputs of its own — gacha — a pull count of 1 or 10, the pity count and the sold-out lists)."""
    bad: list[str] = []
    if not registry.is_game(game) or registry.get(game).shared:
        bad.append("game")
    seed = server_seed.strip()
    if not _HEX64.fullmatch(seed):
        bad.append("server_seed")
    client = client_seed.strip()
    if not 1 <= len(client) <= CLIENT_SEED_MAX:
        bad.append("client_seed")
    parsed_nonce = _number(nonce, verify.NONCE_MAX)
    if parsed_nonce is None:
        bad.append("nonce")
    version = _number(config_version, VERSION_MAX) if config_version.strip() else None
    if config_version.strip() and not version:
        bad.append("config_version")
    params: dict[str, Any] = {}
    takes = registry.get(game).verify_inputs if "game" not in bad else ()
    if "count" in takes:
        params["count"] = int(count.strip()) if count.strip() in ("1", "10") else None
        if params["count"] is None:
            bad.append("count")
    if "pity_before" in takes:
        params["pity_before"] = _number(pity_before, PITY_BEFORE_MAX)
        if params["pity_before"] is None:
            bad.append("pity_before")
    if "sold_out" in takes:
        try:
            params["sold_out"] = verify.parse_sold_out(sold_out, params.get("count") or 10)
        except ValidationFailed:
            bad.append("sold_out")
    if bad:
        raise ValidationFailed(code="VERIFY_INPUT_INVALID", details={"fields": [{"field": f} for f in bad]})
    assert parsed_nonce is not None
    return VerifyInputs(game, bytes.fromhex(seed), client, parsed_nonce, version, params)


def recompute(inputs: VerifyInputs) -> verify.Recomputed:
    """``verify.recompute`` on parsed inputs."""
    return verify.recompute(
        inputs.game,
        inputs.server_seed,
        inputs.client_seed,
        inputs.nonce,
        inputs.config_version,
        params=inputs.params,
    )


def reference_round(user_id: int, round_id: int | None, inputs: VerifyInputs) -> rounds.RoundView | None:
    """The player's round a verification is compared with: their round of this game with this seed's hash and
    this nonce, else the one they picked (``round_id``), else ``None``."""
    found = _round_by_proof(user_id, inputs)
    if found is None and round_id is not None:
        return rounds.round_of(user_id, round_id)
    return found


def _round_by_proof(user_id: int, inputs: VerifyInputs) -> rounds.RoundView | None:
    table = GameRound.__table__
    with session_scope() as db:
        found = db.execute(
            sa.select(table.c.id)
            .where(
                table.c.user_id == user_id,
                table.c.game == inputs.game,
                table.c.server_seed_hash == rng.seed_hash(inputs.server_seed),
                table.c.nonce == inputs.nonce,
            )
            .order_by(table.c.id.desc())
            .limit(1)
        ).scalar_one_or_none()
    return None if found is None else rounds.round_of(user_id, int(found))


def _same(given: Any, recorded: Any) -> bool:
    """Equal, where per-pull lists are compared without their trailing empty entries (the sold-out field lists
    only the pulls that had something sold out)."""
    if isinstance(given, list) and isinstance(recorded, list):
        while given and given[-1] == []:
            given = given[:-1]
        while recorded and recorded[-1] == []:
            recorded = recorded[:-1]
    return bool(given == recorded)


def compare(recorded: rounds.RoundView, inputs: VerifyInputs, result: verify.Recomputed) -> Verdict:
    """Which of the verification's inputs, and of what they produced, are not the recorded round's: the game,
    the server seed (its SHA-256 against the round's commitment), client seed, nonce, odds-table version, the
    game's own inputs, and the outcome (the parts the seeds decide, as ``verify_lines`` shows them)."""
    differing: list[str] = []
    if inputs.game != recorded.game:
        differing.append("game")
    if result.server_seed_hash != recorded.server_seed_hash:
        differing.append("server_seed")
    if inputs.client_seed != recorded.client_seed:
        differing.append("client_seed")
    if inputs.nonce != recorded.nonce:
        differing.append("nonce")
    if result.config_version != recorded.config_version:
        differing.append("config_version")
    if registry.is_game(recorded.game):
        played = registry.get(recorded.game)
        expected = played.recorded_inputs(recorded.outcome)
        differing += [name for name in played.verify_inputs if not _same(inputs.params.get(name), expected.get(name))]
        recorded_lines = played.verify_lines(recorded.outcome)
    else:
        recorded_lines = []
    if registry.get(inputs.game).verify_lines(result.outcome) != recorded_lines:
        differing.append(OUTCOME)
    return Verdict(recorded.id, tuple(differing))
