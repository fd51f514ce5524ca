// Module resolve hook for workers in workspace (source) mode: prefer the `@hqml/source` export
// condition so that workspace packages resolve to their TypeScript sources, as in the main thread.
export async function resolve(specifier, context, next) {
  const conditions = context.conditions.includes('@hqml/source') ? context.conditions : ['@hqml/source', ...context.conditions];
  return next(specifier, { ...context, conditions });
}
