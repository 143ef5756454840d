import { useRef, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePermission } from '../page-context/useSession.ts';
import { PEER_REVIEW_TAB_LABELS as LABEL, usePeerReviewTabs, type TabId } from './peer-review-tabs.ts';
import { pageTitle } from '../dicomweb/study-title.ts';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';
import { AddStudyForm } from './AddStudyForm.tsx';
import { ArbitrationQueue } from './ArbitrationQueue.tsx';
import { FiguresView } from './FiguresView.tsx';
import { PseudonymTable } from './PseudonymTable.tsx';
import { ReaderTasks } from './ReaderTasks.tsx';
import { ReviewQueue } from './ReviewQueue.tsx';
import { usePeerReviewSummary } from './usePeerReview.ts';
import './qa.css';

/** `/peer-review`: the review queue, adding a study, arbitration, the reader's tasks, figures and export, pseudonyms (by permission). */
export function PeerReviewPage() {
  useDocumentTitle(pageTitle('Peer review'));
  const tabs = usePeerReviewTabs();
  const [params, setParams] = useSearchParams();
  const statistics = usePermission('peer-review:statistics');
  const summary = usePeerReviewSummary(tabs.length > 0);
  const tabRefs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
  if (tabs.length === 0) {
    return (
      <div className="error-panel" role="alert">
        <h2>Not open to your account</h2>
        <p>Your account has no part in peer review.</p>
        <p>
          <Link to="/">Back to the start page</Link>
        </p>
      </div>
    );
  }
  const asked = params.get('tab') as TabId | null;
  const current: TabId = asked && tabs.includes(asked) ? asked : tabs[0]!;
  const choose = (tab: TabId, focus = false) => {
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('tab', tab);
      return next;
    });
    if (focus) tabRefs.current[tab]?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.indexOf(current);
    const to =
      e.key === 'ArrowRight'
        ? tabs[(i + 1) % tabs.length]
        : e.key === 'ArrowLeft'
          ? tabs[(i - 1 + tabs.length) % tabs.length]
          : e.key === 'Home'
            ? tabs[0]
            : e.key === 'End'
              ? tabs.at(-1)
              : undefined;
    if (!to) return;
    e.preventDefault();
    choose(to, true);
  };
  const count = (tab: TabId) =>
    tab === 'queue' ? summary.data?.queue : tab === 'arbitration' ? summary.data?.arbitration : tab === 'tasks' ? summary.data?.tasks : undefined;
  return (
    <section className="peer-review-page" aria-labelledby="peer-review-title">
      <h1 id="peer-review-title">Peer review</h1>
      <div role="tablist" aria-label="Peer review" className="pr-tabs" onKeyDown={onKey}>
        {tabs.map((tab) => {
          const n = count(tab);
          return (
            <button
              key={tab}
              ref={(el) => {
                tabRefs.current[tab] = el;
              }}
              type="button"
              role="tab"
              id={`pr-tab-${tab}`}
              aria-selected={tab === current}
              aria-controls={`pr-panel-${tab}`}
              tabIndex={tab === current ? 0 : -1}
              onClick={() => choose(tab)}
            >
              {LABEL[tab]}
              {n ? <span className="pr-count"> ({n})</span> : null}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`pr-panel-${current}`} aria-labelledby={`pr-tab-${current}`} className="pr-panel" tabIndex={0}>
        {current === 'queue' && <ReviewQueue />}
        {current === 'add' && <AddStudyForm />}
        {current === 'arbitration' && <ArbitrationQueue />}
        {current === 'tasks' && <ReaderTasks />}
        {current === 'figures' && <FiguresView canExport={statistics} />}
        {current === 'pseudonyms' && <PseudonymTable />}
      </div>
    </section>
  );
}
