export { Mitigation } from './mitigation.js';
export { registerMitigation, mitigationPlugin } from './register.js';
