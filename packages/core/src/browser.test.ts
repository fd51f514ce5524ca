import { describe, expect, it } from 'vitest';
import * as browser from './browser.js';
import * as main from './index.js';

/**
 * The values of `@hqml/core` that `@hqml/core/browser` leaves out, each because its module
 * imports Node (see browser.ts). A new export of index.ts must go into browser.ts or here.
 */
const NODE_ONLY = [
  'baseConfigSchema', 'seedsSchema', 'pluginRefSchema', 'parseConfig', 'parseConfigText', 'loadConfig', 'formatZodError', // config.ts: node:fs
  'definePlugin', 'PLUGIN_KINDS', 'MULTI_KINDS', // plugin.ts imports config.ts
  'PluginRegistry', // its types are plugin.ts's
  'LazyPluginRegistry', 'MANIFEST_FORMAT', 'parseManifest', // the hqml command's registry and its manifests, left out with the registry
  'Composition', 'checkPluginRefs', 'refId', 'refOptions', 'refLabel', // composition.ts imports plugin.ts
  'parsePluginRefText', 'commandLineMitigators', // mitigatorRefs.ts imports composition.ts
  'startWorker', 'defaultThreads', // workers.ts: node:worker_threads, node:os
  'writeFileAtomic', // atomicFile.ts: node:fs, node:crypto
  'readInputFile', 'readTextFile', // inputFile.ts: node:fs/promises
].sort();

describe('@hqml/core/browser', () => {
  it('exports every value of @hqml/core except the Node-only ones, as the same objects', () => {
    const missing = Object.keys(main).filter((k) => !(k in browser)).sort();
    expect(missing).toEqual(NODE_ONLY);
    for (const [k, v] of Object.entries(browser)) expect(v, k).toBe((main as Record<string, unknown>)[k]);
  });
});
