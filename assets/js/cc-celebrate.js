/* Win celebrations (components/celebration.py): the payout counts up from 0 and coins burst, more of them and
 * longer for a bigger tier (services/games/win_tier.py decides the tier; this only shows it). The server
 * renders the final amount; this script animates over it once per round (window.ccOnce: a reload shows the
 * final figure at once). With prefers-reduced-motion the final amount stays as it is, with no coins.
 * Sounds are not played here: the page's sound cue does that (window.ccSound, /js/cc-sound.js).
 */
(function () {
  var COUNT_MS = { win: 900, big: 1600, mega: 2400, reward: 700 };
  var COINS = { win: 10, big: 24, mega: 44, reward: 8 };

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  function format(n) {
    return Math.round(n).toLocaleString('en-US');
  }

  function countUp(root, tier) {
    var run = root.querySelector('.cc-celebrate-run');
    var to = Number(root.getAttribute('data-amount'));
    if (!run || !(to > 0)) return;
    var ms = COUNT_MS[tier] || COUNT_MS.win;
    var begin = performance.now();
    root.setAttribute('data-running', 'true');
    run.textContent = '0';
    function frame(now) {
      if (!root.isConnected) return;
      var t = Math.min(1, (now - begin) / ms);
      var eased = 1 - Math.pow(1 - t, 3);
      run.textContent = format(to * eased);
      if (t < 1) { window.requestAnimationFrame(frame); return; }
      root.removeAttribute('data-running');
      run.textContent = '';
    }
    window.requestAnimationFrame(frame);
  }

  function burst(root, tier) {
    var layer = root.querySelector('.cc-celebrate-coins');
    if (!layer) return;
    var count = COINS[tier] || COINS.win;
    var spread = tier === 'mega' ? 260 : tier === 'big' ? 190 : 120;
    for (var i = 0; i < count; i += 1) {
      var coin = document.createElement('span');
      var angle = (Math.PI * 2 * i) / count + Math.random() * 0.6;
      var dist = spread * (0.55 + Math.random() * 0.45);
      coin.className = 'cc-coin';
      coin.style.setProperty('--coin-dx', Math.round(Math.cos(angle) * dist) + 'px');
      coin.style.setProperty('--coin-dy', Math.round(Math.sin(angle) * dist * 0.7 - 40) + 'px');
      coin.style.setProperty('--coin-spin', Math.round(Math.random() * 720 - 360) + 'deg');
      coin.style.setProperty('--coin-delay', Math.round(Math.random() * (tier === 'mega' ? 600 : 250)) + 'ms');
      layer.appendChild(coin);
    }
    setTimeout(function () { while (layer.firstChild) layer.removeChild(layer.firstChild); }, 2600);
  }

  // Called when a celebration mounts: its element id and the round it belongs to.
  window.ccCelebrate = function (id, key) {
    var root = document.getElementById(id);
    if (!root) return;
    var tier = root.getAttribute('data-tier') || 'win';
    window.ccOnce('celebrate:' + id, key, function () {
      if (reducedMotion()) { root.setAttribute('data-shown', 'final'); return; }
      root.setAttribute('data-shown', 'animated');
      countUp(root, tier);
      burst(root, tier);
    });
  };
})();
