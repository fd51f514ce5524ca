import { extname } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { ValidationError } from './errors.js';
import { readTextFile } from './inputFile.js';
import { checkNestingDepth } from './nestingDepth.js';

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
 * Seeds of a run: distinct non-negative integers (a repeated seed would silently count one run
 * twice in every mean and interval).
 */
export const seedsSchema = z
  .array(z.number().int().nonnegative())
  .min(1)
  .superRefine((seeds, ctx) => {
    const seen = new Set<number>();
    for (const [i, s] of seeds.entries()) {
      if (seen.has(s)) ctx.addIssue({ code: 'custom', path: [i], message: `seed ${s} is listed twice; seeds must be distinct` });
      seen.add(s);
    }
  });

/**
 * The keys every reference app's config has, for the same parts (apps extend it with
 * `baseConfigSchema.extend({...})`). Swapping a simulator for hardware, adding a mitigator or
 * changing the evaluator is a change of one of these lines; every id is checked against the
 * registry before anything runs.
 */
export const baseConfigSchema = z
  .object({
    title: z.string().min(1),
    /** Seeds of the run; every random choice of a cell derives from its seed. */
    seeds: seedsSchema,
    /** Quantum backend plugin (`statevector`, or `{ id, options }`). */
    backend: pluginRefSchema.default('statevector'),
    /** Mitigator plugins, in order (the first wraps the backend or annealer innermost). */
    mitigators: z.array(pluginRefSchema).default([]),
    /** Evaluator plugin (metrics and reports). */
    evaluator: pluginRefSchema.default('eval.classification'),
    /** Where data sets are looked up; when given, only there. */
    dataDir: z.string().min(1).optional(),
    /** Run directory; rerunning with the same directory resumes. */
    runDir: z.string().min(1).optional(),
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
  checkNestingDepth(text, file);
  try {
    return extname(file).toLowerCase() === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (cause) {
    throw new ValidationError({ what: `Cannot parse ${file}`, why: cause instanceof Error ? cause.message : String(cause), fix: 'Fix the syntax (YAML or JSON)', cause });
  }
}

/** Reads, parses and validates a config file. */
export async function loadConfig<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  // A config is small text: a folder, a device, a huge or a binary file is refused before parsing.
  const text = await readTextFile(file, { what: 'config file', maxBytes: 16 * 2 ** 20 });
  return parseConfig(schema, parseConfigText(text, file), file);
}
