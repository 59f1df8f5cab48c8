/* Casino-Club browser helpers. Served from this origin: the Content-Security-Policy allows no
 * inline code the build did not ship and no eval, so everything the server asks the page to do
 * runs through these named functions (called by components compiled into the bundle).
 */
(function () {
  // <html lang> from the saved preference before first paint (screen readers, font fallback).
  try {
    var saved = localStorage.getItem('cc_lang');
    if (saved === 'en' || saved === 'ko') document.documentElement.lang = saved;
  } catch (e) {}

  window.ccSetLang = function (lang) {
    if (lang === 'en' || lang === 'ko') document.documentElement.lang = lang;
  };

  // Run fn once per (channel, key) in this tab, even across reloads (state survives a reload).
  window.ccOnce = function (channel, key, fn) {
    var name = 'cc_once_' + channel;
    try {
      if (sessionStorage.getItem(name) === String(key)) return;
      sessionStorage.setItem(name, String(key));
    } catch (e) {}
    fn();
  };

  function go(path) {
    var safe = typeof path === 'string' && /^\/(?![\/\\])/.test(path) && !/[\u0000-\u0020\\]/.test(path);
    window.location.replace(safe ? path : '/');
  }

  // The session cookie is HttpOnly: only these same-origin calls set or delete it.
  window.ccSession = {
    establish: function (ticket, next) {
      // Remember only a fragment of the (one-time) ticket: storage never holds a credential.
      window.ccOnce('handoff', String(ticket).slice(-10), function () {
        fetch('/api/web/session', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ ticket: ticket })
        }).then(
          function (r) { go(r.ok ? next : '/login?reason=expired'); },
          function () { go('/login?reason=expired'); }
        );
      });
    },
    logout: function (seq) {
      window.ccOnce('logout', seq, function () {
        dropPush().then(function () {
          return fetch('/api/web/logout', { method: 'POST', credentials: 'same-origin' });
        }).then(
          function () { go('/'); },
          function () { go('/'); }
        );
      });
    }
  };

  // On a shared computer the next person must not get this player's pushes: before logging out, forget this
  // browser's push subscription on the server and in the browser (at most 1.5 s, then log out anyway).
  function dropPush() {
    var work;
    try {
      if (!('serviceWorker' in navigator)) return Promise.resolve();
      work = navigator.serviceWorker.getRegistration('/').then(function (registration) {
        return registration && registration.pushManager ? registration.pushManager.getSubscription() : null;
      }).then(function (subscription) {
        if (!subscription) return null;
        return fetch('/api/push/subscriptions', {
          method: 'DELETE',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ endpoint: subscription.endpoint })
        }).catch(function () {}).then(function () { return subscription.unsubscribe(); });
      }).catch(function () {});
    } catch (e) {
      return Promise.resolve();
    }
    return Promise.race([work, new Promise(function (resolve) { setTimeout(resolve, 1500); })]);
  }

  // The shop's hand-off to the payment provider's checkout page: a full navigation (the page is not part of
  // this app's router), once per order in this tab, so coming back with the browser's Back button stays put.
  window.ccCheckout = function (url, order) {
    var text = typeof url === 'string' ? url : '';
    var ok = !/[\u0000-\u0020\\]/.test(text) && (/^\/(?![\/\\])/.test(text) || /^https?:\/\/[^\/]/.test(text));
    if (!ok) return;
    window.ccOnce('checkout', order, function () { window.location.assign(text); });
  };

  // Referral sharing (/friends): must run inside the click (browsers require a user gesture), so the button
  // calls these directly. The status text comes from the element's data-* attributes (the i18n catalogs).
  function shareStatus(kind) {
    var el = document.getElementById('cc-share-status');
    if (el && el.dataset[kind]) el.textContent = el.dataset[kind];
  }
  window.ccCopy = function (text) {
    var value = String(text || '');
    function legacy() {
      var area = document.createElement('textarea');
      area.value = value;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) {}
      document.body.removeChild(area);
      shareStatus(ok ? 'copied' : 'failed');
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(function () { shareStatus('copied'); }, legacy);
    } else {
      legacy();
    }
  };
  window.ccShare = function (url, title, text) {
    var link = String(url || '');
    if (!/^https?:\/\/[^\/\s]/.test(link)) return;
    if (navigator.share) {
      navigator.share({ title: String(title || ''), text: String(text || ''), url: link }).then(
        function () { shareStatus('shared'); },
        function (e) { if (!e || e.name !== 'AbortError') window.ccCopy(link); }
      );
    } else {
      window.ccCopy(link);
    }
  };

  // A game holds the header balance while it reveals a round (the slot's reels still turning): the balance
  // ticker shows the newest balance once every hold is let go; pushes that arrive meanwhile wait, none is lost.
  // A hold lapses by itself after `ms`, so the balance can never stay stuck.
  (function () {
    var holds = 0;
    var waiters = [];
    function flush() {
      var list = waiters;
      waiters = [];
      list.forEach(function (fn) { try { fn(); } catch (e) {} });
    }
    window.ccBalanceHold = {
      held: function () { return holds > 0; },
      acquire: function (ms) {
        var done = false;
        var timer = null;
        function release() {
          if (done) return;
          done = true;
          clearTimeout(timer);
          holds -= 1;
          if (holds === 0) flush();
        }
        holds += 1;
        timer = setTimeout(release, Number(ms) > 0 ? Number(ms) : 15000);
        return release;
      },
      whenFree: function (fn) {
        if (holds === 0) { fn(); return function () {}; }
        waiters.push(fn);
        return function () {
          var i = waiters.indexOf(fn);
          if (i >= 0) waiters.splice(i, 1);
        };
      }
    };
  })();

  // A form submitted before React has hydrated the page has no handler yet, so the browser would send it itself:
  // a GET of this page with every field (a password too) in the address and an emptied form. Every form of the
  // app is Reflex's, whose handler always prevents that; so a submit that reaches window (after React's listener
  // on the document) un-prevented is kept here (the form carries data-cc-held, its button shows it waits) and
  // submitted again once React has attached to the form. React sets that mark partway through hydrating, before
  // its handlers answer, so a replay that comes too early is simply kept again, until a minute has passed. A
  // submit the app did take ends any wait on its form, so a tap after hydration is never sent twice.
  (function () {
    var holds = new WeakMap();
    function attached(form) {
      return Object.keys(form).some(function (key) { return key.indexOf('__reactProps') === 0; });
    }
    function stop(form) {
      var hold = holds.get(form);
      if (hold) clearInterval(hold.timer);
      holds.delete(form);
      form.removeAttribute('data-cc-held');
    }
    window.addEventListener('submit', function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || form.hasAttribute('action') || form.hasAttribute('method')) return;
      if (event.defaultPrevented) { stop(form); return; }
      event.preventDefault();
      var hold = holds.get(form);
      if (!hold) {
        hold = { until: Date.now() + 60000, timer: 0 };
        holds.set(form, hold);
        form.setAttribute('data-cc-held', '');
      }
      if (hold.timer) return;
      hold.timer = setInterval(function () {
        if (!form.isConnected || Date.now() > hold.until) { stop(form); return; }
        if (!attached(form)) return;
        clearInterval(hold.timer);
        hold.timer = 0;
        if (!form.checkValidity()) { stop(form); form.reportValidity(); return; }
        form.requestSubmit();  // taken by the app (which ends the wait), or kept again mid-hydration
      }, 100);
    });
  })();

  // Sounds (window.ccSound, window.ccSoundCue, window.ccMusic) live in /js/cc-sound.js.
})();
