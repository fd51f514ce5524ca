/** Why the built packages seen from `from` cannot run (never built, or sources newer than the build); undefined when they can. */
export function buildProblem(from: string): { summary: string; detail: string } | undefined;
