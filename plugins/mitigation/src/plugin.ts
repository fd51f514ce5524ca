import type { HqmlModule } from '@hqml/core';
import { mitigationPlugin } from './register.js';

/** What this package contributes to hqml (found by the CLI through package.json "hqml.plugin"). */
export const hqml: HqmlModule = { plugins: [mitigationPlugin] };
