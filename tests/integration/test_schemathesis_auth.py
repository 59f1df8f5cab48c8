"""Property-based API fuzzing (Schemathesis, in-process ASGI) over the auth, invite and users routes.

Checks: no 5xx ever, every status code and body is the documented one, and
content types match the OpenAPI document.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casino_app.api.app import create_api
from tests.support.accounts import bearer, ensure_invite, new_player

schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_api()).include(
    path_regex=r"^/api/(auth|users|invite)"
)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def player_headers() -> dict[str, str]:
    ensure_invite()
    return bearer(new_player().access_token)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_auth_and_users_routes_never_fail_and_match_the_contract(case, player_headers: dict[str, str]) -> None:
    case.call_and_validate(headers=player_headers, checks=CHECKS)
