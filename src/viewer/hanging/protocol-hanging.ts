import { presetRegionsOf } from '../../imaging/body-part-presets.ts';
import type { LayoutId } from '../../imaging/layout.ts';
import type { SeriesRow } from '../../priors/facts-from-qido.ts';
import { chooseProtocol, protocolMatches, type ProtocolChoice, type StudyKind } from '../../hanging-protocols/choose-protocol.ts';
import type { HangingProtocol, ViewMode } from '../../hanging-protocols/hanging-protocol.ts';
import { placeSeries, type CandidateSeries } from '../../hanging-protocols/place-series.ts';
import { comparablePriors } from './comparison-hanging.ts';
import type { LaunchStudy } from './launch-queries.ts';
import type { SeriesRef } from '../viewer-store.ts';

/** A hanging chosen by a protocol, as the viewer store takes it. */
export interface ProtocolLaunchHanging {
  choice: ProtocolChoice;
  layout: LayoutId;
  series: (SeriesRef | undefined)[];
  /** The window preset each viewport starts with (by name), where the protocol names one. */
  presets: (string | undefined)[];
  modes: ViewMode[];
  /** Why a viewport stayed empty, by viewport index. */
  unmet: Map<number, string>;
}

/**
 * What kind of study this is, as protocols ask: its modalities, the body regions its series' Body Part
 * Examined names (else its description, else its series' descriptions), its description and its priors.
 */
export function studyKindOf(current: LaunchStudy, priorCount: number, rows?: readonly SeriesRow[]): StudyKind {
  const study = current.study;
  const modalities = [...new Set([...(study?.modalities ?? []), ...current.series.map((s) => s.modality)].filter(Boolean))];
  const sources = [rows?.map((r) => r.bodyPart).filter(Boolean) ?? [], [study?.description ?? ''], current.series.map((s) => s.description)];
  const regions = sources.map((texts) => presetRegionsOf(texts)).find((r) => r.length > 0) ?? [];
  return { modalities, regions, description: study?.description ?? '', priorCount };
}

function candidates(study: LaunchStudy, rows: readonly SeriesRow[] | undefined): CandidateSeries[] {
  return study.series.map((s) => ({
    studyInstanceUID: study.studyInstanceUID,
    seriesInstanceUID: s.seriesInstanceUID,
    modality: s.modality,
    description: s.description,
    seriesNumber: s.seriesNumber,
    plane: rows?.find((r) => r.seriesInstanceUID === s.seriesInstanceUID)?.plane,
  }));
}

/**
 * The hanging of the reader's own protocol for this kind of study, else of the best shipped one (also when
 * the reader's own finds none of its series in this study); undefined when none matches or the chosen one
 * places no series at all (the plain hanging then applies).
 */
export function protocolHanging(
  current: LaunchStudy,
  others: readonly LaunchStudy[],
  shipped: readonly HangingProtocol[],
  personal: readonly HangingProtocol[],
  seriesByStudy?: ReadonlyMap<string, readonly SeriesRow[]>,
): ProtocolLaunchHanging | undefined {
  if (!current.study || current.series.length === 0) return undefined;
  const priors = comparablePriors(current, others);
  const kind = studyKindOf(current, priors.length, seriesByStudy?.get(current.studyInstanceUID));
  const hangBy = (choice: ProtocolChoice | undefined): ProtocolLaunchHanging | undefined => {
    if (!choice) return undefined;
    const placed = placeSeries(
      choice.protocol,
      candidates(current, seriesByStudy?.get(current.studyInstanceUID)),
      priors.map((p) => candidates(p, seriesByStudy?.get(p.studyInstanceUID))),
    );
    if (placed.placements.every((p) => p === undefined)) return undefined;
    return {
      choice,
      layout: placed.layout,
      series: placed.placements.map((p) => p && { studyInstanceUID: p.studyInstanceUID, seriesInstanceUID: p.seriesInstanceUID }),
      presets: placed.placements.map((p) => p?.preset),
      modes: placed.placements.map((p) => p?.mode ?? 'stack'),
      unmet: placed.unmet,
    };
  };
  return hangBy(chooseProtocol(kind, [], personal)) ?? hangBy(chooseProtocol(kind, shipped));
}

/** How many priors the protocols that could fit this study ask for (the viewer loads that many). */
export function priorsWantedByProtocols(current: LaunchStudy, shipped: readonly HangingProtocol[], personal: readonly HangingProtocol[]): number {
  // As if every prior a protocol can ask for were there: which protocols would fit then.
  const kind = studyKindOf(current, 3);
  return Math.max(0, ...[...personal, ...shipped].filter((p) => protocolMatches(p, kind)).map((p) => p.match.minPriors));
}
