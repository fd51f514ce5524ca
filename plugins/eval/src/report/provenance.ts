import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

function readVersion(file: string, name: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    return pkg.name === name ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Installed versions of the named packages, as seen from `from` (default: the working
 * directory): `"not installed"` for one that cannot be resolved. Packages that do not export
 * their package.json are found by walking up from their entry point.
 */
export function packageVersions(names: readonly string[], from: string = process.cwd()): Record<string, string> {
  const require = createRequire(pathToFileURL(join(from, 'noop.js')));
  const out: Record<string, string> = {};
  for (const name of names) {
    let version: string | undefined;
    try {
      version = readVersion(require.resolve(`${name}/package.json`), name);
    } catch {
      try {
        let dir = dirname(require.resolve(name));
        for (let i = 0; i < 8 && version === undefined; i++, dir = dirname(dir)) version = readVersion(join(dir, 'package.json'), name);
      } catch {
        // Neither form resolves: reported below.
      }
    }
    out[name] = version ?? 'not installed';
  }
  return out;
}

/** The versions of this package and of @hqml/core, which every report records. */
export function evalPackageVersions(): Record<string, string> {
  const self = readVersion(new URL('../../package.json', import.meta.url).pathname, '@hqml/eval');
  return { '@hqml/eval': self ?? 'unknown', ...packageVersions(['@hqml/core'], dirname(new URL('../../package.json', import.meta.url).pathname)) };
}

/** The machine a run ran on: Node version, platform, CPU model and count. */
export function environmentInfo(): Record<string, string | number> {
  const cpu = cpus();
  return { node: process.version, platform: process.platform, arch: process.arch, cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? 'unknown' };
}
