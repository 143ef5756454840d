import { describe, expect, it } from 'vitest';
import type { Fetch } from '../session/gateway-call.ts';
import {
  addCase,
  arbitrate,
  closeTask,
  fetchArbitration,
  fetchPseudonyms,
  fetchQueue,
  fetchStatistics,
  fetchSummary,
  fetchTasks,
  openCase,
  PeerReviewError,
  submitReview,
} from './peer-review-api.ts';

interface Seen {
  url: string;
  method: string;
  body: unknown;
}

/** A gateway double: answers each request with `reply(url, method)` and records what was sent. */
function gateway(reply: (url: string, method: string) => { status: number; body?: unknown }) {
  const seen: Seen[] = [];
  const fetchImpl: Fetch = async (url, init) => {
    const method = init?.method ?? 'GET';
    seen.push({ url, method, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    const { status, body } = reply(url, method);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { seen, fetchImpl };
}

const study = {
  studyInstanceUid: '1.2.3',
  sourceId: 'orthanc',
  accessionNumber: 'ACC1',
  patientName: 'Doe^Jane',
  studyDate: '20240101',
  studyDescription: 'CT Chest',
  modalities: ['CT'],
};
const iso = '2026-12-03T10:00:00.000Z';
const report = { signedAt: iso, sections: [{ title: 'Findings', text: 'Normal.' }], readerName: null };
const review = {
  id: 'r1',
  score: '3b',
  comment: 'Missed nodule',
  submittedAt: iso,
  keyImages: [{ seriesInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3.4.5', frameNumber: 1 }],
  kosTitle: 'for-peer-review',
  kosState: 'stored',
  arbitration: 'pending',
  finalScore: '3b',
};
const figures = { reviews: 2, scores: { '1': 1, '3b': 1 }, pendingArbitration: 0, significant: 1, rate: 0.5, interval: [0.09, 0.91] };

describe('peer-review-api', () => {
  it('reads the queue', async () => {
    const { seen, fetchImpl } = gateway(() => ({
      status: 200,
      body: { cases: [{ id: 'c1', study, origin: 'sampled', finalizedAt: iso, addedAt: iso, mine: false }], scale: 'radpeer', quota: null },
    }));
    const queue = await fetchQueue({ fetchImpl });
    expect(queue.cases[0]?.study.accessionNumber).toBe('ACC1');
    expect(seen).toEqual([{ url: '/api/peer-review/queue', method: 'GET', body: undefined }]);
  });

  it('opens a case, and a 409 carries the status and the gateway message', async () => {
    const ok = gateway(() => ({
      status: 200,
      body: { id: 'c/1', study, origin: 'manual', state: 'open', scale: 'radpeer-4', originalReport: report, review: null },
    }));
    const view = await openCase('c/1', { fetchImpl: ok.fetchImpl });
    expect(view.scale).toBe('radpeer-4');
    expect(ok.seen[0]?.url).toBe('/api/peer-review/cases/c%2F1');
    const held = gateway(() => ({ status: 409, body: { error: 'case_taken', message: 'Another reviewer has this case.' } }));
    const error = await openCase('c1', { fetchImpl: held.fetchImpl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PeerReviewError);
    expect(error).toMatchObject({ status: 409, code: 'case_taken', message: 'Another reviewer has this case.' });
  });

  it('submits a review and passes on a comment_required refusal', async () => {
    const ok = gateway(() => ({ status: 201, body: review }));
    const body = { score: '3b' as const, comment: 'Missed nodule', keyImages: review.keyImages, kosTitle: 'for-peer-review' as const };
    expect((await submitReview('c1', body, { fetchImpl: ok.fetchImpl })).arbitration).toBe('pending');
    expect(ok.seen[0]).toEqual({ url: '/api/peer-review/cases/c1/review', method: 'POST', body });
    // The gateway may answer with the case view holding the review.
    const asView = gateway(() => ({
      status: 201,
      body: { id: 'c1', study, origin: 'sampled', state: 'reviewed', scale: 'radpeer', originalReport: report, review },
    }));
    expect((await submitReview('c1', body, { fetchImpl: asView.fetchImpl })).kosState).toBe('stored');
    const refused = gateway(() => ({ status: 400, body: { error: 'comment_required', message: 'A comment is required for 2b and above.' } }));
    await expect(submitReview('c1', { ...body, comment: '' }, { fetchImpl: refused.fetchImpl })).rejects.toMatchObject({
      code: 'comment_required',
      status: 400,
    });
  });

  it('adds a study by hand', async () => {
    const { seen, fetchImpl } = gateway(() => ({ status: 201, body: { case: { id: 'c9' } } }));
    expect(await addCase({ studyInstanceUid: '1.2.3', reason: 'Seen in clinic' }, { fetchImpl })).toEqual({ id: 'c9' });
    const plain = gateway(() => ({ status: 201, body: { id: 'c8' } }));
    expect(await addCase({ studyInstanceUid: '1.2.3', reason: 'x' }, { fetchImpl: plain.fetchImpl })).toEqual({ id: 'c8' });
    expect(seen[0]).toMatchObject({ url: '/api/peer-review/cases', method: 'POST', body: { studyInstanceUid: '1.2.3', reason: 'Seen in clinic' } });
  });

  it('lists arbitration and sends a decision', async () => {
    const list = gateway(() => ({
      status: 200,
      body: {
        scale: 'radpeer',
        cases: [
          {
            reviewId: 'r1',
            caseId: 'c1',
            study,
            score: '3b',
            comment: 'x',
            submittedAt: iso,
            readerPseudonym: 'R-01',
            reviewerPseudonym: 'R-02',
            originalReport: report,
            keyImages: [],
          },
        ],
      },
    }));
    expect((await fetchArbitration({ fetchImpl: list.fetchImpl })).cases[0]?.readerPseudonym).toBe('R-01');
    const decide = gateway(() => ({ status: 204 }));
    await arbitrate('r1', { decision: 'change', score: '2a', note: 'Not significant' }, { fetchImpl: decide.fetchImpl });
    expect(decide.seen[0]).toEqual({
      url: '/api/peer-review/arbitration/r1',
      method: 'POST',
      body: { decision: 'change', score: '2a', note: 'Not significant' },
    });
    await expect(arbitrate('r1', { decision: 'confirm', note: ' ' }, { fetchImpl: decide.fetchImpl })).rejects.toThrow();
  });

  it('reads and closes reader tasks', async () => {
    const task = { id: 't1', study, score: '3b', reviewComment: 'x', arbiterNote: 'y', createdAt: iso, state: 'open', closedAt: null, closingNote: null };
    const list = gateway(() => ({ status: 200, body: { tasks: [task] } }));
    expect((await fetchTasks({ fetchImpl: list.fetchImpl }))[0]?.arbiterNote).toBe('y');
    const close = gateway(() => ({ status: 200, body: { task: { ...task, state: 'closed', closedAt: iso, closingNote: 'Discussed' } } }));
    expect((await closeTask('t1', 'Discussed', { fetchImpl: close.fetchImpl }))?.state).toBe('closed');
    expect(await closeTask('t1', 'Discussed', { fetchImpl: gateway(() => ({ status: 204 })).fetchImpl })).toBeUndefined();
    expect(close.seen[0]).toEqual({ url: '/api/peer-review/tasks/t1/close', method: 'POST', body: { note: 'Discussed' } });
  });

  it('reads statistics, pseudonyms and the summary', async () => {
    const { fetchImpl } = gateway((url) => {
      if (url.endsWith('/statistics'))
        return {
          status: 200,
          body: {
            scale: 'radpeer',
            view: 'own',
            ownPseudonym: 'R-01',
            overall: figures,
            readers: [{ ...figures, pseudonym: 'R-01' }],
            modalities: [{ ...figures, modality: 'CT' }],
            months: [{ ...figures, month: '2026-12' }],
          },
        };
      if (url.endsWith('/pseudonyms')) return { status: 200, body: { pseudonyms: [{ pseudonym: 'R-01', username: 'radiologist', displayName: 'Dr R' }] } };
      return { status: 200, body: { queue: 3, arbitration: 1, tasks: 0 } };
    });
    expect((await fetchStatistics({ fetchImpl })).overall.interval).toEqual([0.09, 0.91]);
    expect(await fetchPseudonyms({ fetchImpl })).toHaveLength(1);
    expect(await fetchSummary({ fetchImpl })).toEqual({ queue: 3, arbitration: 1, tasks: 0 });
  });

  it('refuses an answer of the wrong shape', async () => {
    const { fetchImpl } = gateway(() => ({ status: 200, body: { queue: -1 } }));
    await expect(fetchSummary({ fetchImpl })).rejects.toMatchObject({ code: 'unexpected_answer' });
  });
});
