/**
 * Child process of the `datasets` benchmark: loads one split in a fresh process and prints
 * the load times and the peak memory it took, as one JSON line. A fresh process is the only
 * clean way to read a peak (the kernel's max RSS is a high-water mark for the whole process).
 *
 * argv: <id> <dataDir or "-"> <split>
 */
import { cifar10, fashionMnist, mnist } from '../datasets.js';

const [id, dataDirArg, split] = process.argv.slice(2) as [string, string, 'train' | 'test'];
const make = id === 'mnist' ? mnist : id === 'fashion-mnist' ? fashionMnist : cifar10;
const dataDir = dataDirArg === '-' ? undefined : dataDirArg;
const opts = dataDir === undefined ? {} : { dataDir };
const env = { download: false, systemDirs: [], env: {} } as const;

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage().rss;
const maxBefore = process.resourceUsage().maxRSS * 1024;
let t = performance.now();
const first = await make(env).load(split, opts);
const coldMs = performance.now() - t;
const maxAfter = process.resourceUsage().maxRSS * 1024;
const outputBytes = first.x.byteLength + first.y.byteLength;
// Second load in a new instance (no in-memory cache): the same work with a warm JIT.
t = performance.now();
await make(env).load(split, opts);
const warmMs = performance.now() - t;
process.stdout.write(`${JSON.stringify({ size: first.size, coldMs, warmMs, rssBefore: before, maxRssBefore: maxBefore, maxRssAfter: maxAfter, outputBytes })}\n`);
