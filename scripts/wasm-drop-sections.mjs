// Drops custom sections from a wasm module in place: node wasm-drop-sections.mjs FILE NAME...
// (a NAME ending in `*` drops every section it begins). Used by build-app.sh on the split
// modules: names and the linker's relocations are build-time data, and `target_features`
// would turn on wasm-bindgen's externref table (see .cargo/config.toml).
import { readFileSync, writeFileSync } from "node:fs";

const [file, ...names] = process.argv.slice(2);
const drop = (name) => names.some((n) => (n.endsWith("*") ? name.startsWith(n.slice(0, -1)) : name === n));
const bytes = readFileSync(file);
const leb = (at) => {
  let value = 0, shift = 0, byte;
  do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [value, at];
};
const kept = [bytes.subarray(0, 8)];
let at = 8;
while (at < bytes.length) {
  const [size, body] = leb(at + 1);
  const end = body + size;
  let keep = true;
  if (bytes[at] === 0) {
    const [len, nameAt] = leb(body);
    keep = !drop(bytes.toString("utf8", nameAt, nameAt + len));
  }
  if (keep) kept.push(bytes.subarray(at, end));
  at = end;
}
writeFileSync(file, Buffer.concat(kept));
