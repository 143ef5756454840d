import type { LayoutId } from '../imaging/layout.ts';
import { hasKeyword } from './choose-protocol.ts';
import type { HangingProtocol, ViewMode, ViewportRule } from './hanging-protocol.ts';

/** A series a protocol can place: the facts the rules look at. */
export interface CandidateSeries {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  modality: string;
  description: string;
  seriesNumber: number | undefined;
  plane?: 'axial' | 'coronal' | 'sagittal' | 'oblique' | undefined;
}

export interface Placement {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  preset: string | undefined;
  mode: ViewMode;
}

export interface ProtocolHanging {
  layout: LayoutId;
  /** One per viewport of the protocol; undefined where no series fits its rule (the viewport says so). */
  placements: (Placement | undefined)[];
  /** Why a viewport stayed empty, by viewport index ("no prior", "no series matches T2"). */
  unmet: Map<number, string>;
}

function describeRule(rule: ViewportRule): string {
  const parts = [rule.series.modality, ...rule.series.keywords, rule.series.plane].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'any series';
}

/** The series of `pool` that fits `rule` best, preferring one not placed yet; undefined when none fits. */
function pick(rule: ViewportRule, pool: readonly CandidateSeries[], placed: ReadonlySet<string>): CandidateSeries | undefined {
  const { modality, keywords, excludeKeywords, plane } = rule.series;
  const fitting = pool.filter(
    (s) =>
      (!modality || s.modality === modality) &&
      (keywords.length === 0 || keywords.some((k) => hasKeyword(s.description, k))) &&
      !excludeKeywords.some((k) => hasKeyword(s.description, k)) &&
      (!plane || !s.plane || s.plane === plane),
  );
  const score = (s: CandidateSeries) => (placed.has(s.seriesInstanceUID) ? 0 : 10) + (plane && s.plane === plane ? 2 : 0);
  return [...fitting].sort((a, b) => score(b) - score(a) || (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity))[0];
}

/**
 * Places the series by the protocol's rules: the current study's image series and the priors' (most
 * relevant prior first), each list in display order.
 */
export function placeSeries(protocol: HangingProtocol, current: readonly CandidateSeries[], priors: readonly (readonly CandidateSeries[])[]): ProtocolHanging {
  const placements: (Placement | undefined)[] = [];
  const unmet = new Map<number, string>();
  const placed = new Set<string>();
  protocol.viewports.forEach((rule, index) => {
    const place = (series: CandidateSeries | undefined, why: string) => {
      if (!series) {
        placements.push(undefined);
        unmet.set(index, why);
        return;
      }
      placed.add(series.seriesInstanceUID);
      placements.push({ studyInstanceUID: series.studyInstanceUID, seriesInstanceUID: series.seriesInstanceUID, preset: rule.preset, mode: rule.mode });
    };
    if (rule.empty) {
      placements.push(undefined);
      return;
    }
    if (rule.sameSeriesAs !== undefined) {
      const earlier = placements[rule.sameSeriesAs];
      const series = earlier && [...current, ...priors.flat()].find((s) => s.seriesInstanceUID === earlier.seriesInstanceUID);
      place(series, `viewport ${rule.sameSeriesAs + 1} is empty`);
      return;
    }
    if (rule.study === 'prior') {
      const prior = priors[rule.priorIndex];
      if (!prior) return place(undefined, 'no prior study to compare with');
      return place(pick(rule, prior, placed), `the prior has no series matching ${describeRule(rule)}`);
    }
    place(pick(rule, current, placed), `no series matching ${describeRule(rule)}`);
  });
  return { layout: protocol.layout, placements, unmet };
}
