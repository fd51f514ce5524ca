// Module resolve hook: prefer the `@hqml/source` export condition, so workspace packages
// resolve to their TypeScript sources (the TanStack approach).
export async function resolve(specifier, context, next) {
  const conditions = context.conditions.includes('@hqml/source') ? context.conditions : ['@hqml/source', ...context.conditions];
  return next(specifier, { ...context, conditions });
}
