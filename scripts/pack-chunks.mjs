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

