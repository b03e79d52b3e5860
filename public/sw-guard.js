/* global self, URL, Response */
/**
 * Loaded first by the service worker (vite.config.ts, workbox importScripts): any request of
 * the page or of its workers that would leave this origin gets a network error instead. The
 * page's Content-Security-Policy already forbids such requests; this also covers workers on
 * hosts that send no policy header.
 */
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).origin !== self.location.origin)
    event.respondWith(Response.error());
});
