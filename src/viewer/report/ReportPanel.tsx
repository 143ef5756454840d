import { useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { formatDicomDate } from '../../dicomweb/dicom-json.ts';
import type { StudySummary } from '../../dicomweb/study-summary.ts';
import { withMeasurements } from '../../reports/measurement-text.ts';
import type { DraftContent } from '../../reports/report-contract.ts';
import { FINDINGS, IMPRESSION } from '../../reports/report-rules.ts';
import { chooseTemplate, expandMacroAt, macrosOf, sectionsOf, type ReportTemplate } from '../../reports/report-templates.ts';
import { usePermission, useSession, useSessionEnded } from '../../page-context/useSession.ts';
import { useDataSource } from '../../page-context/useDataSource.ts';
import { useRuntimeConfig } from '../../page-context/RuntimeConfigProvider.tsx';
import { ArchiveDocuments } from './ArchiveDocuments.tsx';
import { PriorReports } from './PriorReports.tsx';
import { reportTemplates } from './report-templates-source.ts';
import { SignedReports } from './SignedReports.tsx';
import { ReportDeliveries } from './ReportDeliveries.tsx';
import { comparisonOf, useReportEditor, type ReportEditor, type SaveStatus } from './useReportEditor.ts';
import { studyMeasurements } from './viewer-measurements.ts';
import './report.css';

export const REPORT_PANEL_ID = 'viewer-report-panel';

const STATUS_TEXT: Record<SaveStatus, string> = {
  idle: '',
  saving: 'Saving…',
  saved: 'Saved',
  retrying: 'Not saved — retrying',
  conflict: 'Not saved — a newer draft exists',
};

/** The sections of another template, keeping every text already written. */
function switchTemplate(content: DraftContent, template: ReportTemplate): DraftContent {
  const written = new Map(content.sections.filter((s) => s.text.trim() !== '').map((s) => [s.title, s.text]));
  const sections = sectionsOf(template).map((s) => ({ title: s.title, text: written.get(s.title) ?? s.text }));
  for (const s of content.sections) if (s.text.trim() !== '' && !sections.some((t) => t.title === s.title)) sections.push(s);
  return { ...content, templateId: template.id, sections };
}

function SectionField({ title, text, macros, onText }: { title: string; text: string; macros: Record<string, string>; onText: (text: string) => void }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const id = `report-section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const onChange = (e: ChangeEvent<HTMLTextAreaElement>) => {
    const el = e.target;
    const typed = (e.nativeEvent as InputEvent).data ?? ((e.nativeEvent as InputEvent).inputType === 'insertLineBreak' ? '\n' : '');
    const expanded = /^\s$/.test(typed) ? expandMacroAt(el.value, el.selectionStart, macros) : undefined;
    if (!expanded) return onText(el.value);
    onText(expanded.text);
    // After React has written the expanded value.
    requestAnimationFrame(() => area.current?.setSelectionRange(expanded.caret, expanded.caret));
  };
  return (
    <div className="report-field">
      <label htmlFor={id}>{title}</label>
      <textarea ref={area} id={id} value={text} rows={title === FINDINGS ? 10 : title === IMPRESSION ? 4 : 2} onChange={onChange} spellCheck />
    </div>
  );
}

function SignButtons({ editor, onSigned }: { editor: ReportEditor; onSigned: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const sign = async (status: 'preliminary' | 'final') => {
    setBusy(true);
    setError(undefined);
    const result = await editor.sign(status);
    setBusy(false);
    setConfirming(false);
    if (!result.ok) return setError(result.message);
    onSigned([`Signed ${status === 'final' ? 'final' : 'preliminary'} (version ${result.report.version}).`, ...result.warnings].join(' '));
  };
  return (
    <div className="report-sign">
      <div className="report-actions">
        <button type="button" disabled={busy} onClick={() => void sign('preliminary')}>
          Sign preliminary
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => setConfirming(true)}>
          Sign final
        </button>
      </div>
      {confirming && (
        <div role="alertdialog" aria-labelledby="report-confirm-final" className="report-confirm">
          <p id="report-confirm-final">Sign this report as final? A final report cannot be changed: it can only be amended by an addendum.</p>
          <div className="report-actions">
            <button type="button" className="primary" disabled={busy} autoFocus onClick={() => void sign('final')}>
              Sign the final report
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="report-error">
          {error}
        </p>
      )}
    </div>
  );
}

function Addendum({ editor }: { editor: ReportEditor }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Addendum
      </button>
    );
  }
  const submit = async () => {
    setBusy(true);
    const result = await editor.addendum(text);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setText('');
    setOpen(false);
  };
  return (
    <div className="report-addendum">
      <div className="report-field">
        <label htmlFor="report-addendum-text">Addendum text</label>
        <textarea id="report-addendum-text" value={text} rows={4} onChange={(e) => setText(e.target.value)} autoFocus />
      </div>
      <div className="report-actions">
        <button type="button" className="primary" disabled={busy || text.trim() === ''} onClick={() => void submit()}>
          Sign addendum
        </button>
        <button type="button" disabled={busy} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <p role="alert" className="report-error">
          {error}
        </p>
      )}
    </div>
  );
}

function Editor({ editor, study, templates }: { editor: ReportEditor; study: StudySummary; templates: ReportTemplate[] }) {
  const content = editor.content!;
  const macros = useMemo(() => macrosOf(templates, content.templateId), [templates, content.templateId]);
  const [note, setNote] = useState<string>();
  const ended = useSessionEnded();
  const status = ended && editor.status !== 'saved' && editor.status !== 'idle' ? 'retrying' : editor.status;
  const setSection = (title: string, text: string) =>
    editor.change((c) => ({ ...c, sections: c.sections.map((s) => (s.title === title ? { ...s, text } : s)) }));
  const insertMeasurements = () => {
    const { measurements, references } = studyMeasurements(study.studyInstanceUID);
    if (measurements.length === 0) return setNote('There are no measurements on the images of this study.');
    setNote(`${measurements.length} measurement${measurements.length === 1 ? '' : 's'} added to the findings.`);
    editor.change((c) => {
      const known = new Set(c.references.map((r) => `${r.sopInstanceUid}/${r.frameNumber ?? ''}`));
      return {
        ...c,
        sections: c.sections.map((s) => (s.title === FINDINGS ? { ...s, text: withMeasurements(s.text, measurements) } : s)),
        references: [...c.references, ...references.filter((r) => !known.has(`${r.sopInstanceUid}/${r.frameNumber ?? ''}`))],
      };
    });
  };
  const comparison = content.comparison ?? { studyInstanceUid: '', date: '', description: '' };
  const setComparison = (patch: Partial<typeof comparison>) =>
    editor.change((c) => {
      const next = { ...(c.comparison ?? { studyInstanceUid: '', date: '', description: '' }), ...patch };
      return { ...c, comparison: next.date || next.description ? next : null };
    });
  return (
    <form className="report-editor" aria-label="Report editor" onSubmit={(e) => e.preventDefault()}>
      <div className="report-field report-template">
        <label htmlFor="report-template">Template</label>
        <select
          id="report-template"
          value={content.templateId}
          onChange={(e) => {
            const template = templates.find((t) => t.id === e.target.value);
            if (template) editor.change((c) => switchTemplate(c, template));
          }}
        >
          {!templates.some((t) => t.id === content.templateId) && <option value={content.templateId}>—</option>}
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="report-comparison-fields">
        <legend>Comparison</legend>
        <div className="report-field">
          <label htmlFor="report-comparison-date">Comparison date</label>
          <input
            id="report-comparison-date"
            value={formatDicomDate(comparison.date)}
            placeholder="YYYY-MM-DD"
            onChange={(e) => setComparison({ date: e.target.value.replace(/-/g, '').slice(0, 8) })}
          />
        </div>
        <div className="report-field">
          <label htmlFor="report-comparison-description">Comparison study</label>
          <input id="report-comparison-description" value={comparison.description} onChange={(e) => setComparison({ description: e.target.value })} />
        </div>
      </fieldset>
      {content.sections.map((s) => (
        <SectionField key={s.title} title={s.title} text={s.text} macros={macros} onText={(text) => setSection(s.title, text)} />
      ))}
      <div className="report-actions">
        <button type="button" onClick={insertMeasurements}>
          Insert measurements
        </button>
      </div>
      {note && <p className="report-note">{note}</p>}
      <p role="status" aria-label="Draft" className={`report-save-status save-${status}`}>
        {STATUS_TEXT[status]}
        {status === 'retrying' && editor.message && !ended ? ` (${editor.message})` : ''}
      </p>
      {editor.conflict && (
        <div role="alert" className="report-conflict">
          <p>{editor.message ?? 'A newer version of this draft was saved elsewhere.'} The saved version says:</p>
          {editor.conflict.sections.map((s) => (
            <p key={s.title} className="report-text">
              <strong>{s.title}:</strong> {s.text || '—'}
            </p>
          ))}
          <div className="report-actions">
            <button type="button" onClick={editor.keepMine}>
              Keep mine
            </button>
            <button type="button" onClick={editor.useSaved}>
              Use the saved one
            </button>
          </div>
        </div>
      )}
      <SignButtons editor={editor} onSigned={setNote} />
      <details className="report-macros">
        <summary>Macros</summary>
        <p>Type a macro and a space to insert its text.</p>
        <dl>
          {Object.entries(macros).map(([name, text]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{text}</dd>
            </div>
          ))}
        </dl>
      </details>
    </form>
  );
}

/** The report beside the images: the editor (radiologists), the signed versions, and the priors' reports. */
export function ReportPanel({ study, hungPrior, priors }: { study: StudySummary; hungPrior: StudySummary | undefined; priors: readonly StudySummary[] }) {
  const source = useDataSource();
  const { defaultDataSourceName } = useRuntimeConfig();
  const session = useSession();
  const mayWrite = usePermission('reports:write');
  const seesDeliveries = usePermission('deliveries:read');
  const templates = reportTemplates();
  const sourceId = source.sourceName === defaultDataSourceName ? undefined : source.sourceName;
  const editor = useReportEditor({
    owner: session?.username,
    sourceName: source.sourceName,
    sourceId,
    studyInstanceUID: study.studyInstanceUID,
    mayWrite,
    initial: () => {
      const template = chooseTemplate(templates, { modalities: study.modalities, description: study.description });
      return { templateId: template.id, sections: sectionsOf(template), comparison: comparisonOf(hungPrior), references: [] };
    },
  });
  // The prior is hung after the panel may have started a new report: its comparison follows, until the reader writes.
  const { prefill, status } = editor;
  const priorUid = hungPrior?.studyInstanceUID;
  useEffect(() => {
    if (!hungPrior || status !== 'idle') return;
    prefill((c) => (c.comparison ? c : { ...c, comparison: comparisonOf(hungPrior) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the prior is identified by its UID
  }, [priorUid, status, prefill, editor.content === undefined]);
  const reports = editor.state?.reports ?? [];
  const hasFinal = reports.some((r) => r.status === 'final');
  return (
    <aside className="report-panel" aria-label="Report">
      <h2>Report</h2>
      {editor.loadError ? (
        <p role="alert" className="report-error">
          {editor.loadError.message}
        </p>
      ) : !editor.state ? (
        <p>Loading the report…</p>
      ) : (
        <>
          {reports.length > 0 && (
            <section aria-label="Signed report" className="report-signed">
              <SignedReports reports={reports} />
              {hasFinal && mayWrite && <Addendum editor={editor} />}
              {seesDeliveries && <ReportDeliveries studyInstanceUid={study.studyInstanceUID} sourceId={sourceId} signedCount={reports.length} />}
            </section>
          )}
          {!hasFinal && mayWrite && editor.content && <Editor editor={editor} study={study} templates={templates} />}
          {!hasFinal && !mayWrite && reports.length === 0 && <p>Not reported yet.</p>}
        </>
      )}
      <details className="archive-documents">
        <summary>Documents of this study in the archive</summary>
        <ArchiveDocuments source={source} studyInstanceUID={study.studyInstanceUID} />
      </details>
      <PriorReports priors={priors} source={source} sourceId={sourceId} />
    </aside>
  );
}
