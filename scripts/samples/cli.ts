import { parseArgs } from 'node:util';
import { archiveClient } from '../archive/archive-client.ts';
import { startEnvironment } from '../lib/env-config.ts';
import { DEFAULT_LONG_SERIES_SLICES, seedLongSeries } from './long-series/long-series.ts';
import { DEFAULT_SCALE_SET, seedScaleSet } from './scale/scale-set.ts';
import { seedArchive } from './seed.ts';
import type { DicomWebTarget } from './stow.ts';

/**
 * Seeds a running archive with the sample studies:
 *   npx tsx scripts/samples/cli.ts [--dicomweb http://127.0.0.1:8042/dicom-web] [--scale [--scale-studies 10000 --scale-patients 2000]]
 *                                  [--long-series [--long-series-slices 2000]]
 * The default is the embedded archive (ORTHANC_HTTP_PORT), reached as its admin user with the credentials
 * in READROOM_DATA_DIR; `--dicomweb` names another archive, sent no credentials. `--scale` also stores the
 * opt-in set of many tiny studies, `--long-series` a CT study whose one series has 2,000 slices.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dicomweb: { type: 'string' },
      scale: { type: 'boolean' },
      'scale-studies': { type: 'string' },
      'scale-patients': { type: 'string' },
      'long-series': { type: 'boolean' },
      'long-series-slices': { type: 'string' },
    },
  });
  const env = startEnvironment();
  const archive: DicomWebTarget = values.dicomweb ? { dicomWebRoot: values.dicomweb } : archiveClient(`http://127.0.0.1:${env.orthancHttpPort}`, env.dataDir);
  const { manifest, manifestPath, stored } = await seedArchive({ archive });
  const instances = manifest.studies.reduce((n, study) => n + study.series.reduce((m, s) => m + s.instances.length, 0), 0);
  console.log(`${manifest.studies.length} studies, ${instances} instances; ${stored} stored now. Manifest: ${manifestPath}`);
  if (values.scale) {
    const studies = Number(values['scale-studies'] ?? DEFAULT_SCALE_SET.studies);
    const patients = Number(values['scale-patients'] ?? DEFAULT_SCALE_SET.patients);
    await seedScaleSet(archive, { studies, patients });
  }
  if (values['long-series']) {
    const long = await seedLongSeries(archive, Number(values['long-series-slices'] ?? DEFAULT_LONG_SERIES_SLICES));
    console.log(`Open it: /viewer?StudyInstanceUIDs=${long.studyInstanceUID}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
