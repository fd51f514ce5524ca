import { createContainer } from './di.js';
import { ValidationError, describeValue } from './errors.js';
import type { Mitigator } from './contracts/mitigator.js';
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
 * Builds the mitigators that `refs` name (kind `mitigator`, options validated by each plugin),
 * in order, checking that each wraps `target`. Compose them with `applyMitigators` (the first is
 * innermost). Unknown ids fail with the list of registered mitigators.
 */
export async function createMitigators<T>(registry: PluginRegistry, refs: readonly PluginRef[], target: 'annealer' | 'backend'): Promise<Mitigator<T>[]> {
  const out: Mitigator<T>[] = [];
  for (const ref of refs) {
    const id = typeof ref === 'string' ? ref : ref.id;
    // A fresh container per mitigator: each is a value of its own, not a registration that could clash.
    const m = await registry.use<Mitigator<T>>(createContainer(), ref, 'mitigator');
    if (typeof (m as Partial<Mitigator<T>>)?.wrap !== 'function') {
      throw new ValidationError({ what: `plugin "${id}" of kind mitigator built ${describeValue(m)}`, why: 'a mitigator plugin must create an object with wrap(inner)', fix: `Fix the plugin "${id}"` });
    }
    if (m.target !== target) {
      const others = registry.list('mitigator').map((p) => p.id).join(', ');
      throw new ValidationError({ what: `mitigator "${id}" wraps ${m.target === 'backend' ? 'gate-model backends' : 'annealers'}`, why: `this command needs ${target === 'backend' ? 'backend' : 'annealer'} mitigators`, fix: `Pick a ${target} mitigator (registered mitigators: ${others})` });
    }
    out.push(m);
  }
  return out;
}
