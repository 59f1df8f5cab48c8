"""``/api/users/me/email``: the caller's own email address — read, set or change, remove."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field

from casino_app.api.deps import CurrentUser
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.accounts import email_address

router = APIRouter(prefix="/api/users/me/email", tags=["users"])


class EmailIn(ApiModel):
    """A new address (``null`` or blank removes it)."""

    email: str | None = Field(
        max_length=email_address.MAX_LENGTH * 4,
        examples=["player@example.com"],
        description="local@domain, ASCII, at most 254 characters; unique regardless of letter case",
    )


class EmailOut(ResponseModel):
    """The stored address (``null``: none)."""

    email: str | None


@router.get("", responses=errors(401))
def read_email(user: CurrentUser) -> EmailOut:
    """The caller's email address."""
    return EmailOut(email=email_address.get_email(user.id))


@router.put("", responses=errors(401, 409))
def put_email(body: EmailIn, user: CurrentUser) -> EmailOut:
    """Set or change the caller's address (422 ``EMAIL_FORMAT``; 409 ``EMAIL_TAKEN`` when another account has it)."""
    return EmailOut(email=email_address.set_email(user.id, body.email))


@router.delete("", responses=errors(401))
def delete_email(user: CurrentUser) -> EmailOut:
    """Remove the caller's address (no more mail is addressed to them)."""
    return EmailOut(email=email_address.set_email(user.id, None))
