import { describe, expect, it } from 'vitest';
import { pageTitle, studyTitle } from './study-title.ts';

describe('tab titles', () => {
  it('names the patient, the study and its date', () => {
    expect(studyTitle({ patientName: 'DOE^JOHN', description: 'CT CHEST', modalities: ['CT'], studyDate: '20240315' })).toBe(
      'DOE, JOHN — CT CHEST — 2024-03-15 — Readroom',
    );
  });

  it('falls back to the modalities and leaves out what is missing', () => {
    expect(studyTitle({ patientName: '', description: ' ', modalities: ['CT', 'SR'], studyDate: '' })).toBe('Unnamed patient — CT SR — Readroom');
  });

  it('keeps untrusted strings on one line of text', () => {
    expect(studyTitle({ patientName: 'EVIL^<b>X</b>', description: 'A\nB\u0007C', modalities: [], studyDate: '20240101' })).toBe(
      'EVIL, <b>X</b> — A B C — 2024-01-01 — Readroom',
    );
  });

  it('names a page', () => {
    expect(pageTitle('Worklist')).toBe('Worklist — Readroom');
    expect(pageTitle('')).toBe('Readroom');
  });
});
