"""``/api/admin/staff``: admins create staff accounts of any role (support, operator, admin); audited."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from casino_app.api.deps import Admin, Client
from casino_app.api.schemas import ApiModel, ResponseModel, errors, rule
from casino_app.services.accounts import identity, staff_bootstrap, validation

router = APIRouter(prefix="/api/admin/staff", tags=["admin"])


class StaffCreate(ApiModel):
    """A new staff account: its site ID, role and first password (at least 12 characters, no default)."""

    site_id: Annotated[str, Field(max_length=40), rule(validation.validate_site_id)]
    role: Literal["support", "operator", "admin"]
    password: str = Field(min_length=12, max_length=512)


class StaffOut(ResponseModel):
    """The created staff account."""

    id: int
    site_id: str
    nickname: str
    staff_role: str


@router.post("", status_code=201, responses=errors(401, 403, 409))
async def create_staff(body: StaffCreate, staff: Admin, client: Client) -> StaffOut:
    """Create a staff account (admins only; audited ``staff.create`` with who created it). 409
    ``STAFF_SITE_ID_TAKEN``; 422 ``STAFF_PASSWORD_WEAK``."""
    user_id = await run_in_threadpool(
        staff_bootstrap.create_staff, body.site_id, body.password, body.role, actor_id=staff.id, ip=client.ip
    )
    created = await run_in_threadpool(identity.load, user_id)
    return StaffOut(id=created.id, site_id=created.site_id, nickname=created.nickname, staff_role=body.role)
