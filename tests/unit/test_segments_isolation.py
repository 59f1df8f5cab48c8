"""Segments never reach odds, prices or offers: nothing that draws outcomes or sets prices imports them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from casino_app.settings import PROJECT_ROOT

SERVICES = PROJECT_ROOT / "casino_app" / "services"
# Outcomes and odds (games, fairness), prices and offers (shop, payments), and the economy's rewards and costs.
GUARDED = ("games", "fairness", "shop", "payments", "economy")
SEGMENT_MODULES = ("segments", "segments_rfm", "segments_flags")


def segment_imports(source: str, module: str) -> list[str]:
    """The imports in ``source`` (the module ``module``, dotted) that reach ``services.care.segments*``."""
    found = []
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if any(name.startswith(f"casino_app.services.care.{m}") for m in SEGMENT_MODULES):
                found.append(f"{node.lineno}: {name}")
    return found


def test_the_check_finds_every_form_of_import() -> None:
    module = "casino_app.services.shop.pricing"
    for source in (
        "import casino_app.services.care.segments",
        "from casino_app.services.care import segments",
        "from casino_app.services.care.segments_flags import FLAGS",
        "from ..care import segments_rfm",
        "def f():\n    from casino_app.services.care import segments as s\n    return s",
    ):
        assert segment_imports(source, module), source
    assert segment_imports("from casino_app.services.care import guard, exclusions", module) == []


@pytest.mark.parametrize("package", GUARDED)
def test_games_shop_and_prices_never_import_segments(package: str) -> None:
    violations = []
    for path in sorted((SERVICES / package).rglob("*.py")):
        module = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        violations += [f"{path.relative_to(PROJECT_ROOT)}:{hit}" for hit in segment_imports(_read(path), module)]
    assert violations == []


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
