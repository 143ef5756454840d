import { describe, expect, it } from 'vitest';
import { dicomIntakeFromEnv } from './dicom-intake.ts';
import { orthancConfig } from './orthanc-config.ts';

const credentials = { gateway: { username: 'gateway', password: 'g'.repeat(32) }, admin: { username: 'admin', password: 'a'.repeat(32) } };
const base = { dataDir: '/data', httpPort: 8042, dicomPort: 4242, credentials };

describe('dicomIntakeFromEnv', () => {
  it('is off unless READROOM_DICOM_INTAKE says 1', () => {
    expect(dicomIntakeFromEnv({})).toBeUndefined();
    expect(dicomIntakeFromEnv({ READROOM_DICOM_INTAKE: '0', READROOM_DICOM_AETS: 'CT1' })).toBeUndefined();
    expect(dicomIntakeFromEnv({ READROOM_DICOM_INTAKE: '', READROOM_DICOM_AETS: 'CT1' })).toBeUndefined();
  });

  it('reads the allowed calling AE titles', () => {
    expect(dicomIntakeFromEnv({ READROOM_DICOM_INTAKE: '1', READROOM_DICOM_AETS: ' CT1, MR_2 ,CT1,' })).toEqual({ aets: ['CT1', 'MR_2'] });
    expect(dicomIntakeFromEnv({ READROOM_DICOM_INTAKE: 'true', READROOM_DICOM_AETS: 'US.3' })).toEqual({ aets: ['US.3'] });
  });

  it('refuses intake without AE titles, titles DICOM does not allow, and an unclear switch', () => {
    expect(() => dicomIntakeFromEnv({ READROOM_DICOM_INTAKE: '1' })).toThrow(/needs READROOM_DICOM_AETS/);
    expect(() => dicomIntakeFromEnv({ READROOM_DICOM_INTAKE: '1', READROOM_DICOM_AETS: 'A_TITLE_LONGER_THAN_16' })).toThrow(
      /"A_TITLE_LONGER_THAN_16" is not an AE title/,
    );
    expect(() => dicomIntakeFromEnv({ READROOM_DICOM_INTAKE: '1', READROOM_DICOM_AETS: 'CT\\1' })).toThrow(/is not an AE title/);
    expect(() => dicomIntakeFromEnv({ READROOM_DICOM_INTAKE: 'maybe', READROOM_DICOM_AETS: 'CT1' })).toThrow(/must be 1 or 0/);
  });
});

describe('orthancConfig', () => {
  it('has no DICOM port without intake', () => {
    const config = orthancConfig(base);
    expect(config).toMatchObject({ DicomServerEnabled: false, DicomModalities: {}, RemoteAccessAllowed: false, AuthenticationEnabled: true });
    expect(config).not.toHaveProperty('DicomPort');
  });

  it('with intake: only the listed AE titles, from 127.0.0.1, calling the archive by its title, storing and echoing', () => {
    const config = orthancConfig({ ...base, dicomIntake: { aets: ['CT1', 'MR1'] } });
    expect(config).toMatchObject({
      DicomServerEnabled: true,
      DicomPort: 4242,
      DicomAet: 'READROOM',
      DicomAlwaysAllowStore: false,
      DicomAlwaysAllowEcho: false,
      DicomCheckCalledAet: true,
      DicomCheckModalityHost: true,
    });
    const modalities = config['DicomModalities'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(modalities)).toEqual(['CT1', 'MR1']);
    expect(modalities['CT1']).toMatchObject({
      AET: 'CT1',
      Host: '127.0.0.1',
      AllowStore: true,
      AllowEcho: true,
      AllowFind: false,
      AllowMove: false,
      AllowGet: false,
    });
  });

  it('requires authentication with the two users and loads the request filter', () => {
    const config = orthancConfig(base);
    expect(config['RegisteredUsers']).toEqual({ gateway: 'g'.repeat(32), admin: 'a'.repeat(32) });
    expect(config['LuaScripts']).toEqual([expect.stringMatching(/scripts\/archive\/request-filter\.lua$/)]);
    expect(config).toMatchObject({ OrthancExplorerEnabled: false, WebDavEnabled: false, ExecuteLuaEnabled: false, RestApiWriteToFileSystemEnabled: false });
  });
});
