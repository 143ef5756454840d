import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SeriesSummary } from '../../dicomweb/study-summary.ts';
import type { SeriesRow } from '../../priors/facts-from-qido.ts';
import { deletePersonalProtocol, savePersonalProtocol } from '../../hanging-protocols/protocol-api.ts';
import { protocolFromArrangement, type ArrangedViewport } from '../../hanging-protocols/save-arrangement.ts';
import type { HangingProtocol } from '../../hanging-protocols/hanging-protocol.ts';
import { useSession } from '../../page-context/useSession.ts';
import { isMpr } from '../mpr/mpr-store.ts';
import { useUserPresets } from '../tools/user-presets.ts';
import { namedPresetOf } from '../viewport/viewport-actions.ts';
import { useViewerStore, visibleViewportIds } from '../viewer-store.ts';
import type { LaunchStudy } from './launch-queries.ts';
import { comparablePriors } from './comparison-hanging.ts';
import { studyKindOf } from './protocol-hanging.ts';
import { PERSONAL_PROTOCOLS_KEY } from './useHangingProtocols.ts';

interface HangingProtocolPanelProps {
  current: LaunchStudy;
  /** The other studies of the launch, most relevant first (the priors a protocol counts). */
  others: readonly LaunchStudy[];
  summaries: ReadonlyMap<string, SeriesSummary>;
  seriesByStudy: ReadonlyMap<string, readonly SeriesRow[]> | undefined;
  /** Why the reader's own protocols could not be loaded, if they could not. */
  loadError: string | undefined;
}

/** "CT chest studies with 1 prior". */
function kindText(protocol: HangingProtocol): string {
  const { modalities, regions, minPriors } = protocol.match;
  const priors = minPriors === 0 ? '' : ` with ${minPriors} ${minPriors === 1 ? 'prior' : 'priors'}`;
  return `${modalities[0]} ${regions[0] ?? 'any region'} studies${priors}`;
}

/**
 * Which hanging protocol hung the study, and saving what is on screen as the reader's own protocol for this
 * kind of study (or removing it, back to the shipped one). The next study of that kind opens that way.
 */
export function HangingProtocolPanel({ current, others, summaries, seriesByStudy, loadError }: HangingProtocolPanelProps) {
  const signedIn = useSession() !== undefined;
  const hungBy = useViewerStore((s) => s.hungBy);
  const user = useUserPresets((s) => s.presets);
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();

  const arrangement = (): HangingProtocol => {
    const { layout, assignments } = useViewerStore.getState();
    const priors = comparablePriors(current, others);
    const viewports = visibleViewportIds(layout).map((id): ArrangedViewport | undefined => {
      const shown = assignments[id];
      const summary = shown && summaries.get(shown.seriesInstanceUID);
      if (!shown || !summary) return undefined;
      const priorIndex = priors.findIndex((p) => p.studyInstanceUID === shown.studyInstanceUID);
      if (shown.studyInstanceUID !== current.studyInstanceUID && priorIndex < 0) return undefined;
      return {
        study: priorIndex < 0 ? 'current' : priorIndex,
        seriesInstanceUID: shown.seriesInstanceUID,
        modality: summary.modality,
        description: summary.description,
        plane: seriesByStudy?.get(shown.studyInstanceUID)?.find((r) => r.seriesInstanceUID === shown.seriesInstanceUID)?.plane,
        preset: namedPresetOf(id, user),
        mode: isMpr(id, shown.seriesInstanceUID) ? 'mpr' : 'stack',
      };
    });
    return protocolFromArrangement(studyKindOf(current, priors.length, seriesByStudy?.get(current.studyInstanceUID)), layout, viewports);
  };

  const save = useMutation({
    mutationFn: () => savePersonalProtocol(arrangement()),
    onSuccess: (saved) => {
      useViewerStore.setState({ hungBy: { protocolId: saved.id, name: saved.name, owner: 'personal', unmet: {} } });
      setMessage({ text: `Saved as your protocol for ${kindText(saved)}: the next one opens this way.` });
    },
    onError: (err) => setMessage({ text: err.message, error: true }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: PERSONAL_PROTOCOLS_KEY }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => deletePersonalProtocol(id),
    onSuccess: () => {
      useViewerStore.setState({ hungBy: undefined });
      setMessage({ text: 'Your protocol was removed: studies of this kind open with the shipped protocol again.' });
    },
    onError: (err) => setMessage({ text: err.message, error: true }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: PERSONAL_PROTOCOLS_KEY }),
  });

  return (
    <section className="hanging-protocol-panel" aria-label="Hanging protocol">
      <h2>Hanging protocol</h2>
      <p data-testid="hanging-protocol-name">
        {hungBy ? `${hungBy.owner === 'personal' ? 'Yours' : 'Shipped'}: ${hungBy.name}` : 'None for this study: hung as opened.'}
      </p>
      {loadError && <p className="hanging-protocol-error">Your own protocols could not be loaded ({loadError}); the shipped ones apply.</p>}
      {signedIn && (
        <div className="hanging-protocol-actions">
          <button type="button" onClick={() => save.mutate()} disabled={save.isPending}>
            Save layout as my protocol
          </button>
          {hungBy?.owner === 'personal' && (
            <button type="button" onClick={() => remove.mutate(hungBy.protocolId)} disabled={remove.isPending}>
              Remove my protocol
            </button>
          )}
        </div>
      )}
      <p role="status" className={message?.error ? 'hanging-protocol-error' : undefined}>
        {message?.text}
      </p>
    </section>
  );
}
