"""``realtime.Event``'s wire form: the same JSON as ``dataclasses.asdict`` gave, without its deep copy."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import pytest

from casino_app.services.realtime import Event


@dataclass(frozen=True)
class _Prize:
    kind: str
    amount: int


def test_the_wire_form_is_what_asdict_gave_and_decodes_back() -> None:
    event = Event("user:7", "balance", {"gold": 1_200, "items": ("a", "b"), "prize": _Prize("gold", 5), "닉": "별"})
    wire = event.encode()
    assert json.loads(wire) == json.loads(json.dumps(asdict(event), ensure_ascii=False))
    assert "별" in wire  # not escaped
    assert Event.decode(wire) == Event(
        "user:7", "balance", {"gold": 1_200, "items": ["a", "b"], "prize": {"kind": "gold", "amount": 5}, "닉": "별"}
    )


def test_a_value_json_cannot_carry_is_refused() -> None:
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        Event("feed", "x", {"bad": {1, 2}}).encode()
    with pytest.raises(TypeError, match="type is not JSON serializable"):
        Event("feed", "x", {"bad": _Prize}).encode()
