"""The referral numbers, in one place (changing one is a product decision: keep ``docs`` in step).

- A personal code is ``CODE_LENGTH`` characters from ``CODE_ALPHABET`` (no 0/O/1/I/L to misread).
- One code admits at most ``MAX_SIGNUPS_PER_CODE`` new players (like a staff invite's ``max_uses``).
- The referrer earns ``REWARD_GOLD`` (from the system account ``REWARD_ACCOUNT``) once per referee, when the
  referee first reaches level ``REWARD_LEVEL``; at most ``MONTHLY_REWARD_CAP`` rewards per KST calendar month.
  A referee who qualifies while the referrer's month is full earns the referrer nothing (it is not carried
  over): the reward is decided once, when the referee qualifies.
- The referee gets the normal signup grant only: nothing extra for having used a personal code.
"""

from __future__ import annotations

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_SIGNUPS_PER_CODE = 50
REWARD_LEVEL = 5
REWARD_GOLD = 5_000
MONTHLY_REWARD_CAP = 10
REWARD_ACCOUNT = "rewards:referrals"
