import { useQuery } from '@tanstack/react-query';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { searchSeriesDatasets, searchStudies } from '../../dicomweb/qido.ts';
import type { StudySummary } from '../../dicomweb/study-summary.ts';
import { SERIES_FACT_FIELDS, seriesRowFrom, studyFacts, type SeriesRow } from '../../priors/facts-from-qido.ts';
import { patientRelation } from '../../priors/patient-identity.ts';
import { rankPriors, type PriorsResult } from '../../priors/rank-priors.ts';
import { useLaunchSettled } from './launch-settled.ts';

export interface PriorsData {
  result: PriorsResult;
  /** Series rows (with body part, laterality, thickness) of the current study and every candidate. */
  seriesByStudy: ReadonlyMap<string, readonly SeriesRow[]>;
}

/** Enough rows for any one patient; the domain code keeps only exact matches. */
const CANDIDATE_LIMIT = 200;

async function fetchPriors(source: DataSource, current: StudySummary, signal: AbortSignal): Promise<PriorsData> {
  const [byId, byName] = await Promise.all([
    current.patientId ? searchStudies(source, { PatientID: current.patientId, limit: CANDIDATE_LIMIT }, signal) : [],
    current.patientName && current.patientBirthDate
      ? searchStudies(source, { PatientName: current.patientName, PatientBirthDate: current.patientBirthDate, limit: CANDIDATE_LIMIT }, signal)
      : [],
  ]);
  const candidates = new Map<string, StudySummary>();
  for (const s of [...byId, ...byName]) if (patientRelation(current, s) !== 'other') candidates.set(s.studyInstanceUID, s);
  candidates.set(current.studyInstanceUID, current);
  const seriesByStudy = new Map<string, SeriesRow[]>();
  await Promise.all(
    [...candidates.keys()].map(async (uid) => {
      const rows = await searchSeriesDatasets(source, uid, SERIES_FACT_FIELDS, signal);
      seriesByStudy.set(uid, rows.map(seriesRowFrom));
    }),
  );
  const facts = (s: StudySummary) => studyFacts(s, seriesByStudy.get(s.studyInstanceUID) ?? []);
  return { result: rankPriors(facts(current), [...candidates.values()].map(facts)), seriesByStudy };
}

/**
 * The current study's priors, other studies of the patient and possible matches (QIDO-RS by Patient ID and
 * by name + birth date); looked for once the current study's first image is shown.
 */
export function usePriors(source: DataSource, current: StudySummary | undefined) {
  const settled = useLaunchSettled();
  return useQuery({
    queryKey: ['priors', source.sourceName, current?.studyInstanceUID],
    queryFn: ({ signal }) => fetchPriors(source, current!, signal),
    enabled: current !== undefined && settled,
    staleTime: 5 * 60_000,
  });
}
