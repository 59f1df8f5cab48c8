"""The committed OpenAPI document matches the code."""

from __future__ import annotations

import json

from casino_app.api.openapi_export import OPENAPI_PATH, render


def test_openapi_export_has_not_drifted() -> None:
    assert OPENAPI_PATH.exists(), "openapi.json missing: run `make openapi`"
    assert OPENAPI_PATH.read_text(encoding="utf-8") == render(), "openapi.json is stale: run `make openapi`"


def test_openapi_served_paths() -> None:
    document = json.loads(render())
    assert document["openapi"].startswith("3.")
    assert "/api/health" in document["paths"]
    assert "/metrics" in document["paths"]
    assert not any(path.startswith("/api/{path") for path in document["paths"])
