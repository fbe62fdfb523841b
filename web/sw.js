// Learnable's service worker: keeps a visited site working offline. At install it stores the
// whole site (one snapshot of one build); online, every request still goes to the network, so
// the page is always the build the server has now; when the network fails, the snapshot answers.
// The build writes VERSION and FILES (web/make_sw.py): a new build is a new sw.js, which
// installs a new snapshot and deletes the old one.
'use strict';

const VERSION = '@VERSION@';
const FILES = ['@FILES@'];
const CACHE = `learnable-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Each file fresh from the server (not the HTTP cache), so the snapshot is this build's.
    await cache.addAll(FILES.map((file) => new Request(file, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('learnable-') && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

async function networkThenSnapshot(request) {
  try {
    return await fetch(request);
  } catch (offline) {
    const cache = await caches.open(CACHE);
    // embed.html?layer=Conv1 is embed.html; a share link's fragment never reaches here.
    const options = { ignoreSearch: request.mode === 'navigate', ignoreVary: true };
    const stored = await cache.match(request, options);
    if (stored) return stored;
    throw offline;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  event.respondWith(networkThenSnapshot(request));
});
