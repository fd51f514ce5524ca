import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A fresh folder under the system temp folder that is removed when the test that made it
 * finishes (inside a test) or after the file's tests (at module or `describe` level), so tests
 * never leave folders behind, also when they fail.
 */
export function tempDir(prefix = 'hqml-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  return dir;
}
