"""The slot's reels and spin button, run in the browser (no extra npm package): the reveal of a settled round.

Two small React components defined as page-level custom code, like the crash stage. They share one round per
tab (``window.ccSlotRound``):

- ``CcSlotSpin`` begins a round on the click, before the server is asked: the reels start spinning, the header
  balance is held (``window.ccBalanceHold`` in ``/js/cc-client.js``) and only then ``on_spin`` sends the click's
  request key. A click while a round is under way is ignored quietly (no second request, no error).
- ``CcSlotReels`` shows the line the server drew (``symbols`` with a new ``draw_id``): the reels stop one by one
  on it (the last waits longer when the first two match), never before ``SPIN_MS`` after the click, each with the
  "reel" sound (``window.ccSound``, /js/cc-sound.js; the spin button plays "spin" on the click). After the
  last stop it ends the round (the header balance moves then) and calls ``on_settled`` with the draw, and the
  server reveals the result line, the celebration and the stats. A failed spin (``fail_seq``) or no answer in
  ``WAIT_MS`` stops the reels where they were. With ``prefers-reduced-motion`` the reels do not scroll and stop
  at once, still in order.

The outcome only ever comes from the server: the browser decides when to show it, never what it is.
"""

from __future__ import annotations

import reflex as rx
from reflex.event import passthrough_event_spec
from reflex_components_lucide.icon import LUCIDE_LIBRARY

from casino_app.components.games import SYMBOLS

SPIN_MS = 700  # the reels spin at least this long after the click before the first one stops
GAP_MS = 420  # between two stops
QUICK_GAP_MS = 80  # between two stops with reduced motion
WAIT_MS = 12_000  # no answer by then: the reels stop where they were and the balance is let go

_SLOT_BODY = """

function ccSlotRound() {
  if (typeof window === "undefined") return null;
  if (!window.ccSlotRound) {
    const subs = new Set();
    const round = { active: false, started: 0, release: null };
    const notify = () => subs.forEach((fn) => fn());
    round.subscribe = (fn) => { subs.add(fn); return () => { subs.delete(fn); }; };
    round.begin = () => {
      if (round.active) return false;
      round.active = true;
      round.started = performance.now();
      const hold = window.ccBalanceHold;
      round.release = hold ? hold.acquire(CC_SLOT.waitMs + 3000) : null;
      notify();
      return true;
    };
    round.end = () => {
      if (!round.active) return;
      round.active = false;
      const release = round.release;
      round.release = null;
      if (release) release();
      notify();
    };
    window.ccSlotRound = round;
  }
  return window.ccSlotRound;
}

function ccSlotKey() {
  return (typeof crypto !== "undefined" && crypto.randomUUID) ? crypto.randomUUID()
    : Date.now().toString(36) + Math.random().toString(36).slice(2);
}

function ccSlotLine(symbols) {
  const line = Array.isArray(symbols) ? symbols.slice(0, 3).map((s) => String(s || "")) : [];
  while (line.length < 3) line.push("");
  return line;
}

// A symbol's glyph: its neon icon, the neon 7, or (a symbol the page has no art for) its initial.
function ccSlotGlyph(symbol) {
  const glyph = CC_SLOT_GLYPHS[symbol];
  if (glyph) return jsx(glyph[0], { size: 56, color: "var(--cc-" + glyph[1] + ")", "aria-hidden": "true" });
  if (!symbol) return jsx("span", { className: "cc-reel-blank", "aria-hidden": "true" }, "?");
  const text = symbol === "seven" ? "7" : symbol.charAt(0).toUpperCase();
  return jsx("span", { className: "cc-seven", "aria-hidden": "true" }, text);
}

function useCcReducedMotion() {
  const [reduce, setReduce] = useState(false);
  useEffect(() => {
    if (typeof window === "undefined" || !window.matchMedia) return undefined;
    const query = window.matchMedia("(prefers-reduced-motion: reduce)");
    const update = () => setReduce(!!query.matches);
    update();
    if (query.addEventListener) query.addEventListener("change", update); else query.addListener(update);
    return () => {
      if (query.removeEventListener) query.removeEventListener("change", update); else query.removeListener(update);
    };
  }, []);
  return reduce;
}

function CcSlotSpin(props) {
  const live = useRef(props);
  live.current = props;
  const [active, setActive] = useState(false);
  useEffect(() => {
    const round = ccSlotRound();
    if (!round) return undefined;
    const update = () => setActive(round.active);
    update();
    return round.subscribe(update);
  }, []);
  const onClick = () => {
    const p = live.current;
    const round = ccSlotRound();
    if (p.disabled || !round || !round.begin()) return;  // a click during a round: ignored quietly
    if (window.ccSound) window.ccSound("spin");
    if (p.onSpin) p.onSpin(ccSlotKey());
  };
  return jsx(
    "button",
    { type: "button", id: props.id, className: props.className, disabled: !!props.disabled, onClick,
      "aria-disabled": active ? "true" : undefined, "data-round": active ? "on" : "off" },
    props.children,
    jsx("span", { className: "cc-spin-label" }, active ? props.labelBusy : props.label)
  );
}

function CcSlotReels(props) {
  const live = useRef(props);
  live.current = props;
  const reduce = useCcReducedMotion();
  const reduceRef = useRef(reduce);
  reduceRef.current = reduce;
  const [shown, setShown] = useState(() => ccSlotLine(props.symbols));
  const [spinning, setSpinning] = useState([false, false, false]);
  const [landed, setLanded] = useState([0, 0, 0]);
  const [rolling, setRolling] = useState(false);
  const [settled, setSettled] = useState(0);
  const seenDraw = useRef(Number(props.drawId) || 0);
  const seenFail = useRef(Number(props.failSeq) || 0);
  const timers = useRef([]);
  const clear = () => { timers.current.forEach((t) => clearTimeout(t)); timers.current = []; };
  // Stopped without an answer (refused, timed out): blank faces, never the previous round's line as if drawn.
  const halt = () => { clear(); setSpinning([false, false, false]); setShown(["", "", ""]); };

  useEffect(() => {
    const round = ccSlotRound();
    if (!round) return undefined;
    const update = () => {
      setRolling(round.active);
      if (!round.active) return;
      clear();
      setSpinning([true, true, true]);
      timers.current.push(setTimeout(() => { halt(); round.end(); }, CC_SLOT.waitMs));
    };
    const off = round.subscribe(update);
    return () => { off(); clear(); round.end(); };  // leaving mid-round lets the balance go
  }, []);

  const line = ccSlotLine(props.symbols);
  const lineKey = line.join(",");
  useEffect(() => {
    const draw = Number(props.drawId) || 0;
    const round = ccSlotRound();
    const active = !!(round && round.active);
    if (draw === seenDraw.current) {
      if (!active) setShown(line);
      return;
    }
    seenDraw.current = draw;
    clear();
    if (!active) {  // a line this tab did not spin for (a reload, an answer after the wait): show it as it is
      setSpinning([false, false, false]);
      setShown(line);
      setSettled(draw);
      return;
    }
    const quick = reduceRef.current;
    // Each stop is timed from the one before (a late timer never squeezes the next gap).
    const stop = (i) => {
      if (window.ccSound) window.ccSound("reel");  // each reel as it stops (the sound toggle decides)
      setShown((prev) => prev.map((s, k) => (k === i ? line[i] : s)));
      setSpinning((prev) => prev.map((s, k) => (k === i ? false : s)));
      setLanded((prev) => prev.map((n, k) => (k === i ? n + 1 : n)));
      if (i === 2) { setSettled(draw); return; }
      let wait = quick ? CC_SLOT.quickGapMs : CC_SLOT.gapMs;
      timers.current.push(setTimeout(() => stop(i + 1), wait));
    };
    const first = quick ? 0 : Math.max(0, round.started + CC_SLOT.spinMs - performance.now());
    timers.current.push(setTimeout(() => stop(0), first));
  }, [props.drawId, lineKey]);

  useEffect(() => {
    const fail = Number(props.failSeq) || 0;
    if (fail === seenFail.current) return;
    seenFail.current = fail;
    halt();
    const round = ccSlotRound();
    if (round) round.end();
  }, [props.failSeq]);

  useEffect(() => {
    if (!settled) return;
    const round = ccSlotRound();
    if (round) round.end();  // committed after the last stop: the header balance moves only now
    if (live.current.onSettled) live.current.onSettled(settled);
  }, [settled]);

  const order = Array.isArray(props.order) ? props.order : [];
  const messages = props.messages || {};
  const face = (symbol) => ccSlotGlyph(symbol);
  const win = !rolling && landed[2] > 0 && Number(props.winDraw) > 0 && Number(props.winDraw) === settled;
  const reels = [0, 1, 2].map((i) => {
    const symbol = shown[i];
    const spin = spinning[i];
    let body;
    if (spin && !reduce) {
      const shift = order.length ? (i * 2) % order.length : 0;
      const loop = order.length ? order.slice(shift).concat(order.slice(0, shift)) : [symbol];
      const cells = [];
      for (let copy = 0; copy < 2; copy += 1) {
        loop.forEach((id, k) => cells.push(jsx("div", { key: copy + ":" + k, className: "cc-reel-cell" }, face(id))));
      }
      body = jsx("div", { key: "spin", className: "cc-reel-strip",
        style: { animationDuration: (loop.length * 55 + i * 25) + "ms" } }, cells);
    } else {  // reduced motion while waiting shows a blank face, not the previous line
      const state = spin ? " cc-reel-wait" : landed[i] ? " cc-reel-land" : "";
      body = jsx("div", { key: "face-" + landed[i], className: "cc-reel-cell cc-reel-face" + state },
        face(spin ? "" : symbol));
    }
    return jsx(
      "div",
      { key: i, id: "cc-reel-" + i, "data-symbol": spin ? "" : symbol, "data-state": spin ? "spinning" : "stopped",
        className: "cc-reel" + (spin ? " cc-reel--spinning" : "") },
      jsx("div", { className: "cc-reel-window", "aria-hidden": "true" }, body),
      jsx("span", { className: "cc-sr-only" },
        spin ? props.labelSpinning : (symbol ? messages["slot.symbol." + symbol] || symbol : props.labelBlank))
    );
  });
  return jsx(
    "div",
    { id: props.id, className: "cc-reels" + (win ? " cc-reels--win" : ""), role: "group", "aria-label": props.label,
      "data-draw": String(Number(props.drawId) || 0), "data-settled": String(settled),
      "data-rolling": rolling ? "true" : "false", "data-reduced-motion": reduce ? "true" : "false" },
    reels
  );
}
"""

# The same neon icons as ``games.symbol`` (Reflex's own deep lucide imports, so the page loads each icon once).
_ICONS = {symbol_id: (rx.icon(icon), tone) for symbol_id, (icon, tone) in SYMBOLS.items()}
_GLYPHS_JS = ", ".join(f'{symbol_id}: [{icon.alias}, "{tone}"]' for symbol_id, (icon, tone) in _ICONS.items())
_SLOT_JS = (
    f"const CC_SLOT = {{ spinMs: {SPIN_MS}, gapMs: {GAP_MS}, quickGapMs: {QUICK_GAP_MS}, "
    f"waitMs: {WAIT_MS} }};\nconst CC_SLOT_GLYPHS = {{ {_GLYPHS_JS} }};\n" + _SLOT_BODY
)


def _imports() -> dict:
    return {
        "react": ["useState", "useRef", "useEffect"],
        LUCIDE_LIBRARY: [icon.import_var for icon, _ in _ICONS.values()],
    }


class SlotReels(rx.Component):
    """``<CcSlotReels …/>``: the three reels (``order``: the table's symbols, the strip they scroll through)."""

    tag = "CcSlotReels"

    draw_id: rx.Var[int]
    symbols: rx.Var[list[str]]
    order: rx.Var[list[str]]
    fail_seq: rx.Var[int]
    win_draw: rx.Var[int]
    messages: rx.Var[dict[str, str]]
    label: rx.Var[str]
    label_spinning: rx.Var[str]
    label_blank: rx.Var[str]

    on_settled: rx.EventHandler[passthrough_event_spec(int)]

    def add_imports(self) -> dict:
        """React hooks and the symbols' icons."""
        return _imports()

    def add_custom_code(self) -> list[str]:
        """The shared round and both components (identical text: the page keeps one copy)."""
        return [_SLOT_JS]


class SlotSpin(rx.Component):
    """``<CcSlotSpin …>``: the spin button (children: its icon)."""

    tag = "CcSlotSpin"

    disabled: rx.Var[bool]
    label: rx.Var[str]
    label_busy: rx.Var[str]

    on_spin: rx.EventHandler[passthrough_event_spec(str)]

    def add_imports(self) -> dict:
        """React hooks used by the button."""
        return _imports()

    def add_custom_code(self) -> list[str]:
        """The shared round and both components (identical text: the page keeps one copy)."""
        return [_SLOT_JS]
