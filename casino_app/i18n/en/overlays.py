"""English: streamers' OBS overlays, their console screen and the players' opt-in."""

MESSAGES: dict[str, str] = {
    "page.admin_overlays_title": "Stream overlays | Casino-Club console",
    "page.overlay_title": "Stream overlay | Casino-Club",
    "admin.nav_overlays": "Stream overlays",
    "overlays_admin.title": "Stream overlay tokens",
    "overlays_admin.lead": (
        "A token per streamer puts the live feed, big wins and today's leaderboard into an OBS browser source "
        "(1920×1080, transparent background). Only players who agreed to appear on streams are shown; a revoked "
        "token stops its overlays at their next refresh."
    ),
    "overlays_admin.issue_title": "Issue a token",
    "overlays_admin.label": "Streamer name",
    "overlays_admin.issue": "Issue",
    "overlays_admin.issued_title": "Token issued",
    "overlays_admin.issued_once": "These addresses are shown only now. Only the token's hash is stored, so it cannot "
    "be shown again.",
    "overlays_admin.copy": "Copy",
    "overlays_admin.copied": "Copied.",
    "overlays_admin.copy_failed": "Could not copy. Select the address and copy it yourself.",
    "overlays_admin.english_hint": "For English, add &lang=en to the end of the address.",
    "overlays_admin.close": "Close",
    "overlays_admin.list_title": "Issued tokens",
    "overlays_admin.col_label": "Streamer",
    "overlays_admin.col_created": "Issued",
    "overlays_admin.col_last_used": "Last used",
    "overlays_admin.col_status": "Status",
    "overlays_admin.active": "Active",
    "overlays_admin.revoked": "Revoked",
    "overlays_admin.revoke": "Revoke",
    "overlays_admin.revoked_done": "Token revoked:",
    "overlays_admin.never": "Never used",
    "overlays_admin.empty": "No tokens issued yet.",
    "overlay.kind.feed": "Live feed",
    "overlay.kind.bigwins": "Big wins",
    "overlay.kind.leaderboard": "Today's leaderboard (XP)",
    "overlay.empty.feed": "Nothing new yet",
    "overlay.empty.bigwins": "No big wins yet",
    "overlay.empty.leaderboard": "Nobody on the leaderboard yet",
    "overlay.unavailable": "Overlay unavailable",
    "overlay.amount": "{amount} gold",
    "overlay.detail": "{game_name} · ×{multiplier}",
    "overlay.xp": "XP",
    "overlay.note": "Only players who agreed to appear on streams are shown",
    "stream.title": "Show me on stream overlays",
    "stream.lead": (
        "When on, your nickname and results may appear on streamers' broadcasts (live feed, big wins, today's "
        "leaderboard). Off by default; while you hide from leaderboards you are not shown even when this is on."
    ),
    "stream.switch": "Show my nickname on stream overlays",
    "stream.on_saved": "You are shown on stream overlays.",
    "stream.off_saved": "You are not shown on stream overlays.",
    "error.OVERLAY_TOKEN_NOT_FOUND": "That overlay token was not found.",
    "error.OVERLAY_LABEL_INVALID": "Enter a streamer name of 1–60 characters, on one line, without control characters.",
}
