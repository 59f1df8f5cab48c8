"""Where an item's picture is: ``assets/gacha/items/<item>.svg`` (written by ``scripts/make_gacha_art.py``).

Every item of the shipped odds table and every other item a feature puts in the inventory has its own picture
(``tests/unit/test_gacha_art.py``). An item a later odds table adds is shown with its prize kind's picture until
its own is drawn, so no prize is ever shown without art.
"""

from __future__ import annotations

import functools

from casino_app.settings import PROJECT_ROOT

ART_DIR = PROJECT_ROOT / "assets" / "gacha" / "items"
ART_PREFIX = "/gacha/items/"


@functools.cache
def _drawn() -> frozenset[str]:
    return frozenset(p.stem for p in ART_DIR.glob("*.svg"))


def has_own_art(item_id: str) -> bool:
    """Whether ``item_id`` has its own picture (not a kind's)."""
    return item_id in _drawn() and not item_id.startswith("kind-")


def art_url(item_id: str, kind: str = "item") -> str:
    """The picture of ``item_id``; its kind's (``gold``, ``xp``, ``cosmetic``, else ``item``) when it has none."""
    if has_own_art(item_id):
        return f"{ART_PREFIX}{item_id}.svg"
    fallback = f"kind-{kind}" if f"kind-{kind}" in _drawn() else "kind-item"
    return f"{ART_PREFIX}{fallback}.svg"
