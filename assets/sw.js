/* Casino-Club service worker: shows the web pushes the server sends while no Casino-Club page is open.
 * Served from the site root (/sw.js) so its scope is the whole site. It does not cache or intercept requests.
 * A push carries JSON {title, body, icon, url, tag, lang}; anything else shows the generic line below.
 */
'use strict';

var FALLBACK = { title: '카지노 클럽', body: '새 소식이 있어요.', icon: '/favicon.ico', url: '/notifications' };

function sameSitePath(value) {
  // Only a path on this site: no scheme, no other host, no backslashes or control characters.
  return typeof value === 'string' && /^\/(?![\/\\])/.test(value) && !/[\u0000-\u0020\\]/.test(value)
    ? value
    : FALLBACK.url;
}

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('push', function (event) {
  var data = {};
  if (event.data) {
    try {
      data = event.data.json() || {};
    } catch (e) {
      data = {};
    }
  }
  var title = typeof data.title === 'string' && data.title ? data.title : FALLBACK.title;
  var options = {
    body: typeof data.body === 'string' && data.body ? data.body : FALLBACK.body,
    icon: sameSitePath(data.icon || FALLBACK.icon),
    lang: data.lang === 'en' ? 'en' : 'ko',
    data: { url: sameSitePath(data.url || FALLBACK.url) }
  };
  if (typeof data.tag === 'string' && data.tag) options.tag = data.tag;
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var path = sameSitePath(event.notification.data && event.notification.data.url);
  var target = new URL(path, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        var win = windows[i];
        if (new URL(win.url).origin !== self.location.origin) continue;
        if (win.url === target) return win.focus();
      }
      return self.clients.openWindow(target);
    })
  );
});
