"""Referrals: every player's personal code admits new players like an invite code (``codes``); the referrer
is rewarded once per referee who reaches the reward level, within a monthly cap (``rewards``, run by the
action listener in ``progress``). The numbers are in ``rules``."""
