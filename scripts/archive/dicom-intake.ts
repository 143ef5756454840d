/**
 * The embedded archive's DICOM port (C-STORE from modalities) is off unless asked for:
 * READROOM_DICOM_INTAKE=1 with READROOM_DICOM_AETS=AET1,AET2 (the calling AE titles allowed to store).
 */
export interface DicomIntake {
  /** Calling AE titles allowed to send (C-STORE, C-ECHO), from 127.0.0.1 only. */
  aets: string[];
}

// DICOM allows up to 16 characters of its basic repertoire; Orthanc also uses the title as a JSON key.
const AE_TITLE = /^[A-Za-z0-9_.-]{1,16}$/;

export function dicomIntakeFromEnv(env: Record<string, string | undefined> = process.env): DicomIntake | undefined {
  const switchValue = (env['READROOM_DICOM_INTAKE'] ?? '').trim().toLowerCase();
  if (['', '0', 'false', 'no'].includes(switchValue)) return undefined;
  if (!['1', 'true', 'yes'].includes(switchValue)) throw new Error(`READROOM_DICOM_INTAKE must be 1 or 0, got "${env['READROOM_DICOM_INTAKE']}"`);
  const aets = [
    ...new Set(
      (env['READROOM_DICOM_AETS'] ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
    ),
  ];
  if (aets.length === 0) throw new Error('READROOM_DICOM_INTAKE=1 needs READROOM_DICOM_AETS: the calling AE titles allowed to send, e.g. CT1,MR1');
  const bad = aets.find((a) => !AE_TITLE.test(a));
  if (bad !== undefined) throw new Error(`READROOM_DICOM_AETS: "${bad}" is not an AE title (1-16 letters, digits, "_", "." or "-")`);
  return { aets };
}
