"""The battle pass: seasons with a free and a premium track of tiers, pass XP from counted actions, claims.

``progress`` is the action listener (pass XP), ``seasons`` what players see, ``claims`` taking a reward,
``premium`` the shop hooks for the premium pass product, ``admin`` the console's season editing and
publishing, ``demo`` a demo season for fresh installs.
"""
