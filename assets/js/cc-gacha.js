/* The gacha reveal (/games/gacha), loaded by the page. The server decides every prize and renders the dialog
 * #cc-reveal with the real rarity's colour on every card from the first frame; CSS plays the build-up. This
 * script: keeps focus inside the dialog (Tab cycles), lets Escape or Enter skip the build-up and then close,
 * announces the prizes when they turn over (aria-live), plays the reveal sounds (none when cc_sound = off),
 * shows everything at once when the player prefers reduced motion, and holds the header balance
 * (window.ccBalanceHold, /js/cc-client.js) from the click until the dialog closes, so a gold prize never shows
 * in the header before it is revealed.
 */
(function () {
  if (window.ccGacha) return;

  var current = null;   // the open reveal
  var clickHold = null; // the balance hold taken at the click, until the reveal opens or the pull is refused

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  function soundOn() {
    try { return localStorage.getItem('cc_sound') !== 'off'; } catch (e) { return true; }
  }

  function holdBalance(ms) {
    var hold = window.ccBalanceHold;
    return hold && hold.acquire ? hold.acquire(ms) : function () {};
  }

  // ---- sounds (WebAudio; generated, nothing downloaded) ----
  var ctx = null;
  var TOP = { COMMON: 520, RARE: 700, EPIC: 920, LEGENDARY: 1180 };
  var CHIMES = {
    COMMON: [[523, 0.00, 0.20], [659, 0.10, 0.26]],
    RARE: [[587, 0.00, 0.16], [740, 0.09, 0.16], [880, 0.18, 0.34]],
    EPIC: [[523, 0.00, 0.14], [659, 0.08, 0.14], [784, 0.16, 0.14], [1047, 0.24, 0.42], [1319, 0.34, 0.5]],
    LEGENDARY: [[392, 0.00, 0.18], [523, 0.12, 0.18], [659, 0.24, 0.18], [784, 0.36, 0.24], [1047, 0.5, 0.7],
      [1568, 0.6, 0.8]]
  };
  var TICK = { COMMON: 660, RARE: 880, EPIC: 1100, LEGENDARY: 1320 };

  function newBus() {
    if (!soundOn()) return null;
    try {
      var AC = window.AudioContext || window.webkitAudioContext;
      if (!AC) return null;
      ctx = ctx || new AC();
      if (ctx.state === 'suspended' && ctx.resume) ctx.resume();
      var bus = ctx.createGain();
      bus.gain.value = 1;
      bus.connect(ctx.destination);
      return bus;
    } catch (e) { return null; }
  }

  function tone(bus, freq, at, len, type, peak) {
    var c = bus.context, osc = c.createOscillator(), gain = c.createGain();
    osc.type = type || 'sine';
    osc.frequency.setValueAtTime(freq, at);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(peak || 0.14, at + 0.012);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + len);
    osc.connect(gain).connect(bus);
    osc.start(at);
    osc.stop(at + len + 0.05);
  }

  function chime(bus, rarity, at) {
    (CHIMES[rarity] || CHIMES.COMMON).forEach(function (n) {
      tone(bus, n[0], at + n[1], n[2], 'sine', 0.14);
      if (rarity === 'LEGENDARY' || rarity === 'EPIC') tone(bus, n[0] / 2, at + n[1], n[2], 'triangle', 0.05);
    });
  }

  // A rising shimmer under the capsule's build-up: longer and higher for a rarer prize (it is the real one).
  function riser(bus, rarity, seconds) {
    var c = bus.context, now = c.currentTime, end = now + seconds;
    var osc = c.createOscillator(), gain = c.createGain();
    osc.type = 'triangle';
    osc.frequency.setValueAtTime(180, now);
    osc.frequency.exponentialRampToValueAtTime(TOP[rarity] || 520, end);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.04, now + 0.25);
    gain.gain.linearRampToValueAtTime(0.07, Math.max(now + 0.3, end - 0.06));
    gain.gain.exponentialRampToValueAtTime(0.0001, end);
    osc.connect(gain).connect(bus);
    osc.start(now);
    osc.stop(end + 0.05);
  }

  function playTimeline(r) {
    var bus = newBus();
    if (!bus) return null;
    var now = bus.context.currentTime;
    var cards = r.root.querySelectorAll('.cc-gcard');
    if (cards.length) {
      Array.prototype.forEach.call(cards, function (card) {
        var at = now + (Number(card.getAttribute('data-delay')) || 0) / 1000 + 0.2;
        tone(bus, TICK[card.getAttribute('data-rarity')] || 660, at, 0.09, 'square', 0.035);
      });
    } else {
      riser(bus, r.rarity, r.build / 1000);
    }
    chime(bus, r.rarity, now + r.build / 1000);
    return bus;
  }

  // ---- focus ----
  function visible(el) {
    return !!el && !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  }

  function focusables(root) {
    var all = root.querySelectorAll('button, a[href], [tabindex]:not([tabindex="-1"])');
    return Array.prototype.filter.call(all, visible);
  }

  function focus(el) {
    if (el) { try { el.focus({ preventScroll: true }); } catch (e) { el.focus(); } }
  }

  function trapTab(event, root) {
    var list = focusables(root);
    if (!list.length) { event.preventDefault(); focus(root); return; }
    var first = list[0], last = list[list.length - 1], active = document.activeElement;
    if (!root.contains(active)) { event.preventDefault(); focus(first); return; }
    if (event.shiftKey && (active === first || active === root)) { event.preventDefault(); focus(last); }
    else if (!event.shiftKey && active === last) { event.preventDefault(); focus(first); }
  }

  // ---- the reveal ----
  function reveal(r, instant) {
    if (r.revealed) return;
    r.revealed = true;
    clearTimeout(r.timer);
    if (instant) {
      if (r.bus) { try { r.bus.disconnect(); } catch (e) {} }
      var bus = newBus();
      if (bus) chime(bus, r.rarity, bus.context.currentTime + 0.02);
    }
    r.root.setAttribute('data-revealed', '1');
    var live = r.root.querySelector('#cc-reveal-live');
    var text = r.root.querySelector('#cc-reveal-announce');
    if (live && text) live.textContent = text.textContent.replace(/\s+/g, ' ').trim();
    focus(r.root.querySelector('#cc-reveal-close'));
  }

  function skip(r) {
    if (r.revealed) return;
    r.root.setAttribute('data-skipped', '1');
    reveal(r, true);
  }

  // The balance and the page scroll are given back as soon as the player closes (or the dialog goes away).
  function release(r) {
    if (r.released) return;
    r.released = true;
    clearTimeout(r.timer);
    r.releaseBalance();
    document.documentElement.classList.remove('cc-gacha-reveal-lock');
    if (current === r) current = null;
  }

  // Focus goes back to the pull button used (or to the last pull's prizes when that button is now disabled).
  function restoreFocus(r) {
    var button = document.getElementById(r.count > 1 ? 'cc-pull-10' : 'cc-pull-1');
    focus(visible(button) ? button : document.getElementById('cc-last-pull'));
  }

  function close(r) {
    var button = r.root.querySelector('#cc-reveal-close');
    if (button) button.click();
  }

  function onKey(event) {
    var r = current;
    if (!r) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (r.revealed) close(r); else skip(r);
    } else if (event.key === 'Enter') {
      var target = event.target;
      if (target && target.closest && target.closest('a[href], button')) return;  // the control's own action
      event.preventDefault();
      if (r.revealed) close(r); else skip(r);
    } else if (event.key === 'Tab') {
      trapTab(event, r.root);
    }
  }
  document.addEventListener('keydown', onKey, true);

  function open() {
    var root = document.getElementById('cc-reveal');
    if (!root || root.getAttribute('data-ready') === '1') return;
    root.setAttribute('data-ready', '1');
    if (current) release(current);
    var r = {
      root: root,
      rarity: root.getAttribute('data-rarity') || 'COMMON',
      build: Number(root.getAttribute('data-build')) || 0,
      count: Number(root.getAttribute('data-count')) || 1,
      revealed: false,
      released: false,
      timer: null,
      bus: null,
      releaseBalance: holdBalance(120000)
    };
    if (clickHold) { clickHold(); clickHold = null; }
    current = r;
    document.documentElement.classList.add('cc-gacha-reveal-lock');
    var skipButton = root.querySelector('#cc-reveal-skip');
    if (skipButton) skipButton.addEventListener('click', function () { skip(r); });
    Array.prototype.forEach.call(root.querySelectorAll('#cc-reveal-close, #cc-reveal-inventory'), function (el) {
      el.addEventListener('click', function () { release(r); });
    });
    // Once the dialog has gone (closed, or the page changed), focus returns to where the pull was made.
    var watch = setInterval(function () {
      if (document.body.contains(root)) return;
      clearInterval(watch);
      release(r);
      restoreFocus(r);
    }, 120);
    if (reducedMotion() || r.build <= 0) {
      root.setAttribute('data-skipped', '1');
      reveal(r, true);
      return;
    }
    r.bus = playTimeline(r);
    focus(skipButton || root);
    r.timer = setTimeout(function () { reveal(r, false); }, r.build);
  }

  window.ccGacha = {
    open: open,
    holdForPull: function () {
      if (clickHold) clickHold();
      clickHold = holdBalance(10000);
    },
    pullFailed: function () {
      if (clickHold) { clickHold(); clickHold = null; }
    }
  };

  if (document.getElementById('cc-reveal')) open();
})();
