"""Every public method of a Reflex State is callable from the browser; the surface is reviewed here.

A helper that is not meant to be an event (``_bind``, ``_apply_balance`` ...)
must start with an underscore, otherwise any client could invoke it with
arguments of its choosing. Adding an event handler means adding it below after
checking that it re-verifies the user and validates its arguments.
"""

from __future__ import annotations

from collections.abc import Iterator

import reflex as rx

import casino_app.casino_app  # noqa: F401 - registers every page and state

EXPECTED: dict[str, set[str]] = {
    "AchievementsState": {"load"},  # the player's own achievements only (user re-checked per call)
    "PlayerBadgesState": {"load"},  # another player's unlocked badges only (public data; player checked per call)
    "AdminAuditState": {"load", "more", "search"},  # read-only; operator+ re-checked per call; filters parsed
    # support+ re-checked per call; the query cleaned by the service; page steps whitelisted
    "AdminPlayersState": {"load", "search", "turn"},
    # reads and notes: support+; every action re-checks operator+ and its reason (services.console) per call;
    # action names whitelisted, rank whitelisted, the gold amount parsed and the browser key validated
    "AdminPlayerState": {
        "act",
        "add_note",
        "adjust_gold",
        "ask",
        "cancel",
        "choose_rank",
        "dismiss_password",
        "load",
        "set_reason",
    },
    "AdminBattlePassState": {"edit", "edit_tiers", "load", "publish", "save", "save_tiers"},  # writes: admin
    "AdminCareState": {"filter", "load", "more"},  # read-only; staff re-checked per call; filters whitelisted
    "AdminCatalogState": {"edit", "load", "save", "set_active"},  # changes need an admin (checked per call)
    "AdminCrashState": {"filter", "load", "refresh", "switch_pause"},  # staff per call; the switch needs an admin
    "AdminDashboardState": {"choose_days", "load", "refresh"},  # read-only; support+ re-checked per call; 7/30 only
    # read-only; support+ re-checked per call; report names and periods whitelisted; the CSV is read again
    "AdminAnalyticsState": {"choose_days", "download_csv", "load", "refresh"},
    "AdminEventsState": {"add_mission", "ask", "confirm", "edit", "load", "pick", "save"},  # writes: admin per call
    "AdminLimitedState": {"ask_disable", "disable", "edit", "load", "save"},  # writes need an admin (per call)
    "AdminPromosState": {"edit", "load", "save"},  # writes need an admin (checked per call)
    "AdminInvitesState": {"create", "deactivate", "load"},
    # operator+ re-checked per call; reason and key validated by services.console.grants; the batch from the list
    "AdminGrantsState": {"load", "open_batch", "set_batch_key", "set_reason", "upload"},
    # support reads (re-checked per call); check/send need an operator (per call); form values whitelisted;
    # choose_*/close_message only switch the view
    "AdminMailState": {
        "check",
        "choose_target",
        "choose_template",
        "close_message",
        "filter",
        "load",
        "more",
        "open_message",
        "send",
    },
    # operator+ re-checked per call; form values parsed and checked again by services.messaging on confirmation;
    # the confirmed send/campaign is the server-side reviewed one; ask_cancel/close_* only switch the view
    "AdminMessagesState": {
        "ask_cancel",
        "close_campaign_review",
        "close_review",
        "confirm_campaign",
        "confirm_cancel",
        "confirm_send",
        "load",
        "refresh",
        "review_campaign",
        "review_send",
    },
    "AdminMissionsState": {"edit", "load", "remove", "save", "set_active"},  # writes need an admin (per call)
    "AdminMonitorState": {"load", "pause", "resume", "tick"},  # read-only; operator+ re-checked per call
    # staff per call; the game whitelisted, versions parsed; publishing needs an admin and a reason (per call)
    "AdminOddsState": {"choose_game", "compare", "load", "publish"},
    "AdminOrdersState": {"load", "more", "open_order", "refund", "search"},
    # operator+ re-checked per call (and by services.overlays.tokens); the label cleaned by the service, the id
    # parsed; dismiss_issued only hides the new token's addresses
    "AdminOverlaysState": {"dismiss_issued", "issue", "load", "revoke"},
    "AuthState": {"logout", "refresh_identity", "require_player", "require_staff"},
    "BattlePassState": {"claim", "load"},  # the player re-checked per call; the server decides the claim
    "CareState": {  # the player re-checked per call; every value is validated by services.care
        "choose_interval",
        "choose_period",
        "load",
        "open_break",
        "opt_in",
        "save_limits",
        "set_break_dialog",
        "set_confirm",
        "start_break",
    },
    "CareQuizState": {"choose", "load", "retake", "submit"},  # options whitelisted; the player re-checked to submit
    "CommunityState": {"refresh", "tick"},  # public counters (cached for every visitor by the service)
    # the player re-checked per call; the server decides bets and cash-outs (form values parsed, the key checked)
    "CrashState": {"cash_out", "load", "place_bet", "poll"},
    "CrashVerifyState": {"check", "load", "walk"},  # public proof of a round; hash validated; walks limited
    "DailyState": {"claim", "refresh", "refresh_badge", "set_auto_use", "set_open"},
    "DealerState": {"dismiss"},  # closes the bubble only; lines come from game states (dealer.react, not an event)
    "EventsState": {"claim", "join", "load", "select"},  # the player re-checked per call; the server decides
    "FairnessState": {"load", "pick", "rotate", "run_verify", "save_client_seed", "set_v_game"},
    "FeedState": {"refresh", "show_following"},  # the following view re-checks the player per call
    "FriendsState": {"load", "turn_page", "unfollow"},  # the player's own follows only (user re-checked per call)
    "GachaState": {"close_reveal", "load", "pull"},  # close_reveal only hides the reveal (no data, no arguments)
    "HistoryState": {"filter", "load", "more"},
    "HistoryExportState": {"choose_from", "choose_kind", "choose_to"},  # link choices only; the route checks the user
    "InventoryState": {"load"},
    "LeaderboardState": {"choose_board", "choose_game", "choose_period", "load", "set_hidden"},  # user per call
    "LimitedShopState": {"buy", "load", "open_package", "preview_promo", "set_modal_open"},
    "LoginState": {"on_open", "submit", "submit_staff", "toggle_password"},  # toggle_password: display only
    "PasswordChangeState": {"load", "submit"},  # the player re-checked per call; services check both passwords
    "MissionsState": {"claim", "load", "refresh"},  # the player re-checked per call; the server decides the claim
    "MoodState": {"checkin", "load"},  # the player re-checked per call; the mood whitelisted; once a day (server)
    # no login: the token from the address is resolved on the server at load and at every tick (revoked: nothing)
    "OverlayState": {"load", "tick"},
    "NotificationState": {"mark_read", "refresh"},
    # the player re-checked per call; category whitelisted, the id parsed and owned (server), values must be bool
    "NotificationCenterState": {
        "choose_category",
        "load",
        "more",
        "open_item",
        "read_all",
        "set_category_enabled",
        "set_marketing",
        "set_night",
        "set_unread_only",
    },
    "PlayerCardState": {"load", "toggle_follow"},  # follows as the re-checked player; the id is parsed
    # preview_age: reads a date, records nothing; confirm_minor_age re-checks the player and records only the date
    # the service asked to confirm; fix_age_date only returns to the form
    "ProfileState": {"confirm_minor_age", "fix_age_date", "load", "preview_age", "save", "set_age_open", "verify_age"},
    "ProfileEmailState": {"load", "remove", "save"},  # the player re-checked per call; the address validated
    "RealityState": {"acknowledge", "refresh", "tick"},  # the player re-checked per call; the server decides
    "RouletteState": {"load", "spin"},
    "RpsState": {"choose_bet", "load", "play"},
    "SessionsState": {"load", "revoke"},
    "ShopHistoryState": {"ask_withdraw", "download_csv", "load", "more", "withdraw"},
    "ShopLimitsState": {"load", "save"},
    "ShopReturnState": {"check_again", "load", "poll", "retry"},
    "ShopState": {"buy", "load", "open_product", "set_modal_open"},
    # live checks: the field rules, and availability rate-limited per IP by the service (never the signup limit);
    # note_password/note_confirm take a length and a bool only (the passwords stay in the browser)
    "SignupState": {
        "check_invite",
        "check_nickname",
        "check_site_id",
        "note_confirm",
        "note_password",
        "on_open",
        "set_invite_code",
        "set_nickname",
        "set_phone_number",
        "set_site_id",
        "submit",
        "toggle_password",
    },
    "SlotState": {"choose_bet", "load", "reveal", "spin"},  # reveal: display only, the round is settled
    "SoundState": {"play"},  # only a whitelisted cue name; touches no user data
    "StreamVisibilityState": {"load", "set_visible"},  # the player re-checked per call; the value must be a bool
    "StoriesState": {"load", "unlock"},  # the player re-checked per call; story and stage whitelisted; server decides
    "UIState": {"toggle_language", "toggle_music", "toggle_sound"},
    "WalletHistoryState": {"load", "more"},
    "WalletState": {"refresh"},
    # a display flag from the URL and the player's own starter gift (player re-checked per call); ``go`` only
    # follows a same-site path (``safe_next``)
    "WelcomeState": {"dismiss", "go", "load", "opened"},
}


def _app_states() -> Iterator[type[rx.State]]:
    pending = list(rx.State.get_substates())
    while pending:
        state = pending.pop()
        pending.extend(state.get_substates())
        if state.__module__.startswith("casino_app."):
            yield state


def test_browser_callable_handlers_are_exactly_the_reviewed_ones() -> None:
    inherited = set(rx.State.event_handlers)
    actual = {state.__name__: set(state.event_handlers) - inherited for state in _app_states()}
    assert actual == EXPECTED


def test_setvar_reaches_only_reviewed_setters() -> None:
    # The built-in ``setvar`` event calls ``getattr(state, "set_" + name)``; any
    # ``set_*`` attribute (an auto-generated setter, a helper) would be writable.
    for state in _app_states():
        setters = {name for name in dir(state) if name.startswith("set_")}
        assert setters - {"set_is_hydrated"} == {n for n in EXPECTED[state.__name__] if n.startswith("set_")}
