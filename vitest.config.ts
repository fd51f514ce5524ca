import { defineConfig } from 'vitest/config';

/** One Vitest run over the whole monorepo; every package is its own project (its vitest.config.ts). */
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'plugins/*/vitest.config.ts', 'apps/*/vitest.config.ts', '{tools,test}/vitest.config.ts'],
  },
});
