import { hqmlProject } from '../../vitest.shared.js';

// The Chromium test starts a browser on a shared, loaded machine: generous timeouts.
export default hqmlProject('@hqml/playground', { testTimeout: 600_000, hookTimeout: 600_000 });
