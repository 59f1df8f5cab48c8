"""English catalog: one module per area, merged here. Both languages hold exactly the same keys.

A game adds its own module (``games_<key>.py``); every module found here is merged.
"""

from __future__ import annotations

import importlib
import pkgutil


def _merged() -> dict[str, str]:
    messages: dict[str, str] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        part = importlib.import_module(f"{__name__}.{module.name}").MESSAGES
        duplicated = set(messages) & set(part)
        if duplicated:
            raise ValueError(f"{module.name} repeats keys: {sorted(duplicated)[:5]}")
        messages.update(part)
    return messages


MESSAGES: dict[str, str] = _merged()
