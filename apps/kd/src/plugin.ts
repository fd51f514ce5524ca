import type { HqmlModule } from '@hqml/core';
import { kdCommand } from './kdCommand.js';

/** What `@hqml/kd` contributes to hqml: the `hqml kd --config FILE` command. */
export const hqml: HqmlModule = {
  commands: [kdCommand],
};
