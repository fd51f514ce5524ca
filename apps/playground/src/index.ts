export { bundleForBrowser } from './bundle.js';
export type { BrowserBundle, BrowserBundleOptions, BundleSource, NodeImport } from './bundle.js';
