#!/usr/bin/env node
// Launcher of the `hqml` command. In the workspace it runs the TypeScript sources directly:
// a resolve hook adds the `@hqml/source` export condition (workspace packages resolve to
// src/*.ts) and tsx compiles TypeScript on the fly, so no build step is needed.
import { register } from 'node:module';

register('./sourceConditions.js', import.meta.url);
const { register: registerTsx } = await import('tsx/esm/api');
registerTsx();
const { main } = await import(new URL('../src/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
