"""The referral action listener: a referred player reaching ``rules.REWARD_LEVEL`` rewards their referrer.

No statements of its own (the round trip of every round stays as it is); the
rare follow-up runs in ``finish``, only for ``level_reached`` at or past the
reward level, in the level-up's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from casino_app.core.db import Sql
from casino_app.services.actions import Action, Kind
from casino_app.services.referrals import rewards, rules


class _Referrals:
    def statements(self, action: Action) -> Sequence[Sql]:
        return ()

    def finish(self, db: Session, action: Action, sent: Sequence[Sql]) -> None:
        if action.kind is Kind.LEVEL_REACHED and action.count >= rules.REWARD_LEVEL:
            rewards.qualify(db, action.user_id)


LISTENER = _Referrals()
