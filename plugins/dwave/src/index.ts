export { Dwave } from './dwave.js';
export { registerDwave, dwavePlugin } from './register.js';
