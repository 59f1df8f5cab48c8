"""English: web push (the browser-notification switch, its states and its errors)."""

MESSAGES: dict[str, str] = {
    "field.PUSH_ENDPOINT_INVALID": "The push service address is invalid (an https address of at most 1000 characters).",
    "field.PUSH_KEY_INVALID": "The browser's notification key is invalid.",
    "error.PUSH_SUBSCRIPTION_NOT_FOUND": "No notification subscription of this browser was found.",
    "push.title": "Browser notifications",
    "push.lead": "Get new notifications in this browser even while Casino Club is closed. "
    "While a Casino Club page is open, you see them on the page instead.",
    "push.turn_on": "Turn on",
    "push.turn_off": "Turn off",
    "push.state.loading": "Checking your notification settings…",
    "push.state.busy": "Setting up…",
    "push.state.on": "This browser receives your notifications.",
    "push.state.off": "This browser does not receive your notifications.",
    "push.state.unsupported": "Web push notifications are not available in this browser. Please use a browser that "
    "supports them.",
    "push.state.blocked": "Notifications are blocked for this site. Allow them in the site settings next to the "
    "address bar, then press the button again.",
    "push.state.dismissed": "You did not allow notifications. Press the button again to be asked again.",
    "push.state.error": "Notifications could not be set up. Please try again in a moment.",
}
