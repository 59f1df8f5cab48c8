"""English messages: the slot screen's reveal, bet chips and on-screen paytable."""

MESSAGES: dict[str, str] = {
    "slot.idle_hint": "Pick a chip and press Spin.",
    "slot.reels_label": "Slot reels",
    "slot.reel_spinning": "spinning",
    "slot.reel_blank": "blank",
    "slot.short": "Not enough gold",
    "slot.short_note": "Not enough gold: chips above your balance are locked.",
    "slot.paytable_title": "Paytable",
    "slot.paytable_at": "At a {bet} G bet · win-streak bonus extra",
    "slot.pay_three": "Three",
    "slot.pay_two": "Two",
    "slot.rules_bonus": "Each reel is drawn independently from the same table. Three of a kind pay the triple, any two equal reels pay the pair. Each preceding round in a row that paid more than its stake adds a +{step} % win-streak bonus (up to +{most} %). Payouts are rounded down to whole gold.",
    "slot.rules_plain": "Each reel is drawn independently from the same table. Three of a kind pay the triple, any two equal reels pay the pair. Payouts are rounded down to whole gold.",
}
