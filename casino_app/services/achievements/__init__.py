"""Achievements: definitions with requirements as data (``requirements``, ``definitions``, ``defaults``), one
evaluator that unlocks them as an action listener (``evaluate``), rewards through the ledger (``rewards``) and
the views the API and the profile panel show (``views``)."""

from casino_app.services.ledger.accounts import allow_system_account

allow_system_account("rewards:achievements")
