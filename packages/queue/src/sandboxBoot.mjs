// Preloaded (`node --import`) into the job processes of `hqml worker` in workspace (source)
// mode: registers core's `@hqml/source` resolve hook and tsx, so that BullMQ's child process can
// import the TypeScript processor and the workspace packages resolve to their sources. Built
// packages start processor.js directly and never load this file.
import { createRequire, register } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
register(pathToFileURL(join(dirname(require.resolve('@hqml/core/package.json')), 'src', 'sourceConditions.mjs')).href);
const { register: registerTsx } = await import('tsx/esm/api');
registerTsx();
