"""A gacha round in words: rarity and item names for the history and the verifier, and the inputs a recorded
round was drawn with (what the verifier compares a recomputation against).

Names come from what the round stored (``name_ko``/``name_en`` of the awarded item) and, for what it did not
store (a recomputed pull, the item drawn before a sold-out fallback), from the odds table the round used;
rarity names from the ``rarity.*`` catalog keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casino_app.services.games import registry
from casino_app.services.games.verify import format_sold_out


def _rarity(rarity: str, locale: str) -> str:
    return registry.catalog_name(f"rarity.{rarity}", rarity, locale)


def _item_name(item_id: str, locale: str, stored: Mapping[str, Any] | None, config: Any) -> str:
    if stored is not None and stored.get("item_id") == item_id and stored.get(f"name_{locale}"):
        return str(stored[f"name_{locale}"])
    for item in getattr(config, "items", None) or ():
        if item.id == item_id:
            return str(item.name_en if locale == "en" else item.name_ko)
    return item_id


def outcome_text(outcome: Mapping[str, Any], locale: str) -> str:
    """Every pull as "레어 경험치 부스터 +50", comma-separated."""
    return ", ".join(
        f"{_rarity(str(p.get('rarity', '')), locale)} {_item_name(str(p.get('item_id', '')), locale, p, None)}"
        for p in outcome.get("pulls", [])
    )


def verify_text(outcome: Mapping[str, Any], locale: str, config: Any = None) -> list[str]:
    """One line per pull, "레어 · 경험치 부스터 +50", and what the floats drew when a sold-out item fell back."""
    lines = []
    for pull in outcome.get("pulls", []):
        rarity, item_id = str(pull.get("rarity", "")), str(pull.get("item_id", ""))
        line = f"{_rarity(rarity, locale)} · {_item_name(item_id, locale, pull, config)}"
        drawn = (str(pull.get("drawn_rarity", rarity)), str(pull.get("drawn_item_id", item_id)))
        if drawn != (rarity, item_id):
            was = f"{_rarity(drawn[0], locale)} · {_item_name(drawn[1], locale, None, config)}"
            line += " " + registry.catalog_name("readable.sold_out_swap", f"(← {was})", locale, item=was)
        lines.append(line)
    return lines


def recorded_inputs(outcome: Mapping[str, Any]) -> dict[str, Any]:
    """The pull count, the pity count before the round and the per-pull sold-out lists, as the verifier's
    fields parse them."""
    pulls = list(outcome.get("pulls", []))
    return {
        "count": len(pulls),
        "pity_before": int(pulls[0].get("pity_before", 0)) if pulls else 0,
        "sold_out": [list(p.get("sold_out", [])) for p in pulls],
    }


def sold_out_text(outcome: Mapping[str, Any]) -> str:
    """The recorded sold-out lists as the verifier's field writes them ("2:avatar_dragon")."""
    return format_sold_out(recorded_inputs(outcome)["sold_out"])
