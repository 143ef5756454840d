import { formatDicomDate } from '../dicomweb/dicom-json.ts';
import type { CaseStudy } from '../peer-review/peer-review-contract.ts';

/** A case's study in a few words (DICOM strings shown as text). */
export function studyWords(study: CaseStudy): string {
  return [study.studyDescription || 'No description', study.modalities.join('/') || '?', formatDicomDate(study.studyDate) || 'no date'].join(' · ');
}

export const time = (iso: string) => new Date(iso).toLocaleString();

/** The original report's sections, read-only. */
export function OriginalReport({
  sections,
  readerName,
  signedAt,
}: {
  sections: { title: string; text: string }[];
  readerName: string | null;
  signedAt: string;
}) {
  return (
    <div className="pr-original-report">
      <p className="muted">
        Signed {time(signedAt)}
        {readerName ? ` by ${readerName}` : ' (reader not shown)'}
      </p>
      {sections.map((section, i) => (
        <section key={`${i} ${section.title}`} aria-label={section.title}>
          <h4>{section.title}</h4>
          <p className="pr-report-text">{section.text || '(empty)'}</p>
        </section>
      ))}
    </div>
  );
}
