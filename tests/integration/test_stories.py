"""The character-story gallery: the adult gate, deterministic requirements (level, battle pass, achievement, a
story pack bought in the shop), stage order, idempotent and concurrent unlocks, privacy, and no gold moving."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine, session_scope
from casino_app.i18n.en import stories as en_texts
from casino_app.i18n.ko import stories as ko_texts
from casino_app.models.shop import ShopProduct
from casino_app.services import ledger
from casino_app.services.achievements import defaults as achievement_defaults
from casino_app.services.games import inventory
from casino_app.services.shop import orders, refunds
from casino_app.services.shop.errors import AgeVerificationRequired
from casino_app.services.stories import catalog, demo, unlocks
from casino_app.services.stories.errors import StageInvalid, StoryLocked, StoryNotFound
from tests.support import battlepass as bp
from tests.support import shop as s
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio


def _scalar(sql: str, **params: object) -> int:
    with get_engine().connect() as conn:
        return int(conn.execute(sa.text(sql), params).scalar_one())


def _set_level(user_id: int, level: int) -> None:
    with session_scope() as db:
        db.execute(sa.text("UPDATE users SET xp = :xp WHERE id = :u"), {"xp": (level - 1) * 500, "u": user_id})


def _grant_achievement(user_id: int, key: str) -> None:
    with session_scope() as db:
        achievement_defaults.install(db)
        db.execute(
            sa.text(
                "INSERT INTO user_achievements (user_id, achievement_id, achieved_at)"
                " SELECT :u, id, now() FROM achievements WHERE key = :k"
            ),
            {"u": user_id, "k": key},
        )


def _give_pack(user_id: int) -> None:
    with session_scope() as db:
        inventory.grant(db, user_id, catalog.STORY_PACK)


def _rows(user_id: int) -> int:
    return _scalar("SELECT count(*) FROM story_unlocks WHERE user_id = :u", u=user_id)


def _stage(views: list[unlocks.StoryView], key: str, stage: int) -> unlocks.StageView:
    view = next(v for v in views if v.key == key)
    return next(st for st in view.stages if st.stage == stage)


def _paragraphs(key: str, field: str, texts: dict) -> list[str]:
    return [p.strip() for p in texts[key][field].split("\n\n")]


def _money() -> tuple[int, int]:
    """Ledger transfers and entries: an unlock adds neither."""
    return _scalar("SELECT count(*) FROM ledger_transfers"), _scalar("SELECT count(*) FROM ledger_entries")


async def test_players_not_verified_as_adults_get_403_and_see_nothing() -> None:
    pair = new_player()
    headers = bearer(pair.access_token)
    async with api_client() as client:
        assert_envelope(await client.get("/api/unlock", headers=headers), 403, "AGE_VERIFICATION_REQUIRED")
        refused = await client.post("/api/unlock", headers=headers, json={"story": "dealer", "stage": 2})
        assert_envelope(refused, 403, "AGE_VERIFICATION_REQUIRED")
        assert_envelope(await client.get("/api/unlock"), 401)
        new_staff("admin", site_id="storyops01")
        login = await client.post("/api/admin/auth/login", json={"site_id": "storyops01", "password": PASSWORD})
        staff = bearer(login.json()["access_token"])
        assert_envelope(await client.get("/api/unlock", headers=staff), 403, "PLAYERS_ONLY")
    with pytest.raises(AgeVerificationRequired):
        unlocks.gallery(pair.user.id)
    _set_level(pair.user.id, 10)  # meeting a requirement does not open anything without the age check
    with pytest.raises(AgeVerificationRequired):
        unlocks.unlock(pair.user.id, "dealer", 2)
    assert _rows(pair.user.id) == 0


async def test_the_gallery_shows_each_stages_text_only_once_it_is_open() -> None:
    pair = s.adult_session()
    headers = bearer(pair.access_token)
    async with api_client() as client:
        response = await client.get("/api/unlock", headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "19" in body["notice"]
        assert [story["key"] for story in body["stories"]] == [st.key for st in catalog.STORIES]
        dealer = next(story for story in body["stories"] if story["key"] == "dealer")
        assert dealer["title"] == ko_texts.STORIES["dealer"]["title"]
        assert dealer["art_url"] == "/stories/teaser_dealer.svg"  # the public blurred teaser, not the art
        assert dealer["stage"] == 1
        assert dealer["paragraphs"] == _paragraphs("dealer", "stage1", ko_texts.STORIES)
        assert [st["state"] for st in dealer["stages"]] == ["unlocked", "locked", "locked"]
        assert dealer["stages"][1]["requirements"][0] == {
            "kind": "level",
            "target": "2",
            "text": "레벨 2 달성",
            "current": 1,
            "goal": 2,
            "met": False,
            "available": True,
        }
        assert dealer["stages"][2]["needs_previous"] is True
        english = (await client.get("/api/unlock", headers={**headers, "Accept-Language": "en"})).json()
        assert english["stories"][0]["title"] == en_texts.STORIES["dealer"]["title"]
        assert english["stories"][0]["stages"][1]["requirements"][0]["text"] == "Reach level 2"


async def test_a_level_requirement_opens_stage_2_only_once_it_is_met_and_moves_no_gold() -> None:
    pair = s.adult_session(gold=700)
    user, headers = pair.user.id, bearer(pair.access_token)
    money = _money()
    async with api_client() as client:
        locked = await client.post("/api/unlock", headers=headers, json={"story": "bartender", "stage": 2})
        error = assert_envelope(locked, 403, "STORY_LOCKED")
        assert error["details"]["missing"] == [{"kind": "level", "target": 3, "current": 1, "goal": 3}]
        _set_level(user, 3)
        gallery = (await client.get("/api/unlock", headers=headers)).json()
        bartender = next(story for story in gallery["stories"] if story["key"] == "bartender")
        assert bartender["stages"][1]["state"] == "unlockable"
        opened = await client.post("/api/unlock", headers=headers, json={"story": "bartender", "stage": 2})
        assert opened.status_code == 200, opened.text
        assert (opened.json()["story"], opened.json()["stage"], opened.json()["source"]) == ("bartender", 2, "level")
        view = opened.json()["view"]
        assert view["stage"] == 2
        assert view["art_url"] == "/api/unlock/bartender/art"  # the finished art, through the gated route
        assert view["paragraphs"] == _paragraphs("bartender", "stage2", ko_texts.STORIES)
        assert not set(_paragraphs("bartender", "stage3", ko_texts.STORIES)) & set(view["paragraphs"])
        assert view["stages"][2]["state"] == "locked"  # level 8 / tier 3 / the pack: none met
    assert ledger.balance_of(user) == 700
    assert _money() == money
    assert _rows(user) == 1


async def test_a_story_pack_bought_in_the_shop_opens_stage_3_and_is_not_used_up() -> None:
    admin_site = "storyadmin01"
    new_staff("admin", site_id=admin_site)
    assert demo.seed_story_pack(admin_site) == "stories: 1 demo product"
    assert demo.seed_story_pack(admin_site) == "stories: 0 demo products"
    with session_scope() as db:
        product = db.execute(sa.select(ShopProduct).where(ShopProduct.sku == "STORY_PACK")).scalar_one()
        product_id, price = product.id, product.price_krw
    assert product.items == {catalog.STORY_PACK: 1}
    assert product.name_ko == "스토리 팩"
    pair = s.adult_session()
    user, headers = pair.user.id, bearer(pair.access_token)
    order = orders.purchase(user, product_id, s.key())
    assert order.amount_krw == price
    s.pay(order.code)
    with session_scope() as db:
        assert inventory.quantity(db, user, catalog.STORY_PACK) == 1  # the shop's fulfilment granted the item
    _set_level(user, 2)
    balance, money = ledger.balance_of(user), _money()
    async with api_client() as client:
        early = await client.post("/api/unlock", headers=headers, json={"story": "dj", "stage": 3})
        error = assert_envelope(early, 403, "STORY_LOCKED")  # the pack is held, but stage 2 comes first
        assert error["details"]["missing"] == [{"kind": "stage", "target": 2, "current": 0, "goal": 1}]
        for story in ("dealer", "bartender"):
            assert_envelope(
                await client.post("/api/unlock", headers=headers, json={"story": story, "stage": 3}),
                403,
                "STORY_LOCKED",
            )
        second = await client.post("/api/unlock", headers=headers, json={"story": "dealer", "stage": 2})
        assert second.json()["source"] == "level"
        third = await client.post("/api/unlock", headers=headers, json={"story": "dealer", "stage": 3})
        assert third.status_code == 200, third.text
        assert third.json()["source"] == "pack"
        full = third.json()["view"]
        assert full["stage"] == 3
        assert full["paragraphs"] == _paragraphs("dealer", "stage2", ko_texts.STORIES) + _paragraphs(
            "dealer", "stage3", ko_texts.STORIES
        )
    with session_scope() as db:
        assert inventory.quantity(db, user, catalog.STORY_PACK) == 1  # owning it unlocks; nothing is consumed
    assert ledger.balance_of(user) == balance
    assert _money() == money


def test_a_withdrawn_pack_takes_back_what_it_opened_until_another_requirement_opens_it() -> None:
    user = s.adult()
    product = s.product(price_krw=2_200, gold=1_000, bonus_gold=0, items={catalog.STORY_PACK: 1})
    order = orders.purchase(user, product.id or 0, s.key())
    s.pay(order.code)
    _set_level(user, 2)
    unlocks.unlock(user, "dealer", 2)
    assert unlocks.unlock(user, "dealer", 3).source == "pack"
    refunds.withdraw(user, order.code)  # unused: the gold and the pack go back
    with session_scope() as db:
        assert inventory.quantity(db, user, catalog.STORY_PACK) == 0
    after = _stage(unlocks.gallery(user), "dealer", 3)
    assert after.state == "locked"
    assert after.source is None
    assert unlocks.story_view(user, "dealer").stage == 2
    with pytest.raises(StoryLocked):
        unlocks.unlock(user, "dealer", 3)
    _grant_achievement(user, "verifier")
    again = unlocks.unlock(user, "dealer", 3)
    assert again.source == "achievement"
    assert _rows(user) == 2
    assert unlocks.story_view(user, "dealer").stage == 3


def test_battle_pass_tiers_and_achievements_are_requirements_too() -> None:
    user = s.adult()
    _set_level(user, 3)
    unlocks.unlock(user, "bartender", 2)
    without = _stage(unlocks.gallery(user), "bartender", 3)
    tier = next(r for r in without.requirements if r.kind == "battlepass")
    assert (tier.available, tier.current, tier.goal) == (False, 0, 3)
    assert "진행 중인 시즌이 없어요" in tier.text("ko")
    season = bp.season()  # tier n at 100 * (n - 1) pass XP
    assert season.id is not None
    bp.set_xp(season.id, user, 150)
    with pytest.raises(StoryLocked) as refused:
        unlocks.unlock(user, "bartender", 3)
    assert {"kind": "battlepass", "target": 3, "current": 2, "goal": 3} in refused.value.details["missing"]
    bp.set_xp(season.id, user, 200)
    assert unlocks.unlock(user, "bartender", 3).source == "battlepass"

    missing = next(r for r in _stage(unlocks.gallery(user), "dj", 2).requirements if r.kind == "achievement")
    assert not missing.available  # no such achievement defined (yet): it cannot be met
    assert missing.name_ko == "first_follow"
    with session_scope() as db:
        achievement_defaults.install(db)
    dj = _stage(unlocks.gallery(user), "dj", 2)
    follow = next(r for r in dj.requirements if r.kind == "achievement")
    assert follow.available
    assert not follow.met
    assert follow.name_ko == "첫 친구"
    with session_scope() as db:  # a retired achievement can no longer be earned ...
        db.execute(sa.text("UPDATE achievements SET is_active = false WHERE key = 'first_follow'"))
    retired = _stage(unlocks.gallery(user), "dj", 2).requirements[0]
    assert (retired.kind, retired.available) == ("achievement", False)
    _set_level(user, 1)
    with pytest.raises(StoryLocked):
        unlocks.unlock(user, "dj", 2)
    _grant_achievement(user, "first_follow")  # ... but one already earned still counts
    assert _stage(unlocks.gallery(user), "dj", 2).requirements[0].available
    assert unlocks.unlock(user, "dj", 2).source == "achievement"


async def test_unlocking_twice_returns_the_same_unlock() -> None:
    pair = s.adult_session()
    user, headers = pair.user.id, bearer(pair.access_token)
    _set_level(user, 2)
    async with api_client() as client:
        first = await client.post("/api/unlock", headers=headers, json={"story": "dealer", "stage": 2})
        again = await client.post("/api/unlock", headers=headers, json={"story": "dealer", "stage": 2})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert unlocks.unlock(user, "dealer", 2).unlocked_at.isoformat() == first.json()["unlocked_at"].replace(
        "Z", "+00:00"
    )
    assert _rows(user) == 1


async def test_another_players_unlocks_are_invisible() -> None:
    one, other = s.adult_session(), s.adult_session()
    _set_level(one.user.id, 3)
    unlocks.unlock(one.user.id, "bartender", 2)
    async with api_client() as client:
        mine = (await client.get("/api/unlock", headers=bearer(one.access_token))).json()
        theirs = (await client.get("/api/unlock", headers=bearer(other.access_token))).json()
    assert next(x for x in mine["stories"] if x["key"] == "bartender")["stage"] == 2
    bartender = next(x for x in theirs["stories"] if x["key"] == "bartender")
    assert bartender["stage"] == 1
    assert bartender["stages"][1]["state"] == "locked"
    assert bartender["stages"][1]["unlocked_at"] is None
    assert bartender["paragraphs"] == _paragraphs("bartender", "stage1", ko_texts.STORIES)
    assert _rows(other.user.id) == 0


def test_twenty_concurrent_unlocks_record_one_row() -> None:
    user = s.adult()
    _set_level(user, 2)
    start = threading.Barrier(20)

    def attempt(_: int) -> unlocks.Unlock:
        start.wait()
        return unlocks.unlock(user, "dealer", 2)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(20)))
    assert len({(r.story, r.stage, r.source, r.unlocked_at) for r in results}) == 1
    assert _rows(user) == 1


def test_concurrent_stage_2_and_3_never_leave_stage_3_alone() -> None:
    user = s.adult()
    _set_level(user, 2)
    _give_pack(user)
    start = threading.Barrier(20)

    def attempt(n: int) -> object:
        start.wait()
        try:
            return unlocks.unlock(user, "dealer", 2 + n % 2)
        except StoryLocked as exc:  # stage 3 asked before stage 2 was recorded
            return exc

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(20)))
    opened = [r for r in results if isinstance(r, unlocks.Unlock)]
    assert {r.stage for r in opened} <= {2, 3}
    assert any(r.stage == 2 for r in opened)
    assert len({(r.stage, r.unlocked_at) for r in opened}) == len({r.stage for r in opened})  # one unlock per stage
    assert _rows(user) == len({r.stage for r in opened})
    refused = [r for r in results if isinstance(r, StoryLocked)]
    assert all(r.details["missing"][0]["kind"] == "stage" for r in refused)


async def test_bad_requests_are_4xx() -> None:
    pair = s.adult_session()
    headers = bearer(pair.access_token)
    _set_level(pair.user.id, 10)
    async with api_client() as client:
        post = client.post
        assert_envelope(
            await post("/api/unlock", headers=headers, json={"story": "nobody", "stage": 2}), 404, "STORY_NOT_FOUND"
        )
        for stage in (1, 4, 0, "2", 2.5, None):
            assert_envelope(await post("/api/unlock", headers=headers, json={"story": "dealer", "stage": stage}), 422)
        assert_envelope(await post("/api/unlock", headers=headers, json={"story": "", "stage": 2}), 422)
        assert_envelope(await post("/api/unlock", headers=headers, json={"story": "x" * 41, "stage": 2}), 422)
        assert_envelope(await post("/api/unlock", headers=headers, json={"story": "dealer"}), 422)
        extra = {"story": "dealer", "stage": 2, "user_id": 1}
        assert_envelope(await post("/api/unlock", headers=headers, json=extra), 422)
        assert_envelope(await post("/api/unlock", headers=headers, content=b"{"), 422)
    assert _rows(pair.user.id) == 0
    with pytest.raises(StoryNotFound):
        unlocks.unlock(pair.user.id, "nobody", 2)
    for stage in (1, 4, True):
        with pytest.raises(StageInvalid):
            unlocks.unlock(pair.user.id, "dealer", stage)
