import { discoverModules } from './discovery.js';
import { runCli } from './program.js';

/** How the `hqml` launcher runs {@link main}. */
export interface MainOptions {
  /**
   * Describe packages by their manifests and import a plugin module only when a command needs
   * it (the built CLI); otherwise import every plugin module at start (running from sources,
   * where manifests may lag behind the code).
   */
  readonly manifests?: boolean;
}

/** Entry point of the `hqml` command. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const modules = await discoverModules({ manifests: options.manifests === true });
  if (process.env['HQML_DEBUG']) {
    for (const m of modules) {
      if (m.manifestProblem) process.stderr.write(`hqml: imported ${m.packageName} at start: ${m.manifestProblem}\n`);
      if (m.error) process.stderr.write(`hqml: could not load ${m.specifier}: ${m.error}\n`);
    }
  }
  return runCli(argv, { modules });
}
