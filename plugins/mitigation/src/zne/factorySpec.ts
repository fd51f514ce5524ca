import { z } from 'zod';
import { ExpFactory, type Factory, LinearFactory, PolyFactory, RichardsonFactory } from './factories.js';

/** A factory as configs and the command line name it: `linear`, `richardson`, `exp`, or an object. */
export const factorySpecSchema = z.union([
  z.enum(['linear', 'richardson', 'exp']),
  z.object({ kind: z.literal('linear') }).strict(),
  z.object({ kind: z.literal('richardson') }).strict(),
  z.object({ kind: z.literal('poly'), order: z.number().int().min(1) }).strict(),
  z.object({ kind: z.literal('exp'), asymptote: z.number().finite().optional() }).strict(),
]);

/** A factory as configs name it. */
export type FactorySpec = z.infer<typeof factorySpecSchema>;

/** Builds the factory a spec names. */
export function makeFactory(spec: FactorySpec): Factory {
  const s = typeof spec === 'string' ? { kind: spec } : spec;
  switch (s.kind) {
    case 'linear':
      return new LinearFactory();
    case 'richardson':
      return new RichardsonFactory();
    case 'poly':
      return new PolyFactory((s as { order: number }).order);
    case 'exp': {
      const a = (s as { asymptote?: number | undefined }).asymptote;
      return new ExpFactory(a === undefined ? {} : { asymptote: a });
    }
  }
}
