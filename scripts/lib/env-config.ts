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

function megabytes(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback * 1024 * 1024;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0.01 || n > 10_000) throw new Error(`${name} must be a size in MB (0.01-10000), got "${raw}"`);
  return Math.round(n * 1024 * 1024);
}

/** The environment variables `npm start` honours. */
export function startEnvironment() {
  return {
    gatewayPort: port('PORT', 8080),
    orthancHttpPort: port('ORTHANC_HTTP_PORT', 8042),
    orthancDicomPort: port('ORTHANC_DICOM_PORT', 4242),
    dataDir: path.resolve(process.env['READROOM_DATA_DIR'] || DEFAULT_DATA_DIR),
    dicomIntake: dicomIntakeFromEnv(),
    archiveLogMaxBytes: megabytes('READROOM_ARCHIVE_LOG_MAX_MB', 10),
  };
}
