import { prepareCodecMessage } from '../../../workers/codec-preparation-protocol.ts';

/**
 * The page's decode workers (workers/decode-image-frame.worker.ts). The viewer's launch starts the first one
 * with the page, before the viewer's code has loaded, so that its script, and the decoder the series needs
 * (prepareDecoder), come in ahead of the frames that then fill the link; Cornerstone is handed it when it
 * registers its workers (src/viewer/viewport/cornerstone-init.ts) and creates any others then.
 */

type WorkerFactory = () => Worker;

const createWorker: WorkerFactory = () =>
  new Worker(new URL('../../../workers/decode-image-frame.worker.ts', import.meta.url), { type: 'module', name: 'readroom-decode' });

let create: WorkerFactory = createWorker;
/** Started by the launch and not yet handed to Cornerstone. */
let waiting: Worker | undefined;
const started: Worker[] = [];
const prepared = new Set<string>();

function start(): Worker {
  const worker = create();
  started.push(worker);
  for (const syntax of prepared) worker.postMessage(prepareCodecMessage(syntax));
  return worker;
}

/** Starts the first decode worker now, if none has been. */
export function startDecodeWorker(): void {
  if (started.length === 0) waiting = start();
}

/** A decode worker for Cornerstone: the one the launch started, else a new one. */
export function nextDecodeWorker(): Worker {
  const worker = waiting ?? start();
  waiting = undefined;
  return worker;
}

/**
 * Has the decode workers (the first started if none is) ready the decoder of a transfer syntax, once: its
 * WebAssembly is fetched and compiled while the viewer starts, not when the first frame waits for it.
 */
export function prepareDecoder(transferSyntaxUID: string | undefined): void {
  const syntax = transferSyntaxUID?.trim();
  if (!syntax || prepared.has(syntax)) return;
  startDecodeWorker();
  prepared.add(syntax);
  for (const worker of started) worker.postMessage(prepareCodecMessage(syntax));
}

/** Tests: workers from `factory`, none started, nothing prepared. */
export function resetDecodeWorkersForTests(factory: WorkerFactory): void {
  create = factory;
  waiting = undefined;
  started.length = 0;
  prepared.clear();
}
