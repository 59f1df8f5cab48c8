/* Casino-Club sounds: effects and optional background music, all synthesised with WebAudio (nothing is
 * downloaded). Effects play only while the sound toggle is on (localStorage cc_sound != 'off'); the music plays
 * only when the player turned it on (cc_music = 'on', off by default) and sound is on, and starts after a user
 * gesture (browsers keep audio silent before one).
 *
 * window.ccSound(kind) plays one effect; every caller (the pages, the slot's reels, the celebrations) goes
 * through it, so the sound toggle is honoured in one place. Kinds:
 *   spin    the click that starts a round (before the server answers)
 *   reel    one slot reel stopping
 *   win / big / mega   the three win tiers (casino_app/services/games/win_tier.py), each louder and longer
 *   even    a draw or a partial return: one quiet neutral note, not a win
 *   loss    soft and short, never an alarm
 *   reward  a prize credited (roulette, gacha credits)
 *   claim   a daily check-in or a mission reward claimed
 *   error   a refused action
 */
(function () {
  var ctx = null;

  function soundOn() {
    try { return localStorage.getItem('cc_sound') !== 'off'; } catch (e) { return true; }
  }

  function audio() {
    var AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return null;
    ctx = ctx || new AC();
    if (ctx.state === 'suspended' && ctx.resume) ctx.resume();
    return ctx;
  }

  // A note: [frequency Hz, start s, length s, wave, peak gain, end frequency (a glide) or 0].
  var C5 = 523.25, E5 = 659.25, G5 = 783.99, C6 = 1046.5, E6 = 1318.5, G6 = 1568, C7 = 2093;
  var NOTES = {
    spin: [[220, 0, 0.18, 'triangle', 0.07, 660], [330, 0.05, 0.16, 'sine', 0.05, 990]],
    reel: [[1400, 0, 0.025, 'square', 0.035, 0], [150, 0, 0.08, 'sine', 0.16, 90]],
    win: [[C5, 0, 0.12, 'sine', 0.14, 0], [E5, 0.09, 0.12, 'sine', 0.14, 0], [G5, 0.18, 0.3, 'sine', 0.14, 0]],
    big: [[C5, 0, 0.12, 'sine', 0.15, 0], [E5, 0.08, 0.12, 'sine', 0.15, 0], [G5, 0.16, 0.12, 'sine', 0.15, 0],
      [C6, 0.24, 0.5, 'sine', 0.15, 0], [C5 / 2, 0.24, 0.5, 'triangle', 0.08, 0], [E6, 0.36, 0.4, 'sine', 0.06, 0]],
    mega: [[G5 / 2, 0, 0.16, 'triangle', 0.1, 0], [C5, 0.1, 0.14, 'sine', 0.15, 0], [E5, 0.2, 0.14, 'sine', 0.15, 0],
      [G5, 0.3, 0.14, 'sine', 0.15, 0], [C6, 0.4, 0.16, 'sine', 0.15, 0], [E6, 0.52, 0.16, 'sine', 0.12, 0],
      [G6, 0.64, 0.9, 'sine', 0.12, 0], [C6, 0.64, 1.1, 'sine', 0.1, 0], [G5, 0.64, 1.1, 'sine', 0.08, 0],
      [C5 / 2, 0.64, 1.2, 'triangle', 0.1, 0], [C7, 0.9, 0.5, 'sine', 0.04, 0], [G6, 1.1, 0.5, 'sine', 0.04, 0]],
    even: [[440, 0, 0.18, 'sine', 0.06, 0]],
    loss: [[294, 0, 0.16, 'sine', 0.06, 0], [247, 0.12, 0.26, 'sine', 0.05, 0]],
    reward: [[G5, 0, 0.1, 'sine', 0.13, 0], [988, 0.08, 0.1, 'sine', 0.13, 0], [1175, 0.16, 0.1, 'sine', 0.13, 0],
      [G6, 0.24, 0.35, 'sine', 0.12, 0]],
    claim: [[G6, 0, 0.06, 'sine', 0.1, 0], [C7, 0.05, 0.16, 'sine', 0.09, 0], [C6, 0.14, 0.14, 'sine', 0.12, 0],
      [E6, 0.22, 0.14, 'sine', 0.12, 0], [G6, 0.3, 0.32, 'sine', 0.11, 0], [C5, 0.3, 0.32, 'triangle', 0.07, 0]],
    error: [[196, 0, 0.15, 'triangle', 0.12, 0]]
  };

  function play(c, n, now) {
    var osc = c.createOscillator(), gain = c.createGain(), at = now + n[1], end = at + n[2];
    osc.type = n[3];
    osc.frequency.setValueAtTime(n[0], at);
    if (n[5]) osc.frequency.exponentialRampToValueAtTime(n[5], end);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(n[4], at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, end);
    osc.connect(gain).connect(c.destination);
    osc.start(at);
    osc.stop(end + 0.05);
  }

  window.ccSound = function (kind) {
    try {
      if (!soundOn() || !NOTES[kind]) return;
      var c = audio();
      if (!c) return;
      var now = c.currentTime;
      NOTES[kind].forEach(function (n) { play(c, n, now); });
    } catch (e) { /* sound is decoration; never break the page */ }
  };

  // A cue the server asked for (state/sound.py), once per cue even across a reload.
  window.ccSoundCue = function (kind, seq) {
    window.ccOnce('sound', seq, function () { window.ccSound(kind); });
  };

  // ---- background music: a slow generated pad (Am - F - C - G), quiet, looping ----
  var CHORDS = [[220, 261.63, 329.63], [174.61, 220, 261.63], [130.81, 196, 329.63], [196, 246.94, 293.66]];
  var CHORD_S = 4;
  var music = { wanted: false, bus: null, timer: null, next: 0, step: 0 };

  function pad(c, bus, freq, at) {
    [-4, 4].forEach(function (cents) {
      var osc = c.createOscillator(), gain = c.createGain();
      osc.type = 'sine';
      osc.frequency.setValueAtTime(freq, at);
      osc.detune.setValueAtTime(cents, at);
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.5, at + 1.2);
      gain.gain.setValueAtTime(0.5, at + CHORD_S - 0.4);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + CHORD_S + 0.8);
      osc.connect(gain).connect(bus);
      osc.start(at);
      osc.stop(at + CHORD_S + 0.9);
    });
  }

  function schedule() {
    var c = ctx;
    if (!music.bus || !c) return;
    while (music.next < c.currentTime + CHORD_S) {
      var chord = CHORDS[music.step % CHORDS.length];
      chord.forEach(function (f) { pad(c, music.bus, f, music.next); });
      pad(c, music.bus, chord[0] * 2, music.next + CHORD_S / 2);  // a soft upper note halfway through
      music.next += CHORD_S;
      music.step += 1;
    }
  }

  function start() {
    if (music.bus || !music.wanted || !soundOn()) return;
    try {
      var c = audio();
      if (!c) return;
      if (c.state !== 'running') {  // no user gesture yet: resume() waits for one (so does onGesture)
        if (c.resume) c.resume().then(function () { if (c.state === 'running') start(); }, function () {});
        return;
      }
      var bus = c.createGain(), tone = c.createBiquadFilter();
      tone.type = 'lowpass';
      tone.frequency.value = 900;
      bus.gain.setValueAtTime(0.0001, c.currentTime);
      bus.gain.exponentialRampToValueAtTime(0.035, c.currentTime + 2);
      bus.connect(tone).connect(c.destination);
      music.bus = bus;
      music.next = c.currentTime + 0.05;
      music.step = 0;
      schedule();
      music.timer = setInterval(schedule, 1000);
    } catch (e) { music.bus = null; }
  }

  function stop() {
    clearInterval(music.timer);
    music.timer = null;
    var bus = music.bus;
    music.bus = null;
    if (!bus || !ctx) return;
    try {
      bus.gain.cancelScheduledValues(ctx.currentTime);
      bus.gain.setValueAtTime(Math.max(bus.gain.value, 0.0001), ctx.currentTime);
      bus.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.4);
      setTimeout(function () { try { bus.disconnect(); } catch (e) {} }, 600);
    } catch (e) {}
  }

  // The first gesture on the page lets audio start (a saved "on" from an earlier visit waits for it).
  function onGesture() {
    if (music.wanted && !music.bus) start();
  }
  ['pointerdown', 'keydown', 'touchend'].forEach(function (type) {
    document.addEventListener(type, onGesture, true);
  });

  // Called by the page (components/client_effects.py) with "music on and sound on".
  window.ccMusic = {
    set: function (on) {
      music.wanted = on === true || on === 'true';
      if (music.wanted) start(); else stop();
    },
    playing: function () { return !!music.bus; },
    wanted: function () { return music.wanted; }
  };
})();
