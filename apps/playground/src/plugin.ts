import type { HqmlModule } from '@hqml/core';
import { playgroundCommand } from './playgroundCommand.js';

/** What `@hqml/playground` contributes to hqml: the `hqml playground` command. */
export const hqml: HqmlModule = {
  commands: [playgroundCommand],
};
