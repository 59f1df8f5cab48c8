"""The verifier's verdict: fields checked one by one, and a recomputation compared with the round played —
"match" only when every input and the outcome are the round's, else the fields at fault."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from casino_app.core.errors import ValidationFailed
from casino_app.services.fairness import rng, seeds
from casino_app.services.games import registry, rounds, slot, verdict
from tests.support.accounts import new_player

SEED = "00" * 31 + "2a"  # any 64 hex digits: a seed the tests reveal themselves


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [f["field"] for f in exc.value.details["fields"]]


def test_every_invalid_field_is_named_at_once() -> None:
    with pytest.raises(ValidationFailed) as refused:
        verdict.parse_inputs("slot", "zz", "", "abc", "0")
    assert refused.value.error_code == "VERIFY_INPUT_INVALID"
    assert _fields(refused) == ["server_seed", "client_seed", "nonce", "config_version"]
    with pytest.raises(ValidationFailed) as refused:
        verdict.parse_inputs("gacha", SEED, "c", "1", "", count="3", pity_before="-1", sold_out="0:gold_1k")
    assert _fields(refused) == ["count", "pity_before", "sold_out"]
    with pytest.raises(ValidationFailed) as refused:  # crash is proven by its hash chain, not a player seed
        verdict.parse_inputs("crash", SEED, "c", "1")
    assert _fields(refused) == ["game"]
    with pytest.raises(ValidationFailed) as refused:
        verdict.parse_inputs("slot", SEED, "c", str(2**62 + 1), "2147483648")
    assert _fields(refused) == ["nonce", "config_version"]


def test_fields_are_parsed_for_the_game_that_takes_them() -> None:
    slot_inputs = verdict.parse_inputs("slot", SEED.upper(), " my-seed ", "7", "", count="junk")
    assert (slot_inputs.client_seed, slot_inputs.nonce, slot_inputs.config_version, slot_inputs.params) == (
        "my-seed",
        7,
        None,
        {},  # the slot takes no pull count: the field is ignored
    )
    gacha_inputs = verdict.parse_inputs("gacha", SEED, "c", "0", "2", count="10", pity_before="88", sold_out="3:x_1")
    assert gacha_inputs.params == {"count": 10, "pity_before": 88, "sold_out": [[], [], ["x_1"]] + [[]] * 7}


def _recorded(game: str, inputs: verdict.VerifyInputs, **changes: object) -> rounds.RoundView:
    """A round as stored, drawn from ``inputs`` (then ``changes`` applied, to stand for a round that differs)."""
    result = verdict.recompute(inputs)
    outcome = dict(result.outcome)
    if game == "gacha":  # a stored pull carries the pity count it was drawn with
        pity = inputs.params["pity_before"]
        outcome["pulls"] = [{**p, "pity_before": pity} for p in outcome["pulls"]]
    view = rounds.RoundView(
        id=41,
        game=game,
        config_version=result.config_version,
        bet=100,
        payout=0,
        outcome=outcome,
        server_seed_hash=rng.seed_hash(inputs.server_seed),
        client_seed=inputs.client_seed,
        nonce=inputs.nonce,
        created_at=datetime(2026, 11, 28, tzinfo=UTC),
    )
    return dataclasses.replace(view, **changes)  # type: ignore[arg-type]


def test_each_field_at_fault_is_named(database_url: str) -> None:
    inputs = verdict.parse_inputs("slot", SEED, "client", "5", "1")
    result = verdict.recompute(inputs)
    assert verdict.compare(_recorded("slot", inputs), inputs, result) == verdict.Verdict(41, ())
    assert verdict.compare(_recorded("slot", inputs), inputs, result).matches
    other_client = _recorded("slot", inputs, client_seed="someone-else")
    assert verdict.compare(other_client, inputs, result).differing == ("client_seed",)
    other_nonce = _recorded("slot", inputs, nonce=6)
    assert verdict.compare(other_nonce, inputs, result).differing == ("nonce",)
    other_hash = _recorded("slot", inputs, server_seed_hash="ab" * 32)
    assert verdict.compare(other_hash, inputs, result).differing == ("server_seed",)
    other_reels = ["seven"] * 3 if result.outcome["reels"] != ["seven"] * 3 else ["cherry", "lemon", "bell"]
    tampered = _recorded("slot", inputs, outcome={**result.outcome, "reels": other_reels})
    assert verdict.compare(tampered, inputs, result).differing == ("outcome",)
    several = _recorded("slot", inputs, nonce=9, client_seed="x", outcome={**result.outcome, "reels": other_reels})
    assert verdict.compare(several, inputs, result).differing == ("client_seed", "nonce", "outcome")


def test_the_table_version_used_is_compared(database_url: str) -> None:
    inputs = verdict.parse_inputs("slot", SEED, "client", "5", "")  # blank: the active table (version 1)
    result = verdict.recompute(inputs)
    assert result.config_version == 1
    assert verdict.compare(_recorded("slot", inputs), inputs, result).matches
    assert verdict.compare(_recorded("slot", inputs, config_version=2), inputs, result).differing == ("config_version",)


def test_the_gachas_own_inputs_are_compared(database_url: str) -> None:
    inputs = verdict.parse_inputs("gacha", SEED, "client", "3", "1", count="1", pity_before="4", sold_out="")
    result = verdict.recompute(inputs)
    recorded = _recorded("gacha", inputs)
    assert verdict.compare(recorded, inputs, result).matches
    other_pity = verdict.parse_inputs("gacha", SEED, "client", "3", "1", count="1", pity_before="5", sold_out="")
    judged = verdict.compare(recorded, other_pity, verdict.recompute(other_pity))
    assert judged.differing[0] == "pity_before"
    assert set(judged.differing) <= {"pity_before", "outcome"}
    ten = verdict.parse_inputs("gacha", SEED, "client", "3", "1", count="10", pity_before="4", sold_out="")
    judged = verdict.compare(recorded, ten, verdict.recompute(ten))
    assert judged.differing == ("count", "outcome")  # ten lines are never the one recorded; sold-out lists agree


def _played_slot_round() -> tuple[int, slot.SpinResult, str]:
    pair = new_player()
    played = slot.spin(pair.user.id, 100, "verdict-spin-1")
    revealed = seeds.rotate(pair.user.id).revealed_server_seed
    return pair.user.id, played, revealed


def test_a_real_round_is_found_by_its_proof_and_matches(database_url: str) -> None:
    user_id, played, seed = _played_slot_round()
    inputs = verdict.parse_inputs("slot", seed, played.client_seed, str(played.nonce), "")
    found = verdict.reference_round(user_id, None, inputs)
    assert found is not None
    assert found.id == played.round_id
    judged = verdict.compare(found, inputs, verdict.recompute(inputs))
    assert judged == verdict.Verdict(played.round_id, ())


def test_an_edited_seed_is_blamed_against_the_picked_round(database_url: str) -> None:
    user_id, played, seed = _played_slot_round()
    edited = ("1" if seed[0] != "1" else "2") + seed[1:]
    inputs = verdict.parse_inputs("slot", edited, played.client_seed, str(played.nonce), "")
    assert verdict.reference_round(user_id, None, inputs) is None  # no round of theirs has this seed
    picked = verdict.reference_round(user_id, played.round_id, inputs)
    assert picked is not None
    assert picked.id == played.round_id
    result = verdict.recompute(inputs)
    judged = verdict.compare(picked, inputs, result)
    lines_differ = registry.get("slot").verify_lines(result.outcome) != registry.get("slot").verify_lines(
        picked.outcome
    )
    assert judged.differing == (("server_seed", "outcome") if lines_differ else ("server_seed",))
    assert not judged.matches
    # Someone else's round is never a reference.
    other = new_player()
    assert verdict.reference_round(other.user.id, played.round_id, inputs) is None
