"""Field-by-field differences between two odds-table versions (what the console shows before and after publishing).

A table is nested JSON. Objects are compared key by key; lists of objects that
all carry a unique ``id`` (the slot's symbols, say) are matched by that id, and
a change of their order is reported too (the draw maps floats to entries in
order); any other list is compared position by position. Every difference is
one ``Change``: a path (``symbols[id=bell].weight``, ``bet_options[2]``), its
kind and the old and new values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from casino_app.services.games import configs

__all__ = ["KINDS", "ROOT", "Change", "diff", "diff_versions", "value_text"]

KINDS: tuple[str, ...] = ("added", "removed", "changed", "reordered")
ROOT = "$"  # the path of the whole table (only when its very type differs)
_MISSING: Any = object()
_TEXT_LIMIT = 300


@dataclass(frozen=True)
class Change:
    """One difference: ``kind`` is added (``new`` only), removed (``old`` only), changed or reordered (both)."""

    path: str
    kind: str
    old: Any = None
    new: Any = None


def _key_path(parent: str, key: str) -> str:
    return key if parent == ROOT else f"{parent}.{key}"


def _item_path(parent: str, marker: str) -> str:
    return f"{'' if parent == ROOT else parent}[{marker}]"


def _same_scalar(old: Any, new: Any) -> bool:
    """Equal JSON scalars (1 and 1.0 are the same number; ``true`` is never the number 1)."""
    numbers = (int, float)
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, numbers) and isinstance(new, numbers):
        return old == new
    return type(old) is type(new) and old == new


def _ids(items: list[Any]) -> list[Any] | None:
    """The ``id`` of every item when all are objects with a unique scalar id, else ``None``."""
    if not items or not all(isinstance(i, dict) and isinstance(i.get("id"), (str, int)) for i in items):
        return None
    ids = [i["id"] for i in items]
    return ids if len(set(ids)) == len(ids) else None


def _walk(path: str, old: Any, new: Any, out: list[Change]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        _walk_object(path, old, new, out)
    elif isinstance(old, list) and isinstance(new, list):
        _walk_list(path, old, new, out)
    elif not _same_scalar(old, new):
        out.append(Change(path, "changed", old, new))


def _walk_object(path: str, old: dict[str, Any], new: dict[str, Any], out: list[Change]) -> None:
    keys = [*old, *(k for k in new if k not in old)]
    for key in keys:
        before, after = old.get(key, _MISSING), new.get(key, _MISSING)
        child = _key_path(path, str(key))
        if before is _MISSING:
            out.append(Change(child, "added", None, after))
        elif after is _MISSING:
            out.append(Change(child, "removed", before, None))
        else:
            _walk(child, before, after, out)


def _walk_list(path: str, old: list[Any], new: list[Any], out: list[Change]) -> None:
    old_ids, new_ids = _ids(old), _ids(new)
    if old_ids is not None and new_ids is not None:
        old_by, new_by = dict(zip(old_ids, old, strict=True)), dict(zip(new_ids, new, strict=True))
        kept_old = [i for i in old_ids if i in new_by]
        kept_new = [i for i in new_ids if i in old_by]
        if kept_old != kept_new:
            out.append(Change(path, "reordered", kept_old, kept_new))
        for item_id in [*old_ids, *(i for i in new_ids if i not in old_by)]:
            child = _item_path(path, f"id={item_id}")
            if item_id not in new_by:
                out.append(Change(child, "removed", old_by[item_id], None))
            elif item_id not in old_by:
                out.append(Change(child, "added", None, new_by[item_id]))
            else:
                _walk(child, old_by[item_id], new_by[item_id], out)
        return
    for index in range(max(len(old), len(new))):
        child = _item_path(path, str(index))
        if index >= len(new):
            out.append(Change(child, "removed", old[index], None))
        elif index >= len(old):
            out.append(Change(child, "added", None, new[index]))
        else:
            _walk(child, old[index], new[index], out)


def diff(old: Any, new: Any) -> list[Change]:
    """Every difference from ``old`` to ``new`` (JSON values), in the order of ``old``'s fields then new ones."""
    out: list[Change] = []
    _walk(ROOT, old, new, out)
    return out


def diff_versions(game: str, old_version: int, new_version: int) -> list[Change]:
    """The differences between two stored versions of ``game``'s table (404 for an unknown game or version)."""
    before = configs.by_version(game, old_version).model_dump(mode="json")
    after = configs.by_version(game, new_version).model_dump(mode="json")
    return diff(before, after)


def value_text(value: Any, limit: int = _TEXT_LIMIT) -> str:
    """A value as compact JSON for display (non-ASCII kept), cut at ``limit`` characters with an ellipsis."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return text if len(text) <= limit else text[: limit - 1] + "…"
