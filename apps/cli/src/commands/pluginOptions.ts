// Option tables from JSON Schema only (no zod here: `hqml plugins` reads schemas from manifests).

interface JsonSchema {
  readonly type?: string | string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly items?: JsonSchema | readonly JsonSchema[];
  readonly prefixItems?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly default?: unknown;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

/** A short type text of a JSON Schema node: `integer >= 1`, `"a" | "b"`, `number[]`, `object`. */
function typeText(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.anyOf) return s.anyOf.map(typeText).join(' | ');
  const t = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  if (t === 'array') {
    if (s.prefixItems) return `[${s.prefixItems.map(typeText).join(', ')}]`;
    return `${s.items && !Array.isArray(s.items) ? typeText(s.items as JsonSchema) : 'any'}[]`;
  }
  if (t === 'integer' || t === 'number') {
    const bounds = [
      s.minimum !== undefined && s.minimum > -Number.MAX_SAFE_INTEGER ? `>= ${s.minimum}` : '',
      s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : '',
      s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? `<= ${s.maximum}` : '',
      s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : '',
    ].filter(Boolean);
    return [t, ...bounds].join(' ');
  }
  return t ?? 'any';
}

/** One row per option: name, type, default (or "required"), description. */
export function optionRows(schema: Record<string, unknown> | null): string[][] {
  const s = schema as JsonSchema | null;
  if (!s?.properties) return [];
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties).map(([name, p]) => [name, typeText(p), p.default !== undefined ? JSON.stringify(p.default) : required.has(name) ? 'required' : '-', p.description ?? '']);
}
