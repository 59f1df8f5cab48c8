"""``/api/admin/economy/config…``: the versioned economy configuration (starter gold, daily reward).

Staff read it; admins publish a complete new version with a reason (audited with
before and after). The rules live in ``services.economy.config``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from casino_app.api.deps import Admin, Client, Support
from casino_app.api.schemas import ApiModel, ResponseModel, errors, text
from casino_app.services.economy import config as economy_config

router = APIRouter(prefix="/api/admin/economy", tags=["admin"])


class EconomyConfigIn(ApiModel):
    """A complete new configuration (validated as a whole; becomes active for everyone) and why."""

    config: economy_config.EconomyConfig  # each cap at least its first day's amount (base + per_day)
    reason: Annotated[str, Field(min_length=1, max_length=500), text(500, "reason")]


class EconomyConfigOut(ResponseModel):
    """The configuration in force."""

    version: int
    config: dict[str, int]
    reason: str
    created_by: int | None
    created_at: datetime | None


class EconomyVersionOut(EconomyConfigOut):
    """A stored version."""

    is_active: bool


def _out(active: economy_config.ActiveEconomy) -> EconomyConfigOut:
    return EconomyConfigOut(
        version=active.version,
        config=active.config.model_dump(mode="json"),
        reason=active.reason,
        created_by=active.created_by,
        created_at=active.created_at,
    )


@router.get("/config", responses=errors(401, 403))
def active_config(staff: Support) -> EconomyConfigOut:
    """The economy configuration in force (staff)."""
    return _out(economy_config.active())


@router.get("/configs", responses=errors(401, 403))
def config_versions(staff: Support) -> list[EconomyVersionOut]:
    """Every version, newest first (staff)."""
    return [EconomyVersionOut.model_validate(v) for v in economy_config.versions()]


@router.post("/configs", status_code=201, responses=errors(401, 403))
def add_config_version(body: EconomyConfigIn, staff: Admin, client: Client) -> EconomyConfigOut:
    """Publish a new version for everyone (admins only; audited with before, after and the reason)."""
    raw = body.config.model_dump(mode="json")
    return _out(economy_config.add_version(raw, reason=body.reason, actor_id=staff.id, ip=client.ip))
