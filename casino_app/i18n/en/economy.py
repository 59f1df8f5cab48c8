"""English messages: the economy configuration (console errors)."""

MESSAGES: dict[str, str] = {
    "error.ECONOMY_CONFIG_INVALID": "The economy configuration is not valid. Check its fields.",
}
