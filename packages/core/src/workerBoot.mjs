// Boots a TypeScript worker in workspace (source) mode. Node 20 applies neither `--import tsx`
// nor `--conditions` to worker threads, so this module registers the `@hqml/source` condition
// and tsx, then imports the real entry (passed as the last argv entry). Built packages start
// their .js workers directly and never load this file.
import { register } from 'node:module';

const flag = '--hqml-worker-entry=';
const at = process.argv.findIndex((a) => a.startsWith(flag));
const entry = process.argv[at].slice(flag.length);
process.argv.splice(at, 1);
register('./sourceConditions.mjs', import.meta.url);
const { register: registerTsx } = await import('tsx/esm/api');
registerTsx();
await import(entry);
