/* Casino-Club web push: the "브라우저 알림 받기" switch (components/push_toggle.py).
 *
 * Loaded on demand by the switch (same origin, so the Content-Security-Policy allows it). It registers the
 * service worker (/sw.js), asks for the notification permission inside the player's click, subscribes with the
 * server's VAPID key and stores the subscription over REST with the session cookie (/api/push/subscriptions).
 * The switch's words are rendered by the server (both languages, from the i18n catalogs); this script only
 * sets data-state on #cc-push, which shows the matching line:
 *   loading · busy · on · off · unsupported · blocked (permission denied) · dismissed (prompt closed) · error
 */
(function () {
  'use strict';
  if (window.ccPush) return;

  var ROOT_ID = 'cc-push';
  var WORKER = '/sw.js';
  var SUBSCRIPTIONS = '/api/push/subscriptions';
  var busy = false;

  function root() {
    return document.getElementById(ROOT_ID);
  }

  function show(state) {
    var el = root();
    if (!el) return;
    el.setAttribute('data-state', state);
    var button = el.querySelector('[data-push-switch]');
    if (button) {
      button.setAttribute('aria-checked', state === 'on' ? 'true' : 'false');
      button.disabled = state === 'unsupported' || state === 'loading' || state === 'busy';
    }
  }

  function supported() {
    return (
      window.isSecureContext === true &&
      'serviceWorker' in navigator &&
      'PushManager' in window &&
      'Notification' in window
    );
  }

  function decodeKey(text) {
    var base64 = String(text).replace(/-/g, '+').replace(/_/g, '/');
    base64 += '===='.slice(0, (4 - (base64.length % 4)) % 4);
    var raw = window.atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function sameKey(subscription, key) {
    var given = subscription.options && subscription.options.applicationServerKey;
    if (!given) return true; // the browser does not tell: keep it (the server drops it if the push service refuses)
    var mine = decodeKey(key);
    var theirs = new Uint8Array(given);
    if (mine.length !== theirs.length) return false;
    for (var i = 0; i < mine.length; i++) if (mine[i] !== theirs[i]) return false;
    return true;
  }

  function call(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      if (!response.ok) throw new Error(method + ' ' + url + ': ' + response.status);
      return response.status === 204 ? null : response.json();
    });
  }

  function publicKey() {
    return call('GET', '/api/push/public-key').then(function (body) {
      return body.public_key;
    });
  }

  function save(subscription) {
    var json = subscription.toJSON();
    return call('POST', SUBSCRIPTIONS, {
      endpoint: json.endpoint,
      keys: { p256dh: json.keys.p256dh, auth: json.keys.auth }
    });
  }

  function existing() {
    return navigator.serviceWorker.getRegistration('/').then(function (registration) {
      return registration ? registration.pushManager.getSubscription() : null;
    });
  }

  function askPermission() {
    if (Notification.permission !== 'default') return Promise.resolve(Notification.permission);
    return new Promise(function (resolve) {
      var asked = Notification.requestPermission(resolve); // older Safari: callback; others: a promise
      if (asked && typeof asked.then === 'function') asked.then(resolve, function () { resolve('default'); });
    });
  }

  function run(task) {
    if (busy) return;
    busy = true;
    show('busy');
    task()
      .then(show, function () {
        show('error');
      })
      .then(function () {
        busy = false;
      });
  }

  // What the switch shows. A subscription this browser already holds is stored again: it follows the player
  // signed in now (a shared computer), and a server that dropped it gets it back.
  function mount() {
    if (!root() || busy) return;
    if (!supported()) return show('unsupported');
    if (Notification.permission === 'denied') return show('blocked');
    show('loading');
    Promise.all([existing(), publicKey()])
      .then(function (found) {
        var subscription = found[0];
        if (!subscription || Notification.permission !== 'granted') return 'off';
        if (!sameKey(subscription, found[1])) {
          return subscription.unsubscribe().then(function () {
            return 'off';
          });
        }
        return save(subscription).then(function () {
          return 'on';
        });
      })
      .then(show, function () {
        show('error');
      });
  }

  function turnOn() {
    return askPermission().then(function (permission) {
      if (permission === 'denied') return 'blocked';
      if (permission !== 'granted') return 'dismissed';
      return Promise.all([
        navigator.serviceWorker.register(WORKER, { scope: '/' }).then(function () {
          return navigator.serviceWorker.ready;
        }),
        publicKey()
      ])
        .then(function (found) {
          var registration = found[0];
          var key = found[1];
          return registration.pushManager.getSubscription().then(function (current) {
            if (current && sameKey(current, key)) return current;
            var fresh = function () {
              return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: decodeKey(key) });
            };
            return current ? current.unsubscribe().then(fresh) : fresh();
          });
        })
        .then(save)
        .then(function () {
          return 'on';
        });
    });
  }

  // The browser stops receiving first; the server row goes next (a row left behind is removed at the next push,
  // when the push service answers 410).
  function forget() {
    if (!supported()) return Promise.resolve('unsupported');
    return existing().then(function (subscription) {
      if (!subscription) return 'off';
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return call('DELETE', SUBSCRIPTIONS, { endpoint: endpoint }).then(
          function () {
            return 'off';
          },
          function () {
            return 'off';
          }
        );
      });
    });
  }

  function toggle() {
    var el = root();
    if (!el || !supported()) return show('unsupported');
    run(el.getAttribute('data-state') === 'on' ? forget : turnOn);
  }

  window.ccPush = { mount: mount, toggle: toggle, forget: forget };
  mount();
})();
