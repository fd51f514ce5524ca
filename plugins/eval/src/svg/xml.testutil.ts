import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Test helper: parses SVG with an independent XML parser; throws if it is not well-formed. */
export function parseSvg(svg: string): Record<string, unknown> {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(svg) as Record<string, unknown>;
}

/** Test helper: counts elements named `name` (optionally with `class="cls"`) anywhere in a parsed tree. */
export function countElements(node: unknown, name: string, cls?: string): number {
  if (Array.isArray(node)) return node.reduce((s: number, n) => s + countElements(n, name, cls), 0);
  if (typeof node !== 'object' || node === null) return 0;
  let count = 0;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key.startsWith('@_')) continue;
    if (key === name) {
      const items = Array.isArray(value) ? value : [value];
      count += items.filter((it) => cls === undefined || (typeof it === 'object' && it !== null && (it as Record<string, unknown>)['@_class'] === cls)).length;
    }
    count += countElements(value, name, cls);
  }
  return count;
}
