// Module resolve hook: prefer the `@hqml/source` export condition so that workspace packages
// resolve to their TypeScript sources in worker threads, as they do in the main thread.
export async function resolve(specifier, context, next) {
  const conditions = context.conditions.includes('@hqml/source') ? context.conditions : ['@hqml/source', ...context.conditions];
  return next(specifier, { ...context, conditions });
}
