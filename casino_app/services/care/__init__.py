"""Player care: what looks after players, never what pushes them (docs/adr/0010-player-care.md).

``settings`` (reality-check interval, daily time and loss limits with the 24-hour rule), ``exclusions``
(cool-off and self-exclusion), ``guard`` (what every purchase, claim and marketing message asks first), ``play``
(the checks and counters on the round path), ``reality`` (the reality check), ``feedback`` with
``feedback_catalog`` (the dealer's honest lines), ``mood`` (the daily check-in), ``quiz`` (the play-style quiz)
and ``segments`` (the nightly RFM groups and protective flags for staff; never odds, prices or offers).
"""
