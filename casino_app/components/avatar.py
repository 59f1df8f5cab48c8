"""Player avatars: a neon glyph per preset (names come from the i18n catalog)."""

from __future__ import annotations

import reflex as rx

from casino_app.state.ui import tr_by

AVATAR_ICONS: dict[str, tuple[str, str]] = {
    "neon-cat": ("cat", "pink"),
    "neon-dog": ("dog", "gold"),
    "neon-bird": ("bird", "cyan"),
    "neon-rabbit": ("rabbit", "violet"),
    "neon-fish": ("fish", "cyan"),
    "neon-turtle": ("turtle", "success"),
}


def avatar_icon(avatar: rx.Var | str, size: int = 20) -> rx.Component:
    """The glyph for an avatar key (a Var or a literal)."""
    cases = [
        (key, rx.icon(icon, size=size, color=f"var(--cc-{tone})", aria_hidden="true"))
        for key, (icon, tone) in AVATAR_ICONS.items()
    ]
    return rx.match(avatar, *cases, rx.icon("user", size=size, aria_hidden="true"))


def avatar_badge(avatar: rx.Var | str, size: int = 20) -> rx.Component:
    """A round glowing badge with the avatar glyph and its name for screen readers."""
    return rx.el.span(
        avatar_icon(avatar, size),
        rx.el.span(tr_by("avatar.", avatar) if isinstance(avatar, rx.Var) else avatar, class_name="cc-sr-only"),
        class_name="cc-avatar",
    )
