// What each role downloads before its first screen (its home), from the last build in dist/:
// the shell (index.html, the shell's wasm and glue, the stylesheet, the service worker, the
// manifest and icons) plus its home's chunk and every chunk that one needs, as listed in
// __wasm_split.js (in one pack, first-<home>.pack, when the build made one). Sizes are of the build's own .br files (brotli -q 11; the server sends
// them as they are). Prints FIGURE lines for scripts/bench.sh.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const dist = process.argv[2] ?? "dist";
// The build index.html loads (earlier builds' directories stay beside it).
const app = readFileSync(join(dist, "index.html"), "utf8").match(/\/(app-[0-9a-f]{16})\//)?.[1];
if (!app) throw new Error(`no app-<hash>/ in ${dist}/index.html: run scripts/build-app.sh first`);
const dir = join(dist, app);

const brotli = (path) =>
  existsSync(`${path}.br`)
    ? statSync(`${path}.br`).size
    : brotliCompressSync(readFileSync(path), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// `const __chunk_N = makeLoad(... "./file.wasm" ..., [deps])` and
// `export const __wasm_split_load_<chunk>_<hash> = wrapAsyncCb(makeLoad(... "./file.wasm" ..., [deps]))`.
const links = readFileSync(join(dir, "__wasm_split.js"), "utf8");
const loads = new Map();
// (pack-first.mjs routes the fetch through `chunkFetch("file")`.)
const pattern = /(?:const (__chunk_\d+)|export const __wasm_split_load_(\w+)) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = (?:fetch\(new URL\("\.\/|chunkFetch\(")([^"]+)"[\s\S]*?\n\}\n, \[([^\]]*)\]/g;
for (const m of links.matchAll(pattern)) {
  const deps = m[4].split(",").map((d) => d.trim()).filter(Boolean);
  loads.set(m[1] ?? m[2], { file: m[3], deps });
}
const needs = (name, seen = new Set()) => {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of loads.get(name).deps) needs(dep, seen);
  return seen;
};
const chunkOf = (prefix) => [...loads.keys()].find((k) => k === prefix || (k.startsWith(`${prefix}_`) && !k.startsWith("__chunk")));

// Every file under a directory, recursively (wasm-bindgen's `snippets/` are the shell's too).
const walk = (d) => readdirSync(d, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]))
  .filter((f) => !f.endsWith(".br") && !f.endsWith(".gz"));
const snippets = existsSync(join(dir, "snippets")) ? walk(join(dir, "snippets")) : [];
const shellFiles = [
  join(dist, "index.html"), join(dist, "sw.js"), join(dist, "manifest.webmanifest"),
  ...readdirSync(join(dist, "icons")).map((f) => join(dist, "icons", f)),
  join(dir, "main_bg.wasm"), join(dir, "main.js"), join(dir, "__wasm_split.js"), join(dir, "app.css"),
  ...snippets,
];
const kb = (bytes) => Math.round(bytes / 1000);
const shell = shellFiles.reduce((sum, f) => sum + brotli(f), 0);
console.log(`${"file".padEnd(34)} ${"brotli".padStart(9)}`);
for (const f of shellFiles) console.log(`${relative(dist, f).padEnd(34)} ${String(brotli(f)).padStart(9)}`);
console.log(`${"shell (before any screen)".padEnd(34)} ${String(shell).padStart(9)}`);

// Each role's home chunk (app/src/screens.rs).
const homes = [
  ["desk (reception, supervisor at the counter)", "desk_home", "desk"],
  ["patrol phone", "patrol_phone_home", "phone"],
  ["gate phone", "gate_phone_home", "phone"],
  ["engineering phone", "work_orders_home", "phone"],
  ["supervisor / manager", "office_home", "office"],
];
const worst = {};
for (const [who, prefix, kind] of homes) {
  const name = chunkOf(prefix);
  if (!name) throw new Error(`no chunk ${prefix} in __wasm_split.js`);
  const files = [...needs(name)].map((k) => loads.get(k).file);
  const oneByOne = files.reduce((sum, f) => sum + brotli(join(dir, f)), 0);
  // A browser no service worker serves yet fetches the home in one pack (pack-first.mjs);
  // one the worker serves downloads nothing more.
  const pack = join(dir, `first-${name}.pack`);
  const bytes = existsSync(pack) ? brotli(pack) : oneByOne;
  const how = existsSync(pack) ? `one pack of ${files.length} chunks; ${kb(oneByOne)} KB one by one` : `${files.length} files`;
  console.log(`${who.padEnd(44)} shell + home: ${kb(shell + bytes)} KB (home ${kb(bytes)} KB, ${how})`);
  worst[kind] = Math.max(worst[kind] ?? 0, shell + bytes);
}
// The service worker's download: the shell, and every chunk in one pack (pack-chunks.mjs).
const pack = ["chunks.pack", "chunks.json"].map((f) => join(dir, f)).filter(existsSync);
const everything = [...shellFiles, ...pack].reduce((sum, f) => sum + brotli(f), 0);
const chunks = readdirSync(dir).filter((f) => f.endsWith(".wasm") && f !== "main_bg.wasm").length;
console.log(`every screen (what the service worker keeps): ${kb(everything)} KB, the ${chunks} chunks in one pack`);
console.log(`FIGURE shell_desk_brotli_kb ${kb(worst.desk)}`);
console.log(`FIGURE shell_phone_brotli_kb ${kb(worst.phone)}`);
