"""Numbers on screen carry thousands separators (issue 16, item 9)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from casino_app.components.numbers import _GROUPED, grouped
from casino_app.state.gacha import GachaState


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the browser-side formatter")
def test_grouped_formats_like_the_ticker_in_the_browser() -> None:
    values = [0, 7, 1000, 1234567, -2500, None, "", "1,234"]
    script = f"const f = {_GROUPED!s}; console.log(JSON.stringify({json.dumps(values)}.map(f)));"
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    assert json.loads(done.stdout) == ["0", "7", "1,000", "1,234,567", "-2,500", "", "", "1,234"]


def test_grouped_keeps_the_state_dependency() -> None:
    var = grouped(GachaState.players_today)
    assert "players_today" in str(var)
    assert var._get_all_var_data() is not None  # the page re-renders when the state var changes
