"""English messages: win celebrations, calm result lines and the background-music toggle."""

MESSAGES: dict[str, str] = {
    "celebrate.tier.win": "Win",
    "celebrate.tier.big": "Big win",
    "celebrate.tier.mega": "Mega win",
    "celebrate.tier.reward": "Reward",
    "result.loss": "No win — every round has the same odds.",
    "result.returned": "returned",
    "crash.me.returned": "Cashed out — only your stake came back",
    "header.music": "Background music",
    "header.music_state_on": "Background music on",
    "header.music_state_off": "Background music off",
    "header.music_needs_sound": "Background music on — silent while sound is off",
}
