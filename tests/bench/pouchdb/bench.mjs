// PouchDB 9 (client, in-memory adapter) replicating to express-pouchdb (server, PouchDB on
// LevelDB on disk), on the same ~1 KB records as Steward's benchmark.
// Usage: node bench.mjs PUSH_DOCS PULL_DOCS  → one JSON line of figures.
import PouchDB from 'pouchdb';
import MemoryAdapter from 'pouchdb-adapter-memory';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

PouchDB.plugin(MemoryAdapter);
const [pushDocs, pullDocs] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'pouch-bench-'));
const ServerPouch = PouchDB.defaults({ prefix: dir + '/' });
const app = express();
app.use('/', expressPouchDB(ServerPouch, { mode: 'minimumForPouchDB', logPath: join(dir, 'log.txt') }));
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const text = '值班记录：大堂巡视正常，电梯运行良好。'.repeat(20).slice(0, 330);
const docs = (n, prefix) => Array.from({ length: n }, (_, i) => ({
  _id: `${prefix}-${String(i).padStart(12, '0')}`,
  author: 1, author_name: 'desk', text, corrects: null, written_at: '2026-11-22T08:00:00Z',
}));

// Push: a device's local changes replicated to the server.
const local = new PouchDB('push-local', { adapter: 'memory' });
await local.bulkDocs(docs(pushDocs, 'p'));
let t = performance.now();
await local.replicate.to(base + 'push', { batch_size: 500 });
const push = pushDocs / ((performance.now() - t) / 1000);

// Cold pull: a fresh device replicating everything from the server.
const remote = new ServerPouch('pull');
for (let i = 0; i < pullDocs; i += 1000) await remote.bulkDocs(docs(Math.min(1000, pullDocs - i), `q${i}`));
const fresh = new PouchDB('pull-local', { adapter: 'memory' });
t = performance.now();
await fresh.replicate.from(base + 'pull', { batch_size: 1000 });
const pull = pullDocs / ((performance.now() - t) / 1000);
const pulled = (await fresh.info()).doc_count;

console.log(JSON.stringify({ pouchdb: PouchDB.version, push_per_s: push, pull_per_s: pull, pulled }));
server.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
