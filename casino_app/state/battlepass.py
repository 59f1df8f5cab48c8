"""The battle pass screen: the season, pass XP, the track of tiers with both rewards, and claiming one; while the
previous season's rewards are still claimable, a section with its claimable tiers.

Everything shown comes from ``services.battlepass.seasons.status``; a claim calls ``claims.claim`` (which
decides whether it is allowed and grants it) and then re-reads the pass.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.battlepass import claims, seasons
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import BIGINT_MAX, as_int
from casino_app.state.wallet import WalletState

TIME_FORMAT = "%Y-%m-%d %H:%M"


def kst(value: datetime | None) -> str:
    """A stored time as the player reads it (KST)."""
    return value.astimezone(clock.business_tz()).strftime(TIME_FORMAT) if value is not None else ""


def _reward_cells(reward: seasons.TrackReward | None, track: str) -> dict[str, str]:
    if reward is None:
        return {f"{track}_{name}": "" for name in ("kind", "amount", "name_ko", "name_en", "state")}
    return {
        f"{track}_kind": reward.kind,
        f"{track}_amount": f"{reward.amount:,}",
        f"{track}_name_ko": reward.item_name_ko or "",
        f"{track}_name_en": reward.item_name_en or "",
        f"{track}_state": reward.state,
    }


def _rows(tiers: list[seasons.TierView], current: int, prefix: str) -> list[dict[str, str]]:
    return [
        {
            "id": str(t.id),
            "level": str(t.level),
            "xp_required": f"{t.xp_required:,}",
            "reached": "1" if t.reached else "",
            "current": "1" if t.level == current else "",
            "prefix": prefix,  # keeps element ids apart when two tracks are on the page
            **_reward_cells(t.free, "free"),
            **_reward_cells(t.premium, "premium"),
        }
        for t in tiers
    ]


def tier_rows(view: seasons.PassStatus) -> list[dict[str, str]]:
    """One row per tier with both tracks (``<track>_state``: claimed / claimable / locked / premium / "")."""
    return _rows(view.tiers, view.tier, "")


def previous_rows(view: seasons.PassStatus) -> list[dict[str, str]]:
    """The previous season's tiers with a reward still claimable (ids prefixed ``prev-``)."""
    return _rows(view.previous.tiers, 0, "prev-") if view.previous is not None else []


def previous_fields(view: seasons.PassStatus) -> dict[str, str]:
    """The previous season's name, claim deadline (KST) and how many rewards wait there ({} when none)."""
    previous = view.previous
    if previous is None:
        return {}
    return {
        "name_ko": previous.season.name_ko,
        "name_en": previous.season.name_en,
        "claim_until": kst(previous.season.claim_until),
        "claimable": str(previous.claimable),
    }


def season_fields(view: seasons.PassStatus) -> dict[str, str]:
    """The season header: names, window and claim deadline (KST), time left, pass XP per action."""
    season = view.season
    if season is None:
        return {}
    return {
        "name_ko": season.name_ko,
        "name_en": season.name_en,
        "starts": kst(season.starts_at),
        "ends": kst(season.ends_at),
        "claim_until": kst(season.claim_until),
        "ended": "1" if season.ended else "",
        "days": str(season.seconds_left // 86_400),
        "hours": str(season.seconds_left % 86_400 // 3_600),
        "xp_round": f"{season.xp_per_round:,}",
        "xp_checkin": f"{season.xp_per_checkin:,}",
        "xp_mission": f"{season.xp_per_mission:,}",
    }


def premium_fields(view: seasons.PassStatus) -> dict[str, str]:
    """The premium product as the page links to it ("" fields when the season has none)."""
    product = view.season.premium if view.season is not None else None
    if product is None:
        return {}
    return {
        "sku": product.sku,
        "name_ko": product.name_ko,
        "name_en": product.name_en,
        "price": f"{product.price_krw:,}",
        "on_sale": "1" if product.on_sale else "",
        "href": f"/shop#cc-product-{product.sku}",
    }


def progress_percent(view: seasons.PassStatus) -> int:
    """Progress from the current tier to the next, 0–100 (100 once every tier is reached)."""
    if view.next_tier_xp is None:
        return 100 if view.tiers else 0
    floor = max((t.xp_required for t in view.tiers if t.reached), default=0)
    span = view.next_tier_xp - floor
    return max(0, min(100, (view.xp - floor) * 100 // span)) if span > 0 else 0


class BattlePassState(rx.State):
    """The pass as the page shows it (display strings only)."""

    loaded: bool = False
    season: dict[str, str] = {}
    upcoming: dict[str, str] = {}
    premium_product: dict[str, str] = {}
    premium: bool = False
    xp: str = "0"
    tier: str = "0"
    tier_count: str = "0"
    to_next: str = ""
    percent: int = 0
    claimable: str = "0"
    tiers: list[dict[str, str]] = []
    previous: dict[str, str] = {}
    previous_tiers: list[dict[str, str]] = []
    busy: bool = False
    claimed: bool = False
    error: dict[str, str] = {}

    @rx.var
    def has_season(self) -> bool:
        """Whether a season is current."""
        return bool(self.season)

    def _fill(self, view: seasons.PassStatus) -> None:
        self.season, self.premium_product = season_fields(view), premium_fields(view)
        up = view.upcoming
        self.upcoming = {"name_ko": up.name_ko, "name_en": up.name_en, "starts": kst(up.starts_at)} if up else {}
        self.premium, self.xp, self.tier = view.premium, f"{view.xp:,}", str(view.tier)
        self.tier_count, self.claimable = str(len(view.tiers)), str(view.claimable)
        self.to_next = f"{view.next_tier_xp - view.xp:,}" if view.next_tier_xp is not None else ""
        self.percent, self.tiers, self.loaded = progress_percent(view), tier_rows(view), True
        self.previous, self.previous_tiers = previous_fields(view), previous_rows(view)

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The player's pass (guarded)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self._fill(await asyncio.to_thread(seasons.status, user.id))
        self.error, self.claimed, self.busy = {}, False, False
        return None

    @rx.event
    async def claim(self, tier_id: str, track: str) -> rx.event.EventSpec | list[rx.event.EventSpec] | None:
        """Claim one reward; the service decides (reached, premium owned, not claimed yet) and grants it."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        target = as_int(str(tier_id)[:20], maximum=BIGINT_MAX)
        if self.busy or target is None or track not in seasons.TRACKS:
            return None
        self.busy, self.error, self.claimed = True, {}, False
        try:
            await asyncio.to_thread(claims.claim, user.id, target, track)
            self.claimed = True
        except AppError as exc:
            self.error = bilingual_error(exc)
        finally:
            self.busy = False
        self._fill(await asyncio.to_thread(seasons.status, user.id))
        return [WalletState.refresh, AuthState.refresh_identity]  # gold or XP may have changed
