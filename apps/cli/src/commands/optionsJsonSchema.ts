import type { HqmlPlugin } from '@hqml/core';
import { z } from 'zod';

/** A plugin's options as JSON Schema (draft 2020-12, the input side: defaults shown, optional keys optional); null when it takes none. */
export function optionsJsonSchema(plugin: HqmlPlugin): Record<string, unknown> | null {
  if (!plugin.optionsSchema) return null;
  const { $schema: _s, ...schema } = z.toJSONSchema(plugin.optionsSchema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return schema;
}
