import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatDicomDate, formatDicomTime, getString } from '../../dicomweb/dicom-json.ts';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { searchSeriesDatasets } from '../../dicomweb/qido.ts';
import { Tag } from '../../dicomweb/tags.ts';
import { retrieveBulkData, retrieveSeriesMetadata } from '../../dicomweb/wado.ts';
import { bulkDataUrl } from '../../imaging/palette-metadata.ts';
import { archiveDocuments, isPdf, type ArchiveDocument, type SrNode } from '../../reports/archive-documents.ts';

/** Series that may hold reports: structured reports and encapsulated documents. */
const DOCUMENT_MODALITIES = new Set(['SR', 'DOC']);

async function fetchDocuments(source: DataSource, studyInstanceUID: string, signal: AbortSignal): Promise<ArchiveDocument[]> {
  const series = await searchSeriesDatasets(source, studyInstanceUID, [Tag.Modality], signal);
  const documentSeries = series.filter((s) => DOCUMENT_MODALITIES.has((getString(s, Tag.Modality) ?? '').toUpperCase()));
  const found = await Promise.all(
    documentSeries.map(async (s) =>
      archiveDocuments(await retrieveSeriesMetadata(source, studyInstanceUID, getString(s, Tag.SeriesInstanceUID) ?? '', signal)),
    ),
  );
  return found.flat();
}

function SrItem({ node }: { node: SrNode }) {
  const label = [node.name, node.value].filter(Boolean).join(': ');
  return (
    <li role="treeitem" aria-expanded={node.children.length > 0 ? true : undefined} aria-selected={false}>
      <span className={node.valueType === 'CONTAINER' ? 'sr-container' : 'sr-value'}>{label || node.valueType}</span>
      {node.children.length > 0 && (
        <ul role="group">
          {node.children.map((child, i) => (
            <SrItem key={i} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** A PDF shown inline: its bytes fetched through the gateway, checked to be a PDF, shown from a blob: URL. */
function PdfDocument({ source, studyInstanceUID, document }: { source: DataSource; studyInstanceUID: string; document: ArchiveDocument }) {
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let revoked = false;
    let made: string | undefined;
    const uri = document.bulkDataUri ?? `/studies/${studyInstanceUID}/series/${document.seriesInstanceUid}/instances/${document.sopInstanceUid}/bulk/00420011`;
    retrieveBulkData(bulkDataUrl(uri, source.wadoRoot))
      .then((bytes) => {
        if (revoked) return;
        if (!isPdf(bytes)) return setError('The archive did not send a PDF for this document.');
        made = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
        setUrl(made);
      })
      .catch((err: unknown) => !revoked && setError((err as Error).message));
    return () => {
      revoked = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [source.wadoRoot, studyInstanceUID, document]);
  if (error)
    return (
      <p role="alert" className="report-error">
        {error}
      </p>
    );
  if (!url) return <p>Loading the PDF…</p>;
  return <iframe className="report-pdf" src={url} title={`PDF: ${document.title}`} />;
}

/** The report documents the archive holds for a study: SR as a tree of content items, PDFs inline. */
export function ArchiveDocuments({ source, studyInstanceUID }: { source: DataSource; studyInstanceUID: string }) {
  const query = useQuery({
    queryKey: ['archive-documents', source.sourceName, studyInstanceUID],
    queryFn: ({ signal }) => fetchDocuments(source, studyInstanceUID, signal),
    staleTime: 60_000,
  });
  if (query.error)
    return (
      <p role="alert" className="report-error">
        The archive's documents could not be read: {query.error.message}
      </p>
    );
  if (!query.data) return <p>Looking for documents in the archive…</p>;
  if (query.data.length === 0) return <p>No report documents in the archive.</p>;
  return (
    <>
      {query.data.map((doc) => {
        const when = [formatDicomDate(doc.contentDate), formatDicomTime(doc.contentTime)].filter(Boolean).join(' ');
        const flags = [doc.completion, doc.verification].filter(Boolean).join(', ').toLowerCase();
        return (
          <article key={doc.sopInstanceUid} className="archive-document" aria-label={`${doc.kind === 'pdf' ? 'PDF' : 'Structured report'}: ${doc.title}`}>
            <h5>
              {doc.title} {when && <span className="signed-meta">— {when}</span>} {flags && <span className="signed-meta">({flags})</span>}
            </h5>
            {doc.kind === 'sr' && doc.tree ? (
              <ul role="tree" aria-label={doc.title} className="sr-tree">
                <SrItem node={doc.tree} />
              </ul>
            ) : (
              <PdfDocument source={source} studyInstanceUID={studyInstanceUID} document={doc} />
            )}
          </article>
        );
      })}
    </>
  );
}
