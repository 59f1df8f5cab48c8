"""The crash stage: the rising curve and the multiplier, drawn in the browser (no extra npm package).

A small React component defined as page-level custom code, like the balance ticker. The server sends the round's
times (epoch ms of the database clock) and ``server_now_ms``; the component keeps the offset between that clock
and the browser's, anchors the flight's start from the snapshot and from every tick (the earliest anchor wins:
delivery only ever delays), and draws ``m(t) = e^(g·t)`` with ``requestAnimationFrame``. Without ticks for
600 ms the number stops rising (the crash is on its way); once crashed it shows the crash point in red.

With ``prefers-reduced-motion`` the curve is not animated: the number shows the server's latest tick and the
countdowns update four times a second. While the player has a bet in flight (``armed``), Space or C calls
``on_cash_out`` (not while typing in a field, and Space leaves focused buttons and links to their own action);
the stage carries ``data-keys="on"`` while the shortcut listens.
"""

from __future__ import annotations

import reflex as rx
from reflex.event import no_args_event_spec

_STAGE_JS = """
function ccCrashX(x100) {
  const v = Math.max(100, Math.floor(Number(x100) || 100));
  return Math.floor(v / 100) + "." + String(v % 100).padStart(2, "0") + "\\u00d7";
}

function CcCrashStage(props) {
  const live = useRef(props);
  live.current = props;
  const numRef = useRef(null);
  const noteRef = useRef(null);
  const curveRef = useRef(null);
  const offset = useRef(0);
  const anchor = useRef(0);
  const tickAt = useRef(0);
  const cash = useRef(props.onCashOut);
  cash.current = props.onCashOut;
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

  useEffect(() => { anchor.current = 0; tickAt.current = 0; }, [props.roundId]);

  useEffect(() => {
    const serverNow = Number(props.serverNowMs) || 0;
    if (serverNow > 0) offset.current = serverNow - Date.now();
    const started = Number(props.startedMs) || 0;
    if (started > 0 && serverNow > 0) {
      const guess = started - offset.current;
      anchor.current = anchor.current ? Math.min(anchor.current, guess) : guess;
    }
  }, [props.serverNowMs, props.startedMs]);

  useEffect(() => {
    if (props.phase !== "flying" || !(Number(props.tickSeq) > 0)) return;
    const now = Date.now();
    const guess = now - (Number(props.tickElapsed) || 0);
    anchor.current = anchor.current ? Math.min(anchor.current, guess) : guess;
    tickAt.current = now;
  }, [props.tickSeq]);

  useEffect(() => {
    if (!props.armed) return undefined;
    const onKey = (event) => {
      if (event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target;
      const tag = target && target.tagName ? target.tagName.toLowerCase() : "";
      if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) return;
      const space = event.code === "Space" || event.key === " ";
      const letter = event.key === "c" || event.key === "C" || event.code === "KeyC";
      if (!space && !letter) return;
      if (space && (tag === "button" || tag === "a" || tag === "summary")) return;
      event.preventDefault();
      if (cash.current) cash.current();
    };
    window.addEventListener("keydown", onKey);
    const root = document.getElementById(props.id);
    if (root) root.setAttribute("data-keys", "on");
    return () => {
      window.removeEventListener("keydown", onKey);
      if (root) root.removeAttribute("data-keys");
    };
  }, [props.armed]);

  useEffect(() => {
    const seconds = (ms) => (Math.max(0, ms) / 1000).toFixed(1);
    const paint = (animate) => {
      const q = live.current;
      const now = Date.now();
      const g = Number(q.growth) || 0.00006;
      const server = Math.max(100, Number(q.multiplier) || 100);
      let x100 = 100;
      let elapsed = 0;
      let note = q.labelIdle;
      if (q.phase === "flying") {
        const lastTick = Number(q.tickElapsed) || 0;
        elapsed = anchor.current ? now - anchor.current : lastTick;
        if (tickAt.current) elapsed = Math.min(elapsed, lastTick + 600);
        x100 = animate ? Math.max(Math.floor(100 * Math.exp(g * elapsed) + 1e-9), server) : server;
        note = q.labelFlying;
      } else if (q.phase === "crashed") {
        x100 = Math.max(100, Number(q.crashPoint) || server);
        elapsed = x100 > 100 ? Math.log(x100 / 100) / g : 0;
        const left = (Number(q.nextRoundMs) || 0) - (now + offset.current);
        note = q.labelCrashed + (left > 0 ? " \\u00b7 " + q.labelNext + " " + seconds(left) + q.labelSeconds : "");
      } else if (q.phase === "betting") {
        const left = (Number(q.bettingEndsMs) || 0) - (now + offset.current);
        note = q.labelBetting + " " + seconds(left) + q.labelSeconds;
      }
      if (numRef.current) {
        numRef.current.textContent = ccCrashX(x100);
        numRef.current.setAttribute("data-x100", String(x100));
      }
      if (noteRef.current) noteRef.current.textContent = note;
      if (!curveRef.current) return;
      const draw = elapsed > 0 && (animate || q.phase === "crashed");
      let d = "";
      if (draw) {
        const tMax = Math.max(8000, elapsed * 1.15);
        const top = Math.max(2, Math.exp(g * elapsed) * 1.15);
        for (let i = 0; i <= 48; i += 1) {
          const t = (elapsed * i) / 48;
          const x = 8 + (584 * t) / tMax;
          const y = 292 - (284 * (Math.exp(g * t) - 1)) / (top - 1);
          d += (i ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
        }
      }
      curveRef.current.setAttribute("d", d);
    };
    let frame = 0;
    let timer = 0;
    if (reduce) {
      paint(false);
      timer = setInterval(() => paint(false), 250);
    } else {
      const step = () => { paint(true); frame = requestAnimationFrame(step); };
      frame = requestAnimationFrame(step);
    }
    return () => { cancelAnimationFrame(frame); clearInterval(timer); };
  }, [reduce]);

  const crashed = props.phase === "crashed";
  return jsx(
    "div",
    {
      id: props.id,
      className: "cc-crash-stage" + (crashed ? " cc-crash-stage--crashed" : ""),
      "data-phase": props.phase || "none",
      "data-round": String(props.roundId || 0),
      "data-reduced-motion": reduce ? "true" : "false",
      role: "img",
      "aria-label": props.label,
    },
    jsx(
      "svg",
      { viewBox: "0 0 600 300", className: "cc-crash-chart", "aria-hidden": "true", focusable: "false",
        preserveAspectRatio: "none" },
      jsx("path", { d: "M8 292H592M8 292V8", className: "cc-crash-axis" }),
      jsx("path", { ref: curveRef, d: "", className: "cc-crash-curve" })
    ),
    jsx(
      "div",
      { className: "cc-crash-readout" },
      jsx("span", { ref: numRef, className: "cc-crash-number", id: (props.id || "cc-crash-stage") + "-x" }),
      jsx("span", { ref: noteRef, className: "cc-crash-note" })
    )
  );
}
"""


class CrashStage(rx.Component):
    """``<CcCrashStage …/>``: times in epoch ms, multipliers in hundredths."""

    tag = "CcCrashStage"

    phase: rx.Var[str]
    round_id: rx.Var[int]
    started_ms: rx.Var[int]
    betting_ends_ms: rx.Var[int]
    next_round_ms: rx.Var[int]
    server_now_ms: rx.Var[int]
    growth: rx.Var[float]
    multiplier: rx.Var[int]
    tick_elapsed: rx.Var[int]
    tick_seq: rx.Var[int]
    crash_point: rx.Var[int]
    armed: rx.Var[bool]
    label: rx.Var[str]
    label_idle: rx.Var[str]
    label_betting: rx.Var[str]
    label_flying: rx.Var[str]
    label_crashed: rx.Var[str]
    label_next: rx.Var[str]
    label_seconds: rx.Var[str]

    on_cash_out: rx.EventHandler[no_args_event_spec]

    def add_imports(self) -> dict:
        """React hooks used by the stage."""
        return {"react": ["useState", "useRef", "useEffect"]}

    def add_custom_code(self) -> list[str]:
        """The component function itself."""
        return [_STAGE_JS]
