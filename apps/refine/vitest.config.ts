import { hqmlProject } from '../../vitest.shared.js';

export default hqmlProject('@hqml/refine');
