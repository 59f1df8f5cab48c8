"""The animated balance ticker: counts from the previous value to the new one (no extra npm package).

A tiny React component defined as page-level custom code; it eases over
0.8 s with ``requestAnimationFrame`` and jumps straight to the value when the
player prefers reduced motion. While a game holds the balance (``window.ccBalanceHold``, e.g. the slot until its
last reel stops) a new value waits, and the newest one is shown when the hold is let go.
"""

from __future__ import annotations

import reflex as rx

_TICKER_JS = """
function CcGoldTicker({ value, id }) {
  const target = Number(value) || 0;
  const [goal, setGoal] = useState(target);
  const [shown, setShown] = useState(target);
  const from = useRef(target);
  useEffect(() => {
    const hold = typeof window !== "undefined" ? window.ccBalanceHold : null;
    if (!hold) { setGoal(target); return undefined; }
    return hold.whenFree(() => setGoal(target));  // a game revealing a round holds it; the newest value wins
  }, [target]);
  useEffect(() => {
    const start = from.current;
    from.current = goal;
    const reduce = typeof window !== "undefined" && window.matchMedia
      && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (reduce || start === goal) { setShown(goal); return undefined; }
    let frame = 0;
    const began = performance.now();
    const step = (now) => {
      const t = Math.min(1, (now - began) / 800);
      const eased = 1 - Math.pow(1 - t, 3);
      setShown(Math.round(start + (goal - start) * eased));
      if (t < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [goal]);
  return jsx("span", { id, className: "cc-ticker", "data-value": String(goal) }, shown.toLocaleString("ko-KR"));
}
"""


class GoldTicker(rx.Component):
    """``<CcGoldTicker value={…} id="…"/>``."""

    tag = "CcGoldTicker"

    value: rx.Var[int]

    def add_imports(self) -> dict:
        """React hooks used by the ticker."""
        return {"react": ["useState", "useRef", "useEffect"]}

    def add_custom_code(self) -> list[str]:
        """The component function itself."""
        return [_TICKER_JS]


def gold_ticker(value: rx.Var, *, element_id: str) -> rx.Component:
    """A count-up number with thousands separators; ``data-value`` holds the final value."""
    return GoldTicker.create(value=value, id=element_id)
