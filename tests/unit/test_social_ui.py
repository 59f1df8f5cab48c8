"""Follows and referrals without a database: the feed's following view, personal codes, the share link."""

from __future__ import annotations

from casino_app.services.referrals import codes, rules
from casino_app.state.feed import FeedState


def _moment(feed_id: int, user_id: int) -> dict:
    return {"id": feed_id, "kind": "big_win", "user_id": user_id, "nickname": f"p{user_id}", "params": {"amount": 1}}


def test_the_following_view_keeps_only_pushes_of_followed_players() -> None:
    state = FeedState(_reflex_internal_init=True)  # type: ignore[call-arg]
    state.following_only, state._followed = True, [5]
    state._push(_moment(1, 6))
    state._push(_moment(2, 5))
    assert [(line.id, line.user_id) for line in state.lines] == [(2, 5)]
    state.following_only = False
    state._push(_moment(3, 6))
    assert [line.id for line in state.lines] == [3, 2]


def test_an_old_push_without_a_player_id_is_shown_to_everyone_but_not_to_followers() -> None:
    state = FeedState(_reflex_internal_init=True)  # type: ignore[call-arg]
    legacy = {"id": 9, "kind": "big_win", "nickname": "x", "params": {"amount": 1}}
    state._push(legacy)
    assert [(line.id, line.user_id) for line in state.lines] == [(9, 0)]
    state.lines, state.following_only, state._followed = [], True, [5]
    state._push(legacy)
    assert state.lines == []


def test_personal_codes_are_unambiguous() -> None:
    made = {codes._new_code() for _ in range(200)}
    assert len(made) == 200
    for code in made:
        assert len(code) == rules.CODE_LENGTH
        assert set(code) <= set(rules.CODE_ALPHABET)
    assert not set(rules.CODE_ALPHABET) & set("01OIL")


def test_the_share_link_opens_signup_with_the_code() -> None:
    link = codes.signup_link("AB23CD45")
    assert link.endswith("/signup?ref=AB23CD45")
    assert link.startswith(("http://", "https://"))
