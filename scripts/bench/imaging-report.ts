import { formatSummary, summarize, type Summary } from './bench-stats.ts';
import type { StudyKey, ViewerKey } from './imaging-args.ts';
import { describeLink, LAUNCH_ROUND_TRIPS, type Floor, type Link } from './link.ts';
import type { SeriesWireBytes } from './series-wire-bytes.ts';
import type { RunOutcome, Target, View } from './viewer-run.ts';

/** One study on one link, every viewer's runs. */
export interface CaseResult {
  study: StudyKey;
  target: Target;
  wire: SeriesWireBytes;
  link: Link;
  floor?: Floor;
  runs: Partial<Record<ViewerKey, RunOutcome[]>>;
  /** Stack by default; in MPR the first image is the first reformatted one and the series is the volume. */
  view?: View;
}

export const VIEWER_LABEL: Record<ViewerKey, string> = { readroom: 'Readroom', shared: 'Readroom, shared link', ohif: 'OHIF 3.13.2' };

type Figure = 'first' | 'series' | 'bytes' | 'heap';
const MPR_LABELS: Partial<Record<Figure, string>> = { first: 'first reformatted image (s)', series: 'volume complete (s)' };
const figureLabel = (f: { key: Figure; label: string }, view: View | undefined) => (view === 'mpr' ? (MPR_LABELS[f.key] ?? f.label) : f.label);
const FIGURES: Array<{ key: Figure; label: string; scale: number; digits: number; pick: (o: RunOutcome) => number | undefined }> = [
  { key: 'first', label: 'first image (s)', scale: 1000, digits: 2, pick: (o) => o.firstImageMs },
  { key: 'series', label: 'series loaded (s)', scale: 1000, digits: 2, pick: (o) => o.seriesLoadedMs },
  { key: 'bytes', label: 'bytes transferred (MB)', scale: 1e6, digits: 1, pick: (o) => (o.error ? undefined : o.serverBytes) },
  { key: 'heap', label: 'peak JS heap (MB)', scale: 1e6, digits: 0, pick: (o) => (o.error ? undefined : o.peakHeapBytes) },
];

export function figureSummary(outcomes: readonly RunOutcome[] | undefined, figure: Figure): Summary | undefined {
  const spec = FIGURES.find((f) => f.key === figure)!;
  return summarize((outcomes ?? []).map(spec.pick).filter((v): v is number => v !== undefined));
}

const ratio = (a: Summary | undefined, b: number | undefined) => (a && b ? (a.median / b).toFixed(2) : '–');

function studyLabel(c: CaseResult): string {
  return c.view === 'mpr' ? `${c.target.label}, MPR` : c.target.label;
}

/**
 * The floor of a figure. In MPR the volume's floor is the series' (the same bytes); the first reformatted
 * image has none: it needs enough slices in the volume to show, which depends on the viewer's order.
 */
function floorOf(c: CaseResult, figure: Figure): number | undefined {
  if (figure === 'first') return c.view === 'mpr' ? undefined : c.floor?.firstImageMs;
  return figure === 'series' ? c.floor?.seriesLoadedMs : undefined;
}

/** The ready-to-paste README table: per study, link and figure, each viewer, the floor and the ratios. */
export function markdownTable(cases: readonly CaseResult[], viewers: readonly ViewerKey[]): string {
  const both = viewers.includes('readroom') && viewers.includes('ohif');
  const shared = viewers.includes('readroom') && viewers.includes('shared');
  const head = [
    'study',
    'link',
    'figure',
    ...viewers.map((v) => VIEWER_LABEL[v]),
    'floor',
    ...(both ? ['Readroom / OHIF'] : []),
    ...(shared ? ['shared link / signed in'] : []),
    ...viewers.map((v) => `${VIEWER_LABEL[v]} / floor`),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 3 ? '---' : '---:')).join('|')}|`];
  for (const c of cases) {
    for (const f of FIGURES) {
      const sums = viewers.map((v) => figureSummary(c.runs[v], f.key));
      const of = (v: ViewerKey) => figureSummary(c.runs[v], f.key);
      const floor = floorOf(c, f.key);
      const cells = [
        studyLabel(c),
        c.link.name,
        figureLabel(f, c.view),
        ...sums.map((s) => formatSummary(s, f.scale, f.digits)),
        floor === undefined ? '–' : (floor / f.scale).toFixed(f.digits),
        ...(both ? [ratio(of('readroom'), of('ohif')?.median)] : []),
        ...(shared ? [ratio(of('shared'), of('readroom')?.median)] : []),
        ...sums.map((s) => ratio(s, floor)),
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

export interface TargetCheck {
  what: string;
  measured: string;
  pass: boolean | undefined;
}

/** Passes when value ≤ k × reference; shows value / reference against k (or seconds when the reference is an absolute limit). */
function check(what: string, value: number | undefined, reference: number | undefined, k: number, of: string): TargetCheck {
  if (value === undefined || reference === undefined) return { what, measured: 'not measured', pass: undefined };
  const measured = of === 's' ? `${(value / 1000).toFixed(2)} s` : `${(value / reference).toFixed(2)} × ${of}`;
  return { what, measured, pass: value <= k * reference };
}

/** Issue 5's targets, on the emulated link, from medians. */
export function targetChecks(cases: readonly CaseResult[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const c of cases.filter((x) => x.link.emulation)) {
    const name = studyLabel(c);
    const ours = (f: Figure) => figureSummary(c.runs.readroom, f)?.median;
    const ohif = (f: Figure) => figureSummary(c.runs.ohif, f)?.median;
    const shared = (f: Figure) => figureSummary(c.runs.shared, f)?.median;
    if (c.view === 'mpr') {
      out.push(check(`${name}: first reformatted image ≤ 0.5 × OHIF's`, ours('first'), ohif('first'), 0.5, "OHIF's"));
      continue;
    }
    out.push(check(`${name}: first image ≤ 0.5 × OHIF's`, ours('first'), ohif('first'), 0.5, "OHIF's"));
    out.push(check(`${name}: first image ≤ 2 × floor`, ours('first'), c.floor?.firstImageMs, 2, 'floor'));
    if (c.study === 'ct') {
      out.push(check(`${name}: series loaded ≤ 0.8 × OHIF's`, ours('series'), ohif('series'), 0.8, "OHIF's"));
      out.push(check(`${name}: series loaded ≤ 1.2 × floor`, ours('series'), c.floor?.seriesLoadedMs, 1.2, 'floor'));
    }
    if (c.study === 'dx') out.push(check(`${name}: first image ≤ 1 s`, ours('first'), 1000, 1, 's'));
    out.push(check(`${name}: peak JS heap ≤ OHIF's`, ours('heap'), ohif('heap'), 1, "OHIF's"));
    // "As fast as a signed-in reader's": within the run-to-run spread of one viewer on this machine.
    out.push(check(`${name}: shared link first image ≤ 1.1 × signed in`, shared('first'), ours('first'), 1.1, 'signed in'));
  }
  return out;
}

export function targetsMarkdown(checks: readonly TargetCheck[]): string {
  const lines = ['| target (tele link, medians) | Readroom | result |', '|---|---:|---|'];
  for (const t of checks) lines.push(`| ${t.what} | ${t.measured} | ${t.pass === undefined ? '–' : t.pass ? 'PASS' : 'MISS'} |`);
  return lines.join('\n');
}

const mb = (n: number | undefined) => (n === undefined ? '–' : (n / 1e6).toFixed(2));
const sec = (n: number | undefined) => (n === undefined ? '–' : (n / 1000).toFixed(2));

/** Inputs of the floor and per-viewer waterfall medians, for reading the tables. */
export function detailsText(cases: readonly CaseResult[], viewers: readonly ViewerKey[]): string {
  const lines: string[] = [];
  for (const c of cases) {
    lines.push(`${studyLabel(c)} on ${describeLink(c.link)}:`);
    lines.push(
      `  wire bytes (archive via gateway, stored syntax, gzip where offered): metadata ${mb(c.wire.metadata)} MB, first frame ${mb(c.wire.firstFrame)} MB, series ${mb(c.wire.series)} MB in ${c.wire.frames} frames`,
    );
    if (c.floor && c.link.emulation && c.view === 'mpr') {
      lines.push(`  floor: volume = series bytes / bandwidth + 1 × latency = ${sec(c.floor.seriesLoadedMs)} s (the first reformatted image has none)`);
    } else if (c.floor && c.link.emulation) {
      lines.push(
        `  floor: first image = ${LAUNCH_ROUND_TRIPS} × ${c.link.emulation.latencyMs} ms + (metadata + first frame) / ${c.link.emulation.downMbit} Mbit/s = ${sec(c.floor.firstImageMs)} s; series = series bytes / bandwidth + 1 × latency = ${sec(c.floor.seriesLoadedMs)} s`,
      );
    }
    for (const v of viewers) {
      const runs = c.runs[v] ?? [];
      const med = (pick: (o: RunOutcome) => number | undefined) => summarize(runs.map(pick).filter((x): x is number => x !== undefined))?.median;
      const kinds = ['app', 'metadata', 'frame', 'preview', 'rendered', 'qido', 'other dicom-web'] as const;
      const byKind = kinds.map((k) => `${k} ${mb(med((o) => o.bytesByKind[k] ?? 0))}`).join(', ');
      lines.push(
        `  ${VIEWER_LABEL[v]}: ${runs.filter((o) => !o.error).length}/${runs.length} runs complete; medians (server clock, page time): app files sent by ${sec(med((o) => o.appLoadedMs))} s, metadata requested at ${sec(med((o) => o.firstMetadataRequestMs))} s, first frame requested at ${sec(med((o) => o.firstFrameRequestMs))} s, last frame byte sent at ${sec(med((o) => o.lastFrameSentMs))} s, ${med((o) => o.frameRequests) ?? '–'} frame requests, ${med((o) => o.previewRequests) ?? '–'} frame /rendered requests (lossy previews, thumbnails; first asked for at ${sec(med((o) => o.firstPreviewRequestMs))} s, sent by ${sec(med((o) => o.firstPreviewSentMs))} s); MB by kind: ${byKind}; CDP saw ${mb(med((o) => o.cdpBytes))} of ${mb(med((o) => o.serverBytes))} MB`,
      );
      if (v === 'readroom') {
        const [what, mark] = c.view === 'mpr' ? ['first reformatted image', 'rr:mpr-first-image'] : ['first image', 'rr:first-image'];
        lines.push(
          `    render probe (same signal as OHIF's) ${what}: ${sec(med((o) => o.probeFirstImageMs))} s vs ${mark} ${sec(med((o) => o.firstImageMs))} s`,
        );
      }
      for (const [i, o] of runs.entries()) if (o.error) lines.push(`    run ${i + 1} FAILED: ${o.error}`);
      const unseen = med((o) => o.serverBytes - o.cdpBytes);
      if (c.link.emulation && unseen !== undefined && unseen > 0.05 * (med((o) => o.serverBytes) ?? 0)) {
        lines.push(
          `    note: ${mb(unseen)} MB went to requests CDP does not see (web workers): they are neither throttled by the emulation nor in CDP's count`,
        );
      }
    }
  }
  return lines.join('\n');
}

/** One line per run while the benchmark goes on. */
export function runLine(viewer: ViewerKey, run: number | 'warm-up', o: RunOutcome, view: View = 'stack'): string {
  const head = `    ${VIEWER_LABEL[viewer].padEnd(21)} ${String(run).padStart(7)}:`;
  const [first, series] = view === 'mpr' ? ['first reformatted image', 'volume complete'] : ['first image', 'series loaded'];
  const body = `${first} ${sec(o.firstImageMs)} s, ${series} ${sec(o.seriesLoadedMs)} s, ${mb(o.serverBytes)} MB (CDP ${mb(o.cdpBytes)}), heap ${mb(o.peakHeapBytes)} MB`;
  return `${head} ${body}${o.error ? `  FAILED: ${o.error}` : ''}`;
}
