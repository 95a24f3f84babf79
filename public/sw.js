// Steward's service worker: keeps the app shell on the device so the app opens with no
// network. It caches only the built shell files listed below (written by
// scripts/sw-precache.sh after each build) — never API responses, so no session or owner
// data ever lands in this cache.
const BUILD = "__STEWARD_BUILD__";
const PRECACHE = __STEWARD_PRECACHE__;
// The screens' chunks, packed in one file (`.pack`, with its index `.json`: [[path, offset,
// length], …]) and filed here one by one under their own paths.
const PACK = __STEWARD_PACK__;
const CACHE = `steward-shell-${BUILD}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.all([
        // A build's own files never change under their name (the page may have just fetched
        // them: the browser's cache serves); the rest is fetched anew.
        cache.addAll(PRECACHE.map((path) => new Request(path, { cache: path.startsWith("/app-") ? "default" : "reload" }))),
        unpack(cache),
      ]).then(() => cache.put(INSTALLED, new Response(String(Date.now())))))
      .then(() => self.skipWaiting()),
  );
});

async function unpack(cache) {
  const fetched = (suffix) => fetch(new Request(PACK + suffix)).then((r) => {
    if (!r.ok) throw new Error(`${PACK}${suffix}: ${r.status}`);
    return r;
  });
  const [index, pack] = await Promise.all([
    fetched(".json").then((r) => r.json()),
    fetched(".pack").then((r) => r.arrayBuffer()),
  ]);
  const wasm = { "content-type": "application/wasm" };
  await Promise.all(index.map(([path, offset, length]) =>
    cache.put(path, new Response(pack.slice(offset, offset + length), { headers: wasm }))));
}

// When this worker's cache was filled, kept in the cache itself.
const INSTALLED = "/__installed";

self.addEventListener("activate", (event) => {
  event.waitUntil(forgetOlderBuilds().then(() => self.clients.claim()));
});

// The newest earlier build's cache stays: a tab still running that build (open across an
// update) finds the screens it has not opened yet, offline too. Older ones go.
async function forgetOlderBuilds() {
  const others = (await caches.keys()).filter((k) => k.startsWith("steward-shell-") && k !== CACHE);
  const dated = await Promise.all(others.map(async (k) => {
    const stamp = await (await caches.open(k)).match(INSTALLED);
    return [k, stamp ? Number(await stamp.text()) : 0];
  }));
  dated.sort((a, b) => b[1] - a[1]);
  await Promise.all(dated.slice(1).map(([k]) => caches.delete(k)));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  // The API and health checks always go to the network: they are live data.
  if (url.pathname.startsWith("/api/") || url.pathname === "/healthz") return;
  // Owners' pages are rendered by the server for one owner: never the staff shell, never cached.
  if (url.pathname.startsWith("/t/") || url.pathname === "/lookup") return;

  if (request.mode === "navigate") {
    // Any app route opens the shell; the network copy wins when there is one, so a new
    // build shows up at once, but a dead or slow network falls back to the cached shell.
    event.respondWith(networkFirst(new Request("/index.html"), 3000));
    return;
  }
  // This build's copy first, then an earlier build's (its own files, for a tab still on it).
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request))
      .then((hit) => hit || caches.match(request))
      .then((hit) => hit || fetch(request)),
  );
});

async function networkFirst(request, timeoutMs) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs)),
    ]);
    if (response.ok) return response;
    throw new Error(`status ${response.status}`);
  } catch (_) {
    const cached = await cache.match("/index.html");
    return cached || Response.error();
  }
}
