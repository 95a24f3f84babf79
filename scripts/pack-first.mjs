// Each role's first screen in one pack: node pack-first.mjs DIR writes DIR/first-<home>.pack for
// every `*_home` split point of DIR/__wasm_split.js (and first-sync_rules.pack, the rules) — the home's chunk and every chunk it needs
// (a phone's home needs 25-180 of them), end to end — for a browser the service worker does
// not serve yet: a new device's first sign-in, the first start of a new build. One request
// instead of up to 180, compressed together: about half the bytes of the files one by one.
// __wasm_split.js learns to take a chunk from the pack once the app has named it
// (app/src/screens.rs, `preload_first`), and fetches the file itself otherwise or if the pack
// fails. Run by build-app.sh before the build's directory is hashed (the patched script is
// part of what the hash names).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) throw new Error("usage: pack-first.mjs DIR");
const splitJs = join(dir, "__wasm_split.js");
let links = readFileSync(splitJs, "utf8");
const loads = new Map();
const pattern = /(?:const (__chunk_\d+)|export const __wasm_split_load_(\w+)) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n\}\n, \[([^\]]*)\]/g;
for (const m of links.matchAll(pattern)) {
  loads.set(m[1] ?? m[2], { file: m[3], deps: m[4].split(",").map((d) => d.trim()).filter(Boolean) });
}
const needs = (name, seen = new Set()) => {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of loads.get(name).deps) needs(dep, seen);
  return seen;
};
const first = {};
// The homes, and the rules every device fetches beside its first screen (app/src/sync/rules.rs):
// ~300 files that would otherwise hold the browser's connections while the home waits.
for (const name of [...loads.keys()].filter((k) => k.endsWith("_home") || k === "sync_rules")) {
  const files = [...needs(name)].map((k) => loads.get(k).file).sort();
  let at = 0;
  first[name] = files.map((file) => {
    const length = readFileSync(join(dir, file)).length;
    const entry = [file, at, length];
    at += length;
    return entry;
  });
  writeFileSync(join(dir, `first-${name}.pack`), Buffer.concat(files.map((f) => readFileSync(join(dir, f)))));
}
if (Object.keys(first).length === 0) throw new Error("pack-first: no *_home split point in __wasm_split.js");
const fetches = /fetch\(new URL\("\.\/([^"]+)", import\.meta\.url\)\)/g;
const shim = `// A role's first screen comes in one pack (scripts/pack-first.mjs) unless the service worker
// keeps its chunks already: the app names it as soon as it knows who signed in.
const FIRST = ${JSON.stringify(first)};
const packed = new Map();
const asked = new Set();
globalThis.__stewardFirst = (name) => {
  const entries = FIRST[name];
  if (!entries || asked.has(name)) return;
  asked.add(name);
  const pack = (async () => {
    const kept = await globalThis.caches?.match(new URL(\`./\${entries[0][0]}\`, import.meta.url)).catch(() => null);
    if (kept) return null;
    const r = await fetch(new URL(\`./first-\${name}.pack\`, import.meta.url));
    if (!r.ok) throw new Error(\`first-\${name}.pack: \${r.status}\`);
    return r.arrayBuffer();
  })();
  pack.catch(() => {});
  for (const [file, offset, length] of entries) {
    if (!packed.has(file)) packed.set(file, pack.then((b) => b && b.slice(offset, offset + length)));
  }
};
function chunkFetch(file) {
  const url = new URL(\`./\${file}\`, import.meta.url);
  const bytes = packed.get(file);
  if (!bytes) return fetch(url);
  packed.delete(file); // taken once: the module keeps what it instantiated
  // Kept by the worker (which may not serve this page yet: just installed): taken from its cache.
  const kept = () => globalThis.caches.match(url).then((r) => r ?? fetch(url), () => fetch(url));
  const alone = () => fetch(url);
  return bytes.then((b) => (b ? new Response(b, { headers: { "content-type": "application/wasm" } }) : kept()), alone);
}
`;
const replaced = links.replace(fetches, (_, file) => `chunkFetch(${JSON.stringify(file)})`);
if (replaced === links) throw new Error("pack-first: no chunk fetch to route in __wasm_split.js");
links = replaced.replace(/^(import [^\n]*\n)/, `$1${shim}`);
writeFileSync(splitJs, links);
console.log(`pack-first: first screens packed for ${Object.keys(first).join(", ")}`);
