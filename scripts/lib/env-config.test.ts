import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEnvironment } from './env-config.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('startEnvironment', () => {
  it('caps the archive log at 10 MB unless READROOM_ARCHIVE_LOG_MAX_MB says otherwise', () => {
    vi.stubEnv('READROOM_ARCHIVE_LOG_MAX_MB', '');
    expect(startEnvironment().archiveLogMaxBytes).toBe(10 * 1024 * 1024);
    vi.stubEnv('READROOM_ARCHIVE_LOG_MAX_MB', '0.5');
    expect(startEnvironment().archiveLogMaxBytes).toBe(512 * 1024);
    vi.stubEnv('READROOM_ARCHIVE_LOG_MAX_MB', 'lots');
    expect(() => startEnvironment()).toThrow(/READROOM_ARCHIVE_LOG_MAX_MB must be a size in MB/);
  });

  it('has no DICOM intake unless READROOM_DICOM_INTAKE=1 with READROOM_DICOM_AETS', () => {
    vi.stubEnv('READROOM_DICOM_INTAKE', '');
    expect(startEnvironment().dicomIntake).toBeUndefined();
    vi.stubEnv('READROOM_DICOM_INTAKE', '1');
    vi.stubEnv('READROOM_DICOM_AETS', 'CT1');
    expect(startEnvironment().dicomIntake).toEqual({ aets: ['CT1'] });
  });
});
