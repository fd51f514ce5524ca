#!/usr/bin/env node
// Launcher of the `hqml` command. It runs the compiled JavaScript (dist/, built at install by
// the workspace's `prepare` script, or by `npm run build`), which reads the plugin packages'
// manifests and imports a plugin only when a command needs it. Where the build is missing or
// older than the sources (a developer editing them) it says so on stderr and runs the
// TypeScript sources instead, as before builds existed: a resolve hook adds the `@hqml/source`
// export condition and tsx compiles on the fly, and every plugin module is imported at start.
// HQML_SOURCE=1 asks for the sources without the note.
import { register } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProblem } from './buildState.js';

const argv = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const forced = process.env.HQML_SOURCE === '1';
const problem = forced ? undefined : buildProblem(here);

if (!forced && !problem) {
  const { main } = await import(new URL('../dist/main.js', import.meta.url).href);
  process.exitCode = await main(argv, { manifests: true });
} else {
  if (problem) {
    const detail = process.env.HQML_DEBUG ? ` (${problem.detail})` : '';
    process.stderr.write(`hqml: ${problem.summary}${detail}; running from the TypeScript sources (slower start). \`npm run build\` makes it fast again.\n`);
  }
  register('./sourceConditions.js', import.meta.url);
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  const { main } = await import(new URL('../src/main.ts', import.meta.url).href);
  process.exitCode = await main(argv);
}
