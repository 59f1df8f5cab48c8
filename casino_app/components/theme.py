"""Design tokens — the one place the neon look is defined.

Palette, glow, radii, spacing and typography live here and are emitted once as
CSS custom properties (``root_css()``). ``assets/styles/neon.css`` and the
components refer to them only as ``var(--cc-…)`` (helpers below), never to raw
colours.
"""

from __future__ import annotations

PALETTE: dict[str, str] = {
    "bg": "#07060d",
    "bg-2": "#0c0a17",
    "surface": "#121024",
    "surface-2": "#1a1733",
    "border": "rgba(167, 139, 250, 0.18)",
    "text": "#f1efff",
    "muted": "#a9a4cf",
    "pink": "#ff2ec4",
    "cyan": "#22e4ff",
    "violet": "#8b5cff",
    "gold": "#ffd166",
    "success": "#2ef2a0",
    "danger": "#ff4d6d",
    "focus": "#22e4ff",
    "on-accent": "#16001a",
    "overlay": "rgba(7, 6, 13, 0.8)",
}

GLOW: dict[str, str] = {
    "pink": "0 0 6px rgba(255,46,196,.55), 0 0 22px rgba(255,46,196,.35)",
    "cyan": "0 0 6px rgba(34,228,255,.55), 0 0 22px rgba(34,228,255,.35)",
    "violet": "0 0 6px rgba(139,92,255,.55), 0 0 22px rgba(139,92,255,.35)",
    "gold": "0 0 6px rgba(255,209,102,.6), 0 0 22px rgba(255,209,102,.35)",
    "text": "0 0 4px #fff, 0 0 12px #ff2ec4, 0 0 28px #ff2ec4, 0 0 48px #8b5cff",
}

RADII: dict[str, str] = {"sm": "8px", "md": "14px", "lg": "22px", "pill": "999px"}

SPACE: dict[str, str] = {
    "1": "4px",
    "2": "8px",
    "3": "12px",
    "4": "16px",
    "5": "24px",
    "6": "32px",
    "7": "48px",
    "8": "64px",
}

FONT_FAMILY = "'Pretendard Variable', Pretendard, -apple-system, 'Apple SD Gothic Neo', 'Noto Sans KR', sans-serif"
FONT_SIZE: dict[str, str] = {
    "xs": "0.75rem",
    "sm": "0.875rem",
    "md": "1rem",
    "lg": "1.125rem",
    "xl": "1.375rem",
    "2xl": "1.75rem",
    "3xl": "2.25rem",
    "hero": "clamp(2.6rem, 8vw, 5.5rem)",
}
FONT_STYLESHEET = "/fonts/pretendard/pretendardvariable-dynamic-subset.css"
STYLESHEET = "/styles/neon.css"
CLIENT_SCRIPT = "/js/cc-client.js"

LAYOUT = {
    "nav_width": "232px",
    "side_width": "300px",
    "header_height": "64px",
    "tabbar_height": "64px",
    # What the fixed tab bar really covers: its height plus the phone's safe area (home indicator).
    "tabbar_total": "calc(var(--cc-tabbar-height) + env(safe-area-inset-bottom, 0px))",
    "desktop": "1024px",
}


def color(name: str) -> str:
    """``var(--cc-<name>)`` for a palette entry."""
    assert name in PALETTE, name
    return f"var(--cc-{name})"


def glow(name: str) -> str:
    """``var(--cc-glow-<name>)`` for a glow entry."""
    assert name in GLOW, name
    return f"var(--cc-glow-{name})"


def radius(name: str) -> str:
    """``var(--cc-radius-<name>)``."""
    assert name in RADII, name
    return f"var(--cc-radius-{name})"


def space(step: str) -> str:
    """``var(--cc-space-<step>)``."""
    assert step in SPACE, step
    return f"var(--cc-space-{step})"


def _variables() -> str:
    lines = [f"--cc-{k}: {v};" for k, v in PALETTE.items()]
    lines += [f"--cc-glow-{k}: {v};" for k, v in GLOW.items()]
    lines += [f"--cc-radius-{k}: {v};" for k, v in RADII.items()]
    lines += [f"--cc-space-{k}: {v};" for k, v in SPACE.items()]
    lines += [f"--cc-font-{k}: {v};" for k, v in FONT_SIZE.items()]
    lines += [f"--cc-{k.replace('_', '-')}: {v};" for k, v in LAYOUT.items()]
    lines.append(f"--cc-font-family: {FONT_FAMILY};")
    return "\n  ".join(lines)


def root_css() -> str:
    """The ``:root`` block declaring every token as a CSS custom property."""
    return ":root {\n  " + _variables() + "\n  color-scheme: dark;\n}\n"
