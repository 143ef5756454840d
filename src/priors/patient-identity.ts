import type { StudySummary } from '../dicomweb/study-summary.ts';

type Identity = Pick<StudySummary, 'patientId' | 'issuerOfPatientId' | 'patientName' | 'patientBirthDate'>;

/**
 * How another study relates to the current study's patient (IHE PIX/MIMA: the issuer is part of the
 * identifier). A different issuer is never the same patient; the same name and birth date under another
 * identifier is only a possible match for a person to verify, never merged automatically.
 */
export type PatientRelation = 'same-patient' | 'possible-match' | 'other';

/** Alphabetic PN group, case-folded, trailing empty components dropped ("Doe^Jane^^" = "doe^jane"). */
export function normalisedName(pn: string): string {
  return pn
    .split('=')[0]!
    .split('^')
    .map((c) => c.trim().normalize('NFC').toLocaleLowerCase())
    .join('^')
    .replace(/\^+$/, '');
}

export function isSamePatient(current: Identity, other: Identity): boolean {
  const id = current.patientId.trim();
  if (!id || other.patientId.trim() !== id) return false;
  const issuer = current.issuerOfPatientId.trim();
  return !issuer || other.issuerOfPatientId.trim() === issuer;
}

export function patientRelation(current: Identity, other: Identity): PatientRelation {
  if (isSamePatient(current, other)) return 'same-patient';
  const name = normalisedName(current.patientName);
  const birth = current.patientBirthDate.trim();
  if (name && birth && normalisedName(other.patientName) === name && other.patientBirthDate.trim() === birth) return 'possible-match';
  return 'other';
}
