import type { HqmlModule } from '@hqml/core';
import { refineCommand } from './refineCommand.js';

/** What `@hqml/refine` contributes to hqml: the `refine` command. */
export const hqml: HqmlModule = {
  commands: [refineCommand],
};
