import { hqmlProject } from '../vitest.shared.js';

export default hqmlProject('@hqml/test', { testTimeout: 120_000 });
