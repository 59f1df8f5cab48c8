"""Accounts: signup with invite codes, login, sessions and tokens, profiles, age verification."""
