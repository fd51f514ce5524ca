// Whether the built JavaScript can run: in a workspace (packages with a tsconfig.build.json),
// every @hqml package must have been compiled after its TypeScript sources last changed, or the
// command would run code older than what the developer sees. Installed packages ship no
// tsconfig.build.json and are not checked. Node built-ins only: this runs before anything else.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The file under `dir` changed after `since` (ms), skipping tests, or undefined. */
function newerSource(dir, since) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      const found = newerSource(path, since);
      if (found) return found;
    } else if (!e.name.endsWith('.test.ts') && statSync(path).mtimeMs > since) {
      return path;
    }
  }
  return undefined;
}

/** The @hqml packages visible from `from`: the scope folder of each node_modules up the tree (nearest wins). */
function hqmlPackages(from) {
  const found = new Map();
  for (let dir = from; ; dir = dirname(dir)) {
    const scope = join(dir, 'node_modules', '@hqml');
    let names = [];
    try {
      names = readdirSync(scope);
    } catch {
      // no @hqml scope here
    }
    for (const n of names) if (!found.has(n)) found.set(n, join(scope, n));
    if (dirname(dir) === dir) return [...found.entries()];
  }
}

/**
 * Why the packages seen from `from` (a folder) cannot run as built, or undefined when they can:
 * a workspace package that was never built, or whose sources changed after its last build
 * (its `tsconfig.build.tsbuildinfo`). `detail` names the newer file.
 */
export function buildProblem(from) {
  for (const [name, dir] of hqmlPackages(from)) {
    try {
      statSync(join(dir, 'tsconfig.build.json'));
    } catch {
      continue; // not built from this checkout (an installed package)
    }
    let built;
    try {
      built = statSync(join(dir, 'tsconfig.build.tsbuildinfo')).mtimeMs;
    } catch {
      return { summary: `@hqml/${name} is not built`, detail: `${join(dir, 'tsconfig.build.tsbuildinfo')} is missing` };
    }
    try {
      statSync(join(dir, 'dist'));
    } catch {
      return { summary: `@hqml/${name} is not built`, detail: `${join(dir, 'dist')} is missing` };
    }
    const newer = newerSource(join(dir, 'src'), built);
    if (newer) return { summary: `@hqml/${name} changed since it was built`, detail: `${relative(dir, newer)} is newer than its build` };
  }
  return undefined;
}
