import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';
import { HqmlError } from '@hqml/core';

/** Options of {@link bundleForBrowser}. */
export interface BrowserBundleOptions {
  /** `esm` (default): an ES module; `iife`: a script that assigns its exports to `globalName`. */
  readonly format?: 'esm' | 'iife';
  /** The global an `iife` bundle assigns its exports to. */
  readonly globalName?: string;
  readonly minify?: boolean;
  /** Emit a source map (`map` of the result). */
  readonly sourcemap?: boolean;
}

/** A bundle built for the browser. */
export interface BrowserBundle {
  readonly code: string;
  /** The source map (JSON text), when asked for. */
  readonly map: string | null;
  /** The files that went into it, relative to the working directory (esbuild's metafile). */
  readonly inputs: readonly string[];
}

/** Source text to bundle instead of a file: imports resolve from `resolveDir`. */
export interface BundleSource {
  readonly contents: string;
  readonly resolveDir: string;
}

/** One import of a Node module found while bundling. */
export interface NodeImport {
  readonly module: string;
  readonly importer: string;
}

const BUILTINS = new Set(builtinModules);

/**
 * Bundles `entry` (a file, or a package specifier such as `@hqml/core/browser`) for the browser
 * with esbuild: one file, workspace packages from their TypeScript sources (the `@hqml/source`
 * condition), dependencies by their `browser` fields. Any import of a Node module (`node:*` or a
 * built-in name such as `fs`) anywhere in the graph is an error that names the module and the
 * file that imports it, so a browser entry that starts to pull Node in fails here rather than in
 * a user's page.
 */
export async function bundleForBrowser(entry: string | BundleSource, options: BrowserBundleOptions = {}): Promise<BrowserBundle> {
  const name = typeof entry === 'string' ? entry : 'the given source';
  const found: NodeImport[] = [];
  const guard: Plugin = {
    name: 'hqml-no-node-imports',
    setup(b) {
      b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
        const bare = args.path.startsWith('node:') ? args.path.slice(5) : args.path;
        if (!args.path.startsWith('node:') && !BUILTINS.has(bare)) return undefined;
        found.push({ module: args.path, importer: args.importer });
        return { path: args.path, external: true };
      });
    },
  };
  const format = options.format ?? 'esm';
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: entry.resolveDir, loader: 'ts' as const, sourcefile: 'entry.ts' } }),
    bundle: true,
    write: false,
    platform: 'browser',
    format,
    target: 'es2022',
    conditions: ['@hqml/source'],
    ...(format === 'iife' && options.globalName ? { globalName: options.globalName } : {}),
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ? 'external' : false,
    outfile: 'bundle.js',
    metafile: true,
    logLevel: 'silent',
    plugins: [guard],
  });
  if (found.length > 0) {
    throw new HqmlError({
      what: `${name} imports Node's modules: ${found.map((f) => `${f.module} (from ${f.importer})`).join(', ')}`,
      why: 'a browser bundle cannot contain Node modules',
      fix: 'Import the browser entries (@hqml/core/browser, @hqml/statevector/browser, @hqml/statevector-gpu/browser) and keep Node-only code out of their import graphs',
    });
  }
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!js) throw new HqmlError({ what: `esbuild produced no JavaScript for ${name}`, why: 'the build returned no output file' });
  return { code: js.text, map: map?.text ?? null, inputs: Object.keys(result.metafile.inputs) };
}
