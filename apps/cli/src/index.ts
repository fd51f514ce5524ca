export { main } from './main.js';
export { createProgram, runProgram, builtinModule } from './program.js';
export type { ProgramInput } from './program.js';
export { findPluginPackages, loadPluginModules } from './discovery.js';
export type { DiscoveredModule } from './discovery.js';
export { formatTable } from './table.js';
