"""Import direction: services stay pure Python; nothing reaches into pages or state."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from casino_app.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "casino_app"
# package -> module prefixes it must never import
FORBIDDEN = {
    "services": ("reflex", "casino_app.state", "casino_app.pages", "casino_app.components", "casino_app.api"),
    "models": ("reflex", "casino_app.state", "casino_app.pages", "casino_app.components", "casino_app.services"),
    "core": ("reflex", "casino_app.state", "casino_app.pages", "casino_app.components", "casino_app.api"),
    "api": ("reflex", "casino_app.state", "casino_app.pages", "casino_app.components"),
    "workers": ("reflex", "casino_app.state", "casino_app.pages", "casino_app.components", "casino_app.api"),
    "i18n": ("reflex", "casino_app."),
    "state": ("casino_app.pages", "casino_app.api", "casino_app.models"),
    "components": ("casino_app.pages", "casino_app.api", "casino_app.services", "casino_app.models"),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_import_direction(package: str) -> None:
    violations = []
    for path in (PACKAGE / package).rglob("*.py"):
        for lineno, module in _imports(path):
            for prefix in FORBIDDEN[package]:
                if module == prefix.rstrip(".") or module.startswith(prefix if prefix.endswith(".") else prefix + "."):
                    if package == "i18n" and module.startswith("casino_app.i18n"):
                        continue
                    violations.append(f"{path.relative_to(PROJECT_ROOT)}:{lineno} imports {module}")
    assert violations == []


def test_services_never_import_reflex_even_transitively() -> None:
    import subprocess
    import sys

    code = (
        "import sys, pkgutil, importlib, casino_app.services as s\n"
        "for m in pkgutil.walk_packages(s.__path__, 'casino_app.services.'):\n"
        "    importlib.import_module(m.name)\n"
        "import casino_app.api.app, casino_app.workers.tasks\n"
        "bad = [m for m in sys.modules if m == 'reflex' or m.startswith('reflex.')]\n"
        "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"reflex imported by services/api/workers: {result.stdout} {result.stderr[-2000:]}"
