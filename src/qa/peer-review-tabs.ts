import { usePermission } from '../page-context/useSession.ts';

export type TabId = 'queue' | 'add' | 'arbitration' | 'tasks' | 'figures' | 'pseudonyms';
export const PEER_REVIEW_TAB_LABELS: Record<TabId, string> = {
  queue: 'Review queue',
  add: 'Add a study',
  arbitration: 'Arbitration',
  tasks: 'My review tasks',
  figures: 'Figures',
  pseudonyms: 'Pseudonyms',
};

/** The sections a user's permissions open, in the page's order. */
export function usePeerReviewTabs(): TabId[] {
  const review = usePermission('peer-review:review');
  const add = usePermission('peer-review:add');
  const arbitrate = usePermission('peer-review:arbitrate');
  const tasks = usePermission('peer-review:tasks');
  const statistics = usePermission('peer-review:statistics');
  const identities = usePermission('peer-review:identities');
  const tabs: TabId[] = [];
  if (review) tabs.push('queue');
  if (add) tabs.push('add');
  if (arbitrate) tabs.push('arbitration');
  if (tasks) tabs.push('tasks');
  if (statistics || tasks) tabs.push('figures');
  if (identities) tabs.push('pseudonyms');
  return tabs;
}

/** Whether the navigation shows "Peer review": reviewers, arbiters, original readers, QA and admins (figures). */
export function usePeerReviewNavigation(): boolean {
  const review = usePermission('peer-review:review');
  const arbitrate = usePermission('peer-review:arbitrate');
  const tasks = usePermission('peer-review:tasks');
  const statistics = usePermission('peer-review:statistics');
  return review || arbitrate || tasks || statistics;
}
