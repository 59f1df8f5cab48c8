"""The console's player care: segment counts per group and flag, and the care list of flagged players."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.services.accounts import identity
from casino_app.services.care import segments
from casino_app.state.auth import require_user

PAGE_SIZE = 50
GROUPS: tuple[str, ...] = tuple(segments.GROUPS)
FLAGS: tuple[str, ...] = tuple(segments.FLAGS)


def _int(details: dict[str, object], key: str) -> str:
    value = details.get(key, 0)
    return f"{value:,}" if isinstance(value, int) else "0"


def care_row(entry: segments.CareEntry) -> dict[str, str]:
    """A flagged player as the care list shows it (numbers formatted, times in KST)."""
    found = entry.on_break
    row = {
        "user_id": str(entry.user_id),
        "site_id": entry.site_id,
        "nickname": entry.nickname,
        "group": entry.rfm_group,
        "spend_krw": _int(entry.details, "spend_7d_krw"),
        "max_orders": _int(entry.details, "max_orders_24h"),
        "late_rounds": _int(entry.details, "late_rounds"),
        "rounds_14d": _int(entry.details, "rounds_14d"),
        "chase_raised": _int(entry.details, "chase_raised"),
        "chase_pairs": _int(entry.details, "chase_pairs"),
        "recency": "" if entry.recency_days is None else str(entry.recency_days),
        "days": str(entry.frequency),
        "krw": f"{entry.monetary_krw:,}",
        "last_active": clock.kst_text(entry.last_active_at),
        "break_kind": found.kind if found else "",
        "break_until": clock.kst_text(found.until) if found else "",
    }
    row.update({f"flag_{flag}": "1" if flag in entry.flags else "" for flag in FLAGS})
    return row


class AdminCareState(rx.State):
    """Counts per group and flag, and the care list filtered by flag and group (staff only; read-only)."""

    computed_at: str = ""
    players: str = "0"
    flagged: str = "0"
    group_counts: list[dict[str, str]] = []
    flag_counts: list[dict[str, str]] = []
    items: list[dict[str, str]] = []
    total: str = "0"
    has_more: bool = False
    flag_filter: str = ""
    group_filter: str = ""
    _offset: int = 0

    async def _staff(self) -> identity.AuthUser | None:
        user = await require_user(self)
        return user if user is not None and user.is_staff else None

    async def _counts(self) -> None:
        counts = await asyncio.to_thread(segments.counts)
        self.computed_at = clock.kst_text(counts.computed_at)
        self.players, self.flagged = f"{counts.players:,}", f"{counts.flagged:,}"
        self.group_counts = [{"key": k, "count": f"{counts.groups[k]:,}"} for k in GROUPS]
        self.flag_counts = [{"key": k, "count": f"{counts.flags[k]:,}"} for k in FLAGS]

    async def _list(self, offset: int) -> None:
        page = await asyncio.to_thread(
            segments.care_list,
            flag=self.flag_filter or None,
            group=self.group_filter or None,
            limit=PAGE_SIZE,
            offset=offset,
        )
        rows = [care_row(e) for e in page.items]
        self.items = rows if offset == 0 else [*self.items, *rows]
        self.total = f"{page.total:,}"
        self._offset = page.next_offset or 0
        self.has_more = page.next_offset is not None

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The latest run's counts and the whole care list (staff only)."""
        if await self._staff() is None:
            return rx.redirect("/admin/login")
        self.flag_filter, self.group_filter = "", ""
        await self._counts()
        await self._list(0)
        return None

    @rx.event
    async def filter(self, form: dict) -> rx.event.EventSpec | None:
        """Only players with one flag and/or in one group (anything unknown means "all")."""
        if await self._staff() is None:
            return rx.redirect("/admin/login")
        flag, group = str(form.get("flag", "")), str(form.get("group", ""))
        self.flag_filter = flag if flag in FLAGS else ""
        self.group_filter = group if group in GROUPS else ""
        await self._list(0)
        return None

    @rx.event
    async def more(self) -> rx.event.EventSpec | None:
        """The next page of the care list."""
        if await self._staff() is None:
            return rx.redirect("/admin/login")
        if self.has_more:
            await self._list(self._offset)
        return None
