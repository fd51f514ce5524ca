// Nx loads generator factories with require(); this shim lets the TypeScript implementation
// run without a build step by registering tsx's CommonJS loader first.
require('tsx/cjs/api').register();
const impl = require('./generator.ts');
module.exports = impl.default;
module.exports.default = impl.default;
