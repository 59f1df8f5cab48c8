"""Write the empty-state pictures: ``assets/empty/<name>.svg``, one small neon line drawing per empty list.

Every picture is the same 128×128 transparent tile in one style: a faint dashed violet halo, the object drawn in
round cyan strokes, one pink accent and one gold glint — the line style of the gacha art
(``scripts/make_gacha_art.py``) without its card. ``components/empty_state.py`` names a picture by ``ART``;
``tests/unit/test_empty_state.py`` fails when a picture is missing or a file differs from what this script writes.

Run: ``python scripts/make_empty_art.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "assets" / "empty"
CYAN, PINK, VIOLET, GOLD = "#22e4ff", "#ff2ec4", "#8b5cff", "#ffd166"


def _line(colour: str, body: str, width: float = 3.5) -> str:
    return (
        f'<g fill="none" stroke="{colour}" stroke-width="{width}" stroke-linecap="round" stroke-linejoin="round">'
        f"{body}</g>"
    )


def _glint(cx: float, cy: float) -> str:
    d = f"M{cx} {cy - 7} L{cx + 2} {cy - 2} L{cx + 7} {cy} L{cx + 2} {cy + 2} L{cx} {cy + 7}"
    d += f" L{cx - 2} {cy + 2} L{cx - 7} {cy} L{cx - 2} {cy - 2} Z"
    return f'<path d="{d}" fill="{GOLD}" stroke="{GOLD}" stroke-width="1" stroke-linejoin="round"/>'


def _box() -> str:  # an open, empty box (inventory)
    return (
        _line(
            CYAN,
            '<path d="M30 56 H98 V98 H30 Z"/><path d="M30 56 L20 42 H56 L64 56"/><path d="M98 56 L108 42 H72 L64 56"/>',
        )
        + _line(PINK, '<path d="M52 78 H76"/>', 3)
        + _glint(92, 26)
    )


def _reels() -> str:  # a reel window with nothing drawn yet (game history)
    windows = "".join(f'<rect x="{x}" y="50" width="20" height="28" rx="4"/>' for x in (34, 54, 74))
    return (
        _line(CYAN, f'<rect x="24" y="38" width="80" height="52" rx="10"/>{windows}')
        + _line(
            PINK,
            '<path d="M40 64 H48 M60 64 H68 M80 64 H88"/><path d="M108 48 V70"/><circle cx="108" cy="44" r="4"/>',
            3,
        )
        + _glint(30, 26)
    )


def _wallet() -> str:  # a wallet with one coin beside it (wallet history)
    return (
        _line(
            CYAN,
            '<path d="M26 46 H94 C99 46 102 49 102 54 V92 C102 97 99 100 94 100 H34 C29 100 26 97 26 92 Z"/>'
            '<path d="M26 46 L80 30 L86 46"/><path d="M102 64 H84 C79 64 76 67 76 72 C76 77 79 80 84 80 H102"/>',
        )
        + _line(PINK, '<circle cx="86" cy="72" r="2.5"/>', 3)
        + _line(GOLD, '<circle cx="40" cy="26" r="9"/><path d="M40 22 V30"/>', 3)
    )


def _bell() -> str:  # a quiet bell (notifications)
    return (
        _line(
            CYAN,
            '<path d="M40 84 V62 C40 48 50 38 64 38 C78 38 88 48 88 62 V84 L96 92 H32 Z"/>'
            '<path d="M58 100 C60 106 68 106 70 100"/><path d="M64 30 V38"/>',
        )
        + _line(PINK, '<path d="M100 40 C104 46 104 54 100 60"/><path d="M28 40 C24 46 24 54 28 60"/>', 3)
        + _glint(100, 22)
    )


def _bag() -> str:  # a shopping bag with a blank receipt (shop, purchases)
    return (
        _line(
            CYAN, '<path d="M32 48 H84 L88 102 H28 Z"/><path d="M46 48 V40 C46 30 52 24 58 24 C64 24 70 30 70 40 V48"/>'
        )
        + _line(
            PINK, '<path d="M84 62 H104 V104 L99 100 L94 104 L89 100 L84 104"/><path d="M90 74 H98 M90 84 H98"/>', 3
        )
        + _glint(24, 28)
    )


def _friends() -> str:  # two people side by side (following, friends feed)
    return (
        _line(CYAN, '<circle cx="50" cy="50" r="12"/><path d="M26 96 C28 78 38 70 50 70 C62 70 72 78 74 96"/>')
        + _line(PINK, '<circle cx="84" cy="56" r="10"/><path d="M78 72 C90 70 100 78 102 94"/>', 3)
        + _glint(100, 26)
    )


def _signal() -> str:  # a radio mast, waiting for news (live feed)
    return (
        _line(CYAN, '<circle cx="64" cy="56" r="6"/><path d="M64 62 L50 104 M64 62 L78 104 M55 88 H73"/>')
        + _line(
            PINK,
            '<path d="M46 38 C36 48 36 64 46 74"/><path d="M82 38 C92 48 92 64 82 74"/>'
            '<path d="M36 28 C20 44 20 68 36 84"/><path d="M92 28 C108 44 108 68 92 84"/>',
            3,
        )
        + _glint(104, 104)
    )


def _target() -> str:  # a target with no arrow yet (missions)
    return (
        _line(CYAN, '<circle cx="60" cy="66" r="34"/><circle cx="60" cy="66" r="20"/>')
        + _line(PINK, '<circle cx="60" cy="66" r="6"/>', 3)
        + _glint(102, 26)
    )


def _calendar() -> str:  # a calendar page (events, seasons)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="2"/>' for y in (70, 86) for x in (44, 58, 72, 86))
    return (
        _line(
            CYAN,
            '<rect x="28" y="36" width="72" height="66" rx="8"/><path d="M28 54 H100"/>'
            '<path d="M46 28 V42 M82 28 V42"/>',
        )
        + _line(PINK, dots, 3)
        + _glint(106, 24)
    )


def _trophy() -> str:  # an empty trophy (achievements)
    return (
        _line(
            CYAN,
            '<path d="M44 30 H84 V52 C84 66 76 74 64 74 C52 74 44 66 44 52 Z"/>'
            '<path d="M64 74 V90"/><path d="M48 100 H80 L76 90 H52 Z"/>',
        )
        + _line(PINK, '<path d="M44 38 H32 C32 52 38 58 46 58"/><path d="M84 38 H96 C96 52 90 58 82 58"/>', 3)
        + _glint(104, 22)
    )


def _podium() -> str:  # a podium with nobody on it (leaderboards)
    return (
        _line(CYAN, '<path d="M24 100 V74 H48 V56 H80 V84 H104 V100 Z"/><path d="M48 74 V100 M80 84 V100"/>')
        + _line(PINK, '<path d="M60 66 L64 60 V72"/>', 3)
        + _glint(64, 30)
    )


ART: dict[str, Callable[[], str]] = {
    "box": _box,
    "reels": _reels,
    "wallet": _wallet,
    "bell": _bell,
    "bag": _bag,
    "friends": _friends,
    "signal": _signal,
    "target": _target,
    "calendar": _calendar,
    "trophy": _trophy,
    "podium": _podium,
}


def svg(name: str) -> str:
    """The picture ``name`` as SVG text (decorative: the page says the same in words)."""
    halo = (
        f'<circle cx="64" cy="64" r="56" fill="{VIOLET}" fill-opacity="0.08" stroke="{VIOLET}" '
        'stroke-width="2" stroke-dasharray="4 7" stroke-opacity="0.55"/>'
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" height="128" '
        f'aria-hidden="true" data-art="{name}">{halo}{ART[name]()}</svg>\n'
    )


def main() -> None:
    """Write every picture."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ART:
        (OUT / f"{name}.svg").write_text(svg(name), encoding="utf-8")


if __name__ == "__main__":
    main()
