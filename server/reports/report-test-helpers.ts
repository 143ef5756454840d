import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DraftContent } from '../../src/reports/report-contract.ts';

/** Reports through the gateway's own routes, for the gateway's tests (not used at runtime). */

export function draftContent(findings: string, impression: string): DraftContent {
  return {
    templateId: 'ct-chest',
    sections: [
      { title: 'Findings', text: findings },
      { title: 'Impression', text: impression },
    ],
    comparison: null,
    references: [],
  };
}

export async function saveDraft(app: FastifyInstance, cookie: string, studyUid: string, content: DraftContent, baseRevision: number) {
  return app.inject({ method: 'PUT', url: `/api/reports/${studyUid}/draft`, headers: { cookie }, payload: { ...content, baseRevision } });
}

export async function signDraft(app: FastifyInstance, cookie: string, studyUid: string, status: 'preliminary' | 'final', revision: number) {
  return app.inject({ method: 'POST', url: `/api/reports/${studyUid}/sign`, headers: { cookie }, payload: { status, revision } });
}

/** An archive stand-in answering a study query for any of `studies` (with patient and institution), 204 otherwise. */
export function studyQueryAnswer(studies: Record<string, { patientId: string; institution: string; accession?: string }>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const uid = /StudyInstanceUID=([0-9.]+)/.exec(req.url ?? '')?.[1];
    const study = uid ? studies[uid] : undefined;
    if (!uid || !study) {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/dicom+json' });
    res.end(
      JSON.stringify([
        {
          '0020000D': { vr: 'UI', Value: [uid] },
          '00100020': { vr: 'LO', Value: [study.patientId] },
          '00100021': { vr: 'LO', Value: ['HOSP'] },
          '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
          '00100030': { vr: 'DA', Value: ['19600101'] },
          '00100040': { vr: 'CS', Value: ['F'] },
          '00080020': { vr: 'DA', Value: ['20240314'] },
          '00080030': { vr: 'TM', Value: ['101500'] },
          '00080050': { vr: 'SH', Value: [study.accession ?? 'ACC1'] },
          '00080061': { vr: 'CS', Value: ['CT'] },
          '00081030': { vr: 'LO', Value: ['CT chest'] },
          '00080090': { vr: 'PN', Value: [{ Alphabetic: 'Who^Doctor' }] },
          '00080080': { vr: 'LO', Value: [study.institution] },
        },
      ]),
    );
  };
}
