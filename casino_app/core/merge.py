"""Several independent statements sent as one, each still getting its own rows (``together``).

Every statement in a pipeline costs the server a bind, an executor start-up and a portal, and the driver about
a thousand Python bytecodes; a round's progression writes (XP, the care counters, the action counters, the
battle pass, the leaderboards) are separate upserts on separate tables. ``together`` turns such statements into
one: each becomes a data-modifying CTE (``WITH m0(c0, c1) AS (UPDATE … RETURNING a, b), m1 AS (INSERT …)``),
its parameters renamed ``m<i>_<name>``, and the outer SELECT returns one row holding every returned column as
an array (``array_agg`` per column, in the order the statement returned its rows); when it ran, each part's
``rows`` are filled from those arrays, as if it had run alone.

What the caller must guarantee, because PostgreSQL runs every CTE of one statement on the same snapshot: no
part reads what another part writes, and no two parts write the same row (the order among them is undefined);
and no part returns a column that is itself an array (``array_agg`` would nest it). ``together`` refuses what it
can see: anything but a single INSERT, UPDATE or DELETE with ``%(name)s`` parameters, a WITH clause of the
part's own (data-modifying CTEs must be at the top level), ``RETURNING *``, block comments, dollar quotes and
E'' strings (which its small scanner does not read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from casino_app.core.db import Sql

_PARAMETER = re.compile(r"%\((\w+)\)s")
_VERB = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z_]\w*")
_QUOTED = re.compile(r"--[^\n]*|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_UNREAD = re.compile(r"/\*|\$|(?<![\w'])[Ee]'")  # block comments, dollar quotes, E'' strings


def together(*statements: Sql | None) -> Sql | None:
    """One statement doing what ``statements`` do (``None`` entries skipped); a single one is returned as is.

    Raises ``ValueError`` for a statement of a shape it cannot merge (see the module's docstring).
    """
    parts = [statement for statement in statements if statement is not None]
    if len(parts) <= 1:
        return parts[0] if parts else None
    text, widths, names = _merged_text(tuple(part.text for part in parts))
    try:
        params = {new: parts[index].params[name] for index, name, new in names}  # type: ignore[call-overload]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"together() needs every %(name)s parameter by name: {exc}") from exc
    return Merged(text, params, parts=parts, widths=widths)


@dataclass
class Merged(Sql):
    """The statement ``together`` built; ``receive`` hands each part its rows."""

    parts: list[Sql] = field(default_factory=list)
    widths: tuple[int, ...] = ()

    def receive(self, rows: list[tuple[Any, ...]]) -> None:
        """Fill every part's ``rows`` from the merged row (one array per returned column)."""
        super().receive(rows)
        arrays = list(rows[0]) if rows else []
        for part, width in zip(self.parts, self.widths, strict=True):
            columns, arrays = arrays[:width], arrays[width:]
            part.rows = list(zip(*columns, strict=True)) if columns and columns[0] is not None else []


@lru_cache(maxsize=256)
def _merged_text(texts: tuple[str, ...]) -> tuple[str, tuple[int, ...], tuple[tuple[int, str, str], ...]]:
    """The merged text, each part's number of returned columns, and (part, parameter, new name) for every
    parameter the texts use."""
    ctes, outputs, widths, names = [], [], [], []
    for index, text in enumerate(texts):
        if _VERB.match(text) is None:
            raise ValueError(f"together() merges INSERT, UPDATE or DELETE statements only: {text[:60]!r}")
        renamed = _PARAMETER.sub(lambda found, i=index: f"%(m{i}_{found.group(1)})s", text)
        if "%" in _PARAMETER.sub("", text) or ";" in _outside_quotes(text) or _UNREAD.search(text):
            raise ValueError(f"together() needs %(name)s parameters and one plain statement: {text[:60]!r}")
        names += [(index, name, f"m{index}_{name}") for name in dict.fromkeys(_PARAMETER.findall(text))]
        width = _returned_columns(text)
        widths.append(width)
        columns = [f"c{n}" for n in range(width)]
        head = f"m{index}({', '.join(columns)})" if width else f"m{index}"
        ctes.append(f"{head} AS ({renamed.strip()}\n)")  # the newline ends a trailing -- comment
        if width:
            aggregated = ", ".join(f"array_agg({column})" for column in columns)
            outputs.append(f"(SELECT {aggregated} FROM m{index}) AS a{index}")  # noqa: S608 (generated names only)
    select = "SELECT * FROM " + " CROSS JOIN ".join(outputs) if outputs else "SELECT 1"  # noqa: S608 (same)
    return "WITH " + ",\n".join(ctes) + "\n" + select, tuple(widths), tuple(names)


def _outside_quotes(text: str) -> str:
    """``text`` without its comments, quoted literals and quoted identifiers (what is left is SQL structure)."""
    return _QUOTED.sub("''", text)


def _returned_columns(text: str) -> int:
    """How many columns the statement's top-level RETURNING clause lists (0 without one)."""
    plain = _outside_quotes(text)
    depth, start, items, position = 0, -1, [], 0
    while position < len(plain):
        char = plain[position]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char == "," and start >= 0:
            items.append(plain[start:position])
            start = position + 1
        elif depth == 0 and (word := _WORD.match(plain, position)) is not None:
            if word.group(0).upper() == "RETURNING":
                start, items = word.end(), []
            position = word.end()
            continue
        position += 1
    if start < 0:
        return 0
    items.append(plain[start:])
    if any(item.strip() == "*" or item.strip().endswith(".*") for item in items):
        raise ValueError(f"together() needs the returned columns listed, not *: {text[:60]!r}")
    return len(items)
