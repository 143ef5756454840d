import { describe, expect, it } from 'vitest';
import { addAddendum, saveReportDraft, signReport } from './report-api.ts';
import type { DraftContent } from './report-contract.ts';

const content: DraftContent = { templateId: 'ct-chest', sections: [{ title: 'Findings', text: 'Clear.' }], comparison: null, references: [] };
const draft = { ...content, revision: 4, updatedAt: '2026-12-03T10:00:00.000Z' };
const answering = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status });

describe('report API', () => {
  it('saves a draft, and returns the newer draft of a conflict with its message', async () => {
    expect(await saveReportDraft('1.2.3', undefined, content, 3, answering(200, { draft }))).toEqual({ ok: true, draft });
    const conflict = await saveReportDraft(
      '1.2.3',
      undefined,
      content,
      3,
      answering(409, { error: 'draft_conflict', message: 'Newer elsewhere.', current: draft }),
    );
    expect(conflict).toEqual({ ok: false, conflict: draft, message: 'Newer elsewhere.' });
  });

  it('reports a failed save with its status (0 when the server did not answer) so the editor knows to retry', async () => {
    const down = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    expect(await saveReportDraft('1.2.3', undefined, content, 3, down)).toMatchObject({ ok: false, status: 0 });
    expect(await saveReportDraft('1.2.3', undefined, content, 3, answering(400, { error: 'bad_request', message: 'Invalid draft.' }))).toEqual({
      ok: false,
      status: 400,
      message: 'Invalid draft.',
    });
  });

  it("returns a signature's report, state and warnings, and the gateway's refusal", async () => {
    const report = {
      id: 'r1',
      version: 1,
      status: 'final',
      author: { username: 'ada', displayName: 'Ada' },
      signedAt: '2026-12-03T10:00:00.000Z',
      sections: content.sections,
      comparison: null,
      amendsReportId: null,
      addendumText: null,
    };
    const state = { studyInstanceUid: '1.2.3', draft: null, reports: [report] };
    const signed = await signReport('1.2.3', undefined, 'final', 4, answering(201, { report, state, warnings: ['Not queued.'] }));
    expect(signed).toEqual({ ok: true, report, state, warnings: ['Not queued.'] });
    const refused = await addAddendum('1.2.3', undefined, 'More.', answering(409, { error: 'no_final', message: 'There is no final report to amend.' }));
    expect(refused).toEqual({ ok: false, status: 409, message: 'There is no final report to amend.' });
  });
});
