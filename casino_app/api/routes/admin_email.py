"""``/api/admin/email``: mail players from a template (operators+), preview it, read the outbox (support+).

A trigger takes an ``Idempotency-Key``: a retried request answers the first response and mails nobody again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field

from casino_app.api.deps import Client, Operator, require_staff
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.models.messaging import EMAIL_STATUSES
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.messaging.email import audience, delivery, outbox, smtp, templates

router = APIRouter(prefix="/api/admin/email", tags=["admin"])

Support = Annotated[AuthUser, Depends(require_staff("support"))]
TemplateKey = Annotated[
    str, Field(max_length=40, examples=["event_news"], json_schema_extra={"enum": [*templates.TEMPLATES]})
]
Segment = Annotated[str, Field(max_length=40, json_schema_extra={"enum": list(audience.SEGMENTS)})]
MAX_ID = audience.MAX_ID


class MailRequest(ApiModel):
    """A template and exactly one recipient: ``user_id``, ``site_id`` or ``segment`` (a care group or ``all``).

    ``variables`` are the template's operator variables (``event_news``: ``title``, ``details``; ``comeback``:
    optional ``message``; ``custom``: ``subject``, ``body``); their text may use ``{nickname}``, ``{site_id}``,
    ``{level}``, ``{rank}``, ``{gold}``, ``{days_away}``, ``{site_url}``. ``category`` only for ``custom``:
    ``notice`` (service mail, always sent) or ``marketing`` (the default: consent rules apply).
    """

    template: TemplateKey
    user_id: int | None = Field(None, ge=1, le=MAX_ID)
    site_id: str | None = Field(None, min_length=1, max_length=20)
    segment: Segment | None = None
    variables: dict[Annotated[str, Field(max_length=30)], Annotated[str, Field(max_length=5000)]] | None = Field(
        None, max_length=10
    )
    category: Literal["notice", "marketing"] | None = None

    def target(self) -> audience.Target:
        """The recipient as the service takes it."""
        return audience.Target(user_id=self.user_id, site_id=self.site_id, segment=self.segment)


class TriggerOut(ResponseModel):
    """``targeted`` players matched; ``sent`` mails stored for delivery (``deferred`` ones wait for 08:00 KST);
    the rest are ``skipped`` by reason (no_email, inactive, skipped_consent, skipped_break, skipped_muted,
    skipped_flagged)."""

    ok: bool = True
    template: str
    category: str
    targeted: int
    sent: int
    deferred: int
    skipped: dict[str, int]
    delivery: Literal["smtp", "local"]


class PreviewOut(ResponseModel):
    """The mail as one player would get it now; ``blocked`` says why it would not go (null: it would)."""

    user_id: int
    site_id: str
    to_address: str | None
    blocked: str | None
    locale: str
    category: str
    subject: str
    body_text: str
    body_html: str


class OutboxItemOut(ResponseModel):
    """A stored mail (without its bodies)."""

    id: int
    user_id: int | None
    site_id: str | None
    nickname: str | None
    to_address: str
    template: str
    locale: str
    category: str
    subject: str
    status: str
    attempts: int
    error: str
    created_by: int | None
    created_at: datetime
    sent_at: datetime | None


class OutboxMessageOut(OutboxItemOut):
    """A stored mail with its text and HTML (render the HTML only in a sandbox)."""

    body_text: str
    body_html: str


class OutboxPageOut(ResponseModel):
    """Newest first; pass ``next_cursor`` as ``cursor`` for the next page (null: no more)."""

    items: list[OutboxItemOut]
    next_cursor: int | None


@router.post("/trigger", response_model=TriggerOut, responses=errors(400, 401, 403, 404, 409))
def trigger(
    request: Request,
    body: MailRequest,
    staff: Operator,
    client: Client,
    key: IdempotencyKey,
    background: BackgroundTasks,
) -> Response:
    """Mail ``template`` to one player or a segment (audited). Marketing follows consent, breaks, protective
    flags and the night-time rule; service mail always goes to players with an address. Repeating the key
    answers the first response and stores nothing; the same key with another body is 409."""
    ready = {"smtp": 0}

    def action() -> tuple[int, TriggerOut]:
        result = outbox.trigger(
            body.template, body.target(), body.variables, actor_id=staff.id, category=body.category, ip=client.ip
        )
        configured = smtp.configured()
        ready["smtp"] = result.sent - result.deferred if configured else 0
        out = TriggerOut(
            template=result.template,
            category=result.category,
            targeted=result.targeted,
            sent=result.sent,
            deferred=result.deferred,
            skipped=result.skipped,
            delivery="smtp" if configured else "local",
        )
        return 200, out

    response = respond_once(request, staff.id, key, body, action)
    if ready["smtp"] > 0:  # a first answer with mail ready to go (the periodic job would also pick it up)
        background.add_task(delivery.deliver_pending)
    return response


@router.post("/preview", responses=errors(401, 403, 404))
def preview(body: MailRequest, staff: Operator) -> PreviewOut:
    """Render the mail for one player (``user_id`` or ``site_id``) without storing or sending anything."""
    shown = outbox.preview(body.template, body.target(), body.variables, category=body.category)
    mail = shown.mail
    return PreviewOut(
        user_id=shown.user_id,
        site_id=shown.site_id,
        to_address=shown.to_address,
        blocked=shown.blocked,
        locale=mail.locale,
        category=mail.category,
        subject=mail.subject,
        body_text=mail.text,
        body_html=mail.html,
    )


@router.get("/outbox", responses=errors(401, 403))
def outbox_list(
    staff: Support,
    status: Annotated[str | None, Query(max_length=10, json_schema_extra={"enum": list(EMAIL_STATUSES)})] = None,
    user_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only this player's mail"),
    limit: int = Query(50, ge=1, le=outbox.MAX_LIMIT),
    cursor: int | None = Query(None, ge=1, le=MAX_ID, description="``next_cursor`` of the previous page"),
) -> OutboxPageOut:
    """Stored mail newest first, filtered by status and/or player (support and above)."""
    page = outbox.outbox_page(status=status, user_id=user_id, limit=limit, cursor=cursor)
    return OutboxPageOut(items=[OutboxItemOut.model_validate(i) for i in page.items], next_cursor=page.next_cursor)


@router.get("/outbox/{message_id}", responses=errors(401, 403, 404))
def outbox_message(staff: Support, message_id: int = Path(ge=1, le=MAX_ID)) -> OutboxMessageOut:
    """One stored mail with its text and HTML bodies (support and above)."""
    return OutboxMessageOut.model_validate(outbox.message(message_id))
