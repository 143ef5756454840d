import type { Link } from './link.ts';

export type StudyKey = 'ct' | 'dx';
/** Readroom signed in, Readroom opened from a share link, OHIF. */
export type ViewerKey = 'readroom' | 'shared' | 'ohif';

export interface ImagingBenchOptions {
  runs: number;
  links: Link[];
  studies: StudyKey[];
  viewers: ViewerKey[];
  timeoutMs: number;
  warmup: boolean;
  /** Gzip the viewers' static files in the bench proxy (both viewers alike). */
  compressApp: boolean;
  /** Open the series as MPR (Readroom `mpr=1`, OHIF's hanging protocol `mpr`) and time the reformatted planes and the volume. */
  mpr: boolean;
}

export const USAGE = `npm run bench [-- options]
  --runs N            cold runs per viewer, study and link (default 5)
  --down MBIT         emulated link download (default 50)
  --up MBIT           emulated link upload (default 10)
  --latency MS        emulated link latency (default 40)
  --links LIST        loopback,tele (default both)
  --studies LIST      ct,dx (default both)
  --viewers LIST      readroom,shared,ohif (default all three; shared: Readroom opened from a share link)
  --timeout S         longest wait for one run's signals (default 120)
  --no-warmup         skip the uncounted warm-up visit per viewer and study
  --no-compress       the bench proxy does not compress the viewers' static files (Readroom's gateway still
                      serves its precompressed Brotli/gzip twins)
  --mpr               open the CT chest as MPR (Readroom mpr=1, OHIF hangingprotocolId=mpr) and time the first
                      reformatted image and the complete volume (studies ct only; viewers default readroom,ohif)`;

function listOf<T extends string>(value: string, allowed: readonly T[], flag: string): T[] {
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const item of items) if (!allowed.includes(item as T)) throw new Error(`${flag}: "${item}" is not one of ${allowed.join(', ')}`);
  return items as T[];
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number (got "${value ?? ''}")`);
  return n;
}

export function parseImagingArgs(argv: readonly string[]): ImagingBenchOptions {
  let runs = 5;
  let down = 50;
  let up = 10;
  let latency = 40;
  let links: Array<Link['name']> = ['loopback', 'tele'];
  let studies: StudyKey[] | undefined;
  let viewers: ViewerKey[] | undefined;
  let timeoutS = 120;
  let warmup = true;
  let compressApp = true;
  let mpr = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--runs':
        runs = Math.round(positive(value(), flag));
        break;
      case '--down':
        down = positive(value(), flag);
        break;
      case '--up':
        up = positive(value(), flag);
        break;
      case '--latency':
        latency = Number(value());
        if (!Number.isFinite(latency) || latency < 0) throw new Error('--latency needs a number ≥ 0');
        break;
      case '--links':
        links = listOf(value(), ['loopback', 'tele'] as const, flag);
        break;
      case '--studies':
        studies = listOf(value(), ['ct', 'dx'] as const, flag);
        break;
      case '--viewers':
        viewers = listOf(value(), ['readroom', 'shared', 'ohif'] as const, flag);
        break;
      case '--timeout':
        timeoutS = positive(value(), flag);
        break;
      case '--no-warmup':
        warmup = false;
        break;
      case '--no-compress':
        compressApp = false;
        break;
      case '--mpr':
        mpr = true;
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`Unknown option ${flag}\n${USAGE}`);
    }
  }
  if (mpr && studies?.some((s) => s !== 'ct')) throw new Error('--mpr: only the CT chest is a volume (--studies ct)');
  return {
    runs,
    links: links.map((name) => (name === 'tele' ? { name, emulation: { downMbit: down, upMbit: up, latencyMs: latency } } : { name })),
    studies: studies ?? (mpr ? ['ct'] : ['ct', 'dx']),
    viewers: viewers ?? (mpr ? ['readroom', 'ohif'] : ['readroom', 'shared', 'ohif']),
    timeoutMs: timeoutS * 1000,
    warmup,
    compressApp,
    mpr,
  };
}
