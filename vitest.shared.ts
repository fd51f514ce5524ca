import { defaultServerConditions } from 'vite';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * The Vitest project of one workspace package, named after the package. Workspace imports
 * resolve to TypeScript sources through the `@hqml/source` export condition.
 */
export function hqmlProject(name: string, test: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions: ['@hqml/source', ...defaultServerConditions] },
    ssr: { resolve: { conditions: ['@hqml/source', ...defaultServerConditions] } },
    test: { name, environment: 'node', include: ['src/**/*.test.ts'], testTimeout: 60_000, ...test },
  });
}
