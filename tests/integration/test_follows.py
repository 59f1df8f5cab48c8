"""Follows: the seed API contract, counting a follow once for progression, and the followers' feed filter."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine, session_scope
from casino_app.core.errors import BadRequest, Conflict, NotFound
from casino_app.services import feed, realtime
from casino_app.services.social import follows
from tests.support.accounts import bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio


def _follow_count(user_id: int) -> int:
    with get_engine().connect() as conn:
        total = conn.execute(
            sa.text("SELECT total FROM player_action_counts WHERE user_id = :u AND action = 'follow'"), {"u": user_id}
        ).scalar_one_or_none()
    return int(total or 0)


def _deactivate(user_id: int) -> None:
    with get_engine().begin() as conn:
        conn.execute(sa.text("UPDATE users SET is_active = false WHERE id = :u"), {"u": user_id})


async def test_follow_is_idempotent_and_unfollow_answers_following_false() -> None:
    me, star = new_player(), new_player()
    headers = bearer(me.access_token)
    async with api_client() as client:
        first = await client.post(f"/api/games/follow/{star.user.id}", headers=headers)
        again = await client.post(f"/api/games/follow/{star.user.id}", headers=headers)
        state = await client.get(f"/api/users/{star.user.id}/follow", headers=headers)
        gone = await client.delete(f"/api/games/follow/{star.user.id}", headers=headers)
        gone_again = await client.delete(f"/api/games/follow/{star.user.id}", headers=headers)
    assert first.status_code == 200, first.text
    assert first.json() == {"following": True, "follower_count": 1}
    assert again.json() == {"following": True, "follower_count": 1}
    assert state.json() == {"following": True, "follower_count": 1, "following_count": 0}
    assert gone.json() == {"following": False, "follower_count": 0}
    assert gone_again.json() == {"following": False, "follower_count": 0}


async def test_self_is_400_and_unknown_staff_or_inactive_are_404() -> None:
    me, gone = new_player(), new_player()
    staff = new_staff("operator")
    _deactivate(gone.user.id)
    headers = bearer(me.access_token)
    async with api_client() as client:
        assert_envelope(await client.post(f"/api/games/follow/{me.user.id}", headers=headers), 400, "FOLLOW_SELF")
        assert_envelope(await client.delete(f"/api/games/follow/{me.user.id}", headers=headers), 400, "FOLLOW_SELF")
        for target in (999_999_999, staff, gone.user.id):
            assert_envelope(await client.post(f"/api/games/follow/{target}", headers=headers), 404, "NOT_FOUND")
        assert_envelope(await client.delete("/api/games/follow/999999999", headers=headers), 404, "NOT_FOUND")
        assert_envelope(await client.get(f"/api/users/{staff}/follow", headers=headers), 404, "NOT_FOUND")
        assert_envelope(await client.post("/api/games/follow/0", headers=headers), 422)
        assert_envelope(await client.post(f"/api/games/follow/{gone.user.id}"), 401)


async def test_the_list_pages_newest_first_with_its_total() -> None:
    me = new_player()
    stars = [new_player() for _ in range(5)]
    for star in stars:
        follows.follow(me.user.id, star.user.id)
    headers = bearer(me.access_token)
    async with api_client() as client:
        first = (await client.get("/api/games/follow/list?limit=2", headers=headers)).json()
        last = (await client.get("/api/games/follow/list?limit=2&offset=4", headers=headers)).json()
        beyond = (await client.get("/api/games/follow/list?offset=10", headers=headers)).json()
        default = (await client.get("/api/games/follow/list", headers=headers)).json()
        for query in ("limit=0", "limit=101", "offset=-1", "limit=x"):
            assert_envelope(await client.get(f"/api/games/follow/list?{query}", headers=headers), 422)
        assert_envelope(await client.get("/api/games/follow/list"), 401)
    newest = [s.user for s in reversed(stars)]
    assert first == {
        "total": 5,
        "items": [{"user_id": u.id, "nickname": u.nickname} for u in newest[:2]],
    }
    assert last["total"] == 5
    assert [i["user_id"] for i in last["items"]] == [newest[4].id]
    assert beyond == {"total": 5, "items": []}
    assert [i["user_id"] for i in default["items"]] == [u.id for u in newest]


def test_a_deactivated_player_leaves_the_lists_and_counts() -> None:
    me, star, fan = new_player(), new_player(), new_player()
    follows.follow(me.user.id, star.user.id)
    follows.follow(fan.user.id, me.user.id)
    _deactivate(star.user.id)
    _deactivate(fan.user.id)
    assert follows.following(me.user.id) == follows.FollowPage(0, [])
    assert follows.counts(me.user.id) == (0, 0)
    assert follows.unfollow(me.user.id, star.user.id).following is False  # still allowed


def test_a_follow_counts_once_per_pair_even_concurrently_or_after_unfollowing() -> None:
    me, star, other = new_player(), new_player(), new_player()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: follows.follow(me.user.id, star.user.id), range(16)))
    assert all(r == follows.FollowState(True, 1) for r in results)
    assert _follow_count(me.user.id) == 1
    follows.unfollow(me.user.id, star.user.id)
    follows.follow(me.user.id, star.user.id)
    assert _follow_count(me.user.id) == 1  # following again is not a new action
    follows.follow(me.user.id, other.user.id)
    assert _follow_count(me.user.id) == 2
    assert _follow_count(star.user.id) == 0


def test_a_rejected_follow_counts_nothing() -> None:
    me = new_player()
    with pytest.raises(BadRequest):
        follows.follow(me.user.id, me.user.id)
    with pytest.raises(NotFound):
        follows.follow(me.user.id, 999_999_999)
    assert _follow_count(me.user.id) == 0


def test_following_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(follows, "MAX_FOLLOWING", 2)
    me = new_player()
    stars = [new_player() for _ in range(3)]
    follows.follow(me.user.id, stars[0].user.id)
    follows.follow(me.user.id, stars[1].user.id)
    with pytest.raises(Conflict) as caught:
        follows.follow(me.user.id, stars[2].user.id)
    assert caught.value.error_code == "FOLLOW_LIMIT"
    assert follows.follow(me.user.id, stars[1].user.id).following  # re-following someone is still fine


def test_followers_see_the_big_wins_of_those_they_follow(monkeypatch: pytest.MonkeyPatch) -> None:
    pushed: list[dict] = []
    monkeypatch.setattr(realtime, "to_channel", lambda channel, event_type, **data: pushed.append(data))
    me, star, stranger = new_player(), new_player(), new_player()
    follows.follow(me.user.id, star.user.id)
    with session_scope() as db:
        feed.announce(db, "big_win", star.user.id, game="slot", amount=60_000)
        feed.announce(db, "big_win", stranger.user.id, game="slot", amount=70_000)
        feed.announce(db, "big_win", me.user.id, game="slot", amount=80_000)
    everyone = feed.recent(10)
    mine = feed.recent(10, followed_by=me.user.id)
    assert [i.user_id for i in everyone] == [me.user.id, stranger.user.id, star.user.id]
    assert [(i.user_id, i.nickname, i.params["amount"]) for i in mine] == [(star.user.id, star.user.nickname, 60_000)]
    assert feed.recent(10, followed_by=stranger.user.id) == []
    # live pushes carry the player's id, so a follower's tab can keep only the players it follows
    assert [p["user_id"] for p in pushed] == [star.user.id, stranger.user.id, me.user.id]
    assert follows.followed_ids(me.user.id) == [star.user.id]
