"""The play-style quiz's scoring and the mood suggestions without a database: only protective suggestions, gentler
ones where answers call for it, limits inside what the settings page accepts, and no risk score anywhere."""

from __future__ import annotations

import itertools

import pytest

from casino_app.core.errors import AppError
from casino_app.services.care import mood, quiz, settings
from casino_app.services.games import registry

ALL_ANSWERS = [dict(zip(quiz.QUESTIONS, combo, strict=True)) for combo in itertools.product(*quiz.QUESTIONS.values())]
CALM = {"session": "short", "budget": "set_budget", "enjoy": "relaxed", "after_loss": "calm", "time": "evening"}


# --- mood ------------------------------------------------------------------------------------------------------


def test_mood_suggestions_never_point_to_more_play() -> None:
    for choice, resting, free in itertools.product(mood.MOODS, (False, True), (False, True)):
        suggestion = mood.suggest(choice, resting=resting, free_spin_left=free)
        assert suggestion in {"rest", "lower_bet", "free_roulette", "enjoy"}
        if resting or choice in ("tired", "down", "stressed"):
            assert suggestion == "rest", (choice, resting)
        if suggestion == "free_roulette":
            assert free
            assert choice == "okay"


def test_mood_mapping() -> None:
    assert mood.suggest("okay", resting=False, free_spin_left=True) == "free_roulette"
    assert mood.suggest("okay", resting=False, free_spin_left=False) == "lower_bet"
    assert mood.suggest("great", resting=False, free_spin_left=True) == "enjoy"
    assert mood.suggest("good", resting=True, free_spin_left=True) == "rest"
    assert mood.LINKS["lower_bet"] == mood.LINKS["rest"] == "/care"
    assert {mood.LINKS[s] for s in mood.SUGGESTIONS} == {"/care", "/games/roulette", ""}
    assert 5 <= len(mood.MOODS) <= 6
    with pytest.raises(mood.MoodInvalid):
        mood.suggest("ecstatic", resting=False, free_spin_left=False)


def test_no_mood_suggestion_links_into_a_staked_game() -> None:
    for suggestion in mood.SUGGESTIONS:
        link = mood.LINKS[suggestion]
        assert link in ("", "/care") or link.startswith("/games/"), suggestion
        if link.startswith("/games/"):
            assert not registry.get(link.removeprefix("/games/")).wagered, suggestion


# --- quiz ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        None,
        [],
        {},
        {k: v for k, v in CALM.items() if k != "time"},
        {**CALM, "time": "noon"},
        {**CALM, "session": 1},
        {**CALM, "risk": "high"},
    ],
)
def test_missing_or_unknown_answers_are_refused(answers: object) -> None:
    with pytest.raises(quiz.QuizInvalid) as caught:
        quiz.validate(answers)
    assert isinstance(caught.value, AppError)
    assert caught.value.status == 422


def test_the_style_is_what_the_player_enjoys_most() -> None:
    for enjoy, style in (("collecting", "collector"), ("social", "social"), ("fast", "quick"), ("relaxed", "relaxed")):
        assert quiz.score({**CALM, "enjoy": enjoy}).style == style


def test_calm_answers_keep_the_usual_defaults() -> None:
    outcome = quiz.score(CALM)
    assert outcome.reality_interval == 30
    assert (outcome.time_limit_min, outcome.loss_limit_gold) == (30, 5_000)
    assert [(g.game, g.note) for g in outcome.games] == [("roulette", "free"), ("slot", "")]


def test_answers_that_call_for_care_make_everything_gentler() -> None:
    outcome = quiz.score({**CALM, "enjoy": "collecting", "after_loss": "make_up", "session": "very_long"})
    assert outcome.reality_interval == 15
    assert outcome.time_limit_min == 60
    assert outcome.loss_limit_gold == 1_000
    assert [(g.game, g.note) for g in outcome.games] == [("roulette", "free")]  # no gacha
    quick = quiz.score({**CALM, "enjoy": "fast", "time": "late_night"})
    assert quick.reality_interval == 15
    assert [(g.game, g.note) for g in quick.games] == [
        ("roulette", "free"),
        ("rps", "lowest_bet"),
        ("slot", "lowest_bet"),
    ]


def test_every_combination_gives_valid_protective_suggestions() -> None:
    assert len(ALL_ANSWERS) == 4**5
    keys = set(registry.keys())
    for answers in ALL_ANSWERS:
        outcome = quiz.score(quiz.validate(answers))
        assert outcome.style in quiz.STYLES
        assert outcome.reality_interval in (15, 30)  # never the longest interval
        assert settings.TIME_LIMIT_RANGE[0] <= outcome.time_limit_min <= settings.TIME_LIMIT_RANGE[1]
        assert settings.LOSS_LIMIT_RANGE[0] <= outcome.loss_limit_gold <= settings.LOSS_LIMIT_RANGE[1]
        assert outcome.games
        assert {g.game for g in outcome.games} <= keys
        if quiz.gentle(answers):
            assert outcome.reality_interval == 15
            assert outcome.loss_limit_gold <= quiz.GENTLE_LOSS_LIMIT
            assert outcome.time_limit_min <= quiz.GENTLE_TIME_LIMIT
            assert "gacha" not in {g.game for g in outcome.games}
            assert all(g.note in ("free", "lowest_bet") for g in outcome.games)
            assert outcome.games[0].note == "free"


def test_gentler_answers_never_raise_a_suggested_limit() -> None:
    for answers in ALL_ANSWERS:
        base = quiz.score(answers)
        for question, worse in (("after_loss", "make_up"), ("time", "late_night"), ("budget", "over_sometimes")):
            harder = quiz.score({**answers, question: worse})
            assert harder.reality_interval <= base.reality_interval
            assert harder.loss_limit_gold <= base.loss_limit_gold
            assert harder.time_limit_min <= base.time_limit_min


def test_recommendations_put_free_games_first_and_the_gacha_last() -> None:
    for style in quiz.STYLES:
        assert quiz.STYLE_GAMES[style][0] == "roulette", style
        if "gacha" in quiz.STYLE_GAMES[style]:
            assert style == "collector"
            assert quiz.STYLE_GAMES[style][-1] == "gacha"
    for answers in ALL_ANSWERS:
        games = quiz.score(answers).games
        assert (games[0].game, games[0].note) == ("roulette", "free")
        free = [g.note == "free" for g in games]
        assert free == sorted(free, reverse=True), games  # every free game before any staked one
        names = [g.game for g in games]
        if "gacha" in names:
            assert answers["enjoy"] == "collecting"
            assert names[-1] == "gacha"


def _care(time_limit: int | None, loss_limit: int | None) -> settings.CareView:
    return settings.CareView(
        reality_interval_min=30,
        effective_interval_min=30,
        flagged=False,
        time_limit_min=time_limit,
        loss_limit_gold=loss_limit,
        pending=[],
        played_seconds_today=0,
        net_today=0,
    )


def test_limit_advice_never_exceeds_the_limit_in_force() -> None:
    assert quiz.advise("loss_limit_gold", 5_000, None) == quiz.LimitAdvice("loss_limit_gold", 5_000, None, "set")
    assert quiz.advise("loss_limit_gold", 5_000, 500) == quiz.LimitAdvice("loss_limit_gold", 500, 500, "keep")
    assert quiz.advise("loss_limit_gold", 5_000, 5_000) == quiz.LimitAdvice("loss_limit_gold", 5_000, 5_000, "keep")
    assert quiz.advise("time_limit_min", 30, 120) == quiz.LimitAdvice("time_limit_min", 30, 120, "lower")
    for current in (None, 15, 30, 45, 100, 999, 1_000, 2_000, 5_000, 1_440, 100_000):
        for answers in ALL_ANSWERS[::7]:
            outcome = quiz.score(answers)
            suggested = {"time_limit_min": outcome.time_limit_min, "loss_limit_gold": outcome.loss_limit_gold}
            for advice in quiz.limit_advice(suggested, _care(current, current)):
                assert advice.value <= suggested[advice.name]
                assert advice.current == current
                if current is None:
                    assert advice.action == "set"
                else:
                    assert advice.value <= current  # never a raise, never a removal
                    assert advice.action == ("keep" if current <= suggested[advice.name] else "lower")


def test_the_stored_result_holds_no_score_or_propensity() -> None:
    outcome = quiz.score({**CALM, "after_loss": "upset"})
    stored = quiz._result(outcome, previous=30, applied=True, care=_care(None, 500))
    assert stored["suggested_limits"] == {"time_limit_min": outcome.time_limit_min, "loss_limit_gold": 500}
    assert set(stored) == {"games", "reality_interval", "suggested_limits"}
    text = repr(stored).lower()
    assert "risk" not in text
    assert "score" not in text
    assert "propensity" not in text
