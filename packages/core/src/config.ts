import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { DataError, ValidationError } from './errors.js';
import type { PluginKind } from './plugin.js';
import type { PluginRef, PluginRegistry } from './registry.js';

function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/**
 * Formats zod issues one per line as `at <path>: <message>`, with the allowed values for enum
 * and literal mismatches and the offending names for unknown keys.
 */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const i = issue as z.core.$ZodIssue & { values?: readonly unknown[]; keys?: readonly string[] };
      let msg = i.message;
      if (i.code === 'invalid_value' && i.values) msg = `got a value not allowed; allowed values: ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
      if (i.code === 'unrecognized_keys' && i.keys) msg = `unknown key(s) ${i.keys.map((k) => JSON.stringify(k)).join(', ')}`;
      return `at ${pathText(i.path)}: ${msg}`;
    })
    .join('; ');
}

/** A plugin reference in a config: `statevector` or `{ id: statevector, options: {...} }`. */
export const pluginRefSchema = z.union([
  z.string().min(1),
  z.object({ id: z.string().min(1), options: z.record(z.string(), z.unknown()).optional() }).strict(),
]);

/**
 * The keys every app config may have; apps extend it (`baseConfigSchema.extend({...})`).
 * Swapping a hardware target is a change of `backend` or `annealer`.
 */
export const baseConfigSchema = z
  .object({
    /** Master seed; every random choice derives from it. */
    seed: z.number().int().nonnegative().default(0),
    backend: pluginRefSchema.optional(),
    annealer: pluginRefSchema.optional(),
    mitigators: z.array(pluginRefSchema).default([]),
    /** Where datasets are looked up first. */
    dataDir: z.string().optional(),
    /** Where runs write their outputs. */
    outDir: z.string().optional(),
  })
  .strict();

/** The parsed base config. */
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Validates `data` against `schema`; errors give the path of each offending key. */
export function parseConfig<S extends z.ZodType>(schema: S, data: unknown, source = 'config'): z.infer<S> {
  const r = schema.safeParse(data);
  if (!r.success) {
    throw new ValidationError({ what: `Invalid ${source}`, why: formatZodError(r.error), fix: 'Fix the listed key(s); see the app README for the allowed keys' });
  }
  return r.data;
}

/** Parses YAML or JSON text (by file extension; YAML is a superset, so unknown extensions use YAML). */
export function parseConfigText(text: string, file = 'config.yaml'): unknown {
  try {
    return extname(file).toLowerCase() === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (cause) {
    throw new ValidationError({ what: `Cannot parse ${file}`, why: cause instanceof Error ? cause.message : String(cause), fix: 'Fix the syntax (YAML or JSON)', cause });
  }
}

/** Reads, parses and validates a config file. */
export async function loadConfig<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DataError({ what: `Cannot read config file ${file}`, why: (cause as NodeJS.ErrnoException).code ?? String(cause), fix: 'Check the path', cause });
  }
  return parseConfig(schema, parseConfigText(text, file), file);
}

/**
 * Checks that every plugin a config names is registered with the right kind, before anything
 * is built; the error lists the registered ids.
 */
export function checkPluginRefs(registry: PluginRegistry, refs: ReadonlyArray<{ path: string; ref: PluginRef | undefined; kind: PluginKind }>): void {
  for (const { path, ref, kind } of refs) {
    if (ref === undefined) continue;
    const id = typeof ref === 'string' ? ref : ref.id;
    if (!registry.has(id, kind)) {
      const ids = registry.ids(kind);
      throw new ValidationError({
        what: `at ${path}: unknown ${kind} "${id}"`,
        why: `registered ${kind} ids: ${ids.length ? ids.join(', ') : '(none)'}`,
        fix: `Use one of those, or install the package that provides "${id}"`,
      });
    }
  }
}
