"""Sound effects generated in the browser with WebAudio (nothing to download, nothing to license).

``window.ccSound(kind)`` plays ``spin``, ``win``, ``loss``, ``reward`` or ``error`` unless the player turned
sound off (the header toggle stores ``cc_sound`` in localStorage).
"""

from __future__ import annotations

import reflex as rx

SOUND_JS = """
(function () {
  var ctx = null;
  var notes = {
    spin:   [[440, 0.00, 0.05], [554, 0.06, 0.05], [659, 0.12, 0.06]],
    win:    [[523, 0.00, 0.12], [659, 0.10, 0.12], [784, 0.20, 0.12], [1047, 0.30, 0.30]],
    loss:   [[330, 0.00, 0.12], [262, 0.12, 0.20]],
    reward: [[784, 0.00, 0.10], [988, 0.08, 0.10], [1175, 0.16, 0.10], [1568, 0.24, 0.35]],
    error:  [[196, 0.00, 0.15]]
  };
  window.ccSound = function (kind) {
    try {
      if (localStorage.getItem('cc_sound') === 'off') return;
      var AC = window.AudioContext || window.webkitAudioContext;
      if (!AC || !notes[kind]) return;
      ctx = ctx || new AC();
      var now = ctx.currentTime;
      notes[kind].forEach(function (n) {
        var osc = ctx.createOscillator(), gain = ctx.createGain();
        osc.type = kind === 'error' || kind === 'loss' ? 'triangle' : 'sine';
        osc.frequency.value = n[0];
        gain.gain.setValueAtTime(0.0001, now + n[1]);
        gain.gain.exponentialRampToValueAtTime(0.18, now + n[1] + 0.01);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + n[1] + n[2]);
        osc.connect(gain).connect(ctx.destination);
        osc.start(now + n[1]);
        osc.stop(now + n[1] + n[2] + 0.05);
      });
    } catch (e) { /* sound is decoration; never break the page */ }
  };
})();
"""


def sound_script() -> rx.Component:
    """The ``<script>`` that defines ``window.ccSound`` (mounted once in the document head)."""
    return rx.script(SOUND_JS)
