"""Leaderboards: daily and weekly rankings by XP earned, missions completed and best single multiplier.

Never by gold won or wagered. PostgreSQL (``leaderboard_scores``, written by the
action listener in ``scores``) is the truth; Redis sorted sets (``cache``) serve
reads when configured and are rebuilt from PostgreSQL on demand. Reads are in
``boards``, the hide-me preference in ``preferences``, staff rebuilds in ``admin``.
"""
