"""``POST /api/auth/password``: a player changes their own password (required after a staff reset)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field

from casino_app.api.deps import Context
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.accounts import password_change

router = APIRouter(prefix="/api/auth", tags=["auth"])


class PasswordChangeRequest(ApiModel):
    """The current password (after a staff reset: the temporary one) and the new one."""

    current_password: str = Field(min_length=1, max_length=512)
    new_password: str = Field(min_length=1, max_length=512, description="8–128 characters, any script")


class PasswordChangedOut(ResponseModel):
    """The password is changed; the caller's other sessions were closed."""

    revoked_sessions: int


@router.post("/password", responses=errors(401, 403, 404, 422, 429))
def change_password(body: PasswordChangeRequest, context: Context) -> PasswordChangedOut:
    """Set a new password; clears a staff reset's "must change password" and ends every other session."""
    revoked = password_change.change(
        context.user.id, body.current_password, body.new_password, keep_session=context.session_id
    )
    return PasswordChangedOut(revoked_sessions=revoked)
