import type { HqmlModule } from '@hqml/core';
import { annealClassifyCommand } from './annealCommand.js';

/** What `@hqml/anneal-classify` contributes to hqml: the `anneal-classify` command. */
export const hqml: HqmlModule = {
  commands: [annealClassifyCommand],
};
