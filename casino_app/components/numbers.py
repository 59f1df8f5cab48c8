"""Numbers as players read them: thousands separators (1,000, never 1000) in Korean and English alike.

States that build strings on the server use ``f"{n:,}"``; components that show a number straight from a state
var use ``grouped(var)``, formatted in the browser with the same rule the gold ticker and the charts use.
"""

from __future__ import annotations

from reflex.vars.base import Var
from reflex.vars.function import FunctionStringVar

# Blank for a missing value (never a "0" that is not true); text the server already formatted passes through;
# ko-KR groups by thousands with commas.
_GROUPED = FunctionStringVar.create(
    "((v) => (v === null || v === undefined) ? '' : (typeof v === 'string') ? v : Number(v).toLocaleString('ko-KR'))"
)


def grouped(value: Var) -> Var:
    """``value`` (a number var) as text with thousands separators: 1234567 → ``"1,234,567"`` (a text var, e.g. one
    the server formatted, is shown as it is)."""
    return _GROUPED.call(value).to(str)
