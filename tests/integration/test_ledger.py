"""The ledger's invariants under property-based sequences, concurrency, retries and injected failures."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from casino_app.core.db import get_engine, session_scope
from casino_app.services import ledger
from casino_app.services.ledger import IdempotencyConflict, InsufficientFunds, Leg, UnknownAccount
from tests.support import db as test_db
from tests.support.wallets import player_with_gold


def _entry_sum() -> int:
    with get_engine().connect() as conn:
        return int(conn.scalar(sa.text("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries")))


def _balance(user_id: int) -> int:
    return ledger.balance_of(user_id)


def test_welcome_gold_and_reconciliation(database_url: str) -> None:
    user = player_with_gold(1000)
    assert _balance(user) == 1000
    result = ledger.reconcile()
    assert result.ok
    assert result.sums == {"GOLD": 0}


def test_amounts_are_positive_integers(database_url: str) -> None:
    user = player_with_gold(100)
    account = ledger.user_account(user)
    for bad in (0, -5, 1.5, True, 10**16):
        with pytest.raises(ValueError):
            ledger.post(None, key=f"bad-{bad}", kind="BET", legs=[Leg(account, "house:slot", bad, "BET")])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ledger.post(None, key="self", kind="BET", legs=[Leg(account, account, 5, "BET")])
    with pytest.raises(UnknownAccount):
        ledger.post(None, key="ghost", kind="BET", legs=[Leg("user:999999", "house:slot", 5, "BET")])
    assert _balance(user) == 100


def test_multi_leg_bet_and_win_post_atomically(database_url: str) -> None:
    user = player_with_gold(100)
    account = ledger.user_account(user)
    posting = ledger.post(
        None,
        key="round-1",
        kind="SLOT_SPIN",
        legs=[Leg(account, "house:slot", 100, "BET"), Leg("house:slot", account, 250, "WIN")],
        reference="round:1",
    )
    assert posting.balance(account) == 250
    assert posting.net(account) == 150
    assert [e.balance_after for e in posting.entries if e.account == account] == [0, 250]
    # the bet needs the whole balance; a bet above it fails even though the win would cover it
    with pytest.raises(InsufficientFunds) as exc:
        ledger.post(
            None,
            key="round-2",
            kind="SLOT_SPIN",
            legs=[Leg(account, "house:slot", 251, "BET"), Leg("house:slot", account, 1000, "WIN")],
        )
    assert exc.value.details == {"needed": 251, "available": 250}
    assert _balance(user) == 250
    assert _entry_sum() == 0


def test_same_key_replays_and_different_request_conflicts(database_url: str) -> None:
    user = player_with_gold(500)
    account = ledger.user_account(user)
    first = ledger.post(None, key="retry-me", kind="BET", legs=[Leg(account, "house:slot", 100, "BET")])
    again = ledger.post(None, key="retry-me", kind="BET", legs=[Leg(account, "house:slot", 100, "BET")])
    assert again.replayed
    assert again.transfer_id == first.transfer_id
    assert again.balance(account) == 400
    with pytest.raises(IdempotencyConflict):
        ledger.post(None, key="retry-me", kind="BET", legs=[Leg(account, "house:slot", 101, "BET")])
    with pytest.raises(IdempotencyConflict):  # the memo (e.g. an adjustment's reason) is part of the request
        ledger.post(
            None, key="retry-me", kind="BET", legs=[Leg(account, "house:slot", 100, "BET")], memo={"reason": "x"}
        )
    assert _balance(user) == 400


def test_failure_after_debit_before_commit_leaves_no_trace(database_url: str) -> None:
    user = player_with_gold(300)
    account = ledger.user_account(user)
    with get_engine().connect() as conn:
        before = conn.execute(sa.text("SELECT count(*) FROM ledger_entries")).scalar_one()

    class Crash(Exception):
        pass

    with pytest.raises(Crash), session_scope() as db:  # noqa: PT012 - the crash must happen inside the scope
        posting = ledger.post(db, key="doomed", kind="BET", legs=[Leg(account, "house:slot", 200, "BET")])
        assert posting.balance(account) == 100  # the debit happened inside the transaction…
        raise Crash  # …and then the process "dies" before commit
    with get_engine().connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM ledger_entries")).scalar_one() == before
        assert (
            conn.execute(sa.text("SELECT count(*) FROM ledger_transfers WHERE idempotency_key='doomed'")).scalar_one()
            == 0
        )
    assert _balance(user) == 300
    # and the same key can be used again, since nothing happened
    assert (
        ledger.post(None, key="doomed", kind="BET", legs=[Leg(account, "house:slot", 200, "BET")]).balance(account)
        == 100
    )


def test_200_concurrent_debits_on_one_wallet(database_url: str) -> None:
    start = 10_000
    user = player_with_gold(start)
    account = ledger.user_account(user)
    amounts = [37 + (i * 53) % 211 for i in range(200)]  # total well above the balance
    observed_negative = threading.Event()

    def debit(i: int) -> str:
        try:
            posting = ledger.post(
                None, key=f"hot-{i}", kind="BET", legs=[Leg(account, "house:slot", amounts[i], "BET")]
            )
        except InsufficientFunds:
            return "insufficient"
        if posting.balance(account) < 0:
            observed_negative.set()
        return "ok"

    with ThreadPoolExecutor(max_workers=32) as pool:
        outcomes = list(pool.map(debit, range(200)))
    accepted = sum(amount for amount, outcome in zip(amounts, outcomes, strict=True) if outcome == "ok")
    assert set(outcomes) <= {"ok", "insufficient"}
    assert "insufficient" in outcomes  # the balance really ran out
    assert _balance(user) == start - accepted
    assert _balance(user) >= 0
    assert not observed_negative.is_set()
    assert ledger.reconcile().ok


def test_50_concurrent_posts_with_one_key_move_gold_once(database_url: str) -> None:
    user = player_with_gold(1000)
    account = ledger.user_account(user)
    barrier = threading.Barrier(50)

    def attempt(_: int) -> int:
        barrier.wait()
        return ledger.post(None, key="once-only", kind="BET", legs=[Leg(account, "house:slot", 10, "BET")]).transfer_id

    with ThreadPoolExecutor(max_workers=50) as pool:
        ids = set(pool.map(attempt, range(50)))
    assert len(ids) == 1
    assert _balance(user) == 990
    with get_engine().connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM ledger_transfers WHERE idempotency_key='once-only'")) == 1


class LedgerMachine(RuleBasedStateMachine):
    """A model of every balance, checked against the database after each step."""

    def __init__(self) -> None:
        super().__init__()
        test_db.truncate_all(test_db.database_url_for("casino_test"))
        self.users = [player_with_gold(0) for _ in range(3)]
        self.model = dict.fromkeys(self.users, 0)
        self.posted: dict[str, tuple[list[Leg], int]] = {}
        self.counter = 0

    def _key(self) -> str:
        self.counter += 1
        return f"sm-{self.counter}"

    @rule(who=st.integers(0, 2), amount=st.integers(1, 5000))
    def grant(self, who: int, amount: int) -> None:
        user = self.users[who]
        legs = [Leg("promo", ledger.user_account(user), amount, "TEST_FUND")]
        key = self._key()
        ledger.post(None, key=key, kind="GRANT", legs=legs)
        self.model[user] += amount
        self.posted[key] = (legs, 0)

    @rule(who=st.integers(0, 2), amount=st.integers(1, 5000))
    def debit(self, who: int, amount: int) -> None:
        user = self.users[who]
        legs = [Leg(ledger.user_account(user), "house:slot", amount, "BET")]
        key = self._key()
        try:
            ledger.post(None, key=key, kind="BET", legs=legs)
        except InsufficientFunds:
            assert self.model[user] < amount
            return
        assert self.model[user] >= amount
        self.model[user] -= amount
        self.posted[key] = (legs, 0)

    @rule(who=st.integers(0, 2), bet=st.integers(1, 3000), win=st.integers(1, 9000))
    def bet_and_win(self, who: int, bet: int, win: int) -> None:
        user = self.users[who]
        account = ledger.user_account(user)
        legs = [Leg(account, "house:slot", bet, "BET"), Leg("house:slot", account, win, "WIN")]
        key = self._key()
        try:
            ledger.post(None, key=key, kind="SLOT_SPIN", legs=legs)
        except InsufficientFunds:
            assert self.model[user] < bet
            return
        self.model[user] += win - bet
        self.posted[key] = (legs, 0)

    @rule(data=st.data())
    def retry_same_key(self, data: st.DataObject) -> None:
        if not self.posted:
            return
        key = data.draw(st.sampled_from(sorted(self.posted)))
        legs, _ = self.posted[key]
        result = ledger.post(None, key=key, kind=_kind(legs), legs=legs)
        assert result.replayed

    @rule(data=st.data())
    def conflicting_key(self, data: st.DataObject) -> None:
        if not self.posted:
            return
        key = data.draw(st.sampled_from(sorted(self.posted)))
        legs, _ = self.posted[key]
        changed = [Leg(legs[0].source, legs[0].target, legs[0].amount + 1, legs[0].kind), *legs[1:]]
        with pytest.raises(IdempotencyConflict):
            ledger.post(None, key=key, kind=_kind(legs), legs=changed)

    @invariant()
    def balances_match_and_sum_is_zero(self) -> None:
        for user, expected in self.model.items():
            assert _balance(user) == expected
        assert _entry_sum() == 0


def _kind(legs: list[Leg]) -> str:
    return {"TEST_FUND": "GRANT", "BET": "BET"}.get(legs[0].kind, "SLOT_SPIN") if len(legs) == 1 else "SLOT_SPIN"


TestLedgerStateMachine = LedgerMachine.TestCase
TestLedgerStateMachine.settings = settings(
    max_examples=25, stateful_step_count=30, deadline=None, suppress_health_check=list(HealthCheck)
)
