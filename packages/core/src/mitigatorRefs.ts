import { Composition } from './composition.js';
import type { Mitigator } from './contracts/mitigator.js';
import { ValidationError, describeValue } from './errors.js';
import type { PluginRef, PluginRegistry } from './registry.js';

/** Splits on commas that are not inside brackets or braces (`a=1,b=[1,2]` -> `a=1`, `b=[1,2]`). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function parseValue(raw: string, where: string): unknown {
  const v = raw.trim();
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v !== '' && Number.isFinite(Number(v))) return Number(v);
  if (v.startsWith('[') || v.startsWith('{')) {
    try {
      return JSON.parse(v) as unknown;
    } catch (err) {
      throw new ValidationError({ what: `${where}: cannot read ${describeValue(v)}`, why: `a value in brackets is JSON (${(err as Error).message})`, fix: 'Write lists as [1,3,5] and objects as {"kind":"poly","order":2}', cause: err });
    }
  }
  return v;
}

/**
 * Parses a plugin reference written on a command line, `ID` or `ID:key=value,key=value`, into
 * the {@link PluginRef} a config would hold. Values are numbers, `true`/`false`, JSON lists or
 * objects (`scaleFactors=[1,3,5]`; commas inside brackets do not split), or strings.
 *
 * Example: `mitigation.zne:scaleFactors=[1,3,5],factory=linear` ->
 * `{ id: 'mitigation.zne', options: { scaleFactors: [1, 3, 5], factory: 'linear' } }`.
 */
export function parsePluginRefText(text: string, flag = '--mitigator'): PluginRef {
  const colon = text.indexOf(':');
  const id = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (id === '') {
    throw new ValidationError({ what: `${flag} ${describeValue(text)} names no plugin`, why: 'the form is ID or ID:key=value,...', fix: `Write e.g. ${flag} mitigation.zne:scaleFactors=[1,3,5]` });
  }
  if (colon < 0) return id;
  const options: Record<string, unknown> = {};
  const body = text.slice(colon + 1);
  if (body.trim() === '') return { id, options };
  for (const pair of splitTopLevel(body)) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    if (eq < 0 || key === '') {
      throw new ValidationError({ what: `${flag} ${describeValue(text)}: ${describeValue(pair)} is not key=value`, why: 'options after the colon are key=value pairs separated by commas', fix: `Write e.g. ${id}:key=1,other=[1,2]` });
    }
    if (Object.prototype.hasOwnProperty.call(options, key)) {
      throw new ValidationError({ what: `${flag} ${describeValue(text)} sets ${key} twice`, why: 'each option is given once', fix: `Keep one ${key}=...` });
    }
    options[key] = parseValue(pair.slice(eq + 1), `${flag} ${id} option ${key}`);
  }
  return { id, options };
}

/**
 * The mitigators named on a command line (`--mitigator ID[:key=value,...]`, repeatable), built
 * in order through a {@link Composition} as a config's `mitigators` list is: every reference is
 * checked first (unknown ids list the registered mitigators, options pass the plugin's schema,
 * each must wrap `target`), then built. Compose them with `applyMitigators` (first innermost).
 */
export async function commandLineMitigators<T>(registry: PluginRegistry, texts: readonly string[], target: 'annealer' | 'backend', flag = '--mitigator'): Promise<Mitigator<T>[]> {
  if (texts.length === 0) return [];
  const refs = texts.map((t) => parsePluginRefText(t, flag));
  const composition = new Composition(registry);
  await composition.check(refs.map((ref, i) => ({ path: `${flag} ${describeValue(texts[i])}`, kind: 'mitigator' as const, ref, target })));
  return composition.mitigators<T>(refs, target);
}
