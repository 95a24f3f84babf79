// Packs the screens' wasm chunks of one build into one file for the service worker:
// node pack-chunks.mjs DIST APP-DIR  writes APP-DIR/chunks.pack (the files end to end) and
// APP-DIR/chunks.json ([[path, offset, length], …]). The worker fetches the two and files each
// chunk in its cache under its own path: one request instead of ~300 at install, which would
// otherwise hold the browser's six connections while a new tablet's first pull waits.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dist, app] = process.argv.slice(2);
const dir = join(dist, app);
const chunks = readdirSync(dir).filter((f) => f.endsWith(".wasm") && f !== "main_bg.wasm").sort();
const parts = [];
const index = [];
let offset = 0;
for (const file of chunks) {
  const bytes = readFileSync(join(dir, file));
  index.push([`/${app}/${file}`, offset, bytes.length]);
  parts.push(bytes);
  offset += bytes.length;
}
writeFileSync(join(dir, "chunks.pack"), Buffer.concat(parts));
writeFileSync(join(dir, "chunks.json"), JSON.stringify(index));
console.log(`pack-chunks: ${chunks.length} chunks, ${offset} bytes`);

// Each role's first screen in one pack too: `first-<home>.pack`, the home's chunk and every
// chunk it needs (a phone's home needs 25-180 of them), for a browser the service worker does
// not serve yet — a new device's first sign-in. One request instead of up to 180, compressed
// together: about half the bytes of the files one by one. __wasm_split.js learns to take a
// chunk from the pack once the app has named it (app/src/screens.rs, `preload_first`), and
// fetches the file itself otherwise or if the pack fails.
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
for (const name of [...loads.keys()].filter((k) => k.endsWith("_home"))) {
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
if (Object.keys(first).length === 0) throw new Error("pack-chunks: no *_home split point in __wasm_split.js");
const fetches = /fetch\(new URL\("\.\/([^"]+)", import\.meta\.url\)\)/g;
const shim = `// A role's first screen comes in one pack (scripts/pack-chunks.mjs) unless the service worker
// keeps its chunks already: the app names it as soon as it knows who signed in.
const FIRST = ${JSON.stringify(first)};
const packed = new Map();
globalThis.__stewardFirst = (name) => {
  const entries = FIRST[name];
  if (!entries || entries.some(([file]) => packed.has(file))) return;
  const pack = (async () => {
    if (await globalThis.caches?.match(new URL(\`./\${entries[0][0]}\`, import.meta.url))) return null;
    const r = await fetch(new URL(\`./first-\${name}.pack\`, import.meta.url));
    if (!r.ok) throw new Error(\`first-\${name}.pack: \${r.status}\`);
    return r.arrayBuffer();
  })();
  pack.catch(() => {});
  for (const [file, offset, length] of entries) packed.set(file, pack.then((b) => b && b.slice(offset, offset + length)));
};
function chunkFetch(file) {
  const url = new URL(\`./\${file}\`, import.meta.url);
  const bytes = packed.get(file);
  if (!bytes) return fetch(url);
  // Kept by the worker (which may not serve this page yet: just installed): taken from its cache.
  const kept = () => globalThis.caches.match(url).then((r) => r ?? fetch(url));
  const alone = () => { packed.delete(file); return fetch(url); };
  return bytes.then((b) => (b ? new Response(b, { headers: { "content-type": "application/wasm" } }) : kept()), alone);
}
`;
const replaced = links.replace(fetches, (_, file) => `chunkFetch(${JSON.stringify(file)})`);
if (replaced === links) throw new Error("pack-chunks: no chunk fetch to route in __wasm_split.js");
links = replaced.replace(/^(import [^\n]*\n)/, `$1${shim}`);
writeFileSync(splitJs, links);
console.log(`pack-chunks: first screens packed for ${Object.keys(first).join(", ")}`);
