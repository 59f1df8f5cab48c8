"""The staff console's services: player search and detail (``players``), staff notes (``notes``), audited
actions on a player's account (``player_actions``) and bulk gold grants (``grants``, ``grant_csv``).
Every function that acts for a staff member takes them and re-checks the role."""
