import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEnvironment } from './env-config.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('startEnvironment', () => {
  it('has no DICOM intake unless READROOM_DICOM_INTAKE=1 with READROOM_DICOM_AETS', () => {
    vi.stubEnv('READROOM_DICOM_INTAKE', '');
    expect(startEnvironment().dicomIntake).toBeUndefined();
    vi.stubEnv('READROOM_DICOM_INTAKE', '1');
    vi.stubEnv('READROOM_DICOM_AETS', 'CT1');
    expect(startEnvironment().dicomIntake).toEqual({ aets: ['CT1'] });
  });
});
