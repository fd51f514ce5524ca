import type { DoctorCheck, DoctorFinding } from '@hqml/core';
import { createDataset, DATASET_IDS } from './datasets.js';
import { describeSource } from './locate.js';

/** `hqml doctor`: which data sets are found where (without reading or downloading them). */
export const datasetsDoctor: DoctorCheck = {
  name: 'datasets',
  async run(): Promise<readonly DoctorFinding[]> {
    return DATASET_IDS.map((id) => {
      const d = createDataset(id);
      const found = d.search();
      if (found.location) return { check: `dataset ${id}`, status: 'ok', detail: `${describeSource(found.location.source)}: ${found.location.dir}` };
      return { check: `dataset ${id}`, status: 'missing', detail: `not in ${found.searched.length} places (${found.searched.map((p) => p.dir).join(', ')}); set HQML_DATA_DIR or allow a download into ${d.cacheDir}` };
    });
  },
};
