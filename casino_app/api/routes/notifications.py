"""``/api/notifications``: the player's notification center — the list, unread counts, read state and settings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import Field

from casino_app.api.deps import Client, Player
from casino_app.api.errors import locale_of
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.models.messaging import NOTIFICATION_CATEGORIES, SERVICE_CATEGORIES
from casino_app.services import cursors
from casino_app.services.messaging import center, render

router = APIRouter(prefix="/api/notifications", tags=["notifications"])

CURSOR_KIND = "N"
NotificationId = Annotated[int, Path(ge=1, le=cursors.MAX_ID)]
CategoryQuery = Annotated[
    str | None,
    Query(
        max_length=16,
        description=f"Only this category: one of {', '.join(NOTIFICATION_CATEGORIES)}",
        json_schema_extra={"enum": list(NOTIFICATION_CATEGORIES)},
    ),
]


class NotificationOut(ResponseModel):
    """A notification with its text in the request's language (``title`` only for operators' messages)."""

    id: int
    kind: str
    category: str
    title: str
    text: str
    params: dict[str, Any]
    created_at: datetime
    read: bool


class NotificationPageOut(ResponseModel):
    """A page of the player's notifications, newest first."""

    items: list[NotificationOut]
    next_cursor: str | None = Field(description="Pass as ``cursor`` for the next page (null: no more)")


class NotificationUnreadOut(ResponseModel):
    """Unread notifications: the total and per category (categories with none are left out)."""

    total: int
    by_category: dict[str, int]


class NotificationsReadOut(ResponseModel):
    """How many notifications the call marked read, and what is left unread."""

    changed: int
    unread: NotificationUnreadOut


class NotificationCategoryOut(ResponseModel):
    """One category: whether it is a service category (always delivered) and whether the player muted it."""

    key: str
    service: bool
    muted: bool


class NotificationSettingsOut(ResponseModel):
    """The player's notification settings; a consent's time is when it was given (null: not given)."""

    categories: list[NotificationCategoryOut]
    muted: list[str]
    marketing_consent: bool
    marketing_consent_at: datetime | None
    night_consent: bool
    night_consent_at: datetime | None


class NotificationSettingsIn(ApiModel):
    """What to change; a field left out stays as it is. ``muted`` replaces the whole list."""

    muted: list[Annotated[str, Field(max_length=16)]] | None = Field(
        None, max_length=len(NOTIFICATION_CATEGORIES), description="Categories to mute (service ones are refused)"
    )
    marketing_consent: bool | None = Field(None, description="Give (true) or withdraw (false) the marketing consent")
    night_consent: bool | None = Field(
        None, description="Give or withdraw the consent to marketing between 21:00 and 08:00 KST (needs marketing)"
    )


def _item_out(item: center.Item, locale: str) -> NotificationOut:
    shown = render.text(item.kind, item.params, locale)
    return NotificationOut(
        id=item.id,
        kind=item.kind,
        category=item.category,
        title=shown.title,
        text=shown.body,
        params=item.params,
        created_at=item.created_at,
        read=item.read,
    )


def _unread_out(counts: center.Unread) -> NotificationUnreadOut:
    return NotificationUnreadOut(total=counts.total, by_category=counts.by_category)


def _settings_out(value: center.Settings) -> NotificationSettingsOut:
    return NotificationSettingsOut(
        categories=[
            NotificationCategoryOut(key=c, service=c in SERVICE_CATEGORIES, muted=c in value.muted)
            for c in NOTIFICATION_CATEGORIES
        ],
        muted=list(value.muted),
        marketing_consent=value.marketing_consent_at is not None,
        marketing_consent_at=value.marketing_consent_at,
        night_consent=value.night_consent_at is not None,
        night_consent_at=value.night_consent_at,
    )


@router.get("", responses=errors(401, 403))
def list_notifications(
    request: Request,
    user: Player,
    category: CategoryQuery = None,
    unread: bool = Query(False, description="Only unread notifications"),
    cursor: str | None = Query(None, max_length=40, description="``next_cursor`` of the previous page"),
    limit: int = Query(center.PAGE_SIZE, ge=1, le=center.PAGE_SIZE_MAX),
) -> NotificationPageOut:
    """The player's own notifications, newest first, keyset paginated; filter by ``category`` and/or ``unread``
    (422 ``NOTIFICATION_CATEGORY_INVALID`` for an unknown category, ``CURSOR_INVALID`` for a bad cursor)."""
    before = cursors.decode(CURSOR_KIND, cursor) if cursor is not None else None
    found = center.page(user.id, category=category, unread_only=unread, before=before, limit=limit)
    locale = locale_of(request)
    return NotificationPageOut(
        items=[_item_out(item, locale) for item in found.items],
        next_cursor=cursors.encode(CURSOR_KIND, found.next_before) if found.next_before is not None else None,
    )


@router.get("/unread-count", responses=errors(401, 403))
def unread_count(user: Player) -> NotificationUnreadOut:
    """How many of the player's notifications are unread, in total and per category."""
    return _unread_out(center.unread(user.id))


@router.post("/read-all", responses=errors(401, 403))
def read_all(user: Player, category: CategoryQuery = None) -> NotificationsReadOut:
    """Mark every unread notification read, or only those of ``category``; the player's other tabs update."""
    changed, counts = center.mark_all_read(user.id, category)
    return NotificationsReadOut(changed=changed, unread=_unread_out(counts))


@router.get("/settings", responses=errors(401, 403))
def get_settings(user: Player) -> NotificationSettingsOut:
    """Muted categories and the marketing and night-time consents with the time each was given."""
    return _settings_out(center.settings(user.id))


@router.put("/settings", responses=errors(401, 403))
def put_settings(body: NotificationSettingsIn, user: Player, client: Client) -> NotificationSettingsOut:
    """Change the settings in one step: 422 ``NOTIFICATION_CATEGORY_INVALID`` (unknown category),
    ``NOTIFICATION_CATEGORY_LOCKED`` (account, purchase and notice cannot be muted) or
    ``NIGHT_CONSENT_NEEDS_MARKETING``. A consent given or withdrawn is timestamped, audited and confirmed to the
    player with an account notice; withdrawing marketing also withdraws the night consent."""
    change = center.SettingsChange(muted=body.muted, marketing=body.marketing_consent, night=body.night_consent)
    return _settings_out(center.update_settings(user.id, change, ip=client.ip))


@router.post("/{notification_id}/read", responses=errors(401, 403, 404))
def read_one(user: Player, notification_id: NotificationId) -> NotificationUnreadOut:
    """Mark one of the player's notifications read and return the unread counts (404 ``NOTIFICATION_NOT_FOUND``
    for an unknown id or someone else's)."""
    return _unread_out(center.mark_read(user.id, notification_id))
