"""Write the item art: ``assets/gacha/items/<item>.svg`` for every prize and inventory item, in one neon style.

Every picture is the same 128×128 tile: a dark card lit from the middle in its rarity's colour, a glowing
rarity outline, one to four rarity pips at the bottom and a line-art object drawn with round neon strokes. The
gacha items take their rarity from the shipped odds table (``DEFAULT_GACHA``); the other things a player can
hold (the roulette's spin ticket and frame, the story pack) and one picture per prize kind, used for an item a
later table adds before its own art exists, are listed here. ``tests/unit/test_gacha_art.py`` fails when an item
has no picture or a file differs from what this script writes.

Run: ``python scripts/make_gacha_art.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from casino_app.services.games.gacha_table import DEFAULT_GACHA, RARITIES  # noqa: E402

OUT = ROOT / "assets" / "gacha" / "items"

RARITY_COLOUR = {"COMMON": "#a9a4cf", "RARE": "#22e4ff", "EPIC": "#8b5cff", "LEGENDARY": "#ffd166"}
GOLD, GOLD_DEEP, XP, PINK, CYAN, VIOLET, WHITE = (
    "#ffd166",
    "#f5a524",
    "#2ef2a0",
    "#ff2ec4",
    "#22e4ff",
    "#8b5cff",
    "#f1efff",
)


def _stroke(colour: str, body: str, width: float = 3.5) -> str:
    return (
        f'<g fill="none" stroke="{colour}" stroke-width="{width}" stroke-linecap="round" stroke-linejoin="round">'
        f"{body}</g>"
    )


def _shape(d: str, colour: str, fill_opacity: float, width: float = 2) -> str:
    """A closed path filled with its own colour, see-through, and outlined."""
    return (
        f'<path d="{d}" fill="{colour}" fill-opacity="{fill_opacity}" stroke="{colour}" stroke-width="{width}" '
        'stroke-linejoin="round"/>'
    )


def _coin(cx: float, cy: float, r: float = 11) -> str:
    """A gold coin seen from the front: rim, inner ring and a stamped bar."""
    return (
        f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{GOLD}" fill-opacity="0.28" stroke="{GOLD}" stroke-width="3"/>'
        f'<circle cx="{cx}" cy="{cy}" r="{r * 0.62:.1f}" fill="none" stroke="{GOLD_DEEP}" stroke-width="2"/>'
        f'<path d="M{cx} {cy - r * 0.38:.1f} V{cy + r * 0.38:.1f}" stroke="{GOLD}" stroke-width="2.5" '
        'stroke-linecap="round"/>'
    )


def _coin_edge(cx: float, cy: float, rx: float = 14, ry: float = 5) -> str:
    """A coin lying flat (for stacks and piles)."""
    return (
        f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="{GOLD}" fill-opacity="0.3" '
        f'stroke="{GOLD}" stroke-width="2.5"/>'
    )


def _pouch(coins: int) -> str:
    body = _stroke(
        GOLD_DEEP,
        '<path d="M48 50 C36 60 32 84 44 94 H84 C96 84 92 60 80 50 Z" fill="#f5a524" fill-opacity="0.22"/>'
        '<path d="M48 50 L41 36 C50 40 56 34 64 38 C72 34 78 40 87 36 L80 50"/>'
        '<path d="M46 50 H82"/><path d="M58 68 C60 76 68 76 70 68"/>',
    )
    extra = [(_coin(88, 88)), _coin(36, 90, 9)][:coins]
    return body + "".join(extra)


def _sparkle(cx: float, cy: float) -> str:
    """A four-pointed glint."""
    d = f"M{cx} {cy - 8} L{cx + 2.5} {cy - 2.5} L{cx + 8} {cy} L{cx + 2.5} {cy + 2.5} L{cx} {cy + 8}"
    d += f" L{cx - 2.5} {cy + 2.5} L{cx - 8} {cy} L{cx - 2.5} {cy - 2.5} Z"
    return f'<path d="{d}" fill="{WHITE}" stroke="{WHITE}" stroke-width="1" stroke-linejoin="round"/>'


def _chest() -> str:
    return (
        _stroke(
            GOLD_DEEP,
            '<path d="M28 60 H100 V94 H28 Z" fill="#f5a524" fill-opacity="0.18"/>'
            '<path d="M28 60 V52 C28 38 44 32 64 32 C84 32 100 38 100 52 V60" fill="#f5a524" fill-opacity="0.1"/>'
            '<path d="M44 34 V94"/><path d="M84 34 V94"/>',
        )
        + _stroke(GOLD, '<path d="M57 58 H71 V72 H57 Z" fill="#ffd166" fill-opacity="0.35"/><path d="M64 64 V68"/>')
        + _coin(98, 92, 10)
        + _sparkle(100, 30)
    )


def _vault() -> str:
    spokes = "".join(
        f'<path d="M64 62 L{64 + 20 * dx:.1f} {62 + 20 * dy:.1f}"/>' for dx, dy in ((0, -1), (0.87, 0.5), (-0.87, 0.5))
    )
    bolts = "".join(
        f'<circle cx="{x}" cy="{y}" r="2.5" fill="#8b5cff"/>' for x, y in ((34, 32), (94, 32), (34, 92), (94, 92))
    )
    return (
        _stroke(
            VIOLET, '<rect x="24" y="22" width="80" height="80" rx="14" fill="#8b5cff" fill-opacity="0.14"/>' + bolts
        )
        + _stroke(GOLD, f'<circle cx="64" cy="62" r="22"/><circle cx="64" cy="62" r="7" fill="#ffd166"/>{spokes}')
        + _coin(94, 92, 10)
    )


def _treasure() -> str:
    pile = "".join(
        _coin_edge(x, y, 13, 4.5)
        for x, y in ((40, 96), (64, 98), (88, 96), (52, 88), (76, 88), (64, 80), (40, 86), (88, 86))
    )
    crown = _stroke(
        GOLD,
        '<path d="M38 66 L34 36 L50 50 L64 28 L78 50 L94 36 L90 66 Z" fill="#ffd166" fill-opacity="0.3"/>'
        '<path d="M40 72 H88"/>',
    )
    gems = (
        f'<circle cx="64" cy="54" r="5" fill="{PINK}"/><circle cx="48" cy="60" r="3.5" fill="{CYAN}"/>'
        f'<circle cx="80" cy="60" r="3.5" fill="{CYAN}"/>'
    )
    return pile + crown + gems


def _flask(big: bool) -> str:
    body = (
        '<path d="M54 26 H74 M57 26 V46 C42 52 34 64 36 78 C38 94 52 102 64 102 C76 102 90 94 92 78 '
        'C94 64 86 52 71 46 V26"/>'
    )
    liquid = _shape("M39 74 C50 68 58 80 68 74 C78 68 84 72 89 74 C88 90 78 99 64 99 C50 99 40 90 39 74 Z", XP, 0.35, 0)
    bolt = _shape("M68 54 L56 76 H66 L60 94 L76 70 H66 L72 54 Z", GOLD, 0.8)
    arrows = ""
    if big:
        arrows = _stroke(
            XP,
            "".join(
                f'<path d="M{x - 6} {y + 5} L{x} {y} L{x + 6} {y + 5}"/>' for x, y in ((100, 40), (100, 50), (100, 60))
            ),
            3,
        )
    return liquid + _stroke(XP, body) + bolt + arrows


def _portrait(colour: str) -> str:
    return _stroke(
        colour, '<circle cx="64" cy="56" r="11"/><path d="M44 88 C46 74 54 70 64 70 C74 70 82 74 84 88"/>', 3
    )


def _neon_frame() -> str:
    corners = "".join(
        f'<path d="M{x} {y + 14 * sy} V{y} H{x + 14 * sx}"/>'
        for x, y, sx, sy in ((26, 26, 1, 1), (102, 26, -1, 1), (26, 100, 1, -1), (102, 100, -1, -1))
    )
    return (
        _stroke(PINK, '<rect x="32" y="32" width="64" height="62" rx="6" stroke-opacity="0.45"/>')
        + _stroke(CYAN, corners, 4)
        + _portrait(PINK)
    )


def _aurora_frame() -> str:
    waves = (
        f'<path d="M30 52 C44 40 56 60 70 48 C82 38 92 46 98 42" stroke="{XP}"/>'
        f'<path d="M30 62 C44 50 56 70 70 58 C82 48 92 56 98 52" stroke="{CYAN}"/>'
        f'<path d="M30 72 C44 60 56 80 70 68 C82 58 92 66 98 62" stroke="{VIOLET}"/>'
    )
    stars = "".join(
        f'<path d="M{x} {y - 4} V{y + 4} M{x - 4} {y} H{x + 4}" stroke="{WHITE}" stroke-width="2"/>'
        for x, y in ((44, 36), (86, 84), (78, 32))
    )
    return (
        f'<circle cx="64" cy="62" r="38" fill="#8b5cff" fill-opacity="0.12" stroke="{VIOLET}" stroke-width="4"/>'
        f'<circle cx="64" cy="62" r="31" fill="none" stroke="{PINK}" stroke-width="2" stroke-opacity="0.6"/>'
        + _stroke(XP, waves, 3)
        + stars
    )


def _clover(cx: float, cy: float) -> str:
    leaves = "".join(
        f'<circle cx="{cx + dx}" cy="{cy + dy}" r="8" fill="#2ef2a0" fill-opacity="0.3"/>'
        for dx, dy in ((-7, -7), (7, -7), (-7, 7), (7, 7))
    )
    return _stroke(
        XP, leaves + f'<path d="M{cx} {cy} C{cx + 4} {cy + 14} {cx + 10} {cy + 20} {cx + 14} {cy + 22}"/>', 3
    )


def _title_ribbon() -> str:
    ribbon = (
        '<path d="M24 76 H40 L34 86 L40 96 H20 Z" fill="#22e4ff" fill-opacity="0.2"/>'
        '<path d="M104 76 H88 L94 86 L88 96 H108 Z" fill="#22e4ff" fill-opacity="0.2"/>'
        '<path d="M34 70 H94 V90 H34 Z" fill="#22e4ff" fill-opacity="0.25"/>'
        '<path d="M46 80 H82" stroke-width="2.5"/>'
    )
    return _clover(64, 42) + _stroke(CYAN, ribbon)


def _dragon() -> str:
    medallion = (
        f'<circle cx="64" cy="62" r="40" fill="#ffd166" fill-opacity="0.08" stroke="{GOLD}" stroke-width="2.5" '
        'stroke-dasharray="4 5"/>'
    )
    head = (
        '<path d="M34 92 C30 74 38 56 54 48 L66 40 C74 36 84 38 90 44 L98 48 C102 52 100 58 94 58 L86 58 '
        'C90 62 92 68 88 72 L80 70 C76 76 68 78 62 80 L58 94 Z" fill="#ffd166" fill-opacity="0.24"/>'
        '<path d="M62 44 C58 32 50 24 38 22 C46 30 50 38 52 46"/>'
        '<path d="M72 40 C72 30 68 22 60 16"/>'
        '<path d="M40 60 L30 58 L38 66 M36 72 L26 72 L35 78 M35 84 L26 88 L36 90"/>'
        '<path d="M44 70 L50 66 M42 80 L50 76 M46 88 L52 84" stroke-width="2.5"/>'
    )
    eye = f'<path d="M74 50 C78 46 84 48 84 50 C80 54 76 54 74 50 Z" fill="{PINK}" stroke="{PINK}" stroke-width="1.5"/>'
    flame = (
        '<path d="M100 52 C106 48 112 50 116 46 C114 54 110 56 114 60 C108 60 104 58 100 56 Z" '
        f'fill="{PINK}" fill-opacity="0.45" stroke="{PINK}" stroke-width="2" stroke-linejoin="round"/>'
    )
    return medallion + _stroke(GOLD, head) + eye + flame


def _ticket() -> str:
    body = (
        '<path d="M22 42 H106 V54 C100 54 96 58 96 64 C96 70 100 74 106 74 V86 H22 V74 C28 74 32 70 32 64 '
        'C32 58 28 54 22 54 Z" fill="#ff2ec4" fill-opacity="0.18"/>'
        '<path d="M80 44 V84" stroke-dasharray="4 5" stroke-width="2.5"/>'
    )
    star = _shape("M54 52 L58 61 L68 62 L60 68 L63 78 L54 72 L45 78 L48 68 L40 62 L50 61 Z", GOLD, 0.5, 2.5)
    return _stroke(PINK, body) + star


def _wheel_frame() -> str:
    spokes = "".join(
        f'<path d="M64 62 L{64 + 18 * dx:.1f} {62 + 18 * dy:.1f}"/>'
        for dx, dy in ((1, 0), (0.5, 0.87), (-0.5, 0.87), (-1, 0), (-0.5, -0.87), (0.5, -0.87))
    )
    return (
        _stroke(PINK, '<rect x="26" y="24" width="76" height="76" rx="10" fill="#ff2ec4" fill-opacity="0.1"/>')
        + _stroke(CYAN, f'<circle cx="64" cy="62" r="24"/>{spokes}', 3)
        + f'<circle cx="64" cy="62" r="5" fill="{GOLD}"/>'
        + f'<path d="M64 30 L59 22 H69 Z" fill="{GOLD}"/>'
    )


def _book() -> str:
    pages = (
        '<path d="M64 40 C54 34 40 34 28 38 V92 C40 88 54 88 64 94 Z" fill="#ff2ec4" fill-opacity="0.16"/>'
        '<path d="M64 40 C74 34 88 34 100 38 V92 C88 88 74 88 64 94 Z" fill="#8b5cff" fill-opacity="0.16"/>'
        '<path d="M38 52 H54 M38 62 H54 M38 72 H50 M74 52 H90 M74 62 H90 M74 72 H86" stroke-width="2.5"/>'
    )
    spark = _shape("M96 20 L99 28 L107 31 L99 34 L96 42 L93 34 L85 31 L93 28 Z", GOLD, 1, 1.5)
    return _stroke(PINK, pages) + spark


def _kind_gold() -> str:
    return "".join(_coin_edge(64, y, 18, 6) for y in (92, 84, 76, 68)) + _coin(64, 46, 16)


def _kind_xp() -> str:
    return _shape("M70 22 L44 68 H62 L54 104 L86 54 H68 L78 22 Z", XP, 0.3, 3.5)


def _kind_cosmetic() -> str:
    return _stroke(
        PINK,
        '<path d="M64 24 L72 52 L100 60 L72 68 L64 96 L56 68 L28 60 L56 52 Z" fill="#ff2ec4" fill-opacity="0.25"/>'
        '<path d="M96 26 V38 M90 32 H102 M32 86 V98 M26 92 H38" stroke-width="2.5"/>',
    )


def _kind_item() -> str:
    return _stroke(
        CYAN,
        '<path d="M30 56 H98 V98 H30 Z" fill="#22e4ff" fill-opacity="0.14"/><path d="M26 44 H102 V56 H26 Z"/>'
        '<path d="M64 44 V98"/>'
        '<path d="M64 44 C58 30 44 30 46 40 C48 46 58 44 64 44 C70 44 80 46 82 40 C84 30 70 30 64 44"/>',
    )


# The object drawn on each item's tile (gacha items by their id in the odds table).
DRAWINGS: dict[str, Callable[[], str]] = {
    "gold_1k": lambda: _pouch(1),
    "gold_2k": lambda: _pouch(2),
    "xp_50": lambda: _flask(big=False),
    "frame_neon": _neon_frame,
    "gold_8k": _chest,
    "xp_300": lambda: _flask(big=True),
    "title_lucky": _title_ribbon,
    "gold_30k": _vault,
    "frame_aurora": _aurora_frame,
    "gold_150k": _treasure,
    "avatar_dragon": _dragon,
}

# Items other features put in the inventory, with the rarity the inventory shows for them.
OTHER_ITEMS: dict[str, tuple[str, Callable[[], str]]] = {
    "roulette_ticket": ("COMMON", _ticket),
    "frame_roulette": ("RARE", _wheel_frame),
    "story_pack_1": ("COMMON", _book),
}

# One picture per prize kind (and for any other item): shown for an item whose own picture does not exist yet.
KIND_ART: dict[str, Callable[[], str]] = {
    "kind-gold": _kind_gold,
    "kind-xp": _kind_xp,
    "kind-cosmetic": _kind_cosmetic,
    "kind-item": _kind_item,
}


def tile(name: str, rarity: str | None, drawing: str) -> str:
    """One picture: the lit card, the rarity outline and pips (none for a kind picture), the object."""
    colour = RARITY_COLOUR[rarity] if rarity else "#a9a4cf"
    pips = ""
    if rarity:
        count = RARITIES.index(rarity) + 1
        start = 64 - (count - 1) * 6
        pips = "".join(f'<path d="M{start + 12 * i} 108 l4 4 l-4 4 l-4 -4 Z" fill="{colour}"/>' for i in range(count))
    rarity_attr = f' data-rarity="{rarity}"' if rarity else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" height="128"{rarity_attr} '
        f'aria-hidden="true">\n'
        "  <defs>\n"
        f'    <radialGradient id="bg-{name}" cx="50%" cy="45%" r="70%">\n'
        f'      <stop offset="0" stop-color="{colour}" stop-opacity="0.32"/>\n'
        '      <stop offset="0.55" stop-color="#1a1733"/>\n'
        '      <stop offset="1" stop-color="#07060d"/>\n'
        "    </radialGradient>\n"
        f'    <filter id="glow-{name}" x="-30%" y="-30%" width="160%" height="160%">\n'
        '      <feGaussianBlur stdDeviation="1.8" result="blur"/>\n'
        '      <feMerge><feMergeNode in="blur"/><feMergeNode in="SourceGraphic"/></feMerge>\n'
        "    </filter>\n"
        "  </defs>\n"
        f'  <rect x="4" y="4" width="120" height="120" rx="20" fill="url(#bg-{name})" stroke="{colour}" '
        f'stroke-width="3" filter="url(#glow-{name})"/>\n'
        f'  <rect x="10" y="10" width="108" height="108" rx="15" fill="none" stroke="{colour}" stroke-opacity="0.25" '
        'stroke-width="1.5"/>\n'
        f'  <g filter="url(#glow-{name})">{drawing}</g>\n'
        f"  <g>{pips}</g>\n"
        "</svg>\n"
    )


def render_all() -> dict[str, str]:
    """Every file this script writes: ``<name>.svg`` → its text."""
    files: dict[str, str] = {}
    for item in DEFAULT_GACHA.items:
        files[f"{item.id}.svg"] = tile(item.id, item.rarity, DRAWINGS[item.id]())
    for item_id, (rarity, draw) in OTHER_ITEMS.items():
        files[f"{item_id}.svg"] = tile(item_id, rarity, draw())
    for name, draw in KIND_ART.items():
        files[f"{name}.svg"] = tile(name, None, draw())
    return files


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    files = render_all()
    for stale in OUT.glob("*.svg"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} pictures to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
