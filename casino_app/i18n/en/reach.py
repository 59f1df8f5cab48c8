"""English messages: reaching every screen on a phone — the tab bar's "more" sheet and the console's tabs."""

MESSAGES: dict[str, str] = {
    "nav.more": "More",
    "nav.more_title": "All destinations",
    "nav.more_lead": "Every screen of Casino Club.",
    "nav.close": "Close",
    "nav.notifications": "Notifications",
    "nav.group.play": "Games",
    "nav.group.rewards": "Rewards and community",
    "nav.group.account": "My account",
    "nav.group.help": "Help",
    "nav.console": "Console",
    "nav.console_title": "Console menu",
    "nav.console_lead": "Every screen of the operator console.",
    "a11y.console_nav": "Console menu",
}
