import path from 'node:path';
import { dicomIntakeFromEnv } from '../archive/dicom-intake.ts';
import { DEFAULT_DATA_DIR } from './paths.ts';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a TCP port (1-65535), got "${raw}"`);
  return n;
}

/** The environment variables `npm start` honours. */
export function startEnvironment() {
  return {
    gatewayPort: port('PORT', 8080),
    orthancHttpPort: port('ORTHANC_HTTP_PORT', 8042),
    orthancDicomPort: port('ORTHANC_DICOM_PORT', 4242),
    dataDir: path.resolve(process.env['READROOM_DATA_DIR'] || DEFAULT_DATA_DIR),
    dicomIntake: dicomIntakeFromEnv(),
  };
}
