import { parseArgs } from 'node:util';
import { startEnvironment } from '../lib/env-config.ts';
import { seedArchive } from './seed.ts';

/**
 * Seeds a running archive with the sample studies:
 *   npx tsx scripts/samples/cli.ts [--dicomweb http://127.0.0.1:8042/dicom-web]
 * The default follows ORTHANC_HTTP_PORT.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dicomweb: { type: 'string' } } });
  const dicomWebRoot = values.dicomweb ?? `http://127.0.0.1:${startEnvironment().orthancHttpPort}/dicom-web`;
  const { manifest, manifestPath, stored } = await seedArchive({ dicomWebRoot });
  const instances = manifest.studies.reduce((n, study) => n + study.series.reduce((m, s) => m + s.instances.length, 0), 0);
  console.log(`${manifest.studies.length} studies, ${instances} instances; ${stored} stored now. Manifest: ${manifestPath}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
