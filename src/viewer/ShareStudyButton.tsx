import { useState } from 'react';
import { formatDicomDate, formatPersonName } from '../dicomweb/dicom-json.ts';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { useRuntimeConfig } from '../page-context/RuntimeConfigProvider.tsx';
import { useDataSource } from '../page-context/useDataSource.ts';
import { usePermission } from '../page-context/useSession.ts';
import { ShareDialog } from '../ui/ShareDialog.tsx';

/** "Share…" in the viewer's toolbar, for whoever may create share links (radiologist, admin). */
export function ShareStudyButton({ study }: { study: StudySummary }) {
  const [open, setOpen] = useState(false);
  const source = useDataSource();
  const { defaultDataSourceName } = useRuntimeConfig();
  if (!usePermission('shares:create')) return null;
  const label = [formatPersonName(study.patientName), study.description, formatDicomDate(study.studyDate)].filter(Boolean).join(' — ');
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-haspopup="dialog">
        Share…
      </button>
      {open && (
        <ShareDialog
          studyInstanceUid={study.studyInstanceUID}
          dataSource={source.sourceName === defaultDataSourceName ? undefined : source.sourceName}
          studyLabel={label}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
