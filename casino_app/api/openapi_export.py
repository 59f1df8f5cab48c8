"""Export the OpenAPI document to ``openapi.json`` (``python -m casino_app.api.openapi_export``).

A test fails when the committed file differs from what the code produces, so
API changes are always reviewed together with their contract.
"""

from __future__ import annotations

import json
import sys

from casino_app.settings import PROJECT_ROOT

OPENAPI_PATH = PROJECT_ROOT / "openapi.json"


def render() -> str:
    """The OpenAPI document as stable, pretty-printed JSON."""
    from casino_app.api.app import create_api

    return json.dumps(create_api().openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    """Write ``openapi.json``; with ``--check`` only compare and exit 1 on drift."""
    document = render()
    if "--check" in sys.argv:
        current = OPENAPI_PATH.read_text(encoding="utf-8") if OPENAPI_PATH.exists() else ""
        if current != document:
            sys.stderr.write("openapi.json is out of date: run `make openapi`\n")
            return 1
        return 0
    OPENAPI_PATH.write_text(document, encoding="utf-8")
    sys.stdout.write(f"wrote {OPENAPI_PATH.name} ({len(document)} bytes)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
