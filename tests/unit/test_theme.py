"""Design tokens: one source, every referenced CSS variable defined."""

from __future__ import annotations

import re

from casino_app.components import theme
from casino_app.settings import PROJECT_ROOT

NEON_CSS = (PROJECT_ROOT / "assets" / "styles" / "neon.css").read_text(encoding="utf-8")


def test_every_css_variable_used_is_a_token() -> None:
    defined = set(re.findall(r"(--cc-[a-z0-9-]+):", theme.root_css()))
    used = set(re.findall(r"var\((--cc-[a-z0-9-]+)\)", NEON_CSS))
    assert used - defined == set()


def test_stylesheet_has_no_raw_hex_colours() -> None:
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", NEON_CSS) == []


def test_breakpoint_matches_layout_token() -> None:
    breakpoints = set(re.findall(r"@media \(min-width: (\d+px)\)", NEON_CSS))
    assert breakpoints == {theme.LAYOUT["desktop"]}


def test_font_is_self_hosted() -> None:
    css = (PROJECT_ROOT / "assets" / theme.FONT_STYLESHEET.lstrip("/")).read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]+)\)", css)
    assert urls, "font stylesheet has no sources"
    assert all(not u.startswith(("http:", "https:", "//")) for u in urls)
    base = PROJECT_ROOT / "assets" / "fonts" / "pretendard"
    assert all((base / u.strip("'\"")).exists() for u in urls)
    assert "reduce" in NEON_CSS  # prefers-reduced-motion is honoured
