"""Time-limited events: a KST window, their own missions, participants and a leaderboard.

``rules`` holds the window rules (phases, the claim period), ``admin`` the staff side (create, edit,
publish, end, delete a draft, add missions; all audited), ``player`` the players' side (list, detail,
join, claim), ``board`` the event leaderboard, ``progress`` the action listener that scores completed
event missions, ``missions_link`` the bridge to the missions service that owns event missions, and
``demo`` the demo install's event.
"""
