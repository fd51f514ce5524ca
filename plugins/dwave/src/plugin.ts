import type { HqmlModule } from '@hqml/core';
import { dwavePlugin } from './register.js';

/** What this package contributes to hqml (found by the CLI through package.json "hqml.plugin"). */
export const hqml: HqmlModule = { plugins: [dwavePlugin] };
