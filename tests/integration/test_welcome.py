"""The welcome after signup reads the starter gift back from the ledger entry signup posted."""

from __future__ import annotations

from casino_app.services import ledger, welcome
from casino_app.services.economy import config as economy_config
from tests.support.accounts import new_player, new_staff


def test_the_starter_gift_is_the_signup_credit_on_the_wallet() -> None:
    user_id = new_player().user.id
    history = ledger.history(user_id).items
    assert [item.kind for item in history] == ["WELCOME"]
    assert welcome.starter_gift(user_id) == history[0].amount == economy_config.active().config.starter_gold > 0


def test_each_player_sees_their_own_gift_even_after_the_starter_amount_changes() -> None:
    early = new_player().user.id
    first_amount = welcome.starter_gift(early)
    raw = economy_config.active().config.model_dump() | {"starter_gold": first_amount + 500}
    economy_config.add_version(raw, reason="tuning", actor_id=new_staff())
    late = new_player().user.id
    assert welcome.starter_gift(early) == first_amount
    assert welcome.starter_gift(late) == first_amount + 500 == ledger.balance_of(late)
    assert welcome.starter_gift(late + early + 1_000) == 0  # no account, no entry
